import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { type ErrorCode, type TImportJob, type TImportResult, type TImportUpdate, type TRowIssue, t } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { OrganizationRow } from '../../../db/schema.js';
import { AppError } from '../../../errors.js';
import { ChunkSizer, WRITE_CHUNK_BUDGET_MS } from '../../../lib/chunk-sizer.js';
import { readInWorker } from '../../../lib/read-worker.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { refreshInstruments, refreshOrg } from '../../status/status.api.js';
import { newPublicCodeRun } from '../public-code.js';
import * as jobs from './import-jobs.repository.js';
import { mappingsOf } from './import-mappings.repository.js';
import {
  assignNewIds,
  type ExistingInstrument,
  type InstrumentUpsert,
  journalOf,
  mergeVerifications,
  nozzleTargets,
  type PlanContext,
  planInstruments,
  planNozzles,
  planVerifications,
  replacementKeys,
  stateChangesOf,
} from './import-plan.rules.js';
import {
  type ImportColumnMapping,
  type ParseStageInput,
  type ParseStageItem,
  parseForImport,
  type StagedReject,
} from './ledger-import.parse.js';
import { type BulkWriter, bulkWriter, sitesOf, tuneForBulk } from './ledger-import.repository.js';
import { importErrorOf } from './parse-ledger.js';
import type { ParsedLedgerRow, RowIssue } from './parse-types.js';

/**
 * Commit path of the ledger import (issue 4): the file is parsed and checked first, in a worker thread and outside
 * any transaction (ledger-import.parse.ts, issue 11); then its rows → upsert by org + category + normalized
 * serial in ONE transaction that only writes; partial (commit the valid rows) or strict (all or nothing); a dry run
 * does the same work and rolls back, so its counts are exact. One audit entry per job; row diffs in
 * import_journal; rejected rows kept for the error sheet.
 */

export type ImportMode = 'partial' | 'strict';

export interface ImportOptions {
  orgId: number;
  fileName: string;
  content: Buffer;
  mode: ImportMode;
  dryRun: boolean;
  sheet?: string;
  onProgress?: (fraction: number) => void;
  /** Existing job (API preview → commit); otherwise a job is created. */
  jobId?: number;
  /** The user's column mapping (`{ header: field | '' }`); without it, a saved mapping whose header is in the file applies. */
  mapping?: Record<string, string>;
  /** Refresh the touched instruments' statuses (default true; the benchmark measures it separately). */
  refreshStatus?: boolean;
  /** SQLite: a fixed number of rows per commit transaction (default: sized to the time budget; tests). */
  commitChunk?: number;
  /**
   * Test hooks: `parsing` when the first accepted rows come back from the parse stage, `parsed` after it ended,
   * `committed` after each commit transaction (SQLite: each chunk's) with the rows written so far.
   */
  hooks?: {
    parsing?: (jobId: number) => Promise<void>;
    parsed?: (jobId: number) => Promise<void>;
    committed?: (jobId: number, rows: number) => Promise<void>;
  };
}

export interface ImportOutcome extends TImportResult {
  jobId: number;
  committed: boolean;
  headerRow: number | null;
  columns: string[];
  mapping?: ImportColumnMapping;
}

const CHUNK = 1000;
/** Up to this many touched instruments are refreshed inside the transaction; beyond, set-wise after it. */
const PER_WRITE_REFRESH_LIMIT = 2000;
/** Row issues kept in the job's stored result (all rejected rows stay in import_job_rejects). */
const STORED_ISSUES = 2000;

/**
 * The rejection reasons grouped by code and column, with the number of rows each one rejects (distinct rows), most
 * first: what the result page shows above the row list ("5,000 行：缺少器具名称"). Counted over every issue of the file.
 */
export function summarizeErrors(errors: readonly TRowIssue[], top = 10) {
  const groups = new Map<string, { code: string; column: string | null; rows: Set<number>; message: string }>();
  for (const e of errors) {
    const k = `${e.code}\u0000${e.column ?? ''}`;
    let g = groups.get(k);
    if (!g) {
      g = { code: e.code, column: e.column ?? null, rows: new Set(), message: e.message };
      groups.set(k, g);
    }
    g.rows.add(e.row);
  }
  return [...groups.values()]
    .map((g) => ({ code: g.code, column: g.column, rows: g.rows.size, message: g.message }))
    .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code))
    .slice(0, top);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** In-process progress of running jobs (SQLite writes inside the job transaction are not visible to pollers). */
