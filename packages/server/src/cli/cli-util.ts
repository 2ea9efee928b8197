import { t } from '@qiangjian/shared';
import { openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';

export interface GlobalOpts {
  db?: string;
  json?: boolean;
}

/** Opens the configured database (migrated), runs fn, closes. Errors become a Chinese line and exit 1. */
export async function withContext<T>(opts: GlobalOpts, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig(opts.db ? { db: opts.db } : {});
  const ctx = await openContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.handle.close();
  }
}

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

/** Prints a clear error and sets the exit code (1 by default). */
export function fail(err: unknown, json: boolean | undefined, exitCode = 1): void {
  if (err instanceof AppError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } })}\n`);
    process.stderr.write(`${t('cli.error', { message: err.message })}\n`);
  } else {
    const msg = err instanceof Error ? err.message : String(err);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'internal_error', message: msg } })}\n`);
    process.stderr.write(`${t('cli.error', { message: msg })}\n`);
  }
  process.exitCode = exitCode;
}

/** A progress bar on stderr (only on a TTY or when forced). */
export function progressBar(label: string, enabled = process.stderr.isTTY === true) {
  let last = -1;
  return {
    update(fraction: number) {
      if (!enabled) return;
      const pct = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (pct === last) return;
      last = pct;
      const w = 30;
      const filled = Math.round((pct / 100) * w);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${pct}%`);
    },
    done() {
      if (enabled && last >= 0) process.stderr.write('\n');
    },
  };
}
