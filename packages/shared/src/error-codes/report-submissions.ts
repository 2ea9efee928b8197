/** Error codes of progress and final reports (docs/REPORTS-SUBMISSIONS.md) → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const REPORT_SUBMISSION_ERROR_CODES = {
  /** the day is not one of the campaign's reporting days; details names the parameter (`day`) */
  report_submission_day_unknown: 400,
  /** a report of that day already exists (open it, or correct the submitted one) */
  report_submission_exists: 409,
  /** the report is submitted (frozen) or not at the step the request needs */
  report_submission_frozen: 409,
  report_submission_wrong_state: 409,
  /** a problem (identity or plausibility) has no written explanation; details lists the keys */
  report_submission_explanation_missing: 409,
  /** only a submitted report, not yet corrected, can be corrected */
  report_submission_not_correctable: 409,
  /** the chain setting must start with the drafting step and keep the steps' order */
  report_submission_chain_invalid: 400,
} as const;
