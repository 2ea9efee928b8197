import { ORG_KINDS, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { createOrg } from './orgs.service.js';

/** `qiangjian org create`. */
export function registerOrgsCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const org = program.command('org').description(t('cli.help.org.desc'));
  org
    .command('create')
    .description(t('cli.help.org.create.desc'))
    .requiredOption('--name <name>', t('cli.help.org.create.opt.name'))
    .requiredOption('--kind <kind>', t('cli.help.org.create.opt.kind', { kinds: ORG_KINDS.join('|') }))
    .requiredOption('--credit-code <code>', t('cli.help.org.create.opt.credit-code'))
    .requiredOption('--region <code>', t('cli.help.org.create.opt.region'))
    .option('--address <text>', t('cli.help.org.create.opt.address'))
    .option('--towns <codes>', t('cli.help.org.create.opt.towns'))
    .action(
      async (o: { name: string; kind: string; creditCode: string; region: string; address?: string; towns?: string }, cmd: Command) => {
        const g = cmd.optsWithGlobals() as GlobalOpts;
        try {
          if (!(ORG_KINDS as readonly string[]).includes(o.kind)) throw invalidParameter('--kind', `${o.kind} ∉ ${ORG_KINDS.join('|')}`);
          if (!/^\d{6}(\d{3})?$/.test(o.region)) throw invalidParameter('--region', o.region);
          await withContext(g, async (ctx) => {
            const created = await createOrg(ctx, CLI_ACTOR, {
              name: o.name,
              kind: o.kind as (typeof ORG_KINDS)[number],
              creditCode: o.creditCode,
              regionCode: o.region,
              address: o.address ?? null,
              townCodes: o.towns ? o.towns.split(',').map((s) => s.trim()) : undefined,
            });
            if (g.json) printJson(created);
            else process.stdout.write(`${t('cli.org.created', { name: created.name, creditCode: created.creditCode })}\n`);
          });
        } catch (e) {
          fail(e, g.json);
        }
      },
    );
}
