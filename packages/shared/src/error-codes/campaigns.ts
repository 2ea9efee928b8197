/** Error codes of campaigns and self-inspection (docs/CAMPAIGNS.md) → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const CAMPAIGN_ERROR_CODES = {
  /** A date ends before it starts; details name the field (`phases[1].end`). */
  campaign_end_before_start: 400,
  /** A phase starts before the previous one ends; details name the field (`phases[2].start`). */
  campaign_phase_order: 400,
  /** A date lies outside the campaign (the self-inspection due date, the final report date); details name the field. */
  campaign_date_outside: 400,
  /** The reporting days repeat; details name the field. */
  campaign_duplicate_day: 400,
  /** No campaign template with that id; details name the parameter. */
  campaign_unknown_template: 400,
  /** A campaign for that year and region exists already. */
  campaign_exists: 409,
  /** A participant must be a utility, a gas station or a verification institution of the region; details name the org. */
  campaign_participant_kind: 400,
  /** The self-inspection form is of another organization kind; details name the field (`form.kind`). */
  self_inspection_wrong_form: 400,
  /** The report was submitted and is frozen: a correction is a new version with a reason. */
  self_inspection_frozen: 409,
  /** There is nothing submitted to correct, or no draft to submit. */
  self_inspection_no_draft: 409,
  /** A correction is only made of a submitted report. */
  self_inspection_not_submitted: 409,
  /** At most SELF_INSPECTION_MAX_FILES attachments per version. */
  self_inspection_too_many_files: 400,
  /** The re-check draw was already committed (or run). */
  recheck_already_committed: 409,
  /** The re-check draw was not committed yet, or was already run. */
  recheck_not_committed: 409,
  /** No submitted self-inspection to draw from. */
  recheck_no_candidates: 400,
} as const;
