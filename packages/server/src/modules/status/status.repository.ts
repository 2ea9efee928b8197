/**
 * All SQL of the status module. Reads go through Kysely; the stored-status write is the bulk path
 * (docs/ARCHITECTURE.md "Database"): better-sqlite3 prepared statements on SQLite, multi-row UPDATE … FROM (VALUES …)
 * on PostgreSQL.
 */
import os from 'node:os';
import type { RuleSeed } from '@qiangjian/shared/data';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { countPage, explainLines, pageOf } from '../../db/paging.queries.js';
import type { DB } from '../../db/schema.js';
import type { RuleVersionRow } from '../../db/schema-status.js';

export type InstrumentFilter = (eb: ExpressionBuilder<DB, 'instruments'>) => Expression<SqlBool>;

// ---- rules and settings -----------------------------------------------------------------------

export async function listRuleVersions(db: DbOrTrx): Promise<RuleVersionRow[]> {
  return db
    .selectFrom('rule_versions')
    .selectAll()
    .orderBy('category')
    .orderBy('sort_order')
    .orderBy('rule_key')
    .orderBy('version')
    .execute();
}

export async function findRuleVersion(db: DbOrTrx, id: number): Promise<RuleVersionRow | undefined> {
  return db.selectFrom('rule_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestVersionOf(db: DbOrTrx, ruleKey: string): Promise<RuleVersionRow | undefined> {
  return db.selectFrom('rule_versions').selectAll().where('rule_key', '=', ruleKey).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function insertRuleVersion(db: DbOrTrx, row: Omit<RuleVersionRow, 'id'>): Promise<number> {
  const r = await db.insertInto('rule_versions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function markSuperseded(db: DbOrTrx, id: number, at: string): Promise<void> {
  await db.updateTable('rule_versions').set({ superseded_at: at }).where('id', '=', id).execute();
}

/** Idempotent: inserts each seed as (rule_key, version 1) unless present. */
export async function seedRules(db: DbOrTrx, seeds: readonly RuleSeed[], nowIso: string): Promise<void> {
  for (const s of seeds) {
    await db
      .insertInto('rule_versions')
      .values({
        rule_key: s.ruleKey,
        version: 1,
        category: s.category,
        sort_order: s.sortOrder,
        condition: JSON.stringify(s.condition),
        mode: s.mode,
        cycle_months: s.cycleMonths,
        counted_from: s.countedFrom,
        regulation_id: s.regulationId,
        edition: s.edition,
        effective_from: s.effectiveFrom,
        effective_to: s.effectiveTo,
        citation: s.citation,
        tag: s.tag,
        mandatory: s.mandatory ? 1 : 0,
        active: 1,
        recorded_at: nowIso,
        recorded_by: 'seed',
        superseded_at: null,
        note: s.note || null,
      })
      .onConflict((oc) => oc.columns(['rule_key', 'version']).doNothing())
      .execute();
  }
}

export async function seedSettings(db: DbOrTrx, defaults: Readonly<Record<string, string>>, nowIso: string): Promise<void> {
  for (const [key, value] of Object.entries(defaults)) {
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: nowIso })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

export async function loadSettings(db: DbOrTrx, prefix: string) {
  return db.selectFrom('settings').selectAll().where('key', 'like', `${prefix}%`).orderBy('key').execute();
}

export async function getSetting(db: DbOrTrx, key: string): Promise<string | null> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}

export async function updateSetting(db: DbOrTrx, key: string, value: string, at: string): Promise<void> {
  await db.updateTable('settings').set({ value, updated_at: at }).where('key', '=', key).execute();
}

/** Every recorded value of the settings under `prefix`, by key and version. */
export async function listSettingVersions(db: DbOrTrx, prefix: string) {
  return db.selectFrom('setting_versions').selectAll().where('key', 'like', `${prefix}%`).orderBy('key').orderBy('version').execute();
}

export { insertSettingVersion, upsertSetting } from '../../db/settings.queries.js';

/** Changes whenever a rule version or a status-setting version is recorded or superseded (status.service). */
export async function ruleContextFingerprint(db: DbOrTrx): Promise<string> {
  const r = await db
    .selectFrom('rule_versions')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('id'), eb.fn.max('superseded_at').as('s')])
    .executeTakeFirstOrThrow();
  const v = await db
    .selectFrom('setting_versions')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('version').as('m')])
    .where('key', 'like', 'status.%')
    .executeTakeFirstOrThrow();
  return [r.n, r.id, r.s, v.n, v.m].map((x) => String(x ?? '')).join('|');
}

