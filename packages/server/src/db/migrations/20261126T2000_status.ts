import type { Kysely } from 'kysely';

// Frozen migration for the status module: never import application code here.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPg(db);
  let t = db.schema.createTable('rule_versions');
  t = pg
    ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await t
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: { all?: Clause[]; any?: Clause[] }
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('cycle_months', 'integer')
    .addColumn('counted_from', 'text', (c) => c.notNull())
    .addColumn('regulation_id', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('effective_to', 'text')
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('mandatory', 'integer', (c) => c.notNull().defaultTo(1))
    // 1 = rule in use; an admin may retire a rule key by a version with active = 0
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .addColumn('note', 'text')
    .addUniqueConstraint('rule_versions_key_version', ['rule_key', 'version'])
    .execute();
  await db.schema.createIndex('rule_versions_category').on('rule_versions').columns(['category', 'rule_key']).execute();

  // Stored status reason (Chinese sentence) beside the platform's stored status columns.
  await db.schema.alterTable('instruments').addColumn('status_reason', 'text').execute();
  // Due lists: status + due date windows.
  await db.schema.createIndex('instruments_status_due').on('instruments').columns(['status', 'due_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('instruments_status_due').ifExists().execute();
  await db.schema.alterTable('instruments').dropColumn('status_reason').execute();
  await db.schema.dropTable('rule_versions').ifExists().execute();
}
