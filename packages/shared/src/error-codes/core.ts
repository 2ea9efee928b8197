/** Platform error codes → HTTP status. Each code has a zh-CN message `errors.<code>` in the catalog. */
export const CORE_ERROR_CODES = {
  /** Request body, query or params failed schema validation; details lists the fields. */
  validation_failed: 400,
  /** No valid session cookie or Bearer token. */
  unauthenticated: 401,
  /** Wrong username or password. */
  invalid_credentials: 401,
  /** Too many failed logins; locked for a while. */
  account_locked: 429,
  /** CLI: the SQLite database file named by --db / QIANGJIAN_DB does not exist (a command that only reads it). */
  database_missing: 404,
  /** Too many failed logins from one address (password spraying); refused for a while. */
  login_rate_limited: 429,
  /** Account disabled by an administrator. */
  account_disabled: 403,
  /** The initial password must be changed before anything else. */
  password_change_required: 403,
  /** The password was right; the account also needs the code of its authenticator app (send `totpCode`). */
  totp_required: 401,
  /** The authenticator code is wrong, outside the time window, or already used. */
  invalid_totp: 401,
  /** The second factor is already enabled (disable it first to enrol a new device). */
  totp_already_enabled: 409,
  /** The new password does not satisfy the password policy. */
  password_policy: 400,
  /** Current password is wrong when changing the password. */
  wrong_password: 400,
  /** Missing or wrong CSRF token on a state-changing browser request. */
  csrf_invalid: 403,
  /** The role lacks the permission for this action. */
  forbidden: 403,
  /** The thing does not exist or lies outside the caller's data scope. */
  not_found: 404,
  /** Unique constraint or concurrent change. */
  conflict: 409,
  /** A list page that starts beyond the counted rows (QIANGJIAN_LIST_COUNT_CAP): narrow the filters instead. */
  list_too_deep: 400,
  /** 统一社会信用代码 fails GB 32100 / GB 11714 checks. */
  invalid_credit_code: 400,
  /** Another organization already has this 统一社会信用代码. */
  duplicate_credit_code: 409,
  /** Username already taken. */
  duplicate_username: 409,
  /** Region code is unknown. */
  unknown_region: 400,
  /** Role does not fit the organization kind. */
  role_org_mismatch: 400,
  /** A parameter (CLI or API) is malformed; details names it. */
  invalid_parameter: 400,
  /** The audit chain failed verification. */
  audit_chain_broken: 500,
  /** The audit key file (QIANGJIAN_AUDIT_KEY_FILE) is configured but does not exist. */
  audit_key_missing: 500,
  /** The audit key file has a malformed line (`<keyId> <64+ hex digits>` expected) or no key. */
  audit_key_invalid: 500,
  /** An audit checkpoint file is missing, unreadable or not a checkpoint. */
  audit_checkpoint_invalid: 400,
  /** Operation is not supported on this database engine. */
  unsupported_engine: 400,
  /** A backup (or a backup to restore) failed its integrity check or audit verification; nothing kept. */
  backup_failed: 500,
  /** `db backup` never overwrites a file. */
  backup_target_exists: 409,
  /** An organization's kind cannot change while it has user accounts (their roles were chosen for the kind). */
  org_kind_locked: 409,
  /** An upload request without a file (or not multipart/form-data). */
  upload_missing: 400,
  /** The uploaded file is larger than the route allows; params.max names the limit. */
  upload_too_large: 413,
  /** The uploaded file's content (magic bytes) is not one of the types the route accepts; params.types lists them. */
  upload_type_not_allowed: 415,
  /** Unexpected server error. */
  internal_error: 500,
} as const;