// ---- instruments, verifications, nozzles --------------------------------------------------------

const INSTRUMENT_COLUMNS = [
  'id',
  'org_id',
  'category',
  'serial_no',
  'instrument_name',
  'catalogue_type',
  'caliber_dn',
  'q3',
  'g_rating',
  'gas_medium',
  'accuracy_class',
  'install_date',
  'first_use_date',
  'ledger_state',
  'removal_date',
  'quantity',
  'created_at',
  'status',
  'valid_until',
  'due_date',
  'reason_code',
  'reason_flags',
  'rule_ref',
  'status_reason',
] as const;

export async function instrumentsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('instruments').select(INSTRUMENT_COLUMNS).where('id', 'in', ids).orderBy('id').execute();
}
export type InstrumentStatusRow = Awaited<ReturnType<typeof instrumentsByIds>>[number];

/** One instrument as the status reads it (throws when there is none). */
export async function instrumentById(db: DbOrTrx, id: number): Promise<InstrumentStatusRow> {
  return db.selectFrom('instruments').select(INSTRUMENT_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Keyset page of instruments after `afterId` (memory-bounded streaming). */
export async function instrumentsPage(
  db: DbOrTrx,
  afterId: number,
  limit: number,
  filter?: InstrumentFilter,
): Promise<InstrumentStatusRow[]> {
  let q = db.selectFrom('instruments').select(INSTRUMENT_COLUMNS).where('id', '>', afterId);
  if (filter) q = q.where(filter);
  return q.orderBy('id').limit(limit).execute();
}

export async function countInstruments(db: DbOrTrx, filter?: InstrumentFilter): Promise<number> {
  let q = db.selectFrom('instruments').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter) q = q.where(filter);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

const VERIFICATION_COLUMNS = [
  'id',
  'instrument_id',
  'nozzle_no',
  'kind',
  'date',
  'conclusion',
  'valid_until',
  'certificate_no',
  'institution_name',
] as const;

export async function verificationsOf(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('verifications').select(VERIFICATION_COLUMNS).where('instrument_id', 'in', ids).execute();
}
export type VerificationStatusRow = Awaited<ReturnType<typeof verificationsOf>>[number];

/** Verifications of instruments with lo ≤ id ≤ hi (one range scan on the (instrument_id, …) index). */
export async function verificationsInRange(db: DbOrTrx, lo: number, hi: number, orgId?: number) {
  let q = db.selectFrom('verifications').select(VERIFICATION_COLUMNS).where('instrument_id', '>=', lo).where('instrument_id', '<=', hi);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.execute();
}

const NOZZLE_COLUMNS = ['id', 'instrument_id', 'nozzle_no', 'removal_date', 'status', 'valid_until'] as const;

export async function nozzlesOf(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('nozzles').select(NOZZLE_COLUMNS).where('instrument_id', 'in', ids).execute();
}
export type NozzleStatusRow = Awaited<ReturnType<typeof nozzlesOf>>[number];

export async function nozzlesInRange(db: DbOrTrx, lo: number, hi: number, orgId?: number) {
  let q = db.selectFrom('nozzles').select(NOZZLE_COLUMNS).where('instrument_id', '>=', lo).where('instrument_id', '<=', hi);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.execute();
}

// ---- set-wise refresh reads (bulk path) -------------------------------------------------------------

/** What a set-wise refresh covers: every instrument, one organization's, and/or some categories. */
export interface RefreshScope {
  orgId?: number;
  categories?: readonly string[];
}

export type RawSqlite = NonNullable<AppContext['handle']['sqlite']>;
type RawStmt = import('better-sqlite3').Statement<unknown[]>;
const stmtCache = new WeakMap<RawSqlite, Map<string, RawStmt>>();
/** A prepared statement per connection and SQL text; `raw` ones return arrays (no per-row object keys). */
function prepared(s: RawSqlite, text: string, raw: boolean): RawStmt {
  let m = stmtCache.get(s);
  if (!m) {
    m = new Map();
    stmtCache.set(s, m);
  }
  const key = raw ? `r:${text}` : text;
  let st = m.get(key);
  if (!st) {
    st = s.prepare(text);
    if (raw) st.raw(true);
    m.set(key, st);
  }
  return st;
}

const _INSTRUMENT_SQL_COLUMNS = INSTRUMENT_COLUMNS.join(', ');

function instrumentFromArray(a: unknown[]): InstrumentStatusRow {
  return {
    id: a[0] as number,
    org_id: a[1] as number,
    category: a[2] as string,
    serial_no: a[3] as string,
    instrument_name: a[4] as string,
    catalogue_type: a[5] as string | null,
    caliber_dn: a[6] as number | null,
    q3: a[7] as number | null,
    g_rating: a[8] as string | null,
    gas_medium: a[9] as string | null,
    accuracy_class: a[10] as string | null,
    install_date: a[11] as string | null,
    first_use_date: a[12] as string | null,
    ledger_state: a[13] as string,
    removal_date: a[14] as string | null,
    quantity: a[15] as number,
    created_at: a[16] as string,
    status: a[17] as string | null,
    valid_until: a[18] as string | null,
    due_date: a[19] as string | null,
    reason_code: a[20] as string | null,
    reason_flags: a[21] as string | null,
    rule_ref: a[22] as string | null,
    status_reason: a[23] as string | null,
  } as InstrumentStatusRow;
}

/** Scope of one raw refresh read: the refresh scope plus an upper id bound (a worker's share). */
export interface RawRefreshScope extends RefreshScope {
  maxId?: number;
}

/**
 * An instrument as the refresh reads it: what the status function and the change check need. Not read:
 * org_id, serial_no, quantity; instrument_name / catalogue_type only for electricity meters (the only rule
 * conditions on them), created_at only without an install date (the last fallback of the service start).
 */
export type RefreshInstrumentRow = Omit<InstrumentStatusRow, 'org_id' | 'serial_no' | 'quantity' | 'instrument_name' | 'created_at'> & {
  instrument_name: string | null;
  created_at: string | null;
};
/** A verification as the refresh reads it (no certificate number or institution: the status does not use them). */
export type RefreshVerificationRow = Omit<VerificationStatusRow, 'certificate_no' | 'institution_name'> & {
  certificate_no: string | null;
  institution_name: string | null;
};

/** The select lists of the refresh reads: the positions of INSTRUMENT_COLUMNS / VERIFICATION_COLUMNS, unread ones null. */
const REFRESH_INSTRUMENT_SQL = INSTRUMENT_COLUMNS.map((c) => {
  if (c === 'org_id' || c === 'serial_no' || c === 'quantity') return 'null';
  if (c === 'instrument_name' || c === 'catalogue_type') return `case when category = 'electricity_meter' then ${c} end`;
  if (c === 'created_at') return 'case when install_date is null then created_at end';
  return c;
}).join(', ');
const REFRESH_VERIFICATION_COLUMNS = VERIFICATION_COLUMNS.map((c) => (c === 'certificate_no' || c === 'institution_name' ? 'null' : c));

/**
 * The instrument columns a status as of a past or future date reads (`ruleAttrsOf`, status.rules.ts): none of the
 * stored status columns (those serve only the refresh's change check).
 */
const ATTR_COLUMNS = [
  'id',
  'category',
  'instrument_name',
  'catalogue_type',
  'caliber_dn',
  'q3',
  'g_rating',
  'gas_medium',
  'accuracy_class',
  'install_date',
  'first_use_date',
  'ledger_state',
  'removal_date',
  'created_at',
] as const;

/** These instruments' rule attributes (for `statusesFrom`), in id order. */
export async function instrumentAttrsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('instruments').select(ATTR_COLUMNS).where('id', 'in', ids).orderBy('id').execute();
}
export type InstrumentAttrsStatusRow = Awaited<ReturnType<typeof instrumentAttrsByIds>>[number];

/** These instruments' verifications as the status reads them (as the refresh: no certificate number or institution). */
export async function statusVerificationsOf(db: DbOrTrx, ids: readonly number[]): Promise<RefreshVerificationRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('verifications')
    .select(['id', 'instrument_id', 'nozzle_no', 'kind', 'date', 'conclusion', 'valid_until'])
    .select([sql<string | null>`null`.as('certificate_no'), sql<string | null>`null`.as('institution_name')])
    .where('instrument_id', 'in', ids)
    .execute();
}

