import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Campaigns and self-inspection (docs/CAMPAIGNS.md):
// - campaigns: a campaign of a year and a region, from a template, with its phases, reporting days and targets (JSON);
// - campaign_participants: the organizations that must submit a self-inspection;
// - self_inspections: one row per report version (draft → submitted; a correction is a new version with its reason),
//   with the form (JSON), the records' figures on the due date (JSON) and whether it came late;
// - self_inspection_files: attachments of a version;
// - campaign_reminders: one row per reminder sent to a participant;
// - campaign_recheck_draws: the committed / revealed draw of submissions picked for an on-site re-check.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;
function withId(db: Kysely<any>, tb: TB): TB {
  return isPg(db)
    ? tb.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : tb.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPg(db) ? 'bigint' : 'integer';
  const blob = isPg(db) ? 'bytea' : 'blob';
  await withId(db, db.schema.createTable('campaigns'))
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('year', 'integer', (c: TB) => c.notNull())
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('template_id', 'text', (c: TB) => c.notNull())
    .addColumn('template_version', 'integer', (c: TB) => c.notNull())
    .addColumn('phases', 'text', (c: TB) => c.notNull())
    .addColumn('reporting_days', 'text', (c: TB) => c.notNull())
    .addColumn('final_report_date', 'text', (c: TB) => c.notNull())
    .addColumn('self_inspection_due', 'text', (c: TB) => c.notNull())
    .addColumn('targets', 'text', (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('campaigns_year_region', ['year', 'region_code'])
    .execute();

  await withId(db, db.schema.createTable('campaign_participants'))
    .addColumn('campaign_id', bigint, (c: TB) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('added_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('campaign_participants_pair', ['campaign_id', 'org_id'])
    .execute();
  await db.schema.createIndex('campaign_participants_org').on('campaign_participants').columns(['org_id']).execute();

  await withId(db, db.schema.createTable('self_inspections'))
    .addColumn('campaign_id', bigint, (c: TB) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('version', 'integer', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('form_kind', 'text', (c: TB) => c.notNull())
    .addColumn('form', 'text', (c: TB) => c.notNull())
    .addColumn('records', 'text')
    .addColumn('late', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('correction_reason', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('self_inspections_version', ['campaign_id', 'org_id', 'version'])
    .execute();

  await withId(db, db.schema.createTable('self_inspection_files'))
    .addColumn('report_id', bigint, (c: TB) => c.notNull().references('self_inspections.id'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('file_name', 'text', (c: TB) => c.notNull())
    .addColumn('type', 'text', (c: TB) => c.notNull())
    .addColumn('bytes', bigint, (c: TB) => c.notNull())
    .addColumn('content', blob, (c: TB) => c.notNull())
    .addColumn('uploaded_at', 'text', (c: TB) => c.notNull())
    .addColumn('uploaded_by', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('self_inspection_files_report').on('self_inspection_files').columns(['report_id']).execute();

  await withId(db, db.schema.createTable('campaign_reminders'))
    .addColumn('campaign_id', bigint, (c: TB) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('reminded_at', 'text', (c: TB) => c.notNull())
    .addColumn('reminded_by', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_reminders_org').on('campaign_reminders').columns(['campaign_id', 'org_id']).execute();

  await withId(db, db.schema.createTable('campaign_recheck_draws'))
    .addColumn('campaign_id', bigint, (c: TB) => c.notNull().unique().references('campaigns.id'))
    .addColumn('algorithm', 'text', (c: TB) => c.notNull())
    .addColumn('ratio_bp', 'integer', (c: TB) => c.notNull())
    .addColumn('candidates', 'text', (c: TB) => c.notNull())
    .addColumn('org_ids', 'text', (c: TB) => c.notNull())
    .addColumn('seed', 'text', (c: TB) => c.notNull())
    .addColumn('commitment', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('drawn', 'text')
    .addColumn('committed_at', 'text', (c: TB) => c.notNull())
    .addColumn('committed_by', 'text', (c: TB) => c.notNull())
    .addColumn('revealed_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'campaign_recheck_draws',
    'campaign_reminders',
    'self_inspection_files',
    'self_inspections',
    'campaign_participants',
    'campaigns',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
