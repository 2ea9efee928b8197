/**
 * The status module's one face (docs/STATUS.md): other modules import the status engine from this file only.
 * Ledger, ledger import and verification call it after every write that affects a status, and ask it for the
 * rule's valid-until; no status rule lives outside the status module.
 */
import { instrumentScopeFilter, type Scope } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import * as repo from './status.repository.js';
import { ruleAttrsOf } from './status.rules.js';
import { ensureRefreshedToday, lastRefreshAsOf, refreshInstrumentStatus, refreshStatuses, ruleFor } from './status.service.js';

export type { StatusInputRow } from './status.compute.js';
export { type InstrumentAttrsRow, ruleAttrsOf, type StatusResult } from './status.rules.js';
export {
  ensureRefreshedToday,
  loadRuleContext,
  loadRuleEpochs,
  type RuleAttrsInput,
  type RuleContext,
  readStatusHistories,
  ruleContextFingerprint,
  type StatusHistories,
  statusCounts,
  statusesAsOf,
  statusesFrom,
  statusHistoriesOf,
  validUntilChecker,
} from './status.service.js';
export { type RuleEpochs, type StatusSpan, statusTimeline } from './status.timeline.js';

/** Per-write recompute of these instruments' stored status inside the caller's transaction (asOf: today). */
export async function refreshInstruments(ctx: AppContext, trx: DbOrTrx, ids: number[], asOf?: string): Promise<void> {
  if (ids.length) await refreshInstrumentStatus(ctx, trx, ids, asOf);
}

/** Set-wise recompute of an organization (all when undefined): big imports, demo seed; outside the write transaction. */
export async function refreshOrg(
  ctx: AppContext,
  orgId: number | undefined,
  asOf?: string,
  onProgress?: (f: number) => void,
): Promise<void> {
  await refreshStatuses(ctx, { orgId, asOf, onProgress });
}

export interface ValidityBounds {
  /** Valid-until the rule gives for a pass on this date (null: the rule has no cycle or limit). */
  defaultValidUntil: string | null;
  /** Latest valid-until the rule allows (null: no maximum). */
  maxValidUntil: string | null;
  ruleRef: string | null;
}

/** The rule's default (= maximum: the rule's cycle or limit) valid-until for a passing verification of an instrument on `date`. */
export async function validityBounds(ctx: AppContext, db: DbOrTrx, instrumentId: number, date: string): Promise<ValidityBounds> {
  const r = await ruleFor(ctx, db, ruleAttrsOf(await repo.instrumentById(db, instrumentId)), date);
  if (!r) return { defaultValidUntil: null, maxValidUntil: null, ruleRef: null };
  return { defaultValidUntil: r.maxValidUntil, maxValidUntil: r.maxValidUntil, ruleRef: `${r.rule.ruleKey}@${r.rule.version}` };
}

/**
 * Stored statuses (as of the last refresh, refreshed first when older than today) of the instruments in `scope`:
 * counts by category × status, and the instruments with one of `byTownStatuses` per town. For the home page
 * (docs/HOME.md); the counts are the ones the due list and the instrument list filter on.
 */
export async function storedStatusFigures(ctx: AppContext, scope: Scope, byTownStatuses: readonly string[]) {
  await ensureRefreshedToday(ctx);
  const filter = instrumentScopeFilter(scope);
  const [counts, byTown] = await Promise.all([repo.storedCounts(ctx.db, filter), repo.storedCountsByTown(ctx.db, byTownStatuses, filter)]);
  return { asOf: (await lastRefreshAsOf(ctx)) ?? '', counts, byTown };
}
