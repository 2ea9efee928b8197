import type { AppContext } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { refreshInstrumentStatus, ruleFor } from '../status/status.service.js';

/**
 * The verification module's window on the status engine (docs/STATUS.md): it recomputes stored statuses
 * after results and supplies the rule's default and maximum valid-until. No status rule lives here.
 */
export interface ValidityBounds {
  /** Valid-until the rule gives for a pass on this date (null: the rule has no cycle or limit). */
  defaultValidUntil: string | null;
  /** Latest valid-until the rule allows (null: no maximum). */
  maxValidUntil: string | null;
  ruleRef: string | null;
}

/** Recomputes the stored status of these instruments inside the caller's transaction. */
export async function refreshStatus(ctx: AppContext, trx: Trx, ids: number[]): Promise<void> {
  if (ids.length) await refreshInstrumentStatus(ctx, trx, ids);
}

/** The rule's default (= maximum: the rule's cycle or limit) valid-until for a passing verification on `date`. */
export async function validityBounds(ctx: AppContext, db: DbOrTrx, instrumentId: number, date: string): Promise<ValidityBounds> {
  const i = await db
    .selectFrom('instruments')
    .select(['category', 'caliber_dn', 'q3', 'g_rating', 'gas_medium', 'accuracy_class', 'instrument_name', 'catalogue_type'])
    .where('id', '=', instrumentId)
    .executeTakeFirstOrThrow();
  const r = await ruleFor(
    ctx,
    db,
    {
      category: i.category,
      caliberDn: i.caliber_dn,
      q3: i.q3,
      gRating: i.g_rating,
      gasMedium: i.gas_medium,
      accuracyClass: i.accuracy_class,
      instrumentName: i.instrument_name,
      catalogueType: i.catalogue_type,
    },
    date,
  );
  if (!r) return { defaultValidUntil: null, maxValidUntil: null, ruleRef: null };
  return { defaultValidUntil: r.maxValidUntil, maxValidUntil: r.maxValidUntil, ruleRef: `${r.rule.ruleKey}@${r.rule.version}` };
}
