import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Import column mappings (docs/LEDGER.md "Column mapping"): an organization's named templates, each the mapping of
// one file header (its signature) to ledger fields; and the mapping an import job was run with, so that its commit
// reads the file as its preview did.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPg(db);
  const tb: TB = db.schema.createTable('import_mappings');
  await (pg
    ? tb.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : tb.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement())
  )
    .addColumn('org_id', pg ? 'bigint' : 'integer', (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('signature', 'text', (c: TB) => c.notNull())
    .addColumn('mapping', 'text', (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('import_mappings_org_name').unique().on('import_mappings').columns(['org_id', 'name']).execute();
  await db.schema.createIndex('import_mappings_org_signature').on('import_mappings').columns(['org_id', 'signature']).execute();
  await db.schema.alterTable('import_jobs').addColumn('column_mapping', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('column_mapping').execute();
  await db.schema.dropTable('import_mappings').execute();
}
