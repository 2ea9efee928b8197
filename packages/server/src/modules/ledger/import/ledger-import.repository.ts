import { regionResolver } from '@qiangjian/shared';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { NewInstrument, NewVerification } from '../../../db/schema.js';
import {
  type ExistingInstrument,
  IMPORT_COLUMNS,
  type InstrumentUpsert,
  type InstrumentValues,
  instrumentKey,
  type JournalRow,
  type NozzleRow,
  type SiteInfo,
  type StateChangeRow,
  VERIFICATION_COLUMNS,
  type VerificationUpsert,
  type VerificationValues,
  verificationKey,
} from './import-plan.rules.js';
import type { DivisionResolver } from './parse-types.js';

/**
 * All SQL of the ledger import. Bulk path (docs/ARCHITECTURE.md "Database"): on SQLite, better-sqlite3
 * prepared statements reused inside the job's one transaction (the Kysely transaction holds the same
 * connection); on PostgreSQL, multi-row INSERT … ON CONFLICT through Kysely inside that transaction.
 * The row shapes are the import plan's (`import-plan.rules.ts`).
 */

/** Region codes and names (`regionResolver`): codes, town names, names after their ancestors' names. */
export async function divisionResolver(db: DbOrTrx): Promise<DivisionResolver> {
  const rows = await db.selectFrom('regions').select(['code', 'name', 'parent_code']).execute();
  return regionResolver(rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code })));
}

/** The organisation's sites: the first (lowest id) site of each town, and the only site when there is one. */
export async function sitesOf(db: DbOrTrx, orgId: number): Promise<SiteInfo> {
  const rows = await db.selectFrom('sites').select(['id', 'town_code']).where('org_id', '=', orgId).orderBy('id').execute();
  const byTown = new Map<string, number>();
  for (const r of rows) if (!byTown.has(r.town_code)) byTown.set(r.town_code, Number(r.id));
  return { single: rows.length === 1 ? Number((rows[0] as { id: number }).id) : null, byTown };
}

/**
 * SQLite: a bigger page cache (many index pages) and in-memory temp storage (RETURNING of the update path's
 * upsert materialises its rows in a temp table) for the job's bulk transaction. Returns the function that
 * restores both; nothing to do on PostgreSQL.
 */
export function tuneForBulk(ctx: AppContext): () => void {
  const sqlite = ctx.engine === 'sqlite' ? ctx.handle.sqlite : undefined;
  if (!sqlite) return () => {};
  const cacheBefore = sqlite.pragma('cache_size', { simple: true }) as number | undefined;
  const tempStoreBefore = sqlite.pragma('temp_store', { simple: true }) as number | undefined;
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  return () => {
    if (cacheBefore !== undefined) sqlite.pragma(`cache_size = ${Number(cacheBefore)}`);
    if (tempStoreBefore !== undefined) sqlite.pragma(`temp_store = ${Number(tempStoreBefore)}`);
  };
}

export interface BulkWriter {
  /** Whether the organization has any instrument (a first import skips every look-up). */
  hasAny(): Promise<boolean>;
  findInstruments(keys: { category: string; serial_no: string }[]): Promise<Map<string, ExistingInstrument>>;
  /** Inserts new rows and overwrites changed ones (values already merged); returns ids by key. */
  upsertInstruments(rows: InstrumentUpsert[]): Promise<Map<string, number>>;
  /**
   * Inserts rows whose key is known to be absent (looked up in the same transaction, or the
   * organization's first import); returns their ids in input order. A present key fails the
   * unique constraint instead of being merged.
   */
  insertInstruments(rows: InstrumentUpsert[]): Promise<number[]>;
  findVerifications(pairs: { instrument_id: number; date: string }[]): Promise<Map<string, VerificationValues>>;
  upsertVerifications(rows: VerificationUpsert[]): Promise<void>;
  /** Inserts records of instruments inserted in this transaction (no identity can exist yet). */
  insertVerifications(rows: VerificationUpsert[]): Promise<void>;
  findNozzleNumbers(instrumentIds: number[]): Promise<Map<number, Set<number>>>;
  insertNozzles(rows: NozzleRow[]): Promise<void>;
  insertJournal(rows: JournalRow[]): Promise<void>;
  /** Ids of the organization's instruments by `instrumentKey` (the meters `replacesSerial` names). */
  findIds(keys: string[]): Promise<Map<string, number>>;
  /** The filing-state changes the file made, by `actor` (instrument_state_changes). */
  insertStateChanges(rows: StateChangeRow[], actor: string): Promise<void>;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}

