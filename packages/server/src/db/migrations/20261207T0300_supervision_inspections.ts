import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Inspections (现场检查) and sample tests (监督抽查), docs/SUPERVISION.md "Inspections":
// - inspections: one record per visit (draft → finished, frozen), its target, origin (assignment kind or adhoc),
//   representative, checklist answers and instruments checked (JSON), and the party's rating;
// - inspection_inspectors: its inspectors (≥ 2 to finish);
// - inspection_proposals: the findings the record's data imply, each confirmed (→ findings) or dismissed;
// - inspection_files: photos and signatures (bytes with their SHA-256);
// - inspection_corrections: audited corrections of a finished record, each keeping the original;
// - sample_tests: civil meters tested by an institution, each stored as a `spot_check` verification.

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
  const real = isPg(db) ? 'double precision' : 'real';
  const bytes = isPg(db) ? 'bytea' : 'blob';
  await withId(db, db.schema.createTable('inspections'))
    .addColumn('assignment_id', bigint, (c: TB) => c.references('inspection_assignments.id').unique())
    .addColumn('target_id', bigint, (c: TB) => c.notNull().references('supervision_targets.id'))
    .addColumn('target_key', 'text', (c: TB) => c.notNull())
    .addColumn('target_kind', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('site_id', bigint, (c: TB) => c.references('sites.id'))
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('origin', 'text', (c: TB) => c.notNull())
    .addColumn('draw_id', bigint, (c: TB) => c.references('draw_plans.id'))
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('visited_at', 'text')
    .addColumn('representative', 'text')
    .addColumn('answers', 'text', (c: TB) => c.notNull())
    .addColumn('items', 'text', (c: TB) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('rated_by', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('inspections_org').on('inspections').columns(['org_id', 'state']).execute();
  await db.schema.createIndex('inspections_region').on('inspections').columns(['region_code']).execute();
  await db.schema.createIndex('inspections_target').on('inspections').columns(['target_id', 'origin']).execute();

  await db.schema
    .createTable('inspection_inspectors')
    .addColumn('inspection_id', bigint, (c: TB) => c.notNull().references('inspections.id').onDelete('cascade'))
    .addColumn('inspector_id', bigint, (c: TB) => c.notNull().references('supervision_inspectors.id'))
    .addColumn('position', 'integer', (c: TB) => c.notNull())
    .addPrimaryKeyConstraint('inspection_inspectors_pk', ['inspection_id', 'inspector_id'])
    .execute();
  await db.schema.createIndex('inspection_inspectors_inspector').on('inspection_inspectors').columns(['inspector_id']).execute();

  await withId(db, db.schema.createTable('inspection_proposals'))
    .addColumn('inspection_id', bigint, (c: TB) => c.notNull().references('inspections.id').onDelete('cascade'))
    .addColumn('key', 'text', (c: TB) => c.notNull())
    .addColumn('code', 'text', (c: TB) => c.notNull())
    .addColumn('instrument_ids', 'text', (c: TB) => c.notNull())
    .addColumn('basis', 'text', (c: TB) => c.notNull())
    .addColumn('basis_params', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('finding_id', bigint, (c: TB) => c.references('findings.id'))
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('inspection_proposals_key', ['inspection_id', 'key'])
    .execute();

  await withId(db, db.schema.createTable('inspection_files'))
    .addColumn('inspection_id', bigint, (c: TB) => c.notNull().references('inspections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('file_name', 'text', (c: TB) => c.notNull())
    .addColumn('mime', 'text', (c: TB) => c.notNull())
    .addColumn('bytes', 'integer', (c: TB) => c.notNull())
    .addColumn('sha256', 'text', (c: TB) => c.notNull())
    .addColumn('content', bytes, (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_files_inspection').on('inspection_files').columns(['inspection_id', 'kind']).execute();

  await withId(db, db.schema.createTable('inspection_corrections'))
    .addColumn('inspection_id', bigint, (c: TB) => c.notNull().references('inspections.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c: TB) => c.notNull())
    .addColumn('original', 'text', (c: TB) => c.notNull())
    .addColumn('changes', 'text', (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_corrections_inspection').on('inspection_corrections').columns(['inspection_id']).execute();

  await withId(db, db.schema.createTable('sample_tests'))
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull().references('instruments.id'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('institution_id', bigint, (c: TB) => c.references('organizations.id'))
    .addColumn('origin', 'text', (c: TB) => c.notNull())
    .addColumn('date', 'text', (c: TB) => c.notNull())
    .addColumn('conclusion', 'text', (c: TB) => c.notNull())
    .addColumn('error_pct', real)
    .addColumn('note', 'text')
    .addColumn('verification_id', bigint, (c: TB) => c.notNull())
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('sample_tests_org').on('sample_tests').columns(['org_id', 'date']).execute();
  await db.schema.createIndex('sample_tests_institution').on('sample_tests').columns(['institution_id', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'sample_tests',
    'inspection_corrections',
    'inspection_files',
    'inspection_proposals',
    'inspection_inspectors',
    'inspections',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
