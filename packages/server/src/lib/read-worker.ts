/**
 * Heavy reads in a worker thread (the wave-2 rule: a long SQLite read must not block the event loop that
 * serves requests). `readInWorker` starts a worker that opens its own read-only connection (SQLite file or one
 * PostgreSQL client), imports a read module and calls one of its exported functions; the function emits
 * batches, which come back to the caller as an async iterable, in order, with backpressure (the worker waits
 * while `maxInFlight` batches are unconsumed). Breaking out of the loop stops the worker.
 *
 * A read module exports functions of type `ReadFn`:
 *
 *   export const readOrgs: ReadFn<{ kind: string }, { id: number }> = async (h, input, emit) => { … await emit(rows) };
 *
 * and the caller writes `for await (const rows of readInWorker(ctx, { module: new URL('./x.read.ts', import.meta.url),
 * fn: 'readOrgs', input: { kind } })) …`. Input and batches cross the thread boundary by structured clone.
 * The status refresh keeps its own worker (status.worker.ts): it splits id ranges across several workers
 * and transfers typed arrays, tuned for 1M rows.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { AppContext } from '../context.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';

/** A read run in the worker: read from `h`, `await emit(batch)` for each batch; resolves when done. */
export type ReadFn<I, T> = (h: DatabaseHandle, input: I, emit: (batch: T[]) => Promise<void>) => Promise<void>;

export interface ReadSpec<I> {
  /** the read module (a .ts or .js file URL, usually `new URL('./x.read.ts', import.meta.url)`) */
  module: URL;
  /** the exported ReadFn's name */
  fn: string;
  input: I;
  /** batches posted and not yet consumed before the worker waits (default 4) */
  maxInFlight?: number;
}

interface WorkerInput {
  location: string;
  module: string;
  fn: string;
  input: unknown;
  maxInFlight: number;
}

type Message = { kind: 'batch'; items: unknown[] } | { kind: 'done' } | { kind: 'error'; message: string };

const BOOT_URL = new URL('./read-worker.boot.mjs', import.meta.url);

/** The database the worker should open: the file path, or the PostgreSQL URL with its password. */
function locationOf(ctx: AppContext): string {
  return ctx.engine === 'postgres' ? ctx.config.db : ctx.handle.location;
}

/** Runs `spec.fn` of `spec.module` in a worker thread on its own read-only connection; yields its batches. */
export async function* readInWorker<I, T>(ctx: AppContext, spec: ReadSpec<I>): AsyncGenerator<T[], void, undefined> {
  if (ctx.engine === 'sqlite' && ctx.handle.location === ':memory:') throw new Error('readInWorker needs a database file');
  const data: WorkerInput = {
    location: locationOf(ctx),
    module: spec.module.href,
    fn: spec.fn,
    input: spec.input,
    maxInFlight: spec.maxInFlight ?? 4,
  };
  const worker = new Worker(BOOT_URL, { workerData: data });
  const queue: T[][] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: Message) => {
    if (m.kind === 'batch') queue.push(m.items as T[]);
    else if (m.kind === 'done') finished = true;
    else failure = new Error(`read worker failed: ${m.message}`);
    signal();
  });
  worker.on('error', (e) => {
    failure = e;
    signal();
  });
  worker.on('exit', (code) => {
    if (!finished && !failure) failure = new Error(`read worker exited with ${code}`);
    signal();
  });
  try {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        yield batch;
        worker.postMessage('ack');
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  } finally {
    await worker.terminate();
  }
}

/** Worker side (called by read-worker.boot.mjs): opens the database, runs the read, posts its batches. */
export async function serveReadWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveReadWorker must run in a worker thread');
  const d = workerData as WorkerInput;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
    wake = null;
  });
  try {
    const mod = (await import(d.module)) as Record<string, unknown>;
    const fn = mod[d.fn];
    if (typeof fn !== 'function') throw new Error(`${d.module} exports no function ${d.fn}`);
    const h = openDatabase(d.location, { readonly: true, poolSize: 1 });
    try {
      await (fn as ReadFn<unknown, unknown>)(h, d.input, async (items) => {
        inFlight++;
        port.postMessage({ kind: 'batch', items } satisfies Message);
        while (inFlight >= d.maxInFlight) await new Promise<void>((r) => (wake = r));
      });
    } finally {
      await h.close();
    }
    port.postMessage({ kind: 'done' } satisfies Message);
  } catch (e) {
    port.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Message);
  }
}