const progress = new Map<number, number>();
export function jobProgress(jobId: number): number | undefined {
  return progress.get(jobId);
}

/** This process as a job's `runner` (`host:pid`): a later start finds the jobs a dead runner left (import-jobs.service). */
export const RUNNER = `${hostname()}:${process.pid}`;

/** Whether the job is running in this process right now. */
export function runningHere(jobId: number): boolean {
  return progress.has(jobId);
}

/** Bytes of the file read between two turns of the event loop (hash, line count): a 40 MB file is not one long stall. */
const SLICE = 1 << 20;

/** The file's SHA-256 (hex), a slice at a time. */
async function fileHashOf(content: Buffer): Promise<string> {
  const h = createHash('sha256');
  for (let at = 0; at < content.length; at += SLICE) {
    h.update(content.subarray(at, at + SLICE));
    await yieldToEventLoop();
  }
  return h.digest('hex');
}

/** Rough row count for the progress bar (CSV: line count, a slice at a time; XLSX: unknown → asymptotic). */
async function estimateRows(fileName: string, content: Buffer): Promise<number | null> {
  if (!/\.csv$/i.test(fileName)) return null;
  let n = 0;
  for (let at = 0; at < content.length; at += SLICE) {
    const end = Math.min(content.length, at + SLICE);
    for (let i = content.indexOf(10, at); i !== -1 && i < end; i = content.indexOf(10, i + 1)) n++;
    await yieldToEventLoop();
  }
  return Math.max(1, n);
}

/** Runs one import (dry run or commit) from a file's bytes. Throws AppError for a file that cannot be used. */
export async function runLedgerImport(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<ImportOutcome> {
  requirePermission(actor, 'instrument.import');
  const org = await findOrgInScope(ctx.db, actor, opts.orgId);
  const fileHash = await fileHashOf(opts.content);
  const jobId =
    opts.jobId ??
    (await jobs.insertJob(ctx.db, {
      org_id: opts.orgId,
      kind: 'ledger',
      file_name: opts.fileName,
      file_hash: fileHash,
      mode: opts.mode,
      dry_run: opts.dryRun ? 1 : 0,
      state: 'validating',
      created_by: actorLabel(actor),
      created_at: nowIso(ctx),
      runner: RUNNER,
    }));
  await jobs.updateJob(ctx.db, jobId, {
    state: opts.dryRun ? 'validating' : 'committing',
    mode: opts.mode,
    dry_run: opts.dryRun ? 1 : 0,
    progress: 0,
    runner: RUNNER,
  });
  progress.set(jobId, 0);
  try {
    const outcome = await parseThenWrite(ctx, actor, org, jobId, fileHash, opts);
    const stored = {
      ...outcome,
      errorSummary: summarizeErrors(outcome.errors),
      errors: outcome.errors.slice(0, STORED_ISSUES),
      warnings: outcome.warnings.slice(0, STORED_ISSUES),
    };
    const state = opts.dryRun ? 'previewed' : outcome.committed ? 'committed' : 'failed';
    await jobs.updateJob(ctx.db, jobId, { state, progress: 1, result: JSON.stringify(stored), finished_at: nowIso(ctx) });
    if (outcome.committed) await jobs.deleteFile(ctx.db, jobId);
    if (outcome.committed && outcome.touched > PER_WRITE_REFRESH_LIMIT && opts.refreshStatus !== false) await refreshOrg(ctx, opts.orgId);
    const { touched: _t, rejects: _r, ...result } = outcome;
    return { ...result, errorSummary: stored.errorSummary };
  } catch (thrown) {
    // a file that breaks part-way (an unclosed quote near the end, a damaged sheet) is the user's file, not a fault
    const e = importErrorOf(thrown) ?? thrown;
    const err =
      e instanceof AppError ? { code: e.code, message: e.message, details: e.details } : { code: 'internal_error', message: String(e) };
    await jobs.updateJob(ctx.db, jobId, { state: 'failed', progress: 1, result: JSON.stringify({ error: err }), finished_at: nowIso(ctx) });
    throw e;
  } finally {
    progress.delete(jobId);
  }
}

interface InternalOutcome extends ImportOutcome {
  touched: number;
  rejects: number;
}

/** The parse stage in a worker thread (an in-memory SQLite database, which a worker cannot open: in this thread). */
async function* parseStage(ctx: AppContext, input: ParseStageInput): AsyncGenerator<ParseStageItem[]> {
  if (ctx.engine === 'sqlite' && ctx.handle.location === ':memory:') {
    const items: ParseStageItem[][] = [];
    await parseForImport(ctx.handle, input, async (b) => {
      items.push(b);
    });
    yield* items;
    return;
  }
  yield* readInWorker<ParseStageInput, ParseStageItem>(ctx, { module: PARSE_MODULE, fn: 'parseForImport', input });
}

const PARSE_MODULE = new URL('./ledger-import.parse.ts', import.meta.url);

/** Parse stages that run at once (each a worker thread holding a file and its parsed rows); later ones wait their turn. */
export const PARSE_SLOTS = 2;
let parsing = 0;
const parseQueue: (() => void)[] = [];

/** Parse stages running now (tests). */
export function parseStagesRunning(): number {
  return parsing;
}

async function parseSlot(): Promise<() => void> {
  while (parsing >= PARSE_SLOTS) await new Promise<void>((r) => parseQueue.push(r));
  parsing++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    parsing--;
    parseQueue.shift()?.();
  };
}

