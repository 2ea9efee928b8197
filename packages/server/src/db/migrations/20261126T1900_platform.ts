import { type Kysely, sql } from 'kysely';

// Frozen migration: never import application code here.

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

  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('organizations'))
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('credit_code', 'text', (c: TB) => c.notNull().unique())
    .addColumn('region_code', 'text', (c: TB) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('ownership_type', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('organizations_kind_region').on('organizations').columns(['kind', 'region_code']).execute();

  await db.schema
    .createTable('office_towns')
    .addColumn('office_id', bigint, (c) => c.notNull())
    .addColumn('town_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('office_towns_pk', ['office_id', 'town_code'])
    .execute();

  await withId(db, db.schema.createTable('sites'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('town_code', 'text', (c: TB) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_org').on('sites').columns(['org_id', 'name']).execute();
  await db.schema.createIndex('sites_town').on('sites').column('town_code').execute();

  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'text', (c: TB) => c.notNull().unique())
    .addColumn('display_name', 'text', (c: TB) => c.notNull())
    .addColumn('role', 'text', (c: TB) => c.notNull())
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('password_hash', 'text', (c: TB) => c.notNull())
    .addColumn('must_change_password', 'integer', (c: TB) => c.notNull().defaultTo(1))
    .addColumn('disabled', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('password_changed_at', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org').on('users').column('org_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', bigint, (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', bigint, (c: TB) => c.notNull())
    .addColumn('name', 'text', (c: TB) => c.notNull())
    .addColumn('token_hash', 'text', (c: TB) => c.notNull().unique())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('login_failures'))
    .addColumn('username', 'text', (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('login_failures_user_at').on('login_failures').columns(['username', 'at']).execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('chain', 'text', (c: TB) => c.notNull())
    .addColumn('seq', bigint, (c: TB) => c.notNull())
    .addColumn('at', 'text', (c: TB) => c.notNull())
    .addColumn('actor', 'text', (c: TB) => c.notNull())
    .addColumn('actor_user_id', bigint)
    .addColumn('action', 'text', (c: TB) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('org_id', bigint)
    .addColumn('data', 'text', (c: TB) => c.notNull())
    .addColumn('prev_hash', 'text', (c: TB) => c.notNull())
    .addColumn('hash', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('audit_log_chain_seq', ['chain', 'seq'])
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', bigint, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // holiday | workday (调休上班)
    .addColumn('name', 'text')
    .execute();

  // ---- ledger (issue 4) and status (issue 3) share these ----
  await withId(db, db.schema.createTable('instruments'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('site_id', bigint)
    .addColumn('category', 'text', (c: TB) => c.notNull())
    .addColumn('serial_no', 'text', (c: TB) => c.notNull())
    .addColumn('instrument_name', 'text', (c: TB) => c.notNull())
    .addColumn('catalogue_item', 'text')
    .addColumn('catalogue_type', 'text')
    .addColumn('model', 'text')
    .addColumn('measuring_range', 'text')
    .addColumn('accuracy_class', 'text')
    .addColumn('manufacturer', 'text')
    .addColumn('origin', 'text')
    .addColumn('location', 'text')
    .addColumn('quantity', 'integer', (c: TB) => c.notNull().defaultTo(1))
    .addColumn('purpose', 'text')
    .addColumn('submission_mode', 'text')
    .addColumn('admin_division_code', 'text')
    .addColumn('caliber_dn', 'real')
    .addColumn('q3', 'real')
    .addColumn('g_rating', 'text')
    .addColumn('gas_medium', 'text')
    .addColumn('fuel_grade', 'text')
    .addColumn('seal_nos', 'text')
    .addColumn('type_approval_no', 'text')
    .addColumn('install_date', 'text')
    .addColumn('first_use_date', 'text')
    .addColumn('manufacture_date', 'text')
    .addColumn('remarks', 'text')
    .addColumn('ledger_state', 'text', (c: TB) => c.notNull().defaultTo('filed'))
    .addColumn('filed_at', 'text')
    .addColumn('removal_date', 'text')
    .addColumn('removal_reason', 'text')
    .addColumn('replaced_by_id', bigint)
    .addColumn('public_code', 'text', (c: TB) => c.notNull().unique())
    .addColumn('status', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('due_date', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('reason_flags', 'text')
    .addColumn('rule_ref', 'text')
    .addColumn('status_as_of', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('instruments_org_cat_serial', ['org_id', 'category', 'serial_no'])
    .execute();
  await db.schema.createIndex('instruments_org_status').on('instruments').columns(['org_id', 'status', 'category']).execute();
  await db.schema.createIndex('instruments_division').on('instruments').columns(['admin_division_code']).execute();
  await db.schema.createIndex('instruments_site').on('instruments').columns(['site_id']).execute();
  await db.schema.createIndex('instruments_valid_until').on('instruments').columns(['valid_until']).execute();

  await withId(db, db.schema.createTable('nozzles'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    .addColumn('nozzle_no', 'integer', (c: TB) => c.notNull())
    .addColumn('fuel_grade', 'text')
    .addColumn('removal_date', 'text')
    .addColumn('status', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('nozzles_instrument_no', ['instrument_id', 'nozzle_no'])
    .execute();

  await withId(db, db.schema.createTable('verifications'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    // 0 = the instrument itself (or the whole dispenser); n = nozzle number n
    .addColumn('nozzle_no', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('date', 'text', (c: TB) => c.notNull())
    .addColumn('conclusion', 'text', (c: TB) => c.notNull())
    .addColumn('certificate_no', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('institution_id', bigint)
    .addColumn('institution_name', 'text')
    .addColumn('verifier_id', bigint)
    .addColumn('standard_id', bigint)
    .addColumn('application_id', bigint)
    .addColumn('measurements', 'text')
    .addColumn('seals', 'text')
    .addColumn('source', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addUniqueConstraint('verifications_identity', ['instrument_id', 'nozzle_no', 'date'])
    .execute();
  await db.schema.createIndex('verifications_org').on('verifications').columns(['org_id', 'date']).execute();

  await withId(db, db.schema.createTable('import_jobs'))
    .addColumn('org_id', bigint, (c: TB) => c.notNull())
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('file_name', 'text', (c: TB) => c.notNull())
    .addColumn('file_hash', 'text', (c: TB) => c.notNull())
    .addColumn('mode', 'text', (c: TB) => c.notNull())
    .addColumn('dry_run', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('progress', 'real', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('created_by', 'text', (c: TB) => c.notNull())
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_org').on('import_jobs').columns(['org_id', 'kind']).execute();

  await withId(db, db.schema.createTable('import_journal'))
    .addColumn('job_id', bigint, (c: TB) => c.notNull())
    .addColumn('instrument_id', bigint, (c: TB) => c.notNull())
    .addColumn('change', 'text', (c: TB) => c.notNull())
    .addColumn('diff', 'text')
    .execute();
  await db.schema.createIndex('import_journal_job').on('import_journal').column('job_id').execute();

  void sql;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'import_journal',
    'import_jobs',
    'verifications',
    'nozzles',
    'instruments',
    'calendar_days',
    'settings',
    'audit_chain_head',
    'audit_log',
    'login_failures',
    'api_tokens',
    'sessions',
    'users',
    'sites',
    'office_towns',
    'organizations',
    'regions',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
