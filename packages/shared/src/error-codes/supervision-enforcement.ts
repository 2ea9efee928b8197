/**
 * Error codes of the enforcement part of the supervision module (orders, cases, disclosure: docs/ENFORCEMENT.md) →
 * HTTP status. Each has a zh-CN message `errors.<code>`; `details.field` names the field a form shows it on.
 */
export const SUPERVISION_ENFORCEMENT_ERROR_CODES = {
  /** A date is before the date it must follow (details: field, after). */
  enforcement_date_order: 400,
  /** A date lies in the future. */
  enforcement_date_future: 400,
  /** The order's deadline is not after its issue date. */
  order_deadline_invalid: 400,
  /** The action is not allowed in the order's current state (details: state, action). */
  order_illegal_transition: 409,
  /** The order holds the maximum number of evidence files. */
  order_too_many_files: 409,
  /** The case's decision names no legal basis, or one that is not a basis of the finding's code (details: field). */
  case_legal_basis_required: 400,
  case_legal_basis_invalid: 400,
  /** The fine lies outside the configured range for the code and outcome (details: field, min, max). */
  case_fine_out_of_range: 400,
  /** Confiscated gains outside the range, or gains for a code without confiscation (details: field, max). */
  case_gains_out_of_range: 400,
  /** 不予处罚 / 减轻 need a reason (details: field). */
  case_reason_required: 400,
  /** The action is not allowed in the case's current stage (details: stage, action). */
  case_illegal_transition: 409,
  /** A further extension after the first needs a collective decision (集体讨论决定) (details: field). */
  case_extension_requires_collective: 400,
  /** The extension is longer than the configured first extension (details: field, max). */
  case_extension_too_long: 400,
  /** An open case already exists for the finding. */
  case_exists_for_finding: 409,
  /** A setting value is not acceptable (details: reason). */
  enforcement_setting_invalid: 400,
} as const;
