import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Complaints and reports (投诉举报, docs/COMPLAINTS.md):
// - complaints: one row per complaint or report; the complainant's name and phone encrypted (AES-256-GCM) with a keyed
//   hash of the phone for duplicates and rate limits; the stage, the clocks (dates) and the links;
// - complaint_notes: internal notes, replies to the complainant and a utility's own handling;
// - complaint_attachments: images / PDFs filed with the complaint;
// - complaint_sessions: mediation sessions;
// - complaint_arbitrations: arbitration verification (仲裁检定) requests = verification applications, refund proposal;
// - complaint_throttle: submissions and wrong look-ups per keyed address / phone hash (rate limits);
// - complaint_challenges_used: challenge nonces already spent (single use);
// - utility_complaint_reports: a utility's per-period self-report (Attachment 2 #21–22).

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
  await withId(db, db.schema.createTable('complaints'))
    .addColumn('tracking_code', 'text', (c: TB) => c.notNull().unique())
    .addColumn('type', 'text', (c: TB) => c.notNull())
    .addColumn('subject', 'text', (c: TB) => c.notNull())
    .addColumn('stage', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint)
    .addColumn('org_name_given', 'text')
    .addColumn('site_id', bigint)
    .addColumn('instrument_id', bigint)
    .addColumn('town_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('office_id', bigint)
    .addColumn('handler_user_id', bigint)
    .addColumn('description', 'text', (c: TB) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('amount_fen', bigint)
    .addColumn('anonymous', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('name_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('received_at', 'text', (c: TB) => c.notNull())
    .addColumn('decision_deadline', 'text', (c: TB) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('refusal_reason', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('pause_reason', 'text')
    .addColumn('paused_working_days', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('case_decision', 'text')
    .addColumn('case_decided_at', 'text')
    .addColumn('case_extended', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('linked_case_id', bigint)
    .addColumn('linked_assignment_id', bigint)
    .addColumn('mediation_result', 'text')
    .addColumn('mediation_ended_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('duplicate_of', bigint)
    .addColumn('next_deadline', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_town').on('complaints').columns(['town_code', 'received_at']).execute();
  await db.schema.createIndex('complaints_org').on('complaints').columns(['org_id', 'received_at']).execute();
  await db.schema.createIndex('complaints_handler').on('complaints').columns(['handler_user_id', 'next_deadline']).execute();
  await db.schema.createIndex('complaints_phone').on('complaints').columns(['phone_hash', 'instrument_id', 'received_at']).execute();
  await db.schema.createIndex('complaints_received').on('complaints').columns(['received_at']).execute();

  await withId(db, db.schema.createTable('complaint_notes'))
    .addColumn('complaint_id', bigint, (c: TB) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('text', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint)
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .addColumn('by_label', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_notes_complaint').on('complaint_notes').columns(['complaint_id']).execute();

  await withId(db, db.schema.createTable('complaint_attachments'))
    .addColumn('complaint_id', bigint, (c: TB) => c.notNull().references('complaints.id'))
    .addColumn('file_name', 'text', (c: TB) => c.notNull())
    .addColumn('type', 'text', (c: TB) => c.notNull())
    .addColumn('bytes', bigint, (c: TB) => c.notNull())
    .addColumn('content', blob, (c: TB) => c.notNull())
    .addColumn('uploaded_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_attachments_complaint').on('complaint_attachments').columns(['complaint_id']).execute();

  await withId(db, db.schema.createTable('complaint_sessions'))
    .addColumn('complaint_id', bigint, (c: TB) => c.notNull().references('complaints.id'))
    .addColumn('held_on', 'text', (c: TB) => c.notNull())
    .addColumn('parties', 'text', (c: TB) => c.notNull())
    .addColumn('summary', 'text', (c: TB) => c.notNull())
    .addColumn('outcome', 'text', (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .addColumn('by_label', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_sessions_complaint').on('complaint_sessions').columns(['complaint_id']).execute();

  await withId(db, db.schema.createTable('complaint_arbitrations'))
    .addColumn('complaint_id', bigint, (c: TB) => c.notNull().references('complaints.id'))
    .addColumn('application_id', bigint, (c: TB) => c.notNull())
    .addColumn('institution_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    .addColumn('requested_at', 'text', (c: TB) => c.notNull())
    .addColumn('requested_by', 'text', (c: TB) => c.notNull())
    .addColumn('refund', 'text')
    .execute();
  await db.schema.createIndex('complaint_arbitrations_complaint').on('complaint_arbitrations').columns(['complaint_id']).execute();

  await withId(db, db.schema.createTable('complaint_throttle'))
    .addColumn('bucket', 'text', (c: TB) => c.notNull())
    .addColumn('key_hash', 'text', (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_throttle_key').on('complaint_throttle').columns(['bucket', 'key_hash', 'at']).execute();

  await db.schema
    .createTable('complaint_challenges_used')
    .addColumn('nonce', 'text', (c: TB) => c.primaryKey())
    .addColumn('expires_at', 'text', (c: TB) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('utility_complaint_reports'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull().references('organizations.id'))
    .addColumn('meter_type', 'text', (c: TB) => c.notNull())
    .addColumn('period_start', 'text', (c: TB) => c.notNull())
    .addColumn('period_end', 'text', (c: TB) => c.notNull())
    .addColumn('handled', 'integer', (c: TB) => c.notNull())
    .addColumn('meters_replaced', 'integer', (c: TB) => c.notNull())
    .addColumn('submitted_at', 'text', (c: TB) => c.notNull())
    .addColumn('submitted_by', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('utility_complaint_reports_period', ['org_id', 'meter_type', 'period_start', 'period_end'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'utility_complaint_reports',
    'complaint_challenges_used',
    'complaint_throttle',
    'complaint_arbitrations',
    'complaint_sessions',
    'complaint_attachments',
    'complaint_notes',
    'complaints',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
