import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// An instrument's 备案历史 starts with the import that created it (and lists the imports that changed it): the journal
// is read by instrument, so it gets an index on instrument_id (rows arrive in ascending id order: an append).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('import_journal_instrument').on('import_journal').column('instrument_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('import_journal_instrument').execute();
}
