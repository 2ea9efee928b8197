/** Error codes of the verification module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const VERIFICATION_ERROR_CODES = {} as const;
