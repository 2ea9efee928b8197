import { t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { deliverEmails } from './email-queue.service.js';
import { produceNotifications } from './notifications.service.js';

/** `qiangjian notify run` (the producer now) and `qiangjian notify deliver` (the due e-mails now). */
export function registerNotificationsCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const notify = program.command('notify').description(t('cli.help.notify.desc'));
  notify
    .command('run')
    .description(t('cli.help.notify.run.desc'))
    .option('--days <n>', t('cli.help.notify.run.opt.days'))
    .action(async (o: { days?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const days = o.days === undefined ? undefined : Number(o.days);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 366)) throw invalidParameter('--days', o.days ?? '');
        await withContext(g, async (ctx) => {
          const r = await produceNotifications(ctx, { lookbackDays: days });
          const d = await deliverEmails(ctx);
          if (g.json) printJson({ ...r, emails: d });
          else {
            process.stdout.write(`${t('cli.notify.produced', { created: r.created, candidates: r.candidates })}\n`);
            process.stdout.write(`${t('cli.notify.delivered', { ...d })}\n`);
          }
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
  notify
    .command('deliver')
    .description(t('cli.help.notify.deliver.desc'))
    .action(async (_o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        await withContext(g, async (ctx) => {
          const d = await deliverEmails(ctx);
          if (g.json) printJson(d);
          else process.stdout.write(`${t('cli.notify.delivered', { ...d })}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
}
