/**
 * Refresh worker (worker thread): reads one id range of the ledger on its own connection (read-only SQLite,
 * or one PostgreSQL client), computes statuses with the pure engine and posts the changed stored values to
 * the main thread, which writes them (status.service.ts refreshStatuses). Started through status.worker-boot.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.js';
import { type PackedChanges, packChanges, refreshChanges } from './status.compute.js';
import * as repo from './status.repository.js';
import { type RuleDef, ruleSetAsOf, statusConfigFrom } from './status.rules.js';

export interface RefreshWorkerInput {
  /** SQLite file path or PostgreSQL URL (with its password) */
  location: string;
  asOf: string;
  versions: RuleDef[];
  settings: Record<string, string>;
  scope: repo.RawRefreshScope;
  /** ids > afterId (and ≤ scope.maxId) */
  afterId: number;
  batchSize: number;
}

/** Worker → main: one computed batch (changes only), then `done`. */
export type RefreshWorkerMessage =
  | { kind: 'batch'; seen: number; changes: PackedChanges }
  | { kind: 'done' }
  | { kind: 'error'; message: string };

/** Batches posted and not yet staged by the main thread before the worker waits (bounds memory). */
const MAX_IN_FLIGHT = 4;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('status.worker must run in a worker thread');
  const d = workerData as RefreshWorkerInput;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
    wake = null;
  });
  const h = openDatabase(d.location, { readonly: true, poolSize: 1 });
  const reader = h.sqlite ? repo.sqliteRefreshReader(h.sqlite) : await repo.pgRefreshReader(h.pool as NonNullable<typeof h.pool>);
  try {
    h.sqlite?.pragma('cache_size = -32768');
    const rc = { rules: ruleSetAsOf(d.versions, d.asOf), config: statusConfigFrom(d.settings) };
    let after = d.afterId;
    for (;;) {
      const page = await reader.next(after, d.batchSize, d.scope);
      if (!page) break;
      const { upd, nupd } = refreshChanges(page, d.asOf, rc);
      inFlight++;
      const changes = packChanges(upd, nupd, d.asOf);
      port.postMessage({ kind: 'batch', seen: page.rows.length, changes } satisfies RefreshWorkerMessage, [
        changes.ids.buffer as ArrayBuffer,
        changes.nozzleIds.buffer as ArrayBuffer,
      ]);
      after = page.hi;
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    }
    port.postMessage({ kind: 'done' } satisfies RefreshWorkerMessage);
  } finally {
    await reader.close();
    await h.close();
  }
}

main().catch((e: unknown) => {
  parentPort?.postMessage({
    kind: 'error',
    message: e instanceof Error ? (e.stack ?? e.message) : String(e),
  } satisfies RefreshWorkerMessage);
});