/** What the parse stage handed over: accepted rows in chunks, rejected rows, issues. */
interface Staged {
  columns: string[];
  headerRow: number | null;
  mapping?: ImportColumnMapping;
  /** The header of each recognised key (plan warnings name their column). */
  keyColumns: Record<string, string>;
  chunks: ParsedLedgerRow[][];
  rows: number;
  rejected: number;
  rejects: StagedReject[];
  errors: TRowIssue[];
  warnings: TRowIssue[];
}

const NO_CELLS: string[] = [];
const NO_ISSUES: RowIssue[] = [];

/** The organization's saved column mappings as the parser takes them (docs/LEDGER.md "Column mapping"). */
async function mappingTemplatesOf(db: DbOrTrx, orgId: number) {
  return (await mappingsOf(db, orgId)).map((r) => ({
    id: Number(r.id),
    name: r.name,
    signature: r.signature,
    mapping: JSON.parse(r.mapping) as Record<string, string>,
  }));
}

/** Runs the parse stage to its end: nothing is written and no transaction is open meanwhile. */
async function stageFile(
  ctx: AppContext,
  org: OrganizationRow,
  jobId: number,
  opts: ImportOptions,
  report: (f: number) => void,
): Promise<Staged> {
  const input: ParseStageInput = {
    content: opts.content,
    fileName: opts.fileName,
    sheet: opts.sheet,
    orgCreditCode: org.credit_code,
    orgKind: org.kind,
    now: nowIso(ctx),
    config: ctx.config,
    chunk: CHUNK,
    mapping: opts.mapping,
    templates: opts.mapping ? undefined : await mappingTemplatesOf(ctx.db, Number(org.id)),
  };
  const estimate = await estimateRows(opts.fileName, opts.content);
  const staged: Staged = {
    columns: [],
    headerRow: null,
    keyColumns: {},
    chunks: [],
    rows: 0,
    rejected: 0,
    rejects: [],
    errors: [],
    warnings: [],
  };
  let ended = false;
  let first = true;
  const release = await parseSlot();
  try {
    await consume();
  } finally {
    release();
  }
  if (!ended) throw new Error('the parse stage ended early');
  return staged;

  async function consume(): Promise<void> {
    for await (const items of parseStage(ctx, input))
      for (const item of items) {
        if (item.kind === 'error') {
          if (item.code === 'internal_error') throw new Error(item.message);
          throw new AppError(item.code as ErrorCode, { message: item.message, details: item.details ?? undefined });
        }
        if (item.kind === 'head') {
          staged.columns = item.columns;
          staged.headerRow = item.headerRow;
          staged.keyColumns = item.keyColumns;
          staged.mapping = item.mapping;
        } else if (item.kind === 'rows') {
          staged.chunks.push(
            item.rows.map((r) => ({ row: r.row, values: r.values, cells: NO_CELLS, raw: {}, errors: NO_ISSUES, warnings: NO_ISSUES })),
          );
          staged.rows += item.rows.length;
          report(PARSE_SHARE * (estimate ? Math.min(0.99, item.processed / estimate) : item.processed / (item.processed + 5000)));
        } else if (item.kind === 'rejects') {
          for (const r of item.rejects) staged.rejects.push(r);
        } else {
          staged.rejected = item.rejected;
          staged.errors = item.errors;
          staged.warnings = item.warnings;
          ended = true;
        }
        if (first && item.kind === 'rows') {
          first = false;
          await opts.hooks?.parsing?.(jobId);
        }
      }
  }
}

