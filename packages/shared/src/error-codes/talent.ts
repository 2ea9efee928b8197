/** Error codes of the metrology talent pool (docs/TALENT.md) → HTTP status. zh-CN: `errors.<code>`. */
export const TALENT_ERROR_CODES = {
  /** The person already has a standing recommendation: withdraw it first. */
  talent_already_recommended: 409,
  /** The recommendation was withdrawn already. */
  talent_recommendation_withdrawn: 409,
  /** An enterprise metrologist belongs to a utility or a gas station; details name the field (`orgId`). */
  talent_metrologist_org_kind: 400,
  /** No standing recommendation to export. */
  talent_nothing_to_export: 400,
} as const;
