/**
 * SQL over the reports' status spans (docs/REPORTS.md "Status spans"; migration 20261210T0100_report_spans): building
 * them (dirty queue, replace) and counting them. Every instrument figure of Attachments 2 and 3 and of the KPIs is a
 * `sum(case when <condition> then quantity end)` over one SOURCE, and its drill-down list is the same SOURCE filtered by
 * the same condition (`SPAN_COLUMNS`): one definition behind a number and the records behind it.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { ReportFactsTable, ReportSpansTable } from '../../../db/schema-report-spans.js';
import { PASSING_KINDS, regionAndScope } from './facts.queries.js';
import { A3_AUXILIARIES } from './facts.rules.js';

// ---- building ------------------------------------------------------------------------------------------------------

/**
 * The instruments of the oldest dirty marks (the queue the triggers write; up to `limit` instruments) with every mark of
 * theirs visible now — a write that commits later leaves its own mark behind, built by the next run.
 */
export async function dirtyBatch(db: DbOrTrx, limit: number): Promise<{ ids: number[]; seqs: number[] }> {
  const head = await db.selectFrom('report_span_dirty').select('instrument_id').orderBy('seq').limit(limit).execute();
  const ids = [...new Set(head.map((r) => Number(r.instrument_id)))];
  if (ids.length === 0) return { ids, seqs: [] };
  const marks = await db.selectFrom('report_span_dirty').select('seq').where('instrument_id', 'in', ids).execute();
  return { ids, seqs: marks.map((m) => Number(m.seq)) };
}

/**
 * PostgreSQL: fresh planner statistics of the span tables, and their visibility map set (index-only scans of the
 * covering indexes need it). Not inside a transaction.
 */
export async function analyzeSpanTables(db: DbOrTrx): Promise<void> {
  await sql`vacuum (analyze) report_spans`.execute(db);
  await sql`vacuum (analyze) report_facts`.execute(db);
}

