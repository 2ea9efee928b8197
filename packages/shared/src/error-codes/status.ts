/** Error codes of the status module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const STATUS_ERROR_CODES = {
  /** No rule version with this id (PATCH /rules/:id). */
  rule_not_found: 404,
  /** A rule edit is inconsistent (e.g. effective_to before effective_from, bad condition); details names the field. */
  rule_invalid: 400,
  /** A status setting key that does not exist. */
  unknown_setting: 400,
  /** A result's valid-until lies beyond the maximum the rule catalog allows (verification module). */
  valid_until_beyond_rule: 400,
} as const;
