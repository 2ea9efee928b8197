import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Enforcement of the supervision module (docs/ENFORCEMENT.md): rectification orders (责令改正) with their evidence
// files, administrative penalty cases (行政处罚案件) with their timeline, and the public disclosure (公示), generic over
// the item it publishes (kind + item id). Amounts are integer 分 (fen); dates TEXT YYYY-MM-DD, instants ISO-8601 UTC.

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

  await withId(db, db.schema.createTable('rectification_orders'))
    .addColumn('order_no', 'text', (c: TB) => c.notNull().unique())
    .addColumn('no_year', 'integer', (c: TB) => c.notNull())
    .addColumn('no_seq', 'integer', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('finding_id', bigint, (c: TB) => c.notNull())
    .addColumn('code', 'text', (c: TB) => c.notNull())
    .addColumn('required_actions', 'text', (c: TB) => c.notNull())
    .addColumn('issued_on', 'text', (c: TB) => c.notNull())
    .addColumn('deadline', 'text', (c: TB) => c.notNull())
    .addColumn('deadline_days', 'integer', (c: TB) => c.notNull())
    .addColumn('deadline_unit', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('issued_by', 'text', (c: TB) => c.notNull())
    .addColumn('reply_text', 'text')
    .addColumn('replied_at', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('review_method', 'text')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_on', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('rectification_orders_no', ['no_year', 'no_seq'])
    .execute();
  await db.schema.createIndex('rectification_orders_org').on('rectification_orders').columns(['org_id', 'state']).execute();
  await db.schema.createIndex('rectification_orders_state').on('rectification_orders').columns(['state', 'deadline']).execute();
  await db.schema.createIndex('rectification_orders_finding').on('rectification_orders').column('finding_id').execute();

  await withId(db, db.schema.createTable('order_files'))
    .addColumn('order_id', bigint, (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('file_name', 'text', (c: TB) => c.notNull())
    .addColumn('type', 'text', (c: TB) => c.notNull())
    .addColumn('bytes', bigint, (c: TB) => c.notNull())
    .addColumn('content', blob, (c: TB) => c.notNull())
    .addColumn('uploaded_at', 'text', (c: TB) => c.notNull())
    .addColumn('uploaded_by', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('order_files_order').on('order_files').column('order_id').execute();

  await withId(db, db.schema.createTable('enforcement_cases'))
    .addColumn('case_no', 'text', (c: TB) => c.notNull().unique())
    .addColumn('no_year', 'integer', (c: TB) => c.notNull())
    .addColumn('no_seq', 'integer', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('finding_id', bigint, (c: TB) => c.notNull())
    .addColumn('order_id', bigint)
    .addColumn('code', 'text', (c: TB) => c.notNull())
    .addColumn('stage', 'text', (c: TB) => c.notNull())
    .addColumn('filed_on', 'text', (c: TB) => c.notNull())
    .addColumn('summary', 'text', (c: TB) => c.notNull())
    .addColumn('limit_date', 'text', (c: TB) => c.notNull())
    .addColumn('extension_days', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('extension_count', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('decision_no', 'text', (c: TB) => c.unique())
    .addColumn('decision_year', 'integer')
    .addColumn('decision_seq', 'integer')
    .addColumn('decided_on', 'text')
    .addColumn('outcome', 'text')
    .addColumn('legal_basis_id', 'text')
    .addColumn('legal_basis', 'text')
    .addColumn('fine_fen', bigint, (c: TB) => c.notNull().defaultTo(0))
    .addColumn('gains_fen', bigint, (c: TB) => c.notNull().defaultTo(0))
    .addColumn('outcome_reason', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('enforcement_cases_no', ['no_year', 'no_seq'])
    .addUniqueConstraint('enforcement_cases_decision_no', ['decision_year', 'decision_seq'])
    .execute();
  await db.schema.createIndex('enforcement_cases_org').on('enforcement_cases').columns(['org_id', 'stage']).execute();
  await db.schema.createIndex('enforcement_cases_stage').on('enforcement_cases').columns(['stage', 'limit_date']).execute();
  await db.schema.createIndex('enforcement_cases_finding').on('enforcement_cases').column('finding_id').execute();

  await withId(db, db.schema.createTable('case_events'))
    .addColumn('case_id', bigint, (c: TB) => c.notNull())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('date', 'text', (c: TB) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('days', 'integer')
    .addColumn('collective', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('by', 'text', (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').column('case_id').execute();

  // The public disclosure: what is published (the text fields, frozen at publication) and for how long.
  await withId(db, db.schema.createTable('disclosures'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('item_id', bigint, (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('document_no', 'text', (c: TB) => c.notNull())
    .addColumn('title', 'text', (c: TB) => c.notNull())
    .addColumn('party_name', 'text', (c: TB) => c.notNull())
    .addColumn('party_credit_code', 'text', (c: TB) => c.notNull())
    .addColumn('fields', 'text', (c: TB) => c.notNull())
    .addColumn('authority', 'text', (c: TB) => c.notNull())
    .addColumn('published_on', 'text', (c: TB) => c.notNull())
    .addColumn('until', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('disclosures_item', ['kind', 'item_id'])
    .execute();
  await db.schema.createIndex('disclosures_period').on('disclosures').columns(['until', 'published_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['disclosures', 'case_events', 'enforcement_cases', 'order_files', 'rectification_orders']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
