import { createHash } from 'node:crypto';
import { type TImportJob, type TImportResult, type TRowIssue, t } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { OrganizationRow } from '../../../db/schema.js';
import { AppError } from '../../../errors.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { type RuleAttrsInput, refreshInstruments, refreshOrg, validUntilChecker } from '../../status/status.api.js';
import { newPublicCodeRun } from '../public-code.js';
import * as jobs from './import-jobs.repository.js';
import {
  assignNewIds,
  type ExistingInstrument,
  type InstrumentUpsert,
  instrumentKey,
  journalOf,
  mergeVerifications,
  nozzleTargets,
  type PlanContext,
  planInstruments,
  planNozzles,
  planVerifications,
  withoutStatusRemark,
} from './import-plan.rules.js';
import { bulkWriter, divisionResolver, sitesOf, tuneForBulk } from './ledger-import.repository.js';
import { asFileLevelError, parseLedger } from './parse-ledger.js';
import type { ParsedLedgerRow, RowIssue } from './parse-types.js';

/**
 * Commit path of the ledger import (issue 4): parsed rows → upsert by org + category + normalized
 * serial in ONE transaction; partial (commit the valid rows) or strict (all or nothing); a dry run
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
  /** Refresh the touched instruments' statuses (default true; the benchmark measures it separately). */
  refreshStatus?: boolean;
}

export interface ImportOutcome extends TImportResult {
  jobId: number;
  committed: boolean;
  headerRow: number | null;
  columns: string[];
}

const CHUNK = 1000;
/** Up to this many touched instruments are refreshed inside the transaction; beyond, set-wise after it. */
const PER_WRITE_REFRESH_LIMIT = 2000;
/** Row issues kept in the job's stored result (all rejected rows stay in import_job_rejects). */
const STORED_ISSUES = 2000;

class Rollback extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** In-process progress of running jobs (SQLite writes inside the job transaction are not visible to pollers). */
const progress = new Map<number, number>();
export function jobProgress(jobId: number): number | undefined {
  return progress.get(jobId);
}

function issue(r: RowIssue): TRowIssue {
  return { row: r.row, column: r.column, key: r.key ?? null, code: r.code, message: r.message };
}

/** Rough row count for the progress bar (CSV: line count; XLSX: unknown → asymptotic). */
function estimateRows(fileName: string, content: Buffer): number | null {
  if (!/\.csv$/i.test(fileName)) return null;
  let n = 0;
  for (let i = content.indexOf(10); i !== -1; i = content.indexOf(10, i + 1)) n++;
  return Math.max(1, n);
}

