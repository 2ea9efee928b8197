import type { AppContext } from './context.js';

export interface BackgroundJob {
  name: string;
  /** Runs once per local day (configured zone) and once at start. */
  run(ctx: AppContext): Promise<void>;
}

/** Jobs `serve` runs in the background (the nightly status refresh registers here). */
export const BACKGROUND_JOBS: BackgroundJob[] = [];

export function startBackgroundJobs(ctx: AppContext): { stop(): void } {
  let lastDay = '';
  let running = false;
  const tick = async () => {
    if (running) return;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.timeZone }).format(ctx.clock.now());
    if (day === lastDay) return;
    running = true;
    try {
      for (const job of BACKGROUND_JOBS) await job.run(ctx);
      lastDay = day;
    } catch {
      // retried on the next tick
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