/** One batch of the set-wise refresh: instruments in id order with their verifications and nozzles. */
export interface RefreshPage {
  rows: RefreshInstrumentRow[];
  verifs: RefreshVerificationRow[];
  nozzles: NozzleStatusRow[];
  /** id of the last instrument in the page (the next page starts after it) */
  hi: number;
}

/** Reads the refresh batches on a driver connection of its own (main thread or a refresh worker). */
export interface RefreshReader {
  next(afterId: number, limit: number, scope: RawRefreshScope): Promise<RefreshPage | null>;
  close(): Promise<void>;
}

/** WHERE clause of a refresh page; `ph(n)` renders the n-th placeholder of the dialect. */
function pageWhere(afterId: number, scope: RawRefreshScope, ph: (n: number) => string): { where: string; params: unknown[] } {
  const params: unknown[] = [afterId];
  let where = `id > ${ph(1)}`;
  const add = (sqlText: (p: string) => string, v: unknown) => {
    params.push(v);
    where += ` and ${sqlText(ph(params.length))}`;
  };
  if (scope.maxId !== undefined) add((p) => `id <= ${p}`, scope.maxId);
  if (scope.orgId !== undefined) add((p) => `org_id = ${p}`, scope.orgId);
  if (scope.categories) {
    const list = scope.categories.map((c) => {
      params.push(c);
      return ph(params.length);
    });
    where += ` and category in (${list.join(', ')})`;
  }
  return { where, params };
}