const SELECT_COLS = ['id', 'category', 'serial_no', ...IMPORT_COLUMNS].join(', ');

function normalizeExisting(r: Record<string, unknown>): ExistingInstrument {
  const out = { ...r } as unknown as ExistingInstrument;
  out.id = Number(r.id);
  if (r.site_id !== null && r.site_id !== undefined) out.site_id = Number(r.site_id);
  if (r.quantity !== null && r.quantity !== undefined) out.quantity = Number(r.quantity);
  if (r.caliber_dn !== null && r.caliber_dn !== undefined) out.caliber_dn = Number(r.caliber_dn);
  if (r.q3 !== null && r.q3 !== undefined) out.q3 = Number(r.q3);
  if (r.replaces_instrument_id !== null && r.replaces_instrument_id !== undefined)
    out.replaces_instrument_id = Number(r.replaces_instrument_id);
  return out;
}

/**
 * Rows per multi-row INSERT on SQLite (one statement per row costs ~30 % more CPU at 1,000,000 rows).
 * The bulk INSERTs say `or fail`: a multi-row `insert` (conflict mode ABORT) makes SQLite keep a
 * statement journal — a copy of every page each statement touches, in a temp file — so that a failing
 * statement can be undone alone; measured, that journal was ~900,000 writes per 200,000 rows. With FAIL
 * no statement journal is kept; a constraint error still throws and the job's transaction rolls back.
 */
const SQLITE_ROWS_PER_INSERT = 50;

/**
 * Copies IMPORT_COLUMNS of `v` into `args` from index `a` (returns the next index): generated once
 * from the column list so every property read is a fixed name (a loop over the names is a
 * megamorphic keyed read per cell — ~27 million at 1,000,000 rows).
 */
const writeImportColumns = new Function('v', 'args', 'a', `${IMPORT_COLUMNS.map((c) => `args[a++] = v.${c};`).join('\n')}\nreturn a;`) as (
  v: InstrumentValues,
  args: unknown[],
  a: number,
) => number;

/** Prepared multi-row INSERT statements by row count (`tuple` is one row's `(?, …)`). */
function multiInsert(db: Database.Database, head: string, tuple: string): (k: number) => Database.Statement {
  const byCount = new Map<number, Database.Statement>();
  return (k) => {
    let st = byCount.get(k);
    if (!st) {
      st = db.prepare(`${head} values ${new Array(k).fill(tuple).join(', ')}`);
      byCount.set(k, st);
    }
    return st;
  };
}

