import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Status settings (warning windows, switches, boundaries) keep their history like the rule catalog does:
// a status computed for a past date uses the values in force on that date (docs/domain/regulations.md principle 1).
// `settings` keeps the current value; `setting_versions` every value a key has had.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<any>): Promise<void> {
  let t = db.schema.createTable('setting_versions');
  t = isPg(db)
    ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await t
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // version 1 is the value before the first edit and applies to every date before the next version
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('setting_versions_key_version', ['key', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('setting_versions').ifExists().execute();
}
