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
 * Workers are kept warm between reads (a small idle pool), so only the first read pays the worker's start-up.
 * The status refresh keeps its own worker (status.worker.ts): it splits id ranges across several workers
 * and transfers typed arrays, tuned for 1M rows.
 */
import { parentPort, Worker } from 'node:worker_threads';
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

interface Job {
  id: number;
  location: string;
  module: string;
  fn: string;
  input: unknown;
  maxInFlight: number;
}

type Message =
  | { kind: 'batch'; job: number; items: unknown[] }
  | { kind: 'done'; job: number }
  | { kind: 'error'; job: number; message: string };
type Command = { kind: 'job'; job: Job } | { kind: 'ack'; job: number } | { kind: 'cancel'; job: number };

/** How long an abandoned read may take to reach its next batch and stop before its worker is ended instead. */
const CANCEL_WAIT_MS = 2_000;

const BOOT_URL = new URL('./read-worker.boot.mjs', import.meta.url);

/**
 * Warm workers: starting one costs the TypeScript loader and the module graph (seconds), so a finished read
 * hands its worker back for the next one. At most `POOL_SIZE` wait idle, unreferenced (they never keep the
 * process alive), and an idle worker ends after `IDLE_MS`. A read the caller abandons ends its worker.
 */
const POOL_SIZE = 2;
const IDLE_MS = 60_000;
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
let nextJob = 0;

function takeWorker(): Worker {
  const w = idle.pop();
  if (w) {
    clearTimeout(w.timer);
    w.worker.ref();
    return w.worker;
  }
  return new Worker(BOOT_URL);
}

function giveBack(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  if (idle.length >= POOL_SIZE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const entry = {
    worker,
    timer: setTimeout(() => {
      const i = idle.indexOf(entry);
      if (i >= 0) idle.splice(i, 1);
      void worker.terminate();
    }, IDLE_MS),
  };
  entry.timer.unref();
  // a worker that dies while idle is simply dropped
  worker.once('exit', () => {
    const i = idle.indexOf(entry);
    if (i >= 0) idle.splice(i, 1);
    clearTimeout(entry.timer);
  });
  idle.push(entry);
}

/** The database the worker should open: the file path, or the PostgreSQL URL with its password. */
function locationOf(ctx: AppContext): string {
  return ctx.engine === 'postgres' ? ctx.config.db : ctx.handle.location;
}

/** Runs `spec.fn` of `spec.module` in a worker thread on its own read-only connection; yields its batches. */
export async function* readInWorker<I, T>(ctx: AppContext, spec: ReadSpec<I>): AsyncGenerator<T[], void, undefined> {
  if (ctx.engine === 'sqlite' && ctx.handle.location === ':memory:') throw new Error('readInWorker needs a database file');
  const job: Job = {
    id: ++nextJob,
    location: locationOf(ctx),
    module: spec.module.href,
    fn: spec.fn,
    input: spec.input,
    maxInFlight: spec.maxInFlight ?? 4,
  };
  const worker = takeWorker();
  const queue: T[][] = [];
  let finished = false;
  let failure: Error | null = null;
  let exited = false;
  let workerFailed = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: Message) => {
    if (m.job !== job.id) return;
    if (m.kind === 'batch') queue.push(m.items as T[]);
    else if (m.kind === 'done') finished = true;
    else failure = new Error(`read worker failed: ${m.message}`);
    signal();
  });
  worker.on('error', (e) => {
    workerFailed = true;
    failure = e;
    signal();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (!finished && !failure) failure = new Error(`read worker exited with ${code}`);
    signal();
  });
  worker.postMessage({ kind: 'job', job } satisfies Command);
  try {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        yield batch;
        worker.postMessage({ kind: 'ack', job: job.id } satisfies Command);
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  } finally {
    if (!exited && !workerFailed && !finished && !failure) {
      // abandoned by the caller: ask the read to stop at its next batch, and keep the worker when it does
      worker.postMessage({ kind: 'cancel', job: job.id } satisfies Command);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CANCEL_WAIT_MS);
        const check = () => {
          if (finished || failure || exited) {
            clearTimeout(timer);
            resolve();
          } else wake = check;
        };
        wake = check;
      });
    }
    // a read that ended (done, or its own error) leaves a sound worker for the next one
    if (!exited && !workerFailed && (finished || failure)) giveBack(worker);
    else await worker.terminate();
  }
}

/** Thrown inside the worker when the caller stopped reading: the read ends at its next batch. */
class ReadCancelled extends Error {}

/** Worker side (called by read-worker.boot.mjs): runs one job after the other, each on its own connection. */
export async function serveReadWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveReadWorker must run in a worker thread');
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const jobs: Job[] = [];
  let nextJobArrived: (() => void) | null = null;
  let current = 0;
  let cancelled = false;
  port.on('message', (c: Command) => {
    if (c.kind === 'ack' || c.kind === 'cancel') {
      if (c.job !== current) return;
      if (c.kind === 'cancel') cancelled = true;
      else inFlight--;
      wake?.();
      wake = null;
    } else {
      jobs.push(c.job);
      nextJobArrived?.();
      nextJobArrived = null;
    }
  });
  for (;;) {
    let d = jobs.shift();
    while (!d) {
      await new Promise<void>((r) => (nextJobArrived = r));
      d = jobs.shift();
    }
    inFlight = 0;
    current = d.id;
    cancelled = false;
    try {
      const mod = (await import(d.module)) as Record<string, unknown>;
      const fn = mod[d.fn];
      if (typeof fn !== 'function') throw new Error(`${d.module} exports no function ${d.fn}`);
      const h = openDatabase(d.location, { readonly: true, poolSize: 1 });
      const job = d;
      try {
        await (fn as ReadFn<unknown, unknown>)(h, job.input, async (items) => {
          if (cancelled) throw new ReadCancelled();
          inFlight++;
          port.postMessage({ kind: 'batch', job: job.id, items } satisfies Message);
          while (inFlight >= job.maxInFlight && !cancelled) await new Promise<void>((r) => (wake = r));
          if (cancelled) throw new ReadCancelled();
        });
      } finally {
        await h.close();
      }
      port.postMessage({ kind: 'done', job: d.id } satisfies Message);
    } catch (e) {
      port.postMessage({ kind: 'error', job: d.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Message);
    }
  }
}
