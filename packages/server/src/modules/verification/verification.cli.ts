import { isValidDate, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { dashboard, recordOverdueFindings } from './dashboard/dashboard.service.js';

/** `qiangjian verification dashboard|overdue-findings` (docs/VERIFICATION.md). */
export function registerVerificationCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const v = program.command('verification').description('verification workflow: acceptance clock and findings');
  v.command('dashboard')
    .description('acceptance KPIs per institution for versions submitted in [--from, --to] (JSON with --json)')
    .option('--from <date>', 'period start YYYY-MM-DD (default: 90 days before --to)')
    .option('--to <date>', 'period end YYYY-MM-DD (default: today)')
    .action(async (o: { from?: string; to?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        for (const [k, val] of [
          ['--from', o.from],
          ['--to', o.to],
        ] as const) {
          if (val !== undefined && !isValidDate(val)) throw invalidParameter(k, 'YYYY-MM-DD');
        }
        const d = await withContext(g, (ctx) => dashboard(ctx, CLI_ACTOR, { from: o.from, to: o.to }));
        if (g.json) printJson(d);
        else {
          for (const i of d.institutions) {
            process.stdout.write(
              `${t('cli.verification.kpiLine', {
                name: i.institutionName,
                submitted: i.submitted,
                rate: i.onTime.rate === null ? '—' : `${(i.onTime.rate * 100).toFixed(2)}%`,
                median: i.medianWorkingDays ?? '—',
                p90: i.p90WorkingDays ?? '—',
                overdue: i.overdueOpen,
              })}\n`,
            );
          }
        }
      } catch (e) {
        fail(e, g.json);
      }
    });
  v.command('overdue-findings')
    .description('record acceptance_delay findings for versions past their deadline (idempotent; the daily job)')
    .action(async (_o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const n = await withContext(g, (ctx) => recordOverdueFindings(ctx));
        if (g.json) printJson({ created: n });
        else process.stdout.write(`${t('cli.verification.findingsCreated', { count: n })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });
}
