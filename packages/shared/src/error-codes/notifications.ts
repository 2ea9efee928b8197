/** Error codes of notifications (docs/NOTIFICATIONS.md) → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const NOTIFICATION_ERROR_CODES = {
  /** The kind cannot reach the user's role; details name the field (`kinds[2].kind`). */
  notification_kind_not_for_role: 400,
  /** Only a failed e-mail can be sent again. */
  email_not_failed: 409,
} as const;