function verificationFromArray(a: unknown[]): VerificationStatusRow {
  return {
    id: Number(a[0]),
    instrument_id: Number(a[1]),
    nozzle_no: Number(a[2]),
    kind: a[3] as string,
    date: a[4] as string,
    conclusion: a[5] as string,
    valid_until: a[6] as string | null,
    certificate_no: a[7] as string | null,
    institution_name: a[8] as string | null,
  } as VerificationStatusRow;
}

function nozzleFromArray(a: unknown[]): NozzleStatusRow {
  return {
    id: Number(a[0]),
    instrument_id: Number(a[1]),
    nozzle_no: Number(a[2]),
    removal_date: a[3] as string | null,
    status: a[4] as string | null,
    valid_until: a[5] as string | null,
  } as NozzleStatusRow;
}

function mapArrays<T>(out: unknown[][], f: (a: unknown[]) => T): T[] {
  const rows: T[] = new Array(out.length);
  for (let i = 0; i < out.length; i++) rows[i] = f(out[i] as unknown[]);
  return rows;
}

const rangeSql = (table: string, columns: readonly string[], ph: (n: number) => string, withOrg: boolean) =>
  `select ${columns.join(', ')} from ${table} where instrument_id >= ${ph(1)} and instrument_id <= ${ph(2)}${withOrg ? ` and org_id = ${ph(3)}` : ''}`;

/**
 * SQLite refresh reader: cached raw prepared statements in array mode (the refresh reads every instrument;
 * per-row objects were its largest read cost), the three reads of a page in one read transaction.
 */
export function sqliteRefreshReader(s: RawSqlite): RefreshReader {
  const q = () => '?';
  const read = (afterId: number, limit: number, scope: RawRefreshScope): RefreshPage | null => {
    if (scope.categories?.length === 0) return null;
    const { where, params } = pageWhere(afterId, scope, q);
    const out = prepared(s, `select ${REFRESH_INSTRUMENT_SQL} from instruments where ${where} order by id limit ?`, true).all(
      ...params,
      limit,
    ) as unknown[][];
    if (out.length === 0) return null;
    const rows = mapArrays(out, instrumentFromArray);
    const lo = Number(rows[0]?.id);
    const hi = Number(rows[rows.length - 1]?.id);
    const range = (table: string, columns: readonly string[]) => {
      const withOrg = scope.orgId !== undefined;
      const st = prepared(s, rangeSql(table, columns, q, withOrg), true);
      return (withOrg ? st.all(lo, hi, scope.orgId) : st.all(lo, hi)) as unknown[][];
    };
    return {
      rows,
      hi,
      verifs: mapArrays(range('verifications', REFRESH_VERIFICATION_COLUMNS), verificationFromArray),
      nozzles: mapArrays(range('nozzles', NOZZLE_COLUMNS), nozzleFromArray),
    };
  };
  const inTx = s.transaction(read);
  return {
    // a nested call (inside the caller's transaction) must not open another one
    next: async (afterId, limit, scope) => (s.inTransaction ? read(afterId, limit, scope) : inTx(afterId, limit, scope)),
    close: async () => undefined,
  };
}

