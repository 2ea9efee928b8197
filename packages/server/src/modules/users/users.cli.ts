import { ROLES, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { randomPassword } from '../../auth/password.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { orgIdByCreditCode } from '../orgs/orgs.service.js';
import { createUser, updateUser, userIdByUsername } from './users.service.js';

/** `qiangjian user create`, `qiangjian user reset-password`. */
export function registerUsersCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const user = program.command('user').description(t('cli.help.user.desc'));
  user
    .command('create')
    .description(t('cli.help.user.create.desc'))
    .requiredOption('--username <u>', t('cli.help.user.create.opt.username'))
    .requiredOption('--role <role>', t('cli.help.user.create.opt.role', { roles: ROLES.join('|') }))
    .requiredOption('--org <creditCode>', t('cli.help.user.create.opt.org'))
    .requiredOption('--password <pw>', t('cli.help.user.create.opt.password'))
    .option('--name <displayName>', t('cli.help.user.create.opt.name'))
    .action(async (o: { username: string; role: string; org: string; password: string; name?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        if (!(ROLES as readonly string[]).includes(o.role)) throw invalidParameter('--role', `${o.role} ∉ ${ROLES.join('|')}`);
        await withContext(g, async (ctx) => {
          const orgId = await orgIdByCreditCode(ctx.db, o.org.trim().toUpperCase());
          if (orgId === undefined) throw invalidParameter('--org', o.org);
          const u = await createUser(ctx, CLI_ACTOR, {
            username: o.username,
            displayName: o.name ?? o.username,
            role: o.role as (typeof ROLES)[number],
            orgId,
            password: o.password,
          });
          if (g.json) printJson(u);
          else process.stdout.write(`${t('cli.user.created', { username: u.username, role: t(`enum.role.${u.role}`) })}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });

  user
    .command('reset-password')
    .description(t('cli.help.user.reset-password.desc'))
    .argument('<username>', t('cli.help.user.reset-password.arg.username'))
    .action(async (username: string, _o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        await withContext(g, async (ctx) => {
          const id = await userIdByUsername(ctx.db, username);
          if (id === undefined) throw invalidParameter('username', username);
          const password = randomPassword();
          await updateUser(ctx, CLI_ACTOR, id, { resetPassword: password });
          if (g.json) printJson({ username, password, mustChangePassword: true });
          else process.stdout.write(`${t('cli.user.passwordReset', { username, password })}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
}