function sqliteWriter(db: Database.Database, orgId: number, jobId: number, now: string): BulkWriter {
  const cols = IMPORT_COLUMNS.join(', ');
  const insInstr = multiInsert(
    db,
    `insert or fail into instruments (org_id, category, serial_no, public_code, created_at, updated_at, ${cols})`,
    `(${orgId}, ?, ?, ?, ?, ?, ${IMPORT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insVer = multiInsert(
    db,
    `insert or fail into verifications (org_id, instrument_id, nozzle_no, date, source, created_at, ${VERIFICATION_COLUMNS.join(', ')})`,
    `(${orgId}, ?, 0, ?, 'import', ?, ${VERIFICATION_COLUMNS.map(() => '?').join(', ')})`,
  );
  const INSTR_WIDTH = 5 + IMPORT_COLUMNS.length;
  const VER_WIDTH = 3 + VERIFICATION_COLUMNS.length;
  const stmts = {
    any: db.prepare('select 1 from instruments where org_id = ? limit 1'),
    find: db.prepare(`select ${SELECT_COLS} from instruments where org_id = ? and category = ? and serial_no = ?`),
    findId: db.prepare('select id from instruments where org_id = ? and category = ? and serial_no = ?'),
    upsert: db.prepare(
      `insert into instruments (org_id, category, serial_no, public_code, created_at, updated_at, ${cols})
       values (?, ?, ?, ?, ?, ?, ${IMPORT_COLUMNS.map(() => '?').join(', ')})
       on conflict (org_id, category, serial_no) do update set ${IMPORT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at
       returning id`,
    ),
    findVer: db.prepare(
      `select ${VERIFICATION_COLUMNS.join(', ')} from verifications where instrument_id = ? and nozzle_no = 0 and date = ?`,
    ),
    upsertVer: db.prepare(
      `insert into verifications (org_id, instrument_id, nozzle_no, date, source, created_at, ${VERIFICATION_COLUMNS.join(', ')})
       values (?, ?, 0, ?, 'import', ?, ${VERIFICATION_COLUMNS.map(() => '?').join(', ')})
       on conflict (instrument_id, nozzle_no, date) do update set ${VERIFICATION_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    nozzles: db.prepare('select nozzle_no from nozzles where instrument_id = ?').pluck(),
    insertNozzle: db.prepare(
      'insert into nozzles (org_id, instrument_id, nozzle_no, fuel_grade, created_at) values (?, ?, ?, ?, ?) on conflict (instrument_id, nozzle_no) do nothing',
    ),
    journal: db.prepare('insert into import_journal (job_id, instrument_id, change, diff) values (?, ?, ?, ?)'),
    stateChange: db.prepare(
      'insert into instrument_state_changes (org_id, instrument_id, from_state, to_state, effective_date, reason, note, actor, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  return {
    async hasAny() {
      return stmts.any.get(orgId) !== undefined;
    },
    async findInstruments(keys) {
      const m = new Map<string, ExistingInstrument>();
      for (const k of keys) {
        const r = stmts.find.get(orgId, k.category, k.serial_no) as Record<string, unknown> | undefined;
        if (r) m.set(instrumentKey(k.category, k.serial_no), normalizeExisting(r));
      }
      return m;
    },
    async upsertInstruments(rows) {
      const m = new Map<string, number>();
      for (const r of rows) {
        const v = r.values;
        const res = stmts.upsert.get(orgId, r.category, r.serial_no, r.public_code, now, now, ...IMPORT_COLUMNS.map((c) => v[c])) as {
          id: number;
        };
        m.set(instrumentKey(r.category, r.serial_no), Number(res.id));
      }
      return m;
    },
    async insertInstruments(rows) {
      const ids = new Array<number>(rows.length);
      let prevLast = -1;
      for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
        const k = Math.min(SQLITE_ROWS_PER_INSERT, rows.length - i);
        const args = new Array<string | number | null>(k * INSTR_WIDTH);
        let a = 0;
        for (let j = i; j < i + k; j++) {
          const r = rows[j] as InstrumentUpsert;
          args[a++] = r.category;
          args[a++] = r.serial_no;
          args[a++] = r.public_code;
          args[a++] = now;
          args[a++] = now;
          a = writeImportColumns(r.values, args, a);
        }
        // One statement inserts its rows in VALUES order, each with a larger rowid (AUTOINCREMENT, one
        // writer), so its k rows hold k distinct ids in (previous statement's last, last]. Those are
        // exactly last - k + 1 … last when last = previous last + k; the first statement's first id
        // is looked up by key. Together: every id below is the row's id, or the import fails.
        const last = Number(insInstr(k).run(args).lastInsertRowid);
        if (prevLast === -1) {
          const first = rows[0] as InstrumentUpsert;
          const firstId = (stmts.findId.get(orgId, first.category, first.serial_no) as { id: number } | undefined)?.id;
          if (Number(firstId) !== last - k + 1) throw new Error(`instrument ids not consecutive (${firstId} … ${last}, ${k} rows)`);
        } else if (last !== prevLast + k) {
          throw new Error(`instrument ids not consecutive (${prevLast} → ${last}, ${k} rows)`);
        }
        prevLast = last;
        for (let j = 0; j < k; j++) ids[i + j] = last - k + 1 + j;
      }
      return ids;
    },
    async insertVerifications(rows) {
      for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
        const k = Math.min(SQLITE_ROWS_PER_INSERT, rows.length - i);
        const args = new Array<string | number | null>(k * VER_WIDTH);
        let a = 0;
        for (let j = i; j < i + k; j++) {
          const r = rows[j] as VerificationUpsert;
          args[a++] = r.instrument_id;
          args[a++] = r.date;
          args[a++] = now;
          for (const c of VERIFICATION_COLUMNS) args[a++] = r.values[c];
        }
        insVer(k).run(args);
      }
    },
    async findVerifications(pairs) {
      const m = new Map<string, VerificationValues>();
      for (const p of pairs) {
        const r = stmts.findVer.get(p.instrument_id, p.date) as VerificationValues | undefined;
        if (r) m.set(verificationKey(p.instrument_id, p.date), r);
      }
      return m;
    },
    async upsertVerifications(rows) {
      for (const r of rows) stmts.upsertVer.run(orgId, r.instrument_id, r.date, now, ...VERIFICATION_COLUMNS.map((c) => r.values[c]));
    },
    async findNozzleNumbers(ids) {
      const m = new Map<number, Set<number>>();
      for (const id of ids) m.set(id, new Set((stmts.nozzles.all(id) as number[]).map(Number)));
      return m;
    },
    async insertNozzles(rows) {
      for (const r of rows) stmts.insertNozzle.run(orgId, r.instrument_id, r.nozzle_no, r.fuel_grade, now);
    },
    async insertJournal(rows) {
      for (const r of rows) stmts.journal.run(jobId, r.instrument_id, r.change, r.diff);
    },
    async findIds(keys) {
      const m = new Map<string, number>();
      for (const k of keys) {
        const [category, serial] = splitKey(k);
        const r = stmts.findId.get(orgId, category, serial) as { id: number } | undefined;
        if (r) m.set(k, Number(r.id));
      }
      return m;
    },
    async insertStateChanges(rows, actor) {
      for (const r of rows)
        stmts.stateChange.run(orgId, r.instrument_id, r.from_state, r.to_state, r.effective_date, r.reason, r.note, actor, now);
    },
  };
}

const PG_BATCH = 500;
function chunks<T>(xs: T[], n = PG_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function pgWriter(trx: DbOrTrx, orgId: number, jobId: number, now: string): BulkWriter {
  return {
    async hasAny() {
      return !!(await trx.selectFrom('instruments').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst());
    },
    async findInstruments(keys) {
      const m = new Map<string, ExistingInstrument>();
      for (const part of chunks(keys)) {
        const serials = [...new Set(part.map((k) => k.serial_no))];
        const rows = await trx
          .selectFrom('instruments')
          .select(['id', 'category', 'serial_no', ...IMPORT_COLUMNS])
          .where('org_id', '=', orgId)
          .where('serial_no', 'in', serials)
          .execute();
        for (const r of rows) m.set(instrumentKey(r.category, r.serial_no), normalizeExisting(r as unknown as Record<string, unknown>));
      }
      return m;
    },
    async upsertInstruments(rows) {
      const m = new Map<string, number>();
      for (const part of chunks(rows)) {
        const res = await trx
          .insertInto('instruments')
          .values(
            part.map(
              (r) =>
                ({
                  org_id: orgId,
                  category: r.category,
                  serial_no: r.serial_no,
                  public_code: r.public_code,
                  created_at: now,
                  updated_at: now,
                  ...r.values,
                }) as unknown as NewInstrument,
            ),
          )
          .onConflict((oc) =>
            oc.columns(['org_id', 'category', 'serial_no']).doUpdateSet(() => {
              const set: Record<string, unknown> = { updated_at: sql.ref('excluded.updated_at') };
              for (const c of IMPORT_COLUMNS) set[c] = sql.ref(`excluded.${c}`);
              return set as never;
            }),
          )
          .returning(['id', 'category', 'serial_no'])
          .execute();
        for (const r of res) m.set(instrumentKey(r.category, r.serial_no), Number(r.id));
      }
      return m;
    },
    async insertInstruments(rows) {
      const ids = await this.upsertInstruments(rows);
      return rows.map((r) => ids.get(instrumentKey(r.category, r.serial_no)) as number);
    },
    async insertVerifications(rows) {
      await this.upsertVerifications(rows);
    },
    async findVerifications(pairs) {
      const m = new Map<string, VerificationValues>();
      for (const part of chunks(pairs)) {
        const ids = [...new Set(part.map((p) => p.instrument_id))];
        const rows = await trx
          .selectFrom('verifications')
          .select(['instrument_id', 'date', ...VERIFICATION_COLUMNS])
          .where('instrument_id', 'in', ids)
          .where('nozzle_no', '=', 0)
          .execute();
        for (const r of rows) {
          const { instrument_id, date, ...v } = r;
          m.set(verificationKey(Number(instrument_id), date), v as VerificationValues);
        }
      }
      return m;
    },
    async upsertVerifications(rows) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('verifications')
          .values(
            part.map(
              (r) =>
                ({
                  org_id: orgId,
                  instrument_id: r.instrument_id,
                  nozzle_no: 0,
                  date: r.date,
                  source: 'import',
                  created_at: now,
                  ...r.values,
                }) as unknown as NewVerification,
            ),
          )
          .onConflict((oc) =>
            oc.columns(['instrument_id', 'nozzle_no', 'date']).doUpdateSet(() => {
              const set: Record<string, unknown> = {};
              for (const c of VERIFICATION_COLUMNS) set[c] = sql.ref(`excluded.${c}`);
              return set as never;
            }),
          )
          .execute();
      }
    },
    async findNozzleNumbers(ids) {
      const m = new Map<number, Set<number>>(ids.map((id) => [id, new Set<number>()]));
      for (const part of chunks(ids)) {
        const rows = await trx.selectFrom('nozzles').select(['instrument_id', 'nozzle_no']).where('instrument_id', 'in', part).execute();
        for (const r of rows) m.get(Number(r.instrument_id))?.add(Number(r.nozzle_no));
      }
      return m;
    },
    async insertNozzles(rows) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('nozzles')
          .values(
            part.map((r) => ({
              org_id: orgId,
              instrument_id: r.instrument_id,
              nozzle_no: r.nozzle_no,
              fuel_grade: r.fuel_grade,
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['instrument_id', 'nozzle_no']).doNothing())
          .execute();
      }
    },
    async insertJournal(rows) {
      for (const part of chunks(rows, 1000)) {
        await trx
          .insertInto('import_journal')
          .values(part.map((r) => ({ job_id: jobId, instrument_id: r.instrument_id, change: r.change, diff: r.diff })))
          .execute();
      }
    },
    async findIds(keys) {
      const m = new Map<string, number>();
      for (const part of chunks(keys)) {
        const serials = [...new Set(part.map((k) => splitKey(k)[1]))];
        const rows = await trx
          .selectFrom('instruments')
          .select(['id', 'category', 'serial_no'])
          .where('org_id', '=', orgId)
          .where('serial_no', 'in', serials)
          .execute();
        const wanted = new Set(part);
        for (const r of rows) {
          const k = instrumentKey(r.category, r.serial_no);
          if (wanted.has(k)) m.set(k, Number(r.id));
        }
      }
      return m;
    },
    async insertStateChanges(rows, actor) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('instrument_state_changes')
          .values(part.map((r) => ({ org_id: orgId, ...r, actor, at: now })))
          .execute();
      }
    },
  };
}

/** The writer for the engine, bound to the job's open transaction. */
export function bulkWriter(ctx: AppContext, trx: DbOrTrx, orgId: number, jobId: number, now: string): BulkWriter {
  if (ctx.engine === 'sqlite' && ctx.handle.sqlite) return sqliteWriter(ctx.handle.sqlite, orgId, jobId, now);
  return pgWriter(trx, orgId, jobId, now);
}
