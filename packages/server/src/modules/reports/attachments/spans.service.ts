/**
 * Builds the reports' status spans (docs/REPORTS.md "Status spans"): for every instrument marked dirty by the triggers
 * of migration 20261210T0100_report_spans, its facts and its status spans — the status engine's output at every date it
 * can change (status.api `statusTimeline`) — replace the old ones in one short transaction per chunk. A report builds
 * what is dirty before it reads (`syncReportSpans`), so it never counts a stale span; the server also builds them in
 * the background after writes. When a rule or status-setting version is recorded, every instrument is marked again.
 */
import { addDays, type TDrillItem, type TDrillPage } from '@qiangjian/shared';
import type { RawBuilder, SqlBool } from 'kysely';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { settingValue, upsertSetting } from '../../../db/settings.queries.js';
import { ChunkSizer, WRITE_CHUNK_BUDGET_MS } from '../../../lib/chunk-sizer.js';
import {
  loadRuleEpochs,
  type RuleEpochs,
  ruleContextFingerprint,
  type StatusInputRow,
  statusHistoriesOf,
  statusTimeline,
} from '../../status/status.api.js';
import { type InstrumentFactRow, instrumentFactRows } from './facts.queries.js';
import type { Period } from './facts.rules.js';
import { bump, type Counter } from './report.rules.js';
import {
  analyzeSpanTables,
  dirtyBatch,
  dirtyCount,
  type FactRow,
  markDirtyAfter,
  replaceSpans,
  replaceSpansSqlite,
  SPAN_COLUMNS,
  type SpanCountRow,
  type SpanDates,
  type SpanFilter,
  type SpanGroup,
  type SpanRow,
  type SpanSource,
  spanCounts,
  spanDrill,
} from './spans.queries.js';

/**
 * Dirty instruments per build chunk (one read, one engine pass, one write transaction). SQLite: sized to the write
 * budget (a transaction holds every other request, and better-sqlite3 blocks the event loop while it writes);
 * PostgreSQL: fixed — the writes wait on the network, the engine pass (~50 µs an instrument) is what holds the loop.
 */
const CHUNK = { sqlite: { initial: 100, min: 20, max: 2000 }, postgres: 500 } as const;
/** At most one progress report (`onProgress`) per this many milliseconds. */
const PROGRESS_MS = 2_000;
/** Instruments marked per statement when the rule context changed. */
const MARK_CHUNK = 5_000;
const CONTEXT_KEY = 'reports_meta.spans_rule_context';
/** PostgreSQL: instruments built in one run after which the span tables are analyzed (a first build, a large import). */
const ANALYZE_AFTER = 20_000;

/** The last run started per database (a process may hold several: tests, benchmarks); runs go one after the other. */
const running = new WeakMap<object, Promise<number>>();

/**
 * Builds the spans of every dirty instrument (and marks all of them first when the rules changed); returns how many
 * instruments were built (`onProgress`: at most every 2 s, with the marks left). Runs of one database go one after the other: a call starts its own run after the one in
 * progress, so it sees every write committed before it was called. Chunks yield to the event loop between them.
 */
export function syncReportSpans(ctx: AppContext, onProgress?: (built: number, left: number) => void): Promise<number> {
  const key = ctx.handle;
  const before = running.get(key);
  const run = (before === undefined ? Promise.resolve() : before.then(noop, noop)).then(() => syncRun(ctx, onProgress));
  running.set(key, run);
  const done = () => {
    if (running.get(key) === run) running.delete(key);
  };
  run.then(done, done);
  return run;
}

const noop = () => undefined;

async function syncRun(ctx: AppContext, onProgress?: (built: number, left: number) => void): Promise<number> {
  const fingerprint = await ruleContextFingerprint(ctx.db);
  if ((await settingValue(ctx.db, CONTEXT_KEY)) !== fingerprint) {
    for (let after = 0; ; ) {
      const last = await ctx.db.transaction().execute((trx) => markDirtyAfter(trx, after, MARK_CHUNK));
      if (last === null) break;
      after = last;
      await yieldLoop();
    }
    await upsertSetting(ctx.db, CONTEXT_KEY, fingerprint, nowIso(ctx));
  }
  let epochs: RuleEpochs | null = null;
  let built = 0;
  let reported = performance.now();
  const sizer = new ChunkSizer({ ...CHUNK.sqlite, budgetMs: WRITE_CHUNK_BUDGET_MS });
  for (;;) {
    const { ids, seqs } = await dirtyBatch(ctx.db, ctx.engine === 'sqlite' ? sizer.next : CHUNK.postgres);
    if (ids.length === 0) break;
    epochs ??= await loadRuleEpochs(ctx, ctx.db);
    const { facts, spans } = await buildSpans(ctx, ids, epochs);
    const raw = ctx.handle.sqlite;
    const t0 = performance.now();
    await ctx.db
      .transaction()
      .execute(async (trx) => (raw ? replaceSpansSqlite(raw, ids, facts, spans, seqs) : replaceSpans(trx, ids, facts, spans, seqs)));
    sizer.record(ids.length, performance.now() - t0);
    built += ids.length;
    // the marks left are counted (a scan of the queue) only when a report of progress is due
    if (onProgress && performance.now() - reported >= PROGRESS_MS) {
      reported = performance.now();
      onProgress(built, await dirtyCount(ctx.db));
    }
    await yieldLoop();
  }
  // PostgreSQL plans the counts by the tables' statistics: taken now rather than when autovacuum next looks
  if (ctx.engine === 'postgres' && built >= ANALYZE_AFTER) await analyzeSpanTables(ctx.db);
  return built;
}

const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

