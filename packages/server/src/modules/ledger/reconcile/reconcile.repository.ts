import type { DbOrTrx } from '../../../db/database.js';
import type { InstrumentFilter } from '../instruments.repository.js';

/** SQL of the roster reconciliation. */

/**
 * One page (id order, after `afterId`) of an organisation's filed ledger at `asOf`: not draft, filed by then,
 * not removed by then; `in_scope` says whether the actor's data scope covers the instrument (an office sees its towns).
 */
export async function filedInstrumentsPage(
  db: DbOrTrx,
  orgId: number,
  asOf: string,
  afterId: number,
  limit: number,
  scope: InstrumentFilter,
) {
  return db
    .selectFrom('instruments')
    .select(['id', 'serial_no', 'category', 'valid_until', 'status', 'location'])
    .select((eb) => eb.case().when(scope(eb)).then(1).else(0).end().as('in_scope'))
    .where('org_id', '=', orgId)
    .where('ledger_state', '!=', 'draft')
    .where('filed_at', '<=', asOf)
    .where((eb) => eb.or([eb('removal_date', 'is', null), eb('removal_date', '>', asOf)]))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
