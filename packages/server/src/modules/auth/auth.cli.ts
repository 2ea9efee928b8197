import { t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { createToken } from '../../auth/auth.service.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { userIdByUsername } from '../users/users.service.js';

/** `qiangjian token create`. */
export function registerAuthCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const token = program.command('token').description(t('cli.help.token.desc'));
  token
    .command('create')
    .description(t('cli.help.token.create.desc'))
    .requiredOption('--username <u>', t('cli.help.token.create.opt.username'))
    .option('--name <name>', t('cli.help.token.create.opt.name'), 'cli')
    .option('--days <n>', t('cli.help.token.create.opt.days'))
    .action(async (o: { username: string; name: string; days?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        await withContext(g, async (ctx) => {
          const userId = await userIdByUsername(ctx.db, o.username);
          if (userId === undefined) throw invalidParameter('--username', o.username);
          const days = o.days === undefined ? undefined : Number(o.days);
          if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw invalidParameter('--days', String(o.days));
          const r = await createToken(ctx, CLI_ACTOR, { name: o.name, expiresInDays: days }, userId);
          if (g.json) printJson(r);
          else process.stdout.write(`${t('cli.token.created', { token: r.token })}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
}
