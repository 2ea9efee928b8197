/** Error codes of the status module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const STATUS_ERROR_CODES = {} as const;
