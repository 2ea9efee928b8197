import type { Kysely } from 'kysely';

// Frozen migration for the verification module: never import application code here.

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

  // 授权: an institution's authorized categories and region (code prefix), with validity.
  await withId(db, db.schema.createTable('authorizations'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('certificate_no', 'text')
    .addColumn('categories', 'text', (c: TB) => c.notNull()) // JSON array of category codes
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('valid_from', 'text', (c: TB) => c.notNull())
    .addColumn('valid_to', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('authorizations_org').on('authorizations').columns(['org_id', 'valid_to']).execute();

  // 计量标准
  await withId(db, db.schema.createTable('measurement_standards'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('certificate_no', 'text', (c: TB) => c.notNull())
    .addColumn('valid_until', 'text', (c: TB) => c.notNull())
    .addColumn('categories', 'text', (c: TB) => c.notNull())
    .addColumn('faulty', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('faulty_since', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('measurement_standards_org_cert', ['org_id', 'certificate_no'])
    .execute();

  // 检定员
  await withId(db, db.schema.createTable('verifiers'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('certificate_no', 'text', (c: TB) => c.notNull())
    .addColumn('categories', 'text', (c: TB) => c.notNull())
    .addColumn('valid_until', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('verifiers_org_cert', ['org_id', 'certificate_no'])
    .execute();

  // 预约 thread: the current version's state is mirrored here for lists and scope.
  await withId(db, db.schema.createTable('applications'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('institution_id', bigint, (c: TB) => c.notNull())
    .addColumn('version', 'integer', (c: TB) => c.notNull())
    .addColumn('status', 'text', (c: TB) => c.notNull())
    .addColumn('submitted_at', 'text', (c: TB) => c.notNull())
    .addColumn('accept_deadline', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_org').on('applications').columns(['org_id', 'status']).execute();
  await db.schema
    .createIndex('applications_institution')
    .on('applications')
    .columns(['institution_id', 'status', 'accept_deadline'])
    .execute();

  await withId(db, db.schema.createTable('application_versions'))
    .addColumn('application_id', bigint, (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('institution_id', bigint, (c: TB) => c.notNull())
    .addColumn('version', 'integer', (c: TB) => c.notNull())
    .addColumn('status', 'text', (c: TB) => c.notNull())
    .addColumn('instrument_ids', 'text', (c: TB) => c.notNull())
    .addColumn('mode', 'text', (c: TB) => c.notNull())
    .addColumn('preferred_date', 'text', (c: TB) => c.notNull())
    .addColumn('contact', 'text', (c: TB) => c.notNull())
    .addColumn('submitted_at', 'text', (c: TB) => c.notNull())
    .addColumn('accept_deadline', 'text', (c: TB) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('response', 'text') // accepted | returned | withdrawn
    .addColumn('reason_code', 'text')
    .addColumn('note', 'text')
    .addColumn('phoned_at', 'text')
    .addColumn('diff', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('application_versions_app_version', ['application_id', 'version'])
    .execute();
  await db.schema
    .createIndex('application_versions_inst_submitted')
    .on('application_versions')
    .columns(['institution_id', 'submitted_at'])
    .execute();

  // Instruments of the current version (rewritten on resubmit).
  await db.schema
    .createTable('application_items')
    .addColumn('application_id', bigint, (c) => c.notNull())
    .addColumn('org_id', bigint, (c) => c.notNull())
    .addColumn('instrument_id', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('application_items_pk', ['application_id', 'instrument_id'])
    .execute();
  await db.schema.createIndex('application_items_instrument').on('application_items').columns(['org_id', 'instrument_id']).execute();

  // Findings (docs/domain/product.md §3.4): the verification module writes `system` ones; supervision reuses the table.
  await withId(db, db.schema.createTable('findings'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('code', 'text', (c: TB) => c.notNull())
    .addColumn('date', 'text', (c: TB) => c.notNull())
    .addColumn('source', 'text', (c: TB) => c.notNull())
    .addColumn('refs', 'text', (c: TB) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('dedupe_key', 'text', (c: TB) => c.unique())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_org').on('findings').columns(['org_id', 'date']).execute();
  await db.schema.createIndex('findings_code').on('findings').columns(['code', 'date']).execute();

  await withId(db, db.schema.createTable('reverification_tasks'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    .addColumn('standard_id', bigint, (c: TB) => c.notNull())
    .addColumn('verification_id', bigint, (c: TB) => c.notNull())
    .addColumn('status', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('reverification_tasks_std_ver', ['standard_id', 'verification_id'])
    .execute();
  await db.schema.createIndex('reverification_tasks_org').on('reverification_tasks').columns(['org_id', 'status']).execute();

  await withId(db, db.schema.createTable('rotation_orders'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('category', 'text', (c: TB) => c.notNull())
    .addColumn('manufacturer', 'text')
    .addColumn('model', 'text')
    .addColumn('install_year', 'text')
    .addColumn('town_code', 'text')
    .addColumn('deadline', 'text', (c: TB) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('rotation_orders_org').on('rotation_orders').columns(['org_id', 'deadline']).execute();

  await db.schema
    .createTable('rotation_order_items')
    .addColumn('order_id', bigint, (c) => c.notNull())
    .addColumn('org_id', bigint, (c) => c.notNull())
    .addColumn('instrument_id', bigint, (c) => c.notNull())
    .addColumn('rotated_at', 'text')
    .addColumn('replacement_id', bigint)
    .addPrimaryKeyConstraint('rotation_order_items_pk', ['order_id', 'instrument_id'])
    .execute();
  await db.schema.createIndex('rotation_order_items_instrument').on('rotation_order_items').columns(['org_id', 'instrument_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'rotation_order_items',
    'rotation_orders',
    'reverification_tasks',
    'findings',
    'application_items',
    'application_versions',
    'applications',
    'verifiers',
    'measurement_standards',
    'authorizations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
