/** Error codes of the ledger module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const LEDGER_ERROR_CODES = {
  /** Another instrument of the organization already has this category + serial number. */
  instrument_duplicate: 409,
  /** The ledger state cannot change this way (e.g. scrapped → filed). */
  invalid_state_transition: 409,
  /** A field does not belong to the instrument's category (e.g. 口径 on an electricity meter); details names it. */
  field_not_for_category: 400,
  /** The site does not belong to the instrument's organization. */
  site_not_in_org: 400,
  /** Nozzles exist only on fuel dispensers. */
  nozzles_only_dispensers: 400,
  /** The import file is missing or cannot be read at all (CLI exit 2). */
  import_file_unreadable: 422,
  /** The file is past a configured size limit (rows, columns, cells, inflated bytes, compression ratio; CLI exit 2). */
  import_limit_exceeded: 413,
  /** No row of the file has enough recognizable headers (CLI exit 2). */
  import_no_header: 422,
  /** The file's header block names another organization (统一社会信用代码 ≠ target; CLI exit 2). */
  import_org_mismatch: 422,
  /** The organization given to an import/export/reconcile is unknown (CLI exit 2). */
  unknown_organization: 400,
  /** The import job is not in a state that allows this step (e.g. committing twice). */
  import_job_state: 409,
  /** A job a dead process left running (the reason stored on the job; its file is kept). */
  import_interrupted: 409,
  /** The same, after a SQLite chunked commit had written some of the rows (how many: in the message). */
  import_interrupted_partial: 409,
  /** The user's stored uploads plus this one are past the per-user quota (QIANGJIAN_UPLOAD_QUOTA_MB). */
  upload_quota_exceeded: 413,
  /** The roster file has no serial-number column. */
  roster_no_serial_column: 422,
  /** An export needs an organization or a region. */
  export_scope_required: 400,
} as const;
