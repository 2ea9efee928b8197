import { type Kysely, sql } from 'kysely';

// Frozen migration: never import application code here.
//
// The metrology talent pool (docs/TALENT.md). People are not copied: a verifier lives in `verifiers`, an inspector in
// `supervision_inspectors`; the pool keys them as (source, source_id). Only enterprise metrologists, who have no
// register elsewhere, get rows of their own (talent_metrologists).
// - talent_profiles: the pool's own facts about a person (specialties JSON, marked, note), one row per person.
// - talent_certificates: certificates beyond the register's own (注册计量师 …) with their last valid day.
// - talent_recommendations: recommendations to the city bureau with their reason; withdrawn ones are kept; at most one
//   standing ('recommended') per person (partial unique index).

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;

function table(db: Kysely<any>, name: string): TB {
  const base = db.schema.createTable(name);
  return isPg(db)
    ? base.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : base.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPg(db) ? 'bigint' : 'integer';
  await table(db, 'talent_metrologists')
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('talent_metrologists_org').on('talent_metrologists').columns(['org_id', 'id']).execute();
  await table(db, 'talent_profiles')
    .addColumn('source', 'text', (c: TB) => c.notNull())
    .addColumn('source_id', bigint, (c: TB) => c.notNull())
    .addColumn('specialties', 'text', (c: TB) => c.notNull())
    .addColumn('marked', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('talent_profiles_person', ['source', 'source_id'])
    .execute();
  await table(db, 'talent_certificates')
    .addColumn('source', 'text', (c: TB) => c.notNull())
    .addColumn('source_id', bigint, (c: TB) => c.notNull())
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('cert_no', 'text', (c: TB) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('valid_until', 'text', (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('talent_certificates_person').on('talent_certificates').columns(['source', 'source_id']).execute();
  await table(db, 'talent_recommendations')
    .addColumn('source', 'text', (c: TB) => c.notNull())
    .addColumn('source_id', bigint, (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('reason', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('recommended_by', 'text', (c: TB) => c.notNull())
    .addColumn('recommended_at', 'text', (c: TB) => c.notNull())
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema
    .createIndex('talent_recommendations_standing')
    .on('talent_recommendations')
    .columns(['source', 'source_id'])
    .unique()
    .where(sql.ref('state'), '=', 'recommended')
    .execute();
  await db.schema.createIndex('talent_recommendations_region').on('talent_recommendations').columns(['region_code', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['talent_recommendations', 'talent_certificates', 'talent_profiles', 'talent_metrologists'])
    await db.schema.dropTable(t).execute();
}
