/** Error codes of inspections, their findings proposals and the sample tests → HTTP status. zh-CN messages `errors.<code>`. */
export const SUPERVISION_INSPECTIONS_ERROR_CODES = {
  /** A finished inspection record is frozen: it changes only by a correction (POST …/corrections). */
  inspection_frozen: 409,
  /** The inspection names fewer than two inspectors; details names the parameter (`inspectorIds`). */
  inspection_inspectors_too_few: 400,
  /** An inspector named is not in the register, inactive, or outside the validity of its 执法证; details names it. */
  inspection_inspector_invalid: 400,
  /** The acting user is not among the record's inspectors (an inspection is written by its own inspectors). */
  inspection_actor_not_inspector: 403,
  /** Finishing needs the representative, the visit time, ≥ 2 inspectors and three signatures; details lists what is missing. */
  inspection_incomplete: 400,
  /** An instrument checked is not one of the target's (its organization, and its site for a station site). */
  inspection_instrument_not_at_target: 400,
  /** The assignment already has an inspection record. */
  inspection_assignment_taken: 409,
  /** The action needs a finished record (deciding a proposed finding, rating the visit). */
  inspection_not_finished: 409,
  /** The proposed finding was already confirmed or dismissed. */
  inspection_proposal_decided: 409,
  /** The party rated this visit already. */
  inspection_already_rated: 409,
  /** A photo whose content (magic bytes) is not a PNG or JPEG image; details names the file. */
  inspection_photo_not_image: 415,
  /** A photo larger than the setting `photoMaxBytes`; details names the file and the limit. */
  inspection_photo_too_large: 413,
  /** A photo that starts like an image but is cut or damaged; details names the file. */
  inspection_photo_corrupt: 400,
  /** Only a record of a random draw (origin `random`) is published as an inspection result; details names the origin. */
  inspection_disclosure_not_random: 409,
  /** A draft record cannot be published. */
  inspection_disclosure_draft: 409,
  /** The record's result is already on the disclosure (its period in details). */
  inspection_disclosure_published: 409,
  /** Proposed findings still wait for confirm/dismiss; details counts them. */
  inspection_disclosure_undecided: 409,
  /** The draw has not been run: it has no inspection results. */
  inspection_disclosure_draw_not_run: 409,
  /** An inspections setting out of its range; details names it. */
  inspection_setting_invalid: 400,
  /** A sample test of an instrument that is not a civil meter (water, gas, electricity). */
  sample_test_not_civil_meter: 400,
  /** The meter already has a verification record on that date (one record per instrument and date). */
  sample_test_date_taken: 409,
} as const;
