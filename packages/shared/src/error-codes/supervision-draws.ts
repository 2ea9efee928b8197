/** Error codes of the supervision registers and draws → HTTP status. Each has a zh-CN message `errors.<code>`. */
export const SUPERVISION_DRAWS_ERROR_CODES = {
  /** Another inspector already holds this 执法证号 (the inspector's stable public key). */
  inspector_cert_taken: 409,
  /** A draw plan names a 执法证号 or 统一社会信用代码 that is not in the registers; details names the parameter. */
  draw_unknown_key: 400,
  /** The plan's region and kinds select no inspection target; details names the parameter (`kinds`). */
  draw_no_candidates: 400,
  /** A stratum's inspector pool is empty; details names the parameter (`pool`) and the stratum. */
  draw_pool_empty: 400,
  /** A stratum's pool holds fewer eligible inspectors than `inspectorsPerTarget`; details names the stratum. */
  draw_pool_too_small: 400,
  /** The run could not give a drawn target enough inspectors (recusals, cap); nothing was drawn; details names the target. */
  draw_insufficient_inspectors: 409,
  /** The draw was already run (revealed); a committed plan runs once. */
  draw_already_run: 409,
} as const;
