/** Error codes of the reports module (docs/REPORTS.md) → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const REPORTS_ERROR_CODES = {
  /** A region code that is not in the region table; details names the parameter (`regionCode`). */
  report_region_unknown: 400,
  /** The report breaks one of its identities (docs/domain/forms.md §6, §7): it is not printed; details lists them. */
  report_identity_violated: 409,
} as const;
