import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Writable } from 'node:stream';
import { type TImportJob, type TRowIssue, t } from '@qiangjian/shared';
import { recordAuditAlone } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { writeErrorSheet } from './error-sheet.js';
import * as jobs from './import-jobs.repository.js';
import { setJobMapping } from './import-mappings.repository.js';
import { type ImportMode, presentJob, RUNNER, runLedgerImport, runningHere } from './ledger-import.service.js';
import type { ColumnInfo, ParsedLedgerRow } from './parse-types.js';

/**
 * Import as a tracked job for the API and UI: upload → dry-run preview (counts, rejected rows with
 * reasons, warnings) → commit. Work runs in the background; the UI polls the job for progress.
 */

async function jobInScope(ctx: AppContext, actor: Actor, id: number) {
  const job = await jobs.findJob(ctx.db, id);
  if (!job) throw new AppError('not_found', { details: { entity: 'import_job', id } });
  if (!(await jobs.orgVisible(ctx.db, Number(job.org_id), orgScopeFilter(scopeOf(actor)))))
    throw new AppError('not_found', { details: { entity: 'import_job', id } });
  return job;
}

/**
 * Rejected rows are the uploaded file's own rows (household addresses included) and belong to no town yet: only a
 * scope that covers the whole organization reads them (its own users, the bureau); an office sees the job's counts.
 */
function requireWholeOrgScope(actor: Actor, id: number): void {
  if (scopeOf(actor).kind === 'towns')
    throw new AppError('forbidden', { details: { entity: 'import_job', id, reason: 'rows_outside_towns' } });
}

export interface StartedJob {
  job: TImportJob;
  done: Promise<unknown>;
}

