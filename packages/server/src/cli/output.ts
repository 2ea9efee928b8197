import { t } from '@qiangjian/shared';
import { AppError } from '../errors.js';

/** CLI output helpers. Module CLIs receive them through `ModuleDef.cli`'s kit; only the shell imports this file. */

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
