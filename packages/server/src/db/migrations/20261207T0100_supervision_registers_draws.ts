import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Supervision registers and double-random draws (docs/SUPERVISION.md):
// - supervision_targets: the inspection targets (every regulated organization, and each station site), with the town,
//   the office covering it, the last inspection date and the risk score with its inputs (JSON) at the last refresh;
// - supervision_inspectors: 执法人员 (user, office, 执法证号 unique, validity, active) and their declared conflicts;
// - draw_plans: committed plans (seed, commitment, frozen strata/pools/recusals, and after the run the result);
// - inspection_assignments (+ inspectors): planned inspections (kind random/targeted/complaint), which the
//   inspections module picks up.

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
  await withId(db, db.schema.createTable('supervision_targets'))
    .addColumn('target_key', 'text', (c: TB) => c.notNull().unique())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('site_id', bigint, (c: TB) => c.references('sites.id'))
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('town_code', 'text')
    .addColumn('office_id', bigint, (c: TB) => c.references('organizations.id'))
    .addColumn('last_inspection_date', 'text')
    .addColumn('risk_score', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('risk_inputs', 'text', (c: TB) => c.notNull().defaultTo('{}'))
    .addColumn('active', 'integer', (c: TB) => c.notNull().defaultTo(1))
    .addColumn('refreshed_at', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_targets_region').on('supervision_targets').columns(['region_code', 'kind']).execute();
  await db.schema.createIndex('supervision_targets_org').on('supervision_targets').columns(['org_id']).execute();

  await withId(db, db.schema.createTable('supervision_inspectors'))
    .addColumn('user_id', bigint, (c: TB) => c.notNull().references('users.id'))
    .addColumn('office_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('cert_no', 'text', (c: TB) => c.notNull().unique())
    .addColumn('valid_from', 'text', (c: TB) => c.notNull())
    .addColumn('valid_until', 'text', (c: TB) => c.notNull())
    .addColumn('active', 'integer', (c: TB) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_inspectors_office').on('supervision_inspectors').columns(['office_id']).execute();

  await withId(db, db.schema.createTable('supervision_conflicts'))
    .addColumn('inspector_id', bigint, (c: TB) => c.notNull().references('supervision_inspectors.id').onDelete('cascade'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('supervision_conflicts_pair', ['inspector_id', 'org_id'])
    .execute();

  await withId(db, db.schema.createTable('draw_plans'))
    .addColumn('title', 'text', (c: TB) => c.notNull())
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('algorithm', 'text', (c: TB) => c.notNull())
    .addColumn('kinds', 'text', (c: TB) => c.notNull())
    .addColumn('stratify_by', 'text', (c: TB) => c.notNull())
    .addColumn('ratio_bp', 'integer', (c: TB) => c.notNull())
    .addColumn('min_per_stratum', 'integer', (c: TB) => c.notNull())
    .addColumn('inspectors_per_target', 'integer', (c: TB) => c.notNull())
    .addColumn('max_per_inspector', 'integer')
    .addColumn('strata', 'text', (c: TB) => c.notNull())
    .addColumn('recusals', 'text', (c: TB) => c.notNull())
    .addColumn('candidates', 'integer', (c: TB) => c.notNull())
    .addColumn('seed', 'text', (c: TB) => c.notNull())
    .addColumn('commitment', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('witness', 'text')
    .addColumn('result', 'text')
    .addColumn('drawn', 'integer')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('committed_at', 'text', (c: TB) => c.notNull())
    .addColumn('revealed_at', 'text')
    .execute();
  await db.schema.createIndex('draw_plans_region').on('draw_plans').columns(['region_code', 'id']).execute();

  await withId(db, db.schema.createTable('inspection_assignments'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('draw_id', bigint, (c: TB) => c.references('draw_plans.id'))
    .addColumn('target_key', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('site_id', bigint, (c: TB) => c.references('sites.id'))
    .addColumn('status', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_assignments_draw').on('inspection_assignments').columns(['draw_id']).execute();
  await db.schema.createIndex('inspection_assignments_org').on('inspection_assignments').columns(['org_id']).execute();
  await db.schema
    .createTable('inspection_assignment_inspectors')
    .addColumn('assignment_id', bigint, (c: TB) => c.notNull().references('inspection_assignments.id').onDelete('cascade'))
    .addColumn('inspector_id', bigint, (c: TB) => c.notNull().references('supervision_inspectors.id'))
    .addColumn('position', 'integer', (c: TB) => c.notNull())
    .addPrimaryKeyConstraint('inspection_assignment_inspectors_pk', ['assignment_id', 'inspector_id'])
    .execute();
  await db.schema
    .createIndex('inspection_assignment_inspectors_inspector')
    .on('inspection_assignment_inspectors')
    .columns(['inspector_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'inspection_assignment_inspectors',
    'inspection_assignments',
    'draw_plans',
    'supervision_conflicts',
    'supervision_inspectors',
    'supervision_targets',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
