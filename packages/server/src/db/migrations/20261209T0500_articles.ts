import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Notices and articles of the public portal (docs/PORTAL.md): one row per article, written by a bureau (org_id, its
// region_code: the data scope of the staff pages); the body is stored sanitized (the safe subset) with its plain-text
// summary; publish_on NULL is a draft, expire_on is the last day shown (NULL: no end). The portal lists
// `publish_on <= today <= expire_on` newest first (index on publish_on).

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPg(db) ? 'bigint' : 'integer';
  const base = db.schema.createTable('articles');
  const withId: TB = isPg(db)
    ? base.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : base.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());
  await withId
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('title', 'text', (c: TB) => c.notNull())
    .addColumn('author', 'text', (c: TB) => c.notNull())
    .addColumn('body_html', 'text', (c: TB) => c.notNull())
    .addColumn('summary', 'text', (c: TB) => c.notNull())
    .addColumn('publish_on', 'text')
    .addColumn('expire_on', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_publish').on('articles').columns(['publish_on', 'id']).execute();
  await db.schema.createIndex('articles_region').on('articles').columns(['region_code', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('articles').execute();
}
