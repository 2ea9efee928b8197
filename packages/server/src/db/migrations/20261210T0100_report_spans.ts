import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen migration: never import application code here.
//
// The reports' materialized status history (docs/REPORTS.md "Status spans"): the status engine's output, computed once
// per instrument when its inputs change, so that Attachments 2/3 and the KPIs count with set-based SQL at any date D.
//
// - report_facts: one row per instrument, the report's own facts (owner, site, town, weight, filed, service start,
//   removal as the reports read it, first verification ok).
// - report_spans: the instrument's (nozzle_no 0) and each nozzle's status classes over time, [from_date, to_date)
//   with to_date '9999-12-31' when open; only in-service time has spans. The owner attributes are copied so that one
//   covering index answers "status at D" without a join.
// - report_span_dirty: instruments whose inputs changed since their spans were built, written by triggers on every
//   table the engine or the report facts read (instruments' own columns, verifications, nozzles, state changes), so
//   that no write path can forget it. The reports build the spans of dirty instruments before they read.

const INSTRUMENT_COLUMNS = [
  'org_id',
  'site_id',
  'category',
  'serial_no',
  'instrument_name',
  'catalogue_type',
  'caliber_dn',
  'q3',
  'g_rating',
  'gas_medium',
  'accuracy_class',
  'quantity',
  'admin_division_code',
  'install_date',
  'first_use_date',
  'ledger_state',
  'filed_at',
  'removal_date',
  'removal_reason',
  'created_at',
];

const SOURCES: { table: string; id: string; updateOf: string[] | null }[] = [
  { table: 'instruments', id: 'id', updateOf: INSTRUMENT_COLUMNS },
  { table: 'verifications', id: 'instrument_id', updateOf: null },
  { table: 'nozzles', id: 'instrument_id', updateOf: ['instrument_id', 'nozzle_no', 'removal_date'] },
  { table: 'instrument_state_changes', id: 'instrument_id', updateOf: null },
];

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('report_facts')
    .addColumn('instrument_id', 'bigint', (c) => c.primaryKey())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('site_id', 'bigint')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('town', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('install_date', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('removal_date', 'text')
    .addColumn('removal_reason', 'text')
    .addColumn('filed_at', 'text')
    .addColumn('first_verified_ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_facts_install').on('report_facts').columns(['install_date', 'category', 'org_id']).execute();
  await db.schema.createIndex('report_facts_removal').on('report_facts').columns(['removal_date', 'category', 'org_id']).execute();

  await db.schema
    .createTable('report_spans')
    .addColumn('instrument_id', 'bigint', (c) => c.notNull())
    .addColumn('nozzle_no', 'integer', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mode', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('nozzle_count', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('site_id', 'bigint')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('town', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('filed_at', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('removal_date', 'text')
    .addPrimaryKeyConstraint('report_spans_pk', ['instrument_id', 'nozzle_no', 'from_date'])
    .execute();
  // status at D: category, owner and status class, then the open spans (to_date > D) — covering every column the
  // counts read, so that a count groups by category, owner and class in index order
  await db.schema
    .createIndex('report_spans_at')
    .on('report_spans')
    .columns([
      'category',
      'org_id',
      'status',
      'to_date',
      'from_date',
      'nozzle_no',
      'nozzle_count',
      'quantity',
      'filed_at',
      'town',
      'site_id',
      'instrument_id',
    ])
    .execute();
  // R(P): limited-use spans of instruments, per category and owner by their valid-until (covering)
  await db.schema
    .createIndex('report_spans_rotation')
    .on('report_spans')
    .columns([
      'category',
      'org_id',
      'valid_until',
      'from_date',
      'to_date',
      'start_date',
      'removal_date',
      'quantity',
      'town',
      'site_id',
      'instrument_id',
    ])
    .where(sql.ref('mode'), '=', 'first_only_limited_use')
    .where(sql.ref('nozzle_no'), '=', 0)
    .execute();

  if (pg) {
    await sql`create table report_span_dirty (seq bigserial primary key, instrument_id bigint not null)`.execute(db);
  } else {
    await sql`create table report_span_dirty (seq integer primary key autoincrement, instrument_id integer not null)`.execute(db);
  }
  await db.schema.createIndex('report_span_dirty_instrument').on('report_span_dirty').column('instrument_id').execute();

  for (const s of SOURCES) {
    if (pg) {
      await sql
        .raw(
          `create function report_span_dirty_${s.table}() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then insert into report_span_dirty (instrument_id) values (new.${s.id}); end if;
  if tg_op in ('UPDATE', 'DELETE') then
    if tg_op = 'DELETE' or old.${s.id} is distinct from new.${s.id} then
      insert into report_span_dirty (instrument_id) values (old.${s.id});
    end if;
  end if;
  return null;
end $$`,
        )
        .execute(db);
      const upd = s.updateOf ? `update of ${s.updateOf.join(', ')}` : 'update';
      await sql
        .raw(
          `create trigger report_span_dirty_${s.table} after insert or ${upd} or delete on ${s.table}
           for each row execute function report_span_dirty_${s.table}()`,
        )
        .execute(db);
    } else {
      const upd = s.updateOf ? `update of ${s.updateOf.join(', ')}` : 'update';
      await sql
        .raw(
          `create trigger report_span_dirty_${s.table}_ins after insert on ${s.table}
           begin insert into report_span_dirty (instrument_id) values (new.${s.id}); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger report_span_dirty_${s.table}_upd after ${upd} on ${s.table}
           begin
             insert into report_span_dirty (instrument_id) values (new.${s.id});
             insert into report_span_dirty (instrument_id) select old.${s.id} where old.${s.id} is not new.${s.id};
           end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger report_span_dirty_${s.table}_del after delete on ${s.table}
           begin insert into report_span_dirty (instrument_id) values (old.${s.id}); end`,
        )
        .execute(db);
    }
  }
  // the instruments already recorded are marked by the first build (no rule-context fingerprint stored yet)
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const s of SOURCES) {
    if (pg) {
      await sql.raw(`drop trigger if exists report_span_dirty_${s.table} on ${s.table}`).execute(db);
      await sql.raw(`drop function if exists report_span_dirty_${s.table}()`).execute(db);
    } else {
      for (const k of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists report_span_dirty_${s.table}_${k}`).execute(db);
    }
  }
  await db.schema.dropTable('report_span_dirty').ifExists().execute();
  await db.schema.dropTable('report_spans').ifExists().execute();
  await db.schema.dropTable('report_facts').ifExists().execute();
}