/** PostgreSQL refresh reader: one pooled client, array-mode queries, the three reads of a page in one read-only transaction. */
export async function pgRefreshReader(pool: import('pg').Pool): Promise<RefreshReader> {
  const client = await pool.connect();
  const d = (n: number) => `$${n}`;
  const arrays = async (text: string, values: unknown[]) => (await client.query({ text, values, rowMode: 'array' })).rows as unknown[][];
  return {
    async next(afterId, limit, scope) {
      if (scope.categories?.length === 0) return null;
      const { where, params } = pageWhere(afterId, scope, d);
      await client.query('begin isolation level repeatable read read only');
      try {
        const out = await arrays(
          `select ${REFRESH_INSTRUMENT_SQL} from instruments where ${where} order by id limit ${d(params.length + 1)}`,
          [...params, limit],
        );
        if (out.length === 0) return null;
        const rows = mapArrays(out, instrumentFromArray);
        const lo = Number(rows[0]?.id);
        const hi = Number(rows[rows.length - 1]?.id);
        const withOrg = scope.orgId !== undefined;
        const vals = withOrg ? [lo, hi, scope.orgId] : [lo, hi];
        return {
          rows,
          hi,
          verifs: mapArrays(await arrays(rangeSql('verifications', REFRESH_VERIFICATION_COLUMNS, d, withOrg), vals), verificationFromArray),
          nozzles: mapArrays(await arrays(rangeSql('nozzles', NOZZLE_COLUMNS, d, withOrg), vals), nozzleFromArray),
        };
      } finally {
        await client.query('commit');
      }
    },
    async close() {
      client.release();
    },
  };
}

/** The instrument id bounds of a refresh scope (null: nothing in scope). */
export async function idBounds(db: DbOrTrx, filter?: InstrumentFilter): Promise<{ lo: number; hi: number; n: number } | null> {
  let q = db
    .selectFrom('instruments')
    .select((eb) => [eb.fn.min<number>('id').as('lo'), eb.fn.max<number>('id').as('hi'), eb.fn.countAll<number>().as('n')]);
  if (filter) q = q.where(filter);
  const r = await q.executeTakeFirst();
  return r && r.lo !== null && Number(r.n) > 0 ? { lo: Number(r.lo), hi: Number(r.hi), n: Number(r.n) } : null;
}

/**
 * Runs a long SQLite refresh with a larger page cache (64 MiB instead of the 2 MiB default: the apply step
 * touches the secondary indexes of `instruments`), restoring the previous size after. No-op on PostgreSQL.
 */
export async function withRefreshCache<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  const s = ctx.engine === 'sqlite' ? ctx.handle.sqlite : undefined;
  if (!s) return fn();
  const before = s.pragma('cache_size', { simple: true }) as number;
  s.pragma('cache_size = -65536');
  try {
    return await fn();
  } finally {
    s.pragma(`cache_size = ${Number(before)}`);
  }
}

// ---- SQLite refresh staging: computed changes collected in temp tables, applied set-wise ---------------

/** Empties (creating when needed) the connection's temp staging tables. Call inside a transaction. */
export function stageReset(s: RawSqlite): void {
  s.exec(`create temp table if not exists status_stage (
      id integer primary key, status text, valid_until text, due_date text, reason_code text, reason_flags text,
      rule_ref text, status_reason text, status_as_of text, prev_status text, prev_valid_until text, prev_reason text);
    create temp table if not exists status_stage_nozzles (id integer primary key, status text, valid_until text);
    delete from temp.status_stage;
    delete from temp.status_stage_nozzles;`);
}

/** Rows per multi-row INSERT into the staging tables (12 parameters a row: 1,200 per statement). */
const STAGE_CHUNK = 100;

/** Adds computed changes to the staging tables (multi-row INSERTs). Call inside a transaction. */
export function stageInsert(s: RawSqlite, rows: readonly StoredStatus[], nozzles: readonly StoredNozzleStatus[]): void {
  const many = (table: string, width: number, n: number) =>
    prepared(
      s,
      `insert into temp.${table} values ${Array.from({ length: n }, () => `(${new Array(width).fill('?').join(', ')})`).join(', ')}`,
      false,
    );
  const args: unknown[] = [];
  for (let i = 0; i < rows.length; i += STAGE_CHUNK) {
    const n = Math.min(STAGE_CHUNK, rows.length - i);
    args.length = 0;
    for (let j = i; j < i + n; j++) {
      const r = rows[j] as StoredStatus;
      args.push(r.id, r.status, r.validUntil, r.dueDate, r.reasonCode, r.reasonFlags, r.ruleRef, r.reason, r.asOf);
      args.push(r.prev?.status ?? null, r.prev?.validUntil ?? null, r.prev?.reason ?? null);
    }
    many('status_stage', 12, n).run(...args);
  }
  for (let i = 0; i < nozzles.length; i += STAGE_CHUNK) {
    const n = Math.min(STAGE_CHUNK, nozzles.length - i);
    args.length = 0;
    for (let j = i; j < i + n; j++) {
      const z = nozzles[j] as StoredNozzleStatus;
      args.push(z.id, z.status, z.validUntil);
    }
    many('status_stage_nozzles', 3, n).run(...args);
  }
}

