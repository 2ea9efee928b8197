/** Error codes of complaints and reports (docs/COMPLAINTS.md) → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const COMPLAINT_ERROR_CODES = {
  /** A field of the public form is missing or invalid; details name the field. */
  complaint_field_invalid: 400,
  /** The challenge is missing, wrong, expired or already used. */
  complaint_challenge_invalid: 400,
  /** Too many complaints from this address or phone number in the window (settings). */
  complaint_rate_limited: 429,
  /** Too many look-ups of unknown tracking codes from this address (settings). */
  complaint_lookup_rate_limited: 429,
  /** More attachments than the settings allow. */
  complaint_too_many_files: 400,
  /** The action does not fit the complaint's stage; details name the stage. */
  complaint_wrong_stage: 409,
  /** The action applies to the other type (a mediation to a 投诉, a case decision to a 举报). */
  complaint_wrong_type: 409,
  /** The complaint names no instrument (arbitration needs one). */
  complaint_no_instrument: 400,
  /** The clock is already paused, or not paused. */
  complaint_pause_state: 409,
  /** The case decision was extended once already, or is decided. */
  complaint_extension_used: 409,
  /** The refund proposal needs a failing arbitration result (or an error entered). */
  complaint_no_failing_result: 409,
  /** The billed period ends before it starts. */
  complaint_period_invalid: 400,
  /** The office or handler does not cover the complaint's town. */
  complaint_assignee_invalid: 400,
  /** Invalid complaint settings; details name the field. */
  complaint_setting_invalid: 400,
} as const;
