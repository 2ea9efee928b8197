import type { DbOrTrx } from '../../../db/database.js';

/** SQL of the roster reconciliation. */

/**
 * One page (id order, after `afterId`) of an organisation's filed ledger at `asOf`: not draft, filed by then,
 * not removed by then.
 */
export async function filedInstrumentsPage(db: DbOrTrx, orgId: number, asOf: string, afterId: number, limit: number) {
  return db
    .selectFrom('instruments')
    .select(['id', 'serial_no', 'category', 'valid_until', 'status', 'location'])
    .where('org_id', '=', orgId)
    .where('ledger_state', '!=', 'draft')
    .where('filed_at', '<=', asOf)
    .where((eb) => eb.or([eb('removal_date', 'is', null), eb('removal_date', '>', asOf)]))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