export function stageCounts(s: RawSqlite): { instruments: number; nozzles: number } {
  const one = (t: string) => Number((prepared(s, `select count(*) from temp.${t}`, true).get() as unknown[])[0]);
  return { instruments: one('status_stage'), nozzles: one('status_stage_nozzles') };
}

const STORED_STATUS_COLUMNS = new Set(['status', 'valid_until', 'due_date']);

export interface IndexDef {
  name: string;
  sql: string;
}

/** Drops the indexes of `instruments` over a stored-status column; returns their CREATE statements (from the schema itself). */
export function dropStatusIndexes(s: RawSqlite): IndexDef[] {
  const all = s
    .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'instruments' and sql is not null")
    .all() as IndexDef[];
  const mine = all.filter((ix) =>
    (s.prepare('select name from pragma_index_info(?)').all(ix.name) as { name: string }[]).some((c) => STORED_STATUS_COLUMNS.has(c.name)),
  );
  for (const ix of mine) s.exec(`drop index ${ix.name}`);
  return mine;
}

const SORT_THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));
/**
 * Page cache (KiB) while the indexes are built. SQLite's sorter sorts runs as large as the page cache before it
 * merges them: with the refresh's 64 MiB cache one run held the whole index and building the three status indexes
 * over 1,000,000 rows took 3.7–4.8 s; with 2 MiB runs (merged, helper thread included) 1.9–2.4 s on this machine.
 */
const INDEX_BUILD_CACHE_KIB = 2048;

/** Builds the dropped indexes again (by sorting: several times cheaper than maintaining them row by row). */
export function createIndexes(s: RawSqlite, indexes: readonly IndexDef[]): void {
  if (indexes.length === 0) return;
  // SQLite's sorter may use helper threads for the sort behind CREATE INDEX
  const threads = s.pragma('threads', { simple: true }) as number;
  const cache = s.pragma('cache_size', { simple: true }) as number;
  s.pragma(`threads = ${SORT_THREADS}`);
  s.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
  try {
    for (const ix of indexes) s.exec(ix.sql);
  } finally {
    s.pragma(`threads = ${Number(threads)}`);
    s.pragma(`cache_size = ${Number(cache)}`);
  }
}

/**
 * Applies one chunk of the staged changes: the first `limit` staged rows of `table` with id > `after`, set-wise
 * (UPDATE … FROM). Instruments are written only where the stored values are still those the refresh computed from
 * (a write since then refreshed the row itself). Call inside a transaction; one chunk of a few thousand rows keeps
 * that transaction short, so that other requests run between chunks. `last`: the chunk's last staged id (null when
 * nothing is left after `after`).
 */
export function applyStageChunk(
  s: RawSqlite,
  table: 'instruments' | 'nozzles',
  after: number,
  limit: number,
): { changes: number; last: number | null } {
  const stage = table === 'instruments' ? 'status_stage' : 'status_stage_nozzles';
  const hi = (
    prepared(s, `select max(id) from (select id from temp.${stage} where id > ? order by id limit ?)`, true).get(after, limit) as unknown[]
  )[0];
  if (hi === null || hi === undefined) return { changes: 0, last: null };
  const sql =
    table === 'instruments'
      ? `update instruments set status = g.status, valid_until = g.valid_until, due_date = g.due_date, reason_code = g.reason_code,
          reason_flags = g.reason_flags, rule_ref = g.rule_ref, status_reason = g.status_reason, status_as_of = g.status_as_of
        from temp.status_stage as g
        where g.id > ? and g.id <= ? and instruments.id = g.id and instruments.status is g.prev_status
          and instruments.valid_until is g.prev_valid_until and instruments.status_reason is g.prev_reason`
      : `update nozzles set status = g.status, valid_until = g.valid_until from temp.status_stage_nozzles as g
        where g.id > ? and g.id <= ? and nozzles.id = g.id`;
  return { changes: prepared(s, sql, false).run(after, hi).changes, last: Number(hi) };
}

/** Empties the staging tables (after the last chunk is applied). */
export function stageClear(s: RawSqlite): void {
  s.exec('delete from temp.status_stage; delete from temp.status_stage_nozzles;');
}

// ---- stored status writes (bulk path) -------------------------------------------------------------

/** The stored status columns of an instrument, as the status function computes them. */
export interface StoredValues {
  status: string;
  validUntil: string | null;
  dueDate: string | null;
  reasonCode: string;
  reasonFlags: string | null;
  ruleRef: string | null;
  reason: string;
}