export async function dirtyCount(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('report_span_dirty')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks instruments with ids above `afterId` dirty, up to `limit` of them; returns the last id marked (null: none left). */
export async function markDirtyAfter(db: DbOrTrx, afterId: number, limit: number): Promise<number | null> {
  const ids = await db.selectFrom('instruments').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  if (ids.length === 0) return null;
  const last = Number(ids[ids.length - 1]?.id);
  await sql`insert into report_span_dirty (instrument_id) select id from instruments where id > ${afterId} and id <= ${last}`.execute(db);
  return last;
}

export type FactRow = ReportFactsTable;
export type SpanRow = ReportSpansTable;

const INSERT_ROWS = 500;

/** Replaces the facts and spans of these instruments (an instrument no longer recorded keeps none) and clears the marks. */
export async function replaceSpans(
  trx: DbOrTrx,
  ids: readonly number[],
  facts: readonly FactRow[],
  spans: readonly SpanRow[],
  seqs: readonly number[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += INSERT_ROWS) {
    const chunk = [...ids.slice(i, i + INSERT_ROWS)];
    await trx.deleteFrom('report_spans').where('instrument_id', 'in', chunk).execute();
    await trx.deleteFrom('report_facts').where('instrument_id', 'in', chunk).execute();
  }
  for (let i = 0; i < facts.length; i += INSERT_ROWS)
    await trx
      .insertInto('report_facts')
      .values(facts.slice(i, i + INSERT_ROWS))
      .execute();
  for (let i = 0; i < spans.length; i += INSERT_ROWS)
    await trx
      .insertInto('report_spans')
      .values(spans.slice(i, i + INSERT_ROWS))
      .execute();
  for (let i = 0; i < seqs.length; i += INSERT_ROWS)
    await trx
      .deleteFrom('report_span_dirty')
      .where('seq', 'in', [...seqs.slice(i, i + INSERT_ROWS)])
      .execute();
}

type RawSqlite = import('better-sqlite3').Database;
type RawStmt = import('better-sqlite3').Statement<unknown[]>;
const FACT_COLUMNS = [
  'instrument_id',
  'org_id',
  'site_id',
  'category',
  'town',
  'quantity',
  'install_date',
  'start_date',
  'removal_date',
  'removal_reason',
  'filed_at',
  'first_verified_ok',
] as const satisfies readonly (keyof FactRow)[];
const SPAN_COLUMNS_STORED = [
  'instrument_id',
  'nozzle_no',
  'from_date',
  'to_date',
  'status',
  'mode',
  'valid_until',
  'nozzle_count',
  'org_id',
  'site_id',
  'category',
  'town',
  'quantity',
  'filed_at',
  'start_date',
  'removal_date',
] as const satisfies readonly (keyof SpanRow)[];
const rawStatements = new WeakMap<RawSqlite, Record<'delSpans' | 'delFacts' | 'insFact' | 'insSpan' | 'delMark', RawStmt>>();

/**
 * `replaceSpans` on SQLite with one prepared statement per row (inside the caller's transaction, which holds the one
 * connection): a build of many instruments spent most of its time compiling Kysely's multi-row statements.
 */
export function replaceSpansSqlite(
  s: RawSqlite,
  ids: readonly number[],
  facts: readonly FactRow[],
  spans: readonly SpanRow[],
  seqs: readonly number[],
): void {
  let st = rawStatements.get(s);
  if (!st) {
    const ins = (table: string, cols: readonly string[]) =>
      s.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
    st = {
      delSpans: s.prepare('delete from report_spans where instrument_id = ?'),
      delFacts: s.prepare('delete from report_facts where instrument_id = ?'),
      insFact: ins('report_facts', FACT_COLUMNS),
      insSpan: ins('report_spans', SPAN_COLUMNS_STORED),
      delMark: s.prepare('delete from report_span_dirty where seq = ?'),
    };
    rawStatements.set(s, st);
  }
  for (const id of ids) {
    st.delSpans.run(id);
    st.delFacts.run(id);
  }
  for (const f of facts) st.insFact.run(...FACT_COLUMNS.map((c) => f[c]));
  for (const r of spans) st.insSpan.run(...SPAN_COLUMNS_STORED.map((c) => r[c]));
  for (const q of seqs) st.delMark.run(q);
}

// ---- counting ------------------------------------------------------------------------------------------------------

/** The dates a report counts at: D, P and the day before P (the rotation basis). */
export interface SpanDates {
  asOf: string;
  periodStart: string;
  periodEnd: string;
  /** periodStart − 1 day */
  before: string;
}

/**
 * Where a column counts (row alias `s`):
 * - `at`: the spans holding D — instruments (nozzle_no 0) and nozzles in service at D with their class;
 * - `rotation`: R(P) (docs/domain/forms.md §1) — limited-use instruments whose valid-until, as of the day before P (an
 *   instrument that entered service in P: as of periodEnd), lies before periodEnd; in service then, so neither
 *   started after P nor removed before it;
 * - `installs`: instruments installed in P (report_facts);
 * - `removals`: instruments removed in P (report_facts, the reports' removal).
 */
export type SpanSource = 'at' | 'rotation' | 'installs' | 'removals';

function sourceOf(source: SpanSource, p: SpanDates): { table: 'report_spans' | 'report_facts'; where: RawBuilder<SqlBool> } {
  switch (source) {
    case 'at':
      return { table: 'report_spans', where: sql<SqlBool>`s.to_date > ${p.asOf} and s.from_date <= ${p.asOf}` };
    case 'rotation':
      return {
        table: 'report_spans',
        where: sql<SqlBool>`s.mode = 'first_only_limited_use' and s.nozzle_no = 0 and s.valid_until < ${p.periodEnd}
          and ((s.from_date <= ${p.before} and s.to_date > ${p.before})
            or (s.start_date >= ${p.periodStart} and s.start_date <= ${p.periodEnd}
              and s.from_date <= ${p.periodEnd} and s.to_date > ${p.periodEnd}))`,
      };
    case 'installs':
      return { table: 'report_facts', where: sql<SqlBool>`s.install_date >= ${p.periodStart} and s.install_date <= ${p.periodEnd}` };
    case 'removals':
      return { table: 'report_facts', where: sql<SqlBool>`s.removal_date >= ${p.periodStart} and s.removal_date <= ${p.periodEnd}` };
  }
}

type Cond = (p: SpanDates) => RawBuilder<SqlBool>;

const always: Cond = () => sql<SqlBool>`1 = 1`;

/**
 * What a column of the `at` source adds up (weight: quantity, 1 for a nozzle): an instrument, a filed instrument, a
 * nozzle, or KPI 受检率's unit — a nozzle, or an instrument without nozzles in service (a dispenser with nozzles counts
 * them).
 */
export type Measure = 'instrument' | 'filed' | 'nozzle' | 'verifUnit';
const MEASURES: Readonly<Record<Measure, Cond>> = {
  instrument: () => sql<SqlBool>`s.nozzle_no = 0`,
  filed: (p) => sql<SqlBool>`s.nozzle_no = 0 and s.filed_at <= ${p.asOf}`,
  nozzle: () => sql<SqlBool>`s.nozzle_no > 0`,
  verifUnit: () => sql<SqlBool>`(s.nozzle_no > 0 or s.nozzle_count = 0)`,
};
/** The span status classes (status.timeline `StatusClass`). */
const CLASSES = ['valid', 'overdue', 'unverified', 'failed'] as const;

/** An `at` column: a measure, optionally of one status class and one category. */
interface AtSpec {
  measure: Measure;
  status?: (typeof CLASSES)[number];
  category?: string;
}
const at = (measure: Measure, status?: AtSpec['status'], category?: string): ColumnDef => {
  const spec: AtSpec = { measure, status, category };
  return {
    source: 'at',
    spec,
    cond: (p) => {
      const parts = [MEASURES[measure](p)];
      if (status) parts.push(sql<SqlBool>`s.status = ${status}`);
      if (category) parts.push(sql<SqlBool>`s.category = ${category}`);
      return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
    },
  };
};

/** rotated(i): removed by periodEnd; an electricity meter also by a passing verification in P (re-verified). */
// never NULL: `not rotated` must hold exactly where rotated does not (SQL's three-valued logic)
const rotated: Cond = (
  p,
) => sql<SqlBool>`((s.removal_date is not null and s.removal_date <= ${p.periodEnd}) or (s.category = 'electricity_meter'
  and coalesce((select 1 from verifications v where v.instrument_id = s.instrument_id
    and v.kind in (${sql.join(PASSING_KINDS)}) and v.conclusion = 'passed'
    and v.date >= ${p.periodStart} and v.date <= ${p.periodEnd} limit 1), 0) = 1))`;

/** A column: its source and its condition (for `at` also the spec the condition is made from). */
export interface ColumnDef {
  source: SpanSource;
  cond: Cond;
  spec?: AtSpec;
}

/**
 * Every instrument column of Attachments 2 and 3 and every instrument KPI counter (docs/domain/forms.md §1, §5–§7):
 * its source and its condition. The weight is the row's quantity (1 for a nozzle and a dispenser).
 */
export const SPAN_COLUMNS: Readonly<Record<string, ColumnDef>> = {
  // Attachment 2 #5–#15, #22 and the identity parts (in service = valid + overdue + unverified + failed)
  inService: at('instrument'),
  filed: at('filed'),
  validAtD: at('instrument', 'valid'),
  statusValid: at('instrument', 'valid'),
  statusOverdue: at('instrument', 'overdue'),
  statusUnverified: at('instrument', 'unverified'),
  statusFailed: at('instrument', 'failed'),
  installed: { source: 'installs', cond: always },
  firstVerified: { source: 'installs', cond: () => sql<SqlBool>`s.first_verified_ok = 1` },
  dueForRotation: { source: 'rotation', cond: always },
  rotated: { source: 'rotation', cond: rotated },
  overdueNotRotated: { source: 'rotation', cond: (p) => sql<SqlBool>`not ${rotated(p)}` },
  onTimeRotated: {
    source: 'rotation',
    cond: (p) => sql<SqlBool>`s.removal_date <= s.valid_until and s.removal_date <= ${p.periodEnd}`,
  },
  inaccurateMetersReplaced: { source: 'removals', cond: () => sql<SqlBool>`s.removal_reason in ('inaccurate', 'failed')` },
  // KPI counters besides the above (kpi.rules KPI_COUNTERS)
  overdue: at('instrument', 'overdue'),
  verifBase: at('verifUnit'),
  verifValid: at('verifUnit', 'valid'),
  // Attachment 3 #8–#17: dispensers (台) and their nozzles (把)
  dispensers: at('instrument', undefined, 'fuel_dispenser'),
  validDispensers: at('instrument', 'valid', 'fuel_dispenser'),
  overdueDispensers: at('instrument', 'overdue', 'fuel_dispenser'),
  unverifiedDispensers: at('instrument', 'unverified', 'fuel_dispenser'),
  failedInUseDispensers: at('instrument', 'failed', 'fuel_dispenser'),
  nozzles: at('nozzle', undefined, 'fuel_dispenser'),
  validNozzles: at('nozzle', 'valid', 'fuel_dispenser'),
  overdueNozzles: at('nozzle', 'overdue', 'fuel_dispenser'),
  unverifiedNozzles: at('nozzle', 'unverified', 'fuel_dispenser'),
  failedInUseNozzles: at('nozzle', 'failed', 'fuel_dispenser'),
  // Attachment 3 #18–#19 (limited by the caller to the dispensers its latest inspection checked) and #32 (all filed)
  sealsIntact: at('instrument', undefined, 'fuel_dispenser'),
  antiCheatEnabled: at('instrument', undefined, 'fuel_dispenser'),
  mandatoryInService: at('instrument', undefined, 'fuel_dispenser'),
  mandatoryFiled: at('filed', undefined, 'fuel_dispenser'),
  // Attachment 3 #21–#30: station auxiliaries in service / valid at D
  ...Object.fromEntries(
    A3_AUXILIARIES.flatMap(({ category, inService, valid }) => [
      [inService, at('instrument', undefined, category)],
      [valid, at('instrument', 'valid', category)],
    ]),
  ),
};

/** The rows a report counts: its region and the caller's scope, categories, and optionally owners, sites or one town. */
export interface SpanFilter {
  prefix: string;
  scope: Scope;
  categories: readonly string[];
  orgIds?: readonly number[];
  siteIds?: readonly number[];
  town?: string;
  /** (instrument id, site id) pairs a condition is limited to (Attachment 3's inspection checks) */
  pairs?: readonly (readonly [number, number])[];
}

function filterOf(f: SpanFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`s.category in (${sql.join([...f.categories])})`,
    regionAndScope('s.town', f.prefix, f.scope, 's.org_id')(),
  ];
  if (f.orgIds) parts.push(sql<SqlBool>`s.org_id in (${sql.join([...f.orgIds])})`);
  if (f.siteIds) parts.push(sql<SqlBool>`s.site_id in (${sql.join([...f.siteIds])})`);
  // a town group (kpi.rules `groupKey`): the first 9 digits of the division code, '' for none
  if (f.town !== undefined)
    parts.push(f.town === '' ? sql<SqlBool>`(s.town is null or s.town = '')` : sql<SqlBool>`substr(s.town, 1, 9) = ${f.town}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

const empty = (f: SpanFilter) => f.categories.length === 0 || f.orgIds?.length === 0 || f.siteIds?.length === 0;

/** A condition limited to (instrument, site) pairs (none: false); a row-value list, not an OR chain (SQLite's depth limit). */
export function pairsCond(pairs: readonly (readonly [number, number])[]): RawBuilder<SqlBool> {
  if (pairs.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(s.instrument_id, s.site_id) in (values ${sql.join(pairs.map(([i, s]) => sql`(cast(${i} as bigint), cast(${s} as bigint))`))})`;
}

export type SpanGroup = 'category' | 'org_id' | 'site_id' | 'town';

export interface SpanCountRow {
  category: string;
  org_id: number;
  site_id: number | null;
  town: string | null;
  /** column key → Σ quantity */
  sums: Record<string, number>;
}

/**
 * Σ quantity per column of one source, grouped (always by category and owner first: the order of the covering indexes,
 * so SQLite groups without sorting). The `at` source is also grouped by status class — the index's next column — and
 * sums each distinct measure once; a column adds the measure of the classes and category it names (no CASE per
 * column: half the time of one sum per column at 10^6). Extra conditions (`extra`: column → condition ANDed to the
 * column's own) serve columns that depend on other records (Attachment 3's inspection checks).
 */
export async function spanCounts(
  db: DbOrTrx,
  source: SpanSource,
  columns: readonly string[],
  f: SpanFilter,
  p: SpanDates,
  groups: readonly SpanGroup[],
  extra: Readonly<Record<string, RawBuilder<SqlBool>>> = {},
): Promise<SpanCountRow[]> {
  if (empty(f) || columns.length === 0) return [];
  const { table, where } = sourceOf(source, p);
  const by: SpanGroup[] = ['category', 'org_id', ...groups.filter((g) => g !== 'category' && g !== 'org_id')];
  const perStatus = source === 'at';
  // one sum per distinct condition: an `at` column's measure (with its extra condition), else the column's condition
  const slots = new Map<unknown, number>();
  const slotOf: number[] = [];
  const sums: RawBuilder<unknown>[] = [];
  for (const key of columns) {
    const def = SPAN_COLUMNS[key];
    if (!def || def.source !== source) throw new Error(`column ${key} does not count in ${source}`);
    const base = perStatus && def.spec ? MEASURES[def.spec.measure] : def.cond;
    const id = extra[key] ?? base;
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = sums.length;
      slots.set(id, slot);
      const cond = extra[key] ? sql<SqlBool>`${base(p)} and ${extra[key]}` : base(p);
      sums.push(sql`coalesce(sum(case when ${cond} then s.quantity else 0 end), 0) as ${sql.id(`c${slot}`)}`);
    }
    slotOf.push(slot);
  }
  const keys = perStatus ? [...by.map((g) => sql.ref(`s.${g}`)), sql.ref('s.status')] : by.map((g) => sql.ref(`s.${g}`));
  const classes = perStatus ? sql<SqlBool>` and s.status in (${sql.join([...CLASSES])})` : sql``;
  const r = await sql<Record<string, unknown>>`select ${sql.join(keys)}, ${sql.join(sums)}
    from ${sql.table(table)} s where ${where} and ${filterOf(f)}${classes}
    group by ${sql.join(keys)}`.execute(db);
  const out = new Map<string, SpanCountRow>();
  for (const row of r.rows) {
    const category = String(row.category);
    const site = row.site_id === undefined || row.site_id === null ? null : Number(row.site_id);
    const town = row.town === undefined || row.town === null ? null : String(row.town);
    const k = `${category}|${row.org_id}|${site}|${town}`;
    let o = out.get(k);
    if (!o) {
      o = { category, org_id: Number(row.org_id), site_id: site, town, sums: Object.fromEntries(columns.map((c) => [c, 0])) };
      out.set(k, o);
    }
    columns.forEach((key, i) => {
      const spec = SPAN_COLUMNS[key]?.spec;
      if (perStatus && spec && ((spec.status && spec.status !== row.status) || (spec.category && spec.category !== category))) return;
      (o as SpanCountRow).sums[key] = ((o as SpanCountRow).sums[key] ?? 0) + Number(row[`c${slotOf[i]}`] ?? 0);
    });
  }
  return [...out.values()];
}

