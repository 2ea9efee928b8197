/** Error codes of the planned (risk-targeted, complaint-triggered) inspections → HTTP status. zh-CN messages `errors.<code>`. */
export const SUPERVISION_DASHBOARD_ERROR_CODES = {
  /** An inspector named has declared a conflict of interest with the target's organization; details names the parameter. */
  inspection_inspector_recused: 400,
  /** An inspector named belongs neither to the office covering the target nor to the bureau pool; details names the parameter. */
  inspection_inspector_not_covering: 400,
} as const;
