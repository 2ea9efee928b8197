import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// The reports' removal of an instrument (reports facts.queries.ts `removalColumns`): for a record in state removed /
// scrapped / suspended without a removal date, its latest state change to that state — one correlated sub-select per
// such instrument, `where instrument_id = ? … order by effective_date desc, id desc limit 1`. The only index of
// instrument_state_changes leads with org_id, so each sub-select scanned the whole table (quadratic in the number of
// removed instruments). On SQLite the rowid (id) is the last column of every index anyway; PostgreSQL needs `id`
// spelled out.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('instrument_state_changes_instrument_date')
    .on('instrument_state_changes')
    .columns(['instrument_id', 'effective_date', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('instrument_state_changes_instrument_date').ifExists().execute();
}