export interface SpanDrillRow {
  instrument_id: number;
  nozzle_no: number;
  quantity: number;
  org_id: number;
  category: string;
  serial_no: string;
  install_date: string | null;
  removal_date: string | null;
  /** class at D (null: not in service at D) */
  status: string | null;
  mode: string | null;
}

/**
 * The records behind one column (docs/REPORTS.md drill-down): the source filtered by the column's condition, in
 * instrument and nozzle order, paged; with their count and Σ quantity (= the figure).
 */
export async function spanDrill(
  db: DbOrTrx,
  column: string,
  f: SpanFilter,
  p: SpanDates,
  page: { offset: number; limit: number },
  extra?: RawBuilder<SqlBool>,
): Promise<{ rows: SpanDrillRow[]; total: number; value: number }> {
  const def = SPAN_COLUMNS[column];
  if (!def) throw new Error(`unknown column ${column}`);
  if (empty(f)) return { rows: [], total: 0, value: 0 };
  const { table, where } = sourceOf(def.source, p);
  const cond = extra ? sql<SqlBool>`${def.cond(p)} and ${extra}` : def.cond(p);
  const all = sql<SqlBool>`${where} and ${filterOf(f)} and ${cond}`;
  const agg = await sql<{ n: number; v: number }>`select count(*) as n, coalesce(sum(s.quantity), 0) as v
    from ${sql.table(table)} s where ${all}`.execute(db);
  const spans = table === 'report_spans';
  const nozzle = spans ? sql`s.nozzle_no` : sql`0`;
  // the class at D: the row itself for `at`, else the instrument's span holding D
  const atD =
    def.source === 'at'
      ? sql`s.status as status, s.mode as mode`
      : sql`(select d.status from report_spans d where d.instrument_id = s.instrument_id and d.nozzle_no = 0
          and d.from_date <= ${p.asOf} and d.to_date > ${p.asOf}) as status,
        (select d.mode from report_spans d where d.instrument_id = s.instrument_id and d.nozzle_no = 0
          and d.from_date <= ${p.asOf} and d.to_date > ${p.asOf}) as mode`;
  const rows = await sql<SpanDrillRow>`select s.instrument_id, ${nozzle} as nozzle_no, s.quantity, s.org_id, s.category,
      i.serial_no, rf.install_date, rf.removal_date, ${atD}
    from ${sql.table(table)} s
    inner join instruments i on i.id = s.instrument_id
    left join report_facts rf on rf.instrument_id = s.instrument_id
    where ${all}
    order by ${spans ? sql`s.instrument_id, s.nozzle_no` : sql`s.instrument_id`}
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return {
    rows: rows.rows.map((r) => ({
      ...r,
      instrument_id: Number(r.instrument_id),
      nozzle_no: Number(r.nozzle_no),
      quantity: Number(r.quantity),
      org_id: Number(r.org_id),
    })),
    total: Number(agg.rows[0]?.n ?? 0),
    value: Number(agg.rows[0]?.v ?? 0),
  };
}