/** Runs one import (dry run or commit) from a file's bytes. Throws AppError for a file that cannot be used. */
export async function runLedgerImport(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<ImportOutcome> {
  requirePermission(actor, 'instrument.import');
  const org = await findOrgInScope(ctx.db, actor, opts.orgId);
  const fileHash = createHash('sha256').update(opts.content).digest('hex');
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
    }));
  await jobs.updateJob(ctx.db, jobId, {
    state: opts.dryRun ? 'validating' : 'committing',
    mode: opts.mode,
    dry_run: opts.dryRun ? 1 : 0,
    progress: 0,
  });
  progress.set(jobId, 0);
  try {
    const outcome = await importInTransaction(ctx, actor, org, jobId, fileHash, opts);
    const stored = {
      ...outcome,
      errors: outcome.errors.slice(0, STORED_ISSUES),
      warnings: outcome.warnings.slice(0, STORED_ISSUES),
    };
    const state = opts.dryRun ? 'previewed' : outcome.committed ? 'committed' : 'failed';
    await jobs.updateJob(ctx.db, jobId, { state, progress: 1, result: JSON.stringify(stored), finished_at: nowIso(ctx) });
    if (outcome.committed) await jobs.deleteFile(ctx.db, jobId);
    if (outcome.committed && outcome.touched > PER_WRITE_REFRESH_LIMIT && opts.refreshStatus !== false) await refreshOrg(ctx, opts.orgId);
    const { touched: _t, rejects: _r, ...result } = outcome;
    return result;
  } catch (thrown) {
    // a file that breaks part-way (an unclosed quote near the end, a damaged sheet) is the user's file, not a fault
    const e = asFileLevelError(thrown) ?? thrown;
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

async function importInTransaction(
  ctx: AppContext,
  actor: Actor,
  org: OrganizationRow,
  jobId: number,
  fileHash: string,
  opts: ImportOptions,
): Promise<InternalOutcome> {
  const orgId = Number(org.id);
  const resolveDivision = await divisionResolver(ctx.db);
  const sites = await sitesOf(ctx.db, orgId);
  const parsed = await parseLedger(opts.content, { fileName: opts.fileName, sheet: opts.sheet, resolveDivision });
  const fileCode = parsed.headerBlock.creditCode?.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (fileCode && fileCode !== org.credit_code) {
    throw new AppError('import_org_mismatch', {
      params: { fileCode, orgCode: org.credit_code },
      details: { fileCode, orgCode: org.credit_code },
    });
  }
  const columns = parsed.columns.map((c) => c.header);
  const beyondRule = await validUntilChecker(ctx, ctx.db);
  const validUntilCol = parsed.columns.find((c) => c.key === 'validUntil')?.header ?? null;
  const estimate = estimateRows(opts.fileName, opts.content);
  const planContext: PlanContext = { day: today(ctx), orgRegion: org.region_code, sites };
  const now = nowIso(ctx);
  const counts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: TRowIssue[] = [];
  const warnings: TRowIssue[] = [];
  const rejectRows: { row_no: number; raw: string; errors: string }[] = [];
  const touchedIds: number[] = [];
  const changes = createHash('sha256');
  let processed = 0;

  const report = () => {
    const f = estimate ? Math.min(0.99, processed / estimate) : processed / (processed + 5000);
    progress.set(jobId, f);
    opts.onProgress?.(f);
  };

  let committed = false;
  // a bigger page cache and in-memory temp storage for the bulk transaction on SQLite (restored afterwards)
  const restore = tuneForBulk(ctx);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const writer = bulkWriter(ctx, trx, orgId, jobId, now);
      const firstImport = !(await writer.hasAny());
      const chunkKeys = new Map<string, number>();

      const flush = async (chunk: ParsedLedgerRow[]) => {
        if (chunk.length === 0) return;
        const existing = firstImport
          ? NO_EXISTING
          : await writer.findInstruments(
              chunk.map((r) => ({ category: r.values.category as string, serial_no: r.values.serialNo as string })),
            );
        const plan = planInstruments(chunk, existing, planContext);
        if (plan.updates.length) await writer.upsertInstruments(plan.updates);
        const codes = newPublicCodeRun(plan.inserts.length);
        for (let i = 0; i < plan.inserts.length; i++) (plan.inserts[i] as InstrumentUpsert).public_code = codes[i] as string;
        assignNewIds(plan.rows, await writer.insertInstruments(plan.inserts));

        // verifications: identity instrument (nozzle 0) + date; a blank cell never erases a stored value.
        // A new instrument has no record yet: plain insert; an existing one: look up and merge.
        const ver = planVerifications(plan.rows);
        await writer.insertVerifications(ver.inserts);
        let verChanged: ReadonlySet<string> = NO_KEYS;
        if (ver.merges.length) {
          const stored = await writer.findVerifications(ver.merges.map((x) => ({ instrument_id: x.p.id, date: x.ver.date })));
          const merged = mergeVerifications(ver.merges, stored);
          await writer.upsertVerifications(merged.upserts);
          verChanged = merged.changed;
        }

        // nozzles 1…N for 加油枪数 = N
        let nozAdded: ReadonlyMap<string, number[]> = NO_NOZZLES;
        const nozTargets = nozzleTargets(plan.rows);
        if (nozTargets.length) {
          const stored = await writer.findNozzleNumbers(nozTargets.filter((p) => p.ex).map((p) => p.id));
          const noz = planNozzles(nozTargets, stored);
          await writer.insertNozzles(noz.rows);
          nozAdded = noz.added;
        }

        const j = journalOf(plan.rows, verChanged, nozAdded);
        counts.inserted += j.inserted;
        counts.updated += j.updated;
        counts.unchanged += j.unchanged;
        for (const id of j.touched) touchedIds.push(id);
        changes.update(j.lines); // the same digest as one update per line
        await writer.insertJournal(j.journal);
      };

      let chunk: ParsedLedgerRow[] = [];
      for await (const batch of parsed.batches(CHUNK))
        for (const row of batch) {
          processed++;
          for (const w of row.warnings) warnings.push(issue(w));
          // the parser marks duplicates inside the file (org + category + serial); a chunk never holds two
          let rowErrors = row.errors;
          if (rowErrors.length === 0) {
            const key = instrumentKey(String(row.values.category), String(row.values.serialNo));
            if (chunkKeys.has(key)) {
              const serialCol = parsed.columns.find((c) => c.key === 'serialNo')?.header ?? null;
              rowErrors = [
                {
                  row: row.row,
                  column: serialCol,
                  key: 'serialNo',
                  code: 'duplicate_in_file',
                  message: t('ledger.rowError.duplicate_in_file', { firstRow: chunkKeys.get(key) as number }),
                },
              ];
            } else {
              chunkKeys.set(key, row.row);
            }
          }
          if (rowErrors.length) {
            counts.rejected++;
            for (const e of rowErrors) errors.push(issue(e));
            rejectRows.push({
              row_no: row.row,
              raw: JSON.stringify(parsed.columns.map((c) => row.cells[c.index] ?? '')),
              errors: JSON.stringify(rowErrors.map(issue)),
            });
            continue;
          }
          if (row.values.remarks) row.values.remarks = withoutStatusRemark(row.values.remarks);
          const ver = row.values.verification;
          const v = row.values;
          if (ver?.validUntil && ver.date && v.category) {
            // the parsed values carry the rule attributes under the rule's own names (RuleAttrsInput)
            const over = beyondRule(v as RuleAttrsInput, ver.date, ver.validUntil);
            if (over) {
              warnings.push({
                row: row.row,
                column: validUntilCol,
                key: 'validUntil',
                code: 'valid_until_beyond_rule',
                message: t('ledger.rowWarning.valid_until_beyond_rule', { validUntil: ver.validUntil, ...over }),
              });
            }
          }
          chunk.push(row);
          if (chunk.length >= CHUNK) {
            await flush(chunk);
            chunk = [];
            chunkKeys.clear();
            report();
            // the chunk's statements are synchronous on SQLite: let the event loop answer other requests
            // (the health check, other connections' work) between chunks instead of after the whole file
            await yieldToEventLoop();
          }
        }
      await flush(chunk);
      for (const f of parsed.fileIssues) warnings.push(issue(f));

      const rollback = opts.dryRun || (opts.mode === 'strict' && counts.rejected > 0);
      if (rollback) throw new Rollback();
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
            headerRow: parsed.headerRow,
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
      committed = true;
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    restore();
  }
  await jobs.replaceRejects(ctx.db, jobId, rejectRows);
  errors.sort((a, b) => a.row - b.row);
  return {
    jobId,
    committed,
    headerRow: parsed.headerRow ?? null,
    columns,
    ...counts,
    errors,
    warnings,
    touched: touchedIds.length,
    rejects: rejectRows.length,
  };
}

const NO_EXISTING: ReadonlyMap<string, ExistingInstrument> = new Map();
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
  };
}
