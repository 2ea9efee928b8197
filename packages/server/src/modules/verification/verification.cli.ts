import { isValidDate, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { dashboard, recordOverdueFindings } from './dashboard/dashboard.service.js';

/** `qiangjian verification dashboard|overdue-findings` (docs/VERIFICATION.md). */
export function registerVerificationCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const v = program.command('verification').description(t('cli.help.verification.desc'));
  v.command('dashboard')
    .description(t('cli.help.verification.dashboard.desc'))
    .option('--from <date>', t('cli.help.verification.dashboard.opt.from'))
    .option('--to <date>', t('cli.help.verification.dashboard.opt.to'))
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
    .description(t('cli.help.verification.overdue-findings.desc'))
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
