import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// On SQLite an import commits in chunk transactions (one writer: a single long transaction would hold every other
// request); `committed_rows` is written in each chunk's transaction, so that a job interrupted part-way says how many
// of its rows are in the ledger.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('committed_rows', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('committed_rows').execute();
}
