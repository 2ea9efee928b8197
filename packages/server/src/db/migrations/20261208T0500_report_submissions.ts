import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Progress reports (14th, 28th) and final summaries of a campaign (docs/REPORTS-SUBMISSIONS.md):
// - report_submissions: one row per report version of a campaign's reporting day; draft → review → submitted;
//   the text (sections JSON), the data it was drafted from (JSON), the problems and their explanations, the approval
//   steps taken, and once submitted the frozen snapshot (JSON) with its SHA-256. A correction is a new version with
//   previous_id and its reason; the old row is never changed.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPg(db) ? 'bigint' : 'integer';
  const base = db.schema.createTable('report_submissions');
  const withId: TB = isPg(db)
    ? base.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : base.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());
  await withId
    .addColumn('campaign_id', bigint, (c: TB) => c.notNull().references('campaigns.id'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('reporting_day', 'text', (c: TB) => c.notNull())
    .addColumn('period_start', 'text', (c: TB) => c.notNull())
    .addColumn('version', 'integer', (c: TB) => c.notNull())
    .addColumn('previous_id', bigint, (c: TB) => c.references('report_submissions.id'))
    .addColumn('correction_reason', 'text')
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('chain', 'text', (c: TB) => c.notNull())
    .addColumn('step', 'integer', (c: TB) => c.notNull())
    .addColumn('sections', 'text', (c: TB) => c.notNull())
    .addColumn('data', 'text', (c: TB) => c.notNull())
    .addColumn('problems', 'text', (c: TB) => c.notNull())
    .addColumn('explanations', 'text', (c: TB) => c.notNull())
    .addColumn('approvals', 'text', (c: TB) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('snapshot_sha256', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('report_submissions_day_version', ['campaign_id', 'kind', 'reporting_day', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_submissions').execute();
}
