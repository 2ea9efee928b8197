import { type Kysely, sql } from 'kysely';

// Frozen migration: never import application code here.
//
// The replacement link of a rotation on the NEW meter (docs/domain/forms.md §4 `replacesSerial`): the id of the
// meter it replaced, same organization and category. `removal_date` / `removal_reason` / `replaced_by_id` exist since
// the platform migration. A partial index serves "which meter replaced this one" on the old meter's page.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('instruments')
    .addColumn('replaces_instrument_id', isPg(db) ? 'bigint' : 'integer')
    .execute();
  await sql`create index instruments_replaces on instruments (replaces_instrument_id) where replaces_instrument_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('instruments_replaces').execute();
  await db.schema.alterTable('instruments').dropColumn('replaces_instrument_id').execute();
}