function background(p: Promise<unknown>): Promise<unknown> {
  return p.catch(() => undefined);
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Refuses an upload that would put the user's stored import files past the quota (QIANGJIAN_UPLOAD_QUOTA_MB). */
async function checkQuota(ctx: AppContext, actor: Actor, size: number): Promise<void> {
  const used = await jobs.storedBytesOf(ctx.db, actorLabel(actor));
  const quota = ctx.config.uploadQuotaBytes;
  if (used + size > quota)
    throw new AppError('upload_quota_exceeded', {
      params: { quota: sizeLabel(quota), used: sizeLabel(used), size: sizeLabel(size) },
      details: { quotaBytes: quota, usedBytes: used, sizeBytes: size },
    });
}

/** Stores the upload and starts the dry-run preview. */
export async function startImportJob(
  ctx: AppContext,
  actor: Actor,
  input: { orgId: number; fileName: string; content: Buffer; mode: ImportMode; sheet?: string; mapping?: Record<string, string> },
): Promise<StartedJob> {
  requirePermission(actor, 'instrument.import');
  await findOrgInScope(ctx.db, actor, input.orgId);
  await checkQuota(ctx, actor, input.content.length);
  const jobId = await jobs.insertJob(ctx.db, {
    org_id: input.orgId,
    kind: 'ledger',
    file_name: input.fileName,
    file_hash: createHash('sha256').update(input.content).digest('hex'),
    mode: input.mode,
    dry_run: 1,
    state: 'pending',
    created_by: actorLabel(actor),
    created_at: nowIso(ctx),
    runner: RUNNER,
  });
  await jobs.saveFile(ctx.db, jobId, input.orgId, input.content);
  if (input.mapping) await setJobMapping(ctx.db, jobId, JSON.stringify(input.mapping));
  const done = background(runLedgerImport(ctx, actor, { ...input, dryRun: true, jobId }));
  return { job: await getImportJob(ctx, actor, jobId), done };
}

/** Commits a previewed job (same file; mode may be changed at commit). */
export async function commitImportJob(ctx: AppContext, actor: Actor, id: number, mode?: ImportMode): Promise<StartedJob> {
  requirePermission(actor, 'instrument.import');
  const job = await jobInScope(ctx, actor, id);
  if (job.state !== 'previewed') throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  const content = await jobs.loadFile(ctx.db, id);
  if (!content) throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  await jobs.updateJob(ctx.db, id, { state: 'committing', progress: 0 });
  const done = background(
    runLedgerImport(ctx, actor, {
      orgId: Number(job.org_id),
      fileName: job.file_name,
      content,
      mode: mode ?? (job.mode as ImportMode),
      dryRun: false,
      jobId: id,
      // the commit reads the file with the mapping its preview was run with
      ...(job.column_mapping ? { mapping: JSON.parse(job.column_mapping) as Record<string, string> } : {}),
    }),
  );
  return { job: await getImportJob(ctx, actor, id), done };
}

export async function getImportJob(ctx: AppContext, actor: Actor, id: number): Promise<TImportJob> {
  requirePermission(actor, 'instrument.read');
  return presentJob(await jobInScope(ctx, actor, id));
}

export async function jobError(ctx: AppContext, actor: Actor, id: number): Promise<{ code: string; message: string } | null> {
  const job = await jobInScope(ctx, actor, id);
  if (!job.result) return null;
  const r = JSON.parse(job.result) as { error?: { code: string; message: string } };
  return r.error ?? null;
}

export async function listImportJobs(ctx: AppContext, actor: Actor, q: { orgId?: number; page: number; pageSize: number }) {
  requirePermission(actor, 'instrument.read');
  const scope = scopeOf(actor);
  let orgIds: number[] | null = null;
  if (q.orgId) {
    await findOrgInScope(ctx.db, actor, q.orgId);
    orgIds = [q.orgId];
  } else if (scope.kind !== 'all') {
    orgIds = await jobs.orgIdsInScope(ctx.db, orgScopeFilter(scope));
  }
  const { rows, total } = await jobs.listJobs(ctx.db, orgIds, q.page, q.pageSize);
  return { items: rows.map(presentJob), total, page: q.page, pageSize: q.pageSize };
}

/** Rejected rows of a job, in row order (keyset on the row number). */
export async function listRejects(ctx: AppContext, actor: Actor, id: number, q: { page: number; pageSize: number }) {
  requirePermission(actor, 'instrument.read');
  const job = await jobInScope(ctx, actor, id);
  requireWholeOrgScope(actor, id);
  const total = await jobs.countRejects(ctx.db, id);
  const rows = await jobs.listRejects(ctx.db, id, q.page, q.pageSize);
  const columns = job.result ? ((JSON.parse(job.result) as { columns?: string[] }).columns ?? []) : [];
  return {
    columns,
    items: rows.map((r) => ({ row: Number(r.row_no), raw: JSON.parse(r.raw) as string[], errors: JSON.parse(r.errors) as TRowIssue[] })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The downloadable error file: the original rows that were rejected plus 错误原因 (parser's writer). */
export async function writeJobErrorSheet(ctx: AppContext, actor: Actor, id: number, out: Writable): Promise<number> {
  requirePermission(actor, 'instrument.read');
  const job = await jobInScope(ctx, actor, id);
  requireWholeOrgScope(actor, id);
  const headers = job.result ? ((JSON.parse(job.result) as { columns?: string[] }).columns ?? []) : [];
  const columns: ColumnInfo[] = headers.map((header, index) => ({ index, header, key: null }));
  async function* rows(): AsyncGenerator<ParsedLedgerRow> {
    let after = 0;
    for (;;) {
      const page = await jobs.rejectsPage(ctx.db, id, after, 1000);
      if (page.length === 0) return;
      for (const r of page) {
        const cells = JSON.parse(r.raw) as string[];
        yield {
          row: Number(r.row_no),
          cells,
          raw: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])),
          values: {},
          errors: JSON.parse(r.errors) as ParsedLedgerRow['errors'],
          warnings: [],
        };
      }
      after = Number((page[page.length - 1] as { row_no: number }).row_no);
    }
  }
  return writeErrorSheet(rows(), columns, out);
}

/** States of a job that is running; a job found in one of them with no live runner was interrupted. */
const RUNNING_STATES = ['pending', 'validating', 'committing'] as const;

/** Whether the process named by a job's runner (`host:pid`) is certainly gone. Another host's runner is left alone. */
function runnerGone(runner: string | null): boolean {
  if (!runner) return true;
  const colon = runner.lastIndexOf(':');
  if (runner.slice(0, colon) !== hostname()) return false;
  const pid = Number(runner.slice(colon + 1));
  // this process has just started: a job with its own pid was run by an earlier process (a container's server is pid 1)
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * At every start (openContext: serve and each CLI command): jobs left pending, validating or committing by a process
 * that is gone (killed, crashed, power lost) are marked failed with the zh-CN reason import_interrupted, or
 * import_interrupted_partial when a SQLite commit had written some of its chunk transactions (`committed_rows`: those
 * rows are in the ledger, the rest not). The uploaded file is kept so that the user can run the preview again (retry:
 * rows already written show as unchanged, the import is idempotent) and commit, or delete it. Returns the ids marked.
 */
export async function recoverInterruptedJobs(ctx: AppContext): Promise<number[]> {
  const marked: number[] = [];
  for (const j of await jobs.jobsInStates(ctx.db, RUNNING_STATES)) {
    const id = Number(j.id);
    if (runningHere(id) || !runnerGone(j.runner)) continue;
    const rows = Number(j.committed_rows ?? 0);
    const error =
      rows > 0
        ? { code: 'import_interrupted_partial', message: t('errors.import_interrupted_partial', { rows }) }
        : { code: 'import_interrupted', message: t('errors.import_interrupted', { state: t(`enum.importState.${j.state}`) }) };
    const done = await jobs.updateJobFrom(ctx.db, id, j.state, {
      state: 'failed',
      progress: 1,
      result: JSON.stringify({ error }),
      finished_at: nowIso(ctx),
    });
    if (done) marked.push(id);
  }
  return marked;
}

/** Runs the preview again from a failed job's kept file (an interrupted job, or one that failed for a reason since fixed). */
export async function retryImportJob(ctx: AppContext, actor: Actor, id: number): Promise<StartedJob> {
  requirePermission(actor, 'instrument.import');
  const job = await jobInScope(ctx, actor, id);
  const content = job.state === 'failed' ? await jobs.loadFile(ctx.db, id) : undefined;
  if (!content) throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  if (!(await jobs.updateJobFrom(ctx.db, id, 'failed', { state: 'pending', progress: 0, result: null, finished_at: null, runner: RUNNER })))
    throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  const done = background(
    runLedgerImport(ctx, actor, {
      orgId: Number(job.org_id),
      fileName: job.file_name,
      content,
      mode: job.mode as ImportMode,
      dryRun: true,
      jobId: id,
      ...(job.column_mapping ? { mapping: JSON.parse(job.column_mapping) as Record<string, string> } : {}),
    }),
  );
  return { job: await getImportJob(ctx, actor, id), done };
}

/** Deletes a job's uploaded file (the job and its result stay); not while the job runs. */
export async function deleteImportFile(ctx: AppContext, actor: Actor, id: number): Promise<TImportJob> {
  requirePermission(actor, 'instrument.import');
  const job = await jobInScope(ctx, actor, id);
  if ((RUNNING_STATES as readonly string[]).includes(job.state))
    throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  if (await jobs.hasFile(ctx.db, id)) {
    await jobs.deleteFile(ctx.db, id);
    await recordAuditAlone(
      ctx,
      actor,
      {
        action: 'import_file_deleted',
        entityType: 'import_job',
        entityId: String(id),
        data: { fileName: job.file_name, fileHash: job.file_hash },
      },
      Number(job.org_id),
    );
  }
  return getImportJob(ctx, actor, id);
}

/** Jobs whose uploaded file expires: previewed and never committed, or failed. */
const EXPIRING_STATES = ['previewed', 'failed'] as const;

/**
 * Daily (serve): deletes the uploaded files of previewed-only and failed jobs older than QIANGJIAN_UPLOAD_RETENTION_DAYS
 * (counted from the job's end); the job row stays, marked with file_expired_at. Returns the ids.
 */
export async function expireUploads(ctx: AppContext): Promise<number[]> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.uploadRetentionDays * 86_400_000).toISOString();
  const ids = await jobs.filesOlderThan(ctx.db, EXPIRING_STATES, before);
  const at = nowIso(ctx);
  for (const id of ids) {
    await ctx.db.transaction().execute(async (trx) => {
      await jobs.deleteFile(trx, id);
      await jobs.updateJob(trx, id, { file_expired_at: at });
    });
  }
  return ids;
}
