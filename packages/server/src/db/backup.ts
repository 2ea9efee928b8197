import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { recordAuditAlone, verifyAudit } from '../audit/audit.service.js';
import { auditKeyFileOf } from '../audit/audit-key.js';
import { CLI_ACTOR } from '../auth/actor.js';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { BackgroundJob } from '../jobs.js';
import { dateInZone, systemClock } from '../time.js';
import { isPostgresUrl, openDatabase } from './database.js';

/**
 * Backup and restore of the embedded SQLite database (docs/ARCHITECTURE.md "Backup and restore").
 * The copy is `VACUUM INTO` in a worker thread: one read transaction, so continuous writes never restart it
 * and the server's event loop keeps answering; then the copy is checked (integrity_check, audit verify)
 * before it gets its final name.
 */

const WORKER_URL = new URL('./backup.worker.mjs', import.meta.url);

export interface CopyCheck {
  bytes: number;
  auditChains: number;
  auditEntries: number;
  /** The first problem `audit verify` found in the copy (a copy is faithful: the source's log is broken too); null when it verifies. */
  auditProblem: string | null;
}

/** Runs the worker: copies `source` into `target` (when given) and answers the integrity problems of `target`. */
function inWorker(data: { source?: string; target: string }): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_URL, { workerData: data });
    w.once('message', (m: { ok: true; problems: string[] } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.problems);
      else reject(new AppError('backup_failed', { params: { reason: m.message } }));
    });
    w.once('error', (e) => reject(new AppError('backup_failed', { params: { reason: e.message } })));
    w.once('exit', (code) => {
      if (code !== 0) reject(new AppError('backup_failed', { params: { reason: `worker exit ${code}` } }));
    });
  });
}

/**
 * Integrity check and audit-chain verification of a database file (a fresh copy or a backup to restore). A
 * failed integrity check throws; an audit problem is answered (a backup keeps the evidence; restore refuses).
 */
async function checkCopy(config: Config, file: string, integrityDone?: string[]): Promise<CopyCheck> {
  const problems = integrityDone ?? (await inWorker({ target: file }));
  if (problems.length > 0) throw new AppError('backup_failed', { params: { reason: problems.slice(0, 3).join('; ') } });
  const handle = openDatabase(file, { readonly: true });
  try {
    // the copy is checked with the deployment's audit key (the key never travels with the database)
    const keyFile = auditKeyFileOf(config) ?? undefined;
    const ctx: AppContext = {
      db: handle.db,
      engine: 'sqlite',
      handle,
      clock: systemClock,
      config: { ...config, db: file, auditKeyFile: keyFile },
    };
    const r = await verifyAudit(ctx, CLI_ACTOR);
    const f = r.failure;
    const auditProblem = f ? `audit ${f.chain} #${f.seq ?? '-'} ${f.problem}` : null;
    return { bytes: fs.statSync(file).size, auditChains: r.chains, auditEntries: r.entries, auditProblem };
  } finally {
    await handle.close();
  }
}

function requireSqlite(ctx: AppContext): string {
  if (ctx.engine !== 'sqlite' || ctx.handle.location === ':memory:') throw new AppError('unsupported_engine');
  return ctx.handle.location;
}

/** A checked copy of the open SQLite database at `target` (which must not exist). */
export async function backupDatabase(ctx: AppContext, target: string): Promise<CopyCheck & { file: string }> {
  const source = requireSqlite(ctx);
  if (fs.existsSync(target)) throw new AppError('backup_target_exists', { params: { file: target }, details: { file: target } });
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    const problems = await inWorker({ source, target: partial });
    const check = await checkCopy(ctx.config, partial, problems);
    fs.renameSync(partial, target);
    await recordAuditAlone(ctx, CLI_ACTOR, {
      action: 'database_backed_up',
      entityType: null,
      entityId: null,
      data: { file: path.basename(target), bytes: check.bytes, auditEntries: check.auditEntries, auditProblem: check.auditProblem },
    });
    return { file: target, ...check };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * Replaces the SQLite database at `config.db` with a checked backup. The server must be stopped. The database
 * it replaces (with its -wal/-shm files) is kept beside it as `<db>.before-restore-<time>`, never deleted.
 */
export async function restoreDatabase(
  config: Config,
  backupFile: string,
  now: Date,
): Promise<CopyCheck & { restored: string; previous: string | null }> {
  if (isPostgresUrl(config.db) || config.db === ':memory:') throw new AppError('unsupported_engine');
  if (!fs.existsSync(backupFile)) throw new AppError('database_missing', { params: { path: backupFile }, details: { path: backupFile } });
  const check = await checkCopy(config, backupFile);
  if (check.auditProblem) throw new AppError('backup_failed', { params: { reason: check.auditProblem } });
  const target = config.db;
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(`${target}${suffix}`)) fs.renameSync(`${target}${suffix}`, `${previous}${suffix}`);
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  fs.copyFileSync(backupFile, `${target}.restoring`);
  fs.renameSync(`${target}.restoring`, target);
  return { restored: target, previous, ...check };
}

const NIGHTLY = /^qiangjian-\d{4}-\d{2}-\d{2}\.db$/;

/** Nightly backup inside `serve`: one checked copy per local day in `config.backupDir`, the newest `backupKeep` kept. */
export const nightlyBackupJob: BackgroundJob = {
  name: 'backup',
  async run(ctx) {
    const dir = ctx.config.backupDir;
    if (!dir || ctx.engine !== 'sqlite' || ctx.handle.location === ':memory:') return;
    const day = dateInZone(ctx.clock.now(), ctx.config.timeZone);
    const file = path.join(dir, `qiangjian-${day}.db`);
    if (!fs.existsSync(file)) {
      const r = await backupDatabase(ctx, file);
      if (r.auditProblem) process.stderr.write(`nightly backup ${file}: ${r.auditProblem}\n`);
    }
    const old = fs
      .readdirSync(dir)
      .filter((f) => NIGHTLY.test(f))
      .sort()
      .reverse()
      .slice(ctx.config.backupKeep);
    for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  },
};
