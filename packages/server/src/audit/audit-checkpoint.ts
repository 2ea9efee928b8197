import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { requirePermission, SYSTEM_ACTOR } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';
import { AppError } from '../errors.js';
import type { BackgroundJob } from '../jobs.js';
import { CHECKPOINT_FORMAT, type Checkpoint, signCheckpoint } from './audit.rules.js';
import { verifyAudit } from './audit.service.js';
import { auditKeyring } from './audit-key.js';

/**
 * Signed checkpoints of the chain heads, written outside the database (docs/ARCHITECTURE.md "Audit trail"): an
 * operator ships them elsewhere, and `audit verify --against FILE` then detects a wiped log, a cut tail with a mended
 * head and a rewrite, which the database alone cannot show.
 */
export async function createCheckpoint(ctx: AppContext, actor: Actor): Promise<Checkpoint> {
  requirePermission(actor, 'audit.verify');
  const r = await verifyAudit(ctx, actor);
  if (!r.ok) throw new AppError('audit_chain_broken', { details: { problems: r.problems } });
  const ring = auditKeyring(ctx.config);
  return signCheckpoint(
    {
      format: CHECKPOINT_FORMAT,
      at: nowIso(ctx),
      keyId: ring.current.id,
      chains: r.heads.filter((h) => h.seq > 0).map((h) => ({ chain: h.chain, seq: h.seq, hash: h.hash })),
      entries: r.entries,
    },
    ring.current.key,
  );
}

const FILE_PREFIX = 'audit-checkpoint-';

/** Writes a checkpoint to `out` (a file, or a directory to name one in); returns the file. Never overwrites. */
export async function writeCheckpoint(ctx: AppContext, actor: Actor, out: string): Promise<{ file: string; checkpoint: Checkpoint }> {
  const checkpoint = await createCheckpoint(ctx, actor);
  let file = out;
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
    file = path.join(out, `${FILE_PREFIX}${checkpoint.at.replace(/[-:.]/g, '')}.json`);
  } else {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  }
  fs.writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  return { file: path.resolve(file), checkpoint };
}

const ZCheckpoint = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  at: z.string(),
  keyId: z.string(),
  chains: z.array(z.object({ chain: z.string(), seq: z.number().int(), hash: z.string() })),
  entries: z.number().int(),
  mac: z.string(),
});

export function readCheckpoint(file: string): Checkpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw checkpointError(file, e instanceof Error ? e.message : String(e));
  }
  const r = ZCheckpoint.safeParse(parsed);
  if (!r.success) throw checkpointError(file, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function checkpointError(file: string, reason: string): AppError {
  return new AppError('audit_checkpoint_invalid', { params: { file, reason }, details: { file, reason } });
}

/** Keeps the newest `keep` checkpoint files of a directory (names sort by time). */
export function pruneCheckpoints(dir: string, keep: number): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(FILE_PREFIX) && f.endsWith('.json'))
    .sort();
  const gone = files.slice(0, Math.max(0, files.length - keep));
  for (const f of gone) fs.rmSync(path.join(dir, f), { force: true });
  return gone;
}

/** `serve`: one checkpoint a day into QIANGJIAN_AUDIT_CHECKPOINT_DIR (when set), keeping the newest N. */
export const auditCheckpointJob: BackgroundJob = {
  name: 'audit-checkpoint',
  async run(ctx) {
    const dir = ctx.config.auditCheckpointDir;
    if (!dir) return;
    // A failure (a log that no longer verifies, a full disk) is reported, not thrown: the other daily jobs still run,
    // and no checkpoint is written for a broken log.
    try {
      fs.mkdirSync(dir, { recursive: true });
      await writeCheckpoint(ctx, SYSTEM_ACTOR, dir);
      pruneCheckpoints(dir, ctx.config.auditCheckpointKeep);
    } catch (err) {
      const detail =
        err instanceof AppError ? `${err.code} ${JSON.stringify(err.details)}` : err instanceof Error ? err.message : String(err);
      process.stderr.write(`audit checkpoint failed: ${detail}\n`);
    }
  },
};
