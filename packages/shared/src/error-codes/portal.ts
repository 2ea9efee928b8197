/** Error codes of the public portal's notices and articles (docs/PORTAL.md) → HTTP status. zh-CN: `errors.<code>`. */
export const PORTAL_ERROR_CODES = {
  /** The last day shown lies before the first day; details name the field (`expireOn`). */
  article_expire_before_publish: 400,
  /** The body holds no text once sanitized; details name the field (`body`). */
  article_body_empty: 400,
} as const;
