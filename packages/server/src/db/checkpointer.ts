import { Worker } from 'node:worker_threads';
import { setAutoCheckpoint } from './checkpoint.repository.js';
import type { DatabaseHandle } from './database.js';

const WORKER_URL = new URL('./checkpoint.worker.mjs', import.meta.url);
/** SQLite's default: the committing connection checkpoints once the WAL holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * SQLite in `serve`: WAL checkpoints off the event loop. By default the connection that commits copies the WAL into
 * the database file (and syncs it) whenever the WAL passes 1,000 pages — on the server's one connection, inside the
 * commit of whatever request or chunk crossed the mark, for tens to hundreds of milliseconds while the event loop
 * waits. Here the main connection stops checkpointing and a worker thread with its own connection checkpoints
 * (PASSIVE: it waits for nobody) every `intervalMs` once the WAL holds `minWalBytes`. If the worker fails, the main
 * connection checkpoints again as before. Returns `stop`. Does nothing for PostgreSQL or an in-memory database.
 */
export function startCheckpointer(
  handle: DatabaseHandle,
  o: {
    intervalMs?: number;
    minWalBytes?: number;
    onError?: (message: string) => void;
    /** after each checkpoint: frames in the WAL and frames copied */
    onCheckpoint?: (r: { log: number; done: number }) => void;
  } = {},
): { stop(): Promise<void>; ready: Promise<void> } {
  const sqlite = handle.sqlite;
  if (!sqlite || handle.location === ':memory:') return { stop: async () => undefined, ready: Promise.resolve() };
  setAutoCheckpoint(sqlite, 0);
  const worker = new Worker(WORKER_URL, {
    workerData: { file: handle.location, intervalMs: o.intervalMs ?? 250, minWalBytes: o.minWalBytes ?? 4 * 1024 * 1024 },
  });
  worker.unref();
  let stopped = false;
  let alive = true;
  const fallBack = (message: string) => {
    if (!stopped && sqlite.open) setAutoCheckpoint(sqlite, DEFAULT_AUTOCHECKPOINT_PAGES);
    o.onError?.(message);
  };
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (m: { ready?: boolean; error?: string; checkpoint?: { log: number; done: number } }) => {
      if (m.ready) resolve();
      if (m.checkpoint) o.onCheckpoint?.(m.checkpoint);
      if (m.error) fallBack(m.error);
    });
    worker.on('error', (e) => {
      fallBack(e.message);
      resolve();
    });
    worker.on('exit', (code) => {
      alive = false;
      if (!stopped) fallBack(`checkpoint worker exited with ${code}`);
      resolve();
    });
  });
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (sqlite.open) setAutoCheckpoint(sqlite, DEFAULT_AUTOCHECKPOINT_PAGES);
      if (!alive) return;
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.postMessage('stop');
      await exited;
    },
  };
}
