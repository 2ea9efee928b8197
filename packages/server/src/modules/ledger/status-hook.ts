import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { refreshInstrumentStatus, refreshStatuses, validUntilChecker } from '../status/status.service.js';

export { validUntilChecker };

/**
 * The ledger calls the status engine (modules/status/status.service.ts, docs/STATUS.md) after every
 * write that affects status; it never computes statuses itself.
 */

/** Per-write recompute of a few instruments inside the caller's transaction. */
export async function refreshInstruments(ctx: AppContext, trx: Trx, ids: number[], asOf?: string): Promise<void> {
  if (ids.length === 0) return;
  await refreshInstrumentStatus(ctx, trx, ids, asOf);
}

/** Set-wise recompute (big imports, demo seed), outside the import transaction. */
export async function refreshOrg(
  ctx: AppContext,
  orgId: number | undefined,
  asOf?: string,
  onProgress?: (f: number) => void,
): Promise<void> {
  await refreshStatuses(ctx, { orgId, asOf, onProgress });
}
