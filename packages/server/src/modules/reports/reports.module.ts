import type { ModuleDef } from '../module.js';
import { syncReportSpans } from './attachments/spans.service.js';
import { registerReportsCli } from './reports.cli.js';
import { reportsRoutes } from './reports.routes.js';

/** How often `serve` builds the status spans of instruments changed since (a report also builds them before it reads). */
const SPANS_INTERVAL_MS = 15_000;

/** Campaign statistics: Attachments 2 and 3 from the records, KPIs, drill-downs (docs/REPORTS.md). */
export const reportsModule: ModuleDef = {
  name: 'reports',
  routes: reportsRoutes,
  cli: registerReportsCli,
  // the spans of changed instruments are built in the background, so that a report rarely waits for them
  serve: (ctx) => {
    let running: Promise<unknown> | null = null;
    const run = () => {
      running ??= syncReportSpans(ctx)
        .catch((err) => {
          process.stderr.write(`report spans failed: ${err instanceof Error ? err.message : String(err)}\n`);
        })
        .finally(() => {
          running = null;
        });
    };
    run();
    const timer = setInterval(run, SPANS_INTERVAL_MS);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  },
};
