import type { AppContext } from './context.js';
import { dateInZone } from './time.js';

export interface BackgroundJob {
  name: string;
  /** Runs once per local day (configured zone), the first time at start. */
  run(ctx: AppContext): Promise<void>;
}

/** Runs the given daily jobs inside `serve`. */
export function startBackgroundJobs(ctx: AppContext, jobs: BackgroundJob[]): { stop(): void } {
  let lastDay = '';
  let running = false;
  const tick = async () => {
    if (running) return;
    const day = dateInZone(ctx.clock.now(), ctx.config.timeZone);
    if (day === lastDay) return;
    running = true;
    try {
      for (const job of jobs) await job.run(ctx);
      lastDay = day;
    } catch (err) {
      process.stderr.write(`background job failed: ${err instanceof Error ? err.message : String(err)}\n`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