export interface StoredStatus extends StoredValues {
  id: number;
  /** the stored values the change was computed against (the set-wise apply skips rows changed since) */
  prev?: { status: string | null; validUntil: string | null; reason: string | null };
  asOf: string;
}
export interface StoredNozzleStatus {
  id: number;
  status: string;
  validUntil: string | null;
}

const PG_BATCH = 2000; // 9 parameters a row: 18,000 per statement (limit 65,535)

/**
 * Writes stored statuses. `db` is the caller's transaction (or the database); on SQLite the raw prepared
 * statements run on the same connection, hence inside that transaction.
 */
export async function writeStatuses(
  ctx: AppContext,
  db: DbOrTrx,
  rows: readonly StoredStatus[],
  nozzles: readonly StoredNozzleStatus[],
): Promise<void> {
  if (rows.length === 0 && nozzles.length === 0) return;
  if (ctx.engine === 'sqlite' && ctx.handle.sqlite) {
    const s = ctx.handle.sqlite;
    const upd = prepared(
      s,
      'update instruments set status = ?, valid_until = ?, due_date = ?, reason_code = ?, reason_flags = ?, rule_ref = ?, status_reason = ?, status_as_of = ? where id = ?',
      false,
    );
    const updN = prepared(s, 'update nozzles set status = ?, valid_until = ? where id = ?', false);
    for (const r of rows) upd.run(r.status, r.validUntil, r.dueDate, r.reasonCode, r.reasonFlags, r.ruleRef, r.reason, r.asOf, r.id);
    for (const n of nozzles) updN.run(n.status, n.validUntil, n.id);
    return;
  }
  for (let i = 0; i < rows.length; i += PG_BATCH) {
    const chunk = rows.slice(i, i + PG_BATCH);
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(${r.id}::bigint, ${r.status}::text, ${r.validUntil}::text, ${r.dueDate}::text, ${r.reasonCode}::text, ${r.reasonFlags}::text, ${r.ruleRef}::text, ${r.reason}::text, ${r.asOf}::text)`,
      ),
    );
    await sql`update instruments as i set status = v.status, valid_until = v.valid_until, due_date = v.due_date, reason_code = v.reason_code,
      reason_flags = v.reason_flags, rule_ref = v.rule_ref, status_reason = v.status_reason, status_as_of = v.status_as_of
      from (values ${values}) as v(id, status, valid_until, due_date, reason_code, reason_flags, rule_ref, status_reason, status_as_of)
      where i.id = v.id`.execute(db);
  }
  for (let i = 0; i < nozzles.length; i += PG_BATCH) {
    const chunk = nozzles.slice(i, i + PG_BATCH);
    const values = sql.join(chunk.map((n) => sql`(${n.id}::bigint, ${n.status}::text, ${n.validUntil}::text)`));
    await sql`update nozzles as n set status = v.status, valid_until = v.valid_until
      from (values ${values}) as v(id, status, valid_until) where n.id = v.id`.execute(db);
  }
}

// ---- aggregates and lists over stored status ----------------------------------------------------

export async function storedCounts(db: DbOrTrx, filter?: InstrumentFilter) {
  let q = db
    .selectFrom('instruments')
    .select((eb) => ['category', 'status', eb.fn.countAll<number>().as('instruments'), eb.fn.sum<number>('quantity').as('units')])
    .groupBy(['category', 'status']);
  if (filter) q = q.where(filter);
  const rows = await q.orderBy('category').orderBy('status').execute();
  return rows.map((r) => ({
    category: r.category,
    status: r.status ?? 'unverified',
    instruments: Number(r.instruments),
    units: Number(r.units ?? 0),
  }));
}

export async function storedListPage(db: DbOrTrx, afterId: number, limit: number, filter?: InstrumentFilter) {
  let q = db
    .selectFrom('instruments')
    .select(['id', 'serial_no', 'category', 'status', 'valid_until', 'reason_code', 'status_reason', 'quantity'])
    .where('id', '>', afterId);
  if (filter) q = q.where(filter);
  return q.orderBy('id').limit(limit).execute();
}

export interface DueListFilter {
  statuses: string[];
  categories?: string[];
  town?: string;
  orgId?: number;
  dueFrom?: string;
  dueTo?: string;
}

/** The instruments a due-list filter selects, without joins (what the count walks). */
function dueListWhere(db: DbOrTrx, scope: InstrumentFilter, f: DueListFilter) {
  let q = db.selectFrom('instruments').where(scope).where('instruments.status', 'in', f.statuses);
  if (f.categories?.length) q = q.where('instruments.category', 'in', f.categories);
  if (f.town) q = q.where('instruments.admin_division_code', 'like', `${f.town}%`);
  if (f.orgId !== undefined) q = q.where('instruments.org_id', '=', f.orgId);
  if (f.dueFrom) q = q.where('instruments.due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('instruments.due_date', '<=', f.dueTo);
  return q;
}

/** The due list's rows: the filtered instruments with their organization and site (joined by primary key). */
function dueListBase(db: DbOrTrx, scope: InstrumentFilter, f: DueListFilter) {
  return dueListWhere(db, scope, f)
    .innerJoin('organizations', 'organizations.id', 'instruments.org_id')
    .leftJoin('sites', 'sites.id', 'instruments.site_id');
}

const DUE_COLUMNS = [
  'instruments.id as id',
  'instruments.org_id as org_id',
  'organizations.name as org_name',
  'organizations.credit_code as credit_code',
  'sites.name as site_name',
  'instruments.admin_division_code as admin_division_code',
  'instruments.category as category',
  'instruments.instrument_name as instrument_name',
  'instruments.serial_no as serial_no',
  'instruments.quantity as quantity',
  'instruments.status as status',
  'instruments.valid_until as valid_until',
  'instruments.due_date as due_date',
  'instruments.reason_code as reason_code',
  'instruments.status_reason as status_reason',
] as const;

/**
 * Page `page` of the due list ordered by due date then id, with its capped total (paging.queries countPage).
 * The order is served by the (org_id, due_date, status) and (due_date, status) indexes of migration
 * 20261206T2300_list_indexes: page 1 walks the due dates from the earliest and skips other statuses in the index.
 */
export async function dueListPage(
  db: DbOrTrx,
  scope: InstrumentFilter,
  f: DueListFilter,
  q: { page: number; pageSize: number },
  countCap: number,
) {
  const total = await countPage(db, dueListWhere(db, scope, f), q, countCap);
  const rows = await dueListPageQuery(db, scope, f, q).execute();
  return { rows, ...total };
}

function dueListPageQuery(db: DbOrTrx, scope: InstrumentFilter, f: DueListFilter, q: { page: number; pageSize: number }) {
  return dueListBase(db, scope, f).select(DUE_COLUMNS).orderBy('instruments.due_date').orderBy('instruments.id').$call(pageOf(q));
}

/** The query plan of a due-list page (paging.queries explainLines), for tests and diagnosis. */
export async function explainDueListPage(
  db: DbOrTrx,
  engine: 'sqlite' | 'postgres',
  scope: InstrumentFilter,
  f: DueListFilter,
  q: { page: number; pageSize: number },
) {
  return explainLines(db, engine, dueListPageQuery(db, scope, f, q).compile());
}
export type DueListRow = Awaited<ReturnType<typeof dueListPage>>['rows'][number];

/** Keyset stream for exports: ordered by id, `limit` rows after `afterId`. */
export async function dueListChunk(db: DbOrTrx, scope: InstrumentFilter, f: DueListFilter, afterId: number, limit: number) {
  return dueListBase(db, scope, f)
    .select(DUE_COLUMNS)
    .where('instruments.id', '>', afterId)
    .orderBy('instruments.id')
    .limit(limit)
    .execute();
}

export async function findInstrumentInScope(db: DbOrTrx, id: number, scope: InstrumentFilter) {
  return db.selectFrom('instruments').select(INSTRUMENT_COLUMNS).where('id', '=', id).where(scope).executeTakeFirst();
}

export async function orgIdByCreditCode(db: DbOrTrx, creditCode: string): Promise<number | null> {
  const r = await db.selectFrom('organizations').select('id').where('credit_code', '=', creditCode).executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** Which instruments a rule edit can affect: those of its category (ids streamed by the refresh). */
export function categoryFilter(categories: readonly string[]): InstrumentFilter {
  return (eb) => eb('instruments.category', 'in', categories as string[]);
}

/** Stored counts of instruments with one of `statuses` per town (the first 9 digits of the division code), most first. */
export async function storedCountsByTown(db: DbOrTrx, statuses: readonly string[], filter?: InstrumentFilter) {
  const town = sql<string | null>`substr(instruments.admin_division_code, 1, 9)`;
  let q = db
    .selectFrom('instruments')
    .select((eb) => [town.as('town'), eb.fn.countAll<number>().as('instruments')])
    .where('status', 'in', [...statuses])
    .groupBy(town);
  if (filter) q = q.where(filter);
  const rows = await q.execute();
  return rows.map((r) => ({ town: r.town, instruments: Number(r.instruments) })).sort((a, b) => b.instruments - a.instruments);
}
