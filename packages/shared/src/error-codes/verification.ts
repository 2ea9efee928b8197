/** Error codes of the verification module → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const VERIFICATION_ERROR_CODES = {
  /** The chosen institution is not a verification institution (or does not exist). */
  application_institution_invalid: 400,
  /** The institution holds no authorization covering this instrument's category and region. */
  application_not_authorized: 422,
  /** The institution's authorization for this category and region is not valid on the date. */
  application_authorization_expired: 422,
  /** The instrument is removed or otherwise not in service. */
  application_instrument_not_in_service: 422,
  /** The instrument is already in another open application. */
  application_instrument_busy: 409,
  /** The action is not allowed in the application's current state; details: status, action. */
  application_illegal_transition: 409,
  /** More instruments than the `maxInstrumentsPerApplication` setting allows in one application. */
  application_too_many_instruments: 422,
  /** An application's filter selects no instrument. */
  application_selection_empty: 422,
  /** A result notice of an application without any result yet. */
  application_no_results: 409,
  /** A failure notice of an application whose results are all 合格. */
  application_no_failures: 409,
  /** A resubmission that changes nothing. */
  application_no_change: 400,
  /** A result names an instrument that is not in the application. */
  result_instrument_not_in_application: 422,
  /** A result names a nozzle that does not belong to the instrument. */
  result_nozzle_unknown: 422,
  /** Results are entered only for accepted or in-progress applications. */
  result_application_not_accepted: 409,
  /** The institution's authorization does not cover the instrument's category or region on the result date. */
  result_out_of_authorized_scope: 422,
  /** The institution's authorization for the category and region had expired on the result date. */
  result_authorization_expired: 422,
  /** The verifier's qualification had lapsed on the result date. */
  result_verifier_lapsed: 422,
  /** The verifier's qualification does not cover the instrument's category. */
  result_verifier_not_qualified: 422,
  /** The measurement standard's certificate had expired on the result date. */
  result_standard_expired: 422,
  /** The measurement standard is marked faulty. */
  result_standard_faulty: 422,
  /** The measurement standard does not cover the instrument's category. */
  result_standard_not_applicable: 422,
  /** A 合格 conclusion that the measured data contradict; details name the value and the limit. */
  result_conclusion_contradicts_data: 422,
  /** Measured data are incomplete or malformed. */
  result_measurements_invalid: 400,
  /** Valid-until is later than the rule allows; details carry the maximum. */
  result_valid_until_exceeds_rule: 422,
  /** Valid-until is not after the verification date. */
  result_valid_until_invalid: 400,
  /** The verification date lies in the future or before the application was submitted. */
  result_date_invalid: 400,
  /** Several results for the same instrument or nozzle in one request. */
  result_duplicate: 400,
  /** A bulk results sheet has row errors; details list row, column and message. */
  result_import_invalid: 400,
  /** The uploaded file is not a readable XLSX results sheet. */
  result_import_unreadable: 400,
  /** A rotation lot matched no limited-use meters. */
  rotation_lot_empty: 422,
  /** The instrument is not in this rotation order or already removed. */
  rotation_item_invalid: 422,
  /** The replacement instrument does not belong to the same utility and category. */
  rotation_replacement_invalid: 422,
  /** A calendar day or setting value is invalid. */
  verification_setting_invalid: 400,
} as const;
