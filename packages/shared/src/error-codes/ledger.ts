/** Error codes of the ledger module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const LEDGER_ERROR_CODES = {} as const;