/** The facts and spans of these instruments as recorded now (ids no longer recorded: none). */
export async function buildSpans(
  ctx: AppContext,
  ids: readonly number[],
  epochs: RuleEpochs,
): Promise<{ facts: FactRow[]; spans: SpanRow[] }> {
  const rows = await instrumentFactRows(ctx.db, ids);
  const histories = await statusHistoriesOf(ctx.db, rows.map(attrsRow));
  const facts: FactRow[] = [];
  const spans: SpanRow[] = [];
  for (const r of rows) {
    const start = r.install_date ?? r.first_verification_date ?? r.created_at.slice(0, 10);
    facts.push({
      instrument_id: r.id,
      org_id: r.org_id,
      site_id: r.site_id,
      category: r.category,
      town: r.admin_division_code,
      quantity: r.quantity,
      install_date: r.install_date,
      start_date: start,
      removal_date: r.removal_date,
      removal_reason: r.removal_reason,
      filed_at: r.filed_at,
      first_verified_ok: r.first_verified_ok,
    });
    const input = histories.inputs.get(r.id);
    if (!input) continue;
    for (const s of statusTimeline(input, epochs))
      spans.push({
        instrument_id: r.id,
        nozzle_no: s.nozzleNo,
        from_date: s.from,
        to_date: s.to,
        status: s.status,
        mode: s.mode,
        valid_until: s.validUntil,
        nozzle_count: s.nozzleCount,
        org_id: r.org_id,
        site_id: r.site_id,
        category: r.category,
        town: r.admin_division_code,
        quantity: s.nozzleNo === 0 ? r.quantity : 1,
        filed_at: r.filed_at,
        start_date: start,
        removal_date: r.removal_date,
      });
  }
  return { facts, spans };
}

/** The row's rule attributes as the status engine reads them (the ledger's own removal date, not the report's). */
function attrsRow(r: InstrumentFactRow): StatusInputRow {
  return {
    id: r.id,
    category: r.category,
    instrument_name: r.instrument_name,
    catalogue_type: r.catalogue_type,
    caliber_dn: r.caliber_dn,
    q3: r.q3,
    g_rating: r.g_rating,
    gas_medium: r.gas_medium,
    accuracy_class: r.accuracy_class,
    install_date: r.install_date,
    first_use_date: r.first_use_date,
    ledger_state: r.ledger_state,
    removal_date: r.ledger_removal_date,
    created_at: r.created_at,
  };
}

// ---- counting and drilling -----------------------------------------------------------------------------------------

/** The dates of a report period as the span conditions read them. */
export function spanDates(p: Period): SpanDates {
  return { asOf: p.asOf, periodStart: p.periodStart, periodEnd: p.periodEnd, before: addDays(p.periodStart, -1) };
}

/**
 * Counts columns (any sources) per group: `keyOf` maps a count row (category, owner and the extra `groups`) to the
 * caller's key (null: the total only); the total adds every row. One statement per source.
 */
export async function countSpans(
  db: DbOrTrx,
  columns: readonly string[],
  filter: SpanFilter,
  period: Period,
  groups: readonly SpanGroup[],
  keyOf: (r: SpanCountRow) => string | null,
  extra: Readonly<Record<string, RawBuilder<SqlBool>>> = {},
): Promise<{ byKey: Map<string, Counter>; total: Counter }> {
  const dates = spanDates(period);
  const bySource = new Map<SpanSource, string[]>();
  for (const c of columns) {
    const def = SPAN_COLUMNS[c];
    if (!def) throw new Error(`unknown span column ${c}`);
    bySource.set(def.source, [...(bySource.get(def.source) ?? []), c]);
  }
  const byKey = new Map<string, Counter>();
  const total: Counter = {};
  for (const [source, cols] of bySource) {
    for (const r of await spanCounts(db, source, cols, filter, dates, groups, extra)) {
      const k = keyOf(r);
      let c: Counter | undefined;
      if (k !== null) {
        c = byKey.get(k);
        if (!c) {
          c = {};
          byKey.set(k, c);
        }
      }
      for (const [key, v] of Object.entries(r.sums)) {
        if (v === 0) continue;
        bump(total, key, v);
        if (c) bump(c, key, v);
      }
    }
  }
  return { byKey, total };
}

/** The status a drill-down item shows: the class at D, rotation_overdue for a limited-use meter past its date. */
function shownStatus(status: string | null, mode: string | null): string {
  if (status === null) return 'removed';
  if (status === 'overdue' && mode === 'first_only_limited_use') return 'rotation_overdue';
  return status;
}

/** One page of the records behind a column (`value`: Σ quantity, the figure). */
export async function drillSpans(
  db: DbOrTrx,
  column: string,
  filter: SpanFilter,
  period: Period,
  page: { page: number; pageSize: number },
  extra?: RawBuilder<SqlBool>,
): Promise<TDrillPage> {
  const r = await spanDrill(
    db,
    column,
    filter,
    spanDates(period),
    { offset: (page.page - 1) * page.pageSize, limit: page.pageSize },
    extra,
  );
  const items: TDrillItem[] = r.rows.map((x) => ({
    kind: x.nozzle_no > 0 ? 'nozzle' : 'instrument',
    id: x.instrument_id,
    orgId: x.org_id,
    label: x.nozzle_no > 0 ? `${x.serial_no}#${x.nozzle_no}` : x.serial_no,
    category: x.category,
    date: x.removal_date ?? x.install_date,
    status: shownStatus(x.status, x.mode),
    quantity: x.quantity,
    amountYuan: null,
  }));
  return { items, total: r.total, value: r.value, page: page.page, pageSize: page.pageSize };
}
