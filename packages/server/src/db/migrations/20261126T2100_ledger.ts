import type { Kysely } from 'kysely';

// Frozen migration for the ledger module: never import application code here.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on an untyped schema
type TB = any;

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPg(db);
  const bigint = pg ? 'bigint' : 'integer';
  const blob = pg ? 'bytea' : 'blob';
  const id = (tb: TB) =>
    pg
      ? tb.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
      : tb.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());

  // Filing history: every ledger-state change (draft → filed → suspended | removed | scrapped).
  await id(db.schema.createTable('instrument_state_changes'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c: TB) => c.notNull())
    .addColumn('effective_date', 'text', (c: TB) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('actor', 'text', (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema
    .createIndex('instrument_state_changes_instr')
    .on('instrument_state_changes')
    .columns(['org_id', 'instrument_id'])
    .execute();

  // The uploaded file of an import job, kept until the job is committed (preview → commit).
  await db.schema
    .createTable('import_job_files')
    .addColumn('job_id', bigint, (c) => c.primaryKey())
    .addColumn('org_id', bigint, (c) => c.notNull())
    .addColumn('content', blob, (c) => c.notNull())
    .execute();

  // Rejected rows of an import job: original cells + errors (the downloadable error sheet).
  await id(db.schema.createTable('import_job_rejects'))
    .addColumn('job_id', bigint, (c: TB) => c.notNull())
    .addColumn('row_no', 'integer', (c: TB) => c.notNull())
    .addColumn('raw', 'text', (c: TB) => c.notNull())
    .addColumn('errors', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('import_job_rejects_job').on('import_job_rejects').columns(['job_id', 'row_no']).execute();

  // Keyset paging of the ledger per organization (category, site, serial: Attachment 1 order).
  await db.schema
    .createIndex('instruments_org_cat_site')
    .on('instruments')
    .columns(['org_id', 'category', 'site_id', 'serial_no'])
    .execute();
  await db.schema.createIndex('nozzles_org').on('nozzles').columns(['org_id', 'instrument_id']).execute();
  await db.schema.createIndex('verifications_instrument').on('verifications').columns(['instrument_id', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('verifications_instrument').ifExists().execute();
  await db.schema.dropIndex('nozzles_org').ifExists().execute();
  await db.schema.dropIndex('instruments_org_cat_site').ifExists().execute();
  for (const t of ['import_job_rejects', 'import_job_files', 'instrument_state_changes']) await db.schema.dropTable(t).ifExists().execute();
}