/** Share of the progress bar the parse stage fills (the writes fill the rest). */
const PARSE_SHARE = 0.5;

async function parseThenWrite(
  ctx: AppContext,
  actor: Actor,
  org: OrganizationRow,
  jobId: number,
  fileHash: string,
  opts: ImportOptions,
): Promise<InternalOutcome> {
  const orgId = Number(org.id);
  const report = (f: number) => {
    progress.set(jobId, f);
    opts.onProgress?.(f);
  };
  // 1. parse and validate in a worker thread, outside any transaction
  const staged = await stageFile(ctx, org, jobId, opts, report);
  await opts.hooks?.parsed?.(jobId);
  const sites = await sitesOf(ctx.db, orgId);
  const planContext: PlanContext = { day: today(ctx), orgRegion: org.region_code, sites };
  const now = nowIso(ctx);
  const counts = { inserted: 0, updated: 0, unchanged: 0, rejected: staged.rejected };
  const touchedIds: number[] = [];
  const changes = createHash('sha256');
  let written = 0;
  const actorName = actorLabel(actor);
  // the meters some row names as replaced (`replacesSerial`): their ids once written (or planned, in a dry run) by this job
  const replacementTargets = new Set<string>();
  for (const chunk of staged.chunks) for (const k of replacementKeys(chunk)) replacementTargets.add(k);
  const targetIds = new Map<string, number>();
  const planWarnings: TRowIssue[] = [];
  const updates: TImportUpdate[] = [];

  /**
   * One chunk: look up, plan, write (`dry`: look up and plan only — new instruments get stand-in ids, nothing is
   * written — so a preview's counts are those of the real import without a write transaction).
   */
  let standIn = 0;
  const writeChunk = async (writer: BulkWriter, firstImport: boolean, chunk: ParsedLedgerRow[], dry: boolean) => {
    if (chunk.length === 0) return;
    const existing = firstImport
      ? NO_EXISTING
      : await writer.findInstruments(chunk.map((r) => ({ category: r.values.category as string, serial_no: r.values.serialNo as string })));
    // `replacesSerial` → the replaced meter: written earlier by this job, or already in the ledger
    const wanted = replacementKeys(chunk);
    let links: ReadonlyMap<string, number> = NO_LINKS;
    if (wanted.length) {
      const found = new Map<string, number>();
      const ask: string[] = [];
      for (const k of wanted) {
        const id = targetIds.get(k);
        if (id !== undefined) found.set(k, id);
        else ask.push(k);
      }
      if (ask.length && !firstImport) for (const [k, id] of await writer.findIds(ask)) found.set(k, id);
      links = found;
    }
    const plan = planInstruments(chunk, existing, planContext, links);
    if (dry)
      assignNewIds(
        plan.rows,
        plan.inserts.map(() => --standIn),
      );
    else {
      if (plan.updates.length) await writer.upsertInstruments(plan.updates);
      const codes = newPublicCodeRun(plan.inserts.length);
      for (let i = 0; i < plan.inserts.length; i++) (plan.inserts[i] as InstrumentUpsert).public_code = codes[i] as string;
      assignNewIds(plan.rows, await writer.insertInstruments(plan.inserts));
      if (plan.states.length) await writer.insertStateChanges(stateChangesOf(plan), actorName);
    }
    if (replacementTargets.size) for (const p of plan.rows) if (replacementTargets.has(p.key)) targetIds.set(p.key, p.id);
    for (const w of plan.warnings) {
      const column = staged.keyColumns[w.key] ?? (w.key === 'state' ? (staged.keyColumns.removalDate ?? null) : null);
      planWarnings.push({
        row: w.row,
        column,
        key: w.key,
        code: w.code,
        message: t(`import.issue.${w.code}`, column === null ? w.params : { column, ...w.params }),
      });
    }
    // the preview lists the updates with their changed fields (removals among them)
    for (const p of plan.rows) {
      if (!p.diff || updates.length >= STORED_ISSUES) continue;
      updates.push({
        row: p.row.row,
        category: p.row.values.category as string,
        serialNo: p.row.values.serialNo as string,
        fields: p.diff,
      });
    }

    // verifications: identity instrument (nozzle 0) + date; a blank cell never erases a stored value.
    // A new instrument has no record yet: plain insert; an existing one: look up and merge.
    const ver = planVerifications(plan.rows);
    if (!dry) await writer.insertVerifications(ver.inserts);
    let verChanged: ReadonlySet<string> = NO_KEYS;
    if (ver.merges.length) {
      const stored = await writer.findVerifications(ver.merges.map((x) => ({ instrument_id: x.p.id, date: x.ver.date })));
      const merged = mergeVerifications(ver.merges, stored);
      if (!dry) await writer.upsertVerifications(merged.upserts);
      verChanged = merged.changed;
    }

    // nozzles 1…N for 加油枪数 = N
    let nozAdded: ReadonlyMap<string, number[]> = NO_NOZZLES;
    const nozTargets = nozzleTargets(plan.rows);
    if (nozTargets.length) {
      const stored = await writer.findNozzleNumbers(nozTargets.filter((p) => p.ex).map((p) => p.id));
      const noz = planNozzles(nozTargets, stored);
      if (!dry) await writer.insertNozzles(noz.rows);
      nozAdded = noz.added;
    }

    const j = journalOf(plan.rows, verChanged, nozAdded);
    counts.inserted += j.inserted;
    counts.updated += j.updated;
    counts.unchanged += j.unchanged;
    if (!dry) {
      for (const id of j.touched) touchedIds.push(id);
      changes.update(j.lines); // the same digest as one update per line
      await writer.insertJournal(j.journal);
    }
    written += chunk.length;
    report(PARSE_SHARE + (1 - PARSE_SHARE) * Math.min(0.99, written / Math.max(1, staged.rows)));
  };

  // 2a. a dry run (the preview) only reads: each chunk's look-ups hold the connection for that chunk alone. A strict
  // import with rejected rows writes nothing: planned like a preview, so that its counts say what would have been written.
  if (opts.dryRun || (opts.mode === 'strict' && counts.rejected > 0)) {
    const firstImport = !(await ctx.db.connection().execute((conn) => bulkWriter(ctx, conn, orgId, jobId, now).hasAny()));
    for (const chunk of staged.chunks) {
      await ctx.db.connection().execute((conn) => writeChunk(bulkWriter(ctx, conn, orgId, jobId, now), firstImport, chunk, true));
      await yieldToEventLoop();
    }
    await jobs.replaceRejects(ctx.db, jobId, staged.rejects);
    return outcome(false);
  }

  // 2b. write: only writes run inside the transactions (the rows are parsed and checked already). The last
  // transaction records the audit entry and, for a small import, the touched instruments' statuses.
  const finish = async (trx: Trx) => {
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'import_committed',
        entityType: 'import_job',
        entityId: String(jobId),
        data: {
          fileName: opts.fileName,
          fileHash,
          mode: opts.mode,
          headerRow: staged.headerRow,
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: counts.unchanged,
          rejected: counts.rejected,
          changesHash: changes.digest('hex'),
        },
      },
      orgId,
    );
    if (touchedIds.length <= PER_WRITE_REFRESH_LIMIT && opts.refreshStatus !== false) await refreshInstruments(ctx, trx, touchedIds);
  };
  // a bigger page cache and in-memory temp storage for the bulk writes on SQLite (restored afterwards)
  const restore = tuneForBulk(ctx);
  try {
    if (ctx.engine === 'sqlite') {
      // SQLite has one writer and the server one connection: a transaction per chunk (~WRITE_CHUNK_BUDGET_MS), the
      // event loop and every other request served between them. An interruption leaves the chunks written so far
      // (`committed_rows`); importing the file again completes it, as the import is idempotent (docs/LEDGER.md).
      // The parsed chunks are cut further to the time budget of one transaction (ChunkSizer).
      let firstImport: boolean | undefined;
      const last = staged.chunks.length - 1;
      if (last < 0) await ctx.db.transaction().execute(finish);
      const sizer = new ChunkSizer({ initial: 50, min: 20, max: CHUNK, budgetMs: WRITE_CHUNK_BUDGET_MS });
      for (const [i, chunk] of staged.chunks.entries()) {
        for (let from = 0; from < chunk.length; ) {
          const part = opts.commitChunk ?? sizer.next;
          const rows = chunk.slice(from, from + part);
          from += rows.length;
          const t0 = performance.now();
          await ctx.db.transaction().execute(async (trx) => {
            const writer = bulkWriter(ctx, trx, orgId, jobId, now);
            firstImport ??= !(await writer.hasAny());
            await writeChunk(writer, firstImport, rows, false);
            await jobs.updateJob(trx, jobId, { committed_rows: written });
            if (i === last && from >= chunk.length) await finish(trx);
          });
          sizer.record(rows.length, performance.now() - t0);
          await opts.hooks?.committed?.(jobId, written);
          await yieldToEventLoop();
        }
      }
    } else {
      // PostgreSQL: one transaction (readers and other writers are not held by it: row versions and row locks)
      await ctx.db.transaction().execute(async (trx) => {
        const writer = bulkWriter(ctx, trx, orgId, jobId, now);
        const firstImport = !(await writer.hasAny());
        for (const chunk of staged.chunks) {
          await writeChunk(writer, firstImport, chunk, false);
          await yieldToEventLoop();
        }
        await finish(trx);
      });
      await opts.hooks?.committed?.(jobId, written);
    }
  } finally {
    restore();
  }
  await jobs.replaceRejects(ctx.db, jobId, staged.rejects);
  return outcome(true);

  function outcome(done: boolean): InternalOutcome {
    return {
      jobId,
      committed: done,
      headerRow: staged.headerRow,
      columns: staged.columns,
      ...(staged.mapping ? { mapping: staged.mapping } : {}),
      ...counts,
      errors: staged.errors.sort((a, b) => a.row - b.row),
      warnings: planWarnings.length ? [...staged.warnings, ...planWarnings].sort((a, b) => a.row - b.row) : staged.warnings,
      updates,
      touched: touchedIds.length,
      rejects: staged.rejects.length,
    };
  }
}

const NO_EXISTING: ReadonlyMap<string, ExistingInstrument> = new Map();
const NO_LINKS: ReadonlyMap<string, number> = new Map();
const NO_KEYS: ReadonlySet<string> = new Set();
const NO_NOZZLES: ReadonlyMap<string, number[]> = new Map();

export function presentJob(r: NonNullable<Awaited<ReturnType<typeof jobs.findJob>>>): TImportJob {
  const id = Number(r.id);
  const live = progress.get(id);
  const result = r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null;
  return {
    id,
    orgId: Number(r.org_id),
    fileName: r.file_name,
    fileHash: r.file_hash,
    mode: r.mode as TImportJob['mode'],
    dryRun: Number(r.dry_run) === 1,
    state: r.state as TImportJob['state'],
    progress: live ?? Number(r.progress),
    result: result && 'inserted' in result ? (result as TImportJob['result']) : null,
    error: result && 'error' in result ? (result.error as { code: string; message: string }) : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    fileExpiredAt: r.file_expired_at ?? null,
    fileKept: r.file_kept === true || Number(r.file_kept) === 1,
  };
}
