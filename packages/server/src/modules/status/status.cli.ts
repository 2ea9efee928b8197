import { isValidDate, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR, regionPrefix } from '../../auth/actor.js';
import { today } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import {
  refreshStatuses,
  resolveOrgByCreditCode,
  type StatusListRow,
  type StatusReportScope,
  statusCounts,
  statusList,
} from './status.service.js';

interface StatusOpts {
  asOf?: string;
  org?: string;
  region?: string;
  list?: boolean;
}

function checkAsOf(v: string | undefined): void {
  if (v !== undefined && !isValidDate(v)) throw invalidParameter('--as-of', t('cli.status.badDate'));
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes to stdout respecting back-pressure (long lists stream). */
async function out(s: string): Promise<void> {
  if (!process.stdout.write(s)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
}

export function registerStatusCli(program: Command, { withContext, printJson, fail, progressBar }: CliKit): void {
  const status = program
    .command('status')
    .description(t('cli.help.status.desc'))
    .option('--as-of <date>', t('cli.help.status.opt.as-of'))
    .option('--org <creditCode>', t('cli.help.status.opt.org'))
    .option('--region <code>', t('cli.help.status.opt.region'))
    .option('--list', t('cli.help.status.opt.list'))
    .action(async (o: StatusOpts, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        checkAsOf(o.asOf);
        if (o.org && o.region) throw invalidParameter('--org/--region', t('cli.status.orgRegionExclusive'));
        if (o.region !== undefined && !/^\d{6}(\d{3})?$/.test(o.region)) throw invalidParameter('--region', t('cli.status.badRegion'));
        await withContext(g, async (ctx) => {
          const scope: StatusReportScope = {};
          if (o.org) {
            const id = await resolveOrgByCreditCode(ctx, o.org);
            if (id === null) throw invalidParameter('--org', t('cli.status.unknownOrg'));
            scope.orgId = id;
          }
          if (o.region) scope.regionPrefix = regionPrefix(o.region);
          const bar = progressBar(t('cli.status.refreshing'));
          if (!o.list) {
            const r = await statusCounts(ctx, CLI_ACTOR, scope, o.asOf, bar.update);
            bar.done();
            if (g.json) return printJson(r);
            const rows = r.counts.map((c) => [
              t(`enum.category.${c.category}`),
              t(`enum.status.${c.status}`),
              String(c.instruments),
              String(c.units),
            ]);
            const sum = r.counts.reduce((a, c) => ({ n: a.n + c.instruments, u: a.u + c.units }), { n: 0, u: 0 });
            rows.push([t('cli.status.total'), '', String(sum.n), String(sum.u)]);
            process.stdout.write(`${t('cli.status.title', { asOf: r.asOf })}\n`);
            process.stdout.write(
              `${table([t('cli.status.col.category'), t('cli.status.col.status'), t('cli.status.col.instruments'), t('cli.status.col.units')], rows)}\n`,
            );
            return;
          }
          const asOf = o.asOf ?? today(ctx);
          if (g.json) {
            await out(`{\n  "asOf": ${JSON.stringify(asOf)},\n  "instruments": [`);
            let first = true;
            await statusList(
              ctx,
              CLI_ACTOR,
              scope,
              o.asOf,
              async (row: StatusListRow) => {
                await out(`${first ? '\n' : ',\n'}    ${JSON.stringify(row)}`);
                first = false;
              },
              bar.update,
            );
            bar.done();
            await out(`${first ? '' : '\n  '}]\n}\n`);
            return;
          }
          process.stdout.write(`${t('cli.status.listTitle', { asOf })}\n`);
          const header = [
            t('cli.status.col.serialNo'),
            t('cli.status.col.category'),
            t('cli.status.col.status'),
            t('cli.status.col.validUntil'),
            t('cli.status.col.reason'),
          ];
          // a readable table in pages of 1000 rows (memory-bounded)
          let page: string[][] = [];
          let any = false;
          const flush = async () => {
            if (page.length) await out(`${table(header, page)}\n`);
            page = [];
          };
          await statusList(ctx, CLI_ACTOR, scope, o.asOf, async (r) => {
            any = true;
            page.push([r.serialNo, t(`enum.category.${r.category}`), t(`enum.status.${r.status}`), r.validUntil ?? '', r.reason]);
            if (page.length >= 1000) await flush();
          });
          await flush();
          bar.done();
          if (!any) process.stdout.write(`${t('cli.status.empty')}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });

  status
    .command('refresh')
    .description(t('cli.help.status.refresh.desc'))
    .option('--as-of <date>', t('cli.help.status.refresh.opt.as-of'))
    .option('--exclusive', t('cli.help.status.refresh.opt.exclusive'))
    .action(async (own: { asOf?: string; exclusive?: boolean }, cmd: Command) => {
      // `--as-of` may be taken by the parent `status` command: read it from the merged options
      const g = cmd.optsWithGlobals() as GlobalOpts & { asOf?: string };
      const o = { asOf: own.asOf ?? g.asOf };
      try {
        checkAsOf(o.asOf);
        await withContext(g, async (ctx) => {
          const bar = progressBar(t('cli.status.refreshing'));
          const r = await refreshStatuses(ctx, {
            asOf: o.asOf,
            onProgress: bar.update,
            actor: CLI_ACTOR,
            sqliteMode: own.exclusive ? 'bulk' : 'staged',
          });
          bar.done();
          const asOf = o.asOf ?? today(ctx);
          if (g.json) printJson({ asOf, ...r });
          else
            process.stdout.write(
              `${t('cli.status.refreshed', { asOf, instruments: r.instruments, changed: r.changed, seconds: (r.ms / 1000).toFixed(1) })}\n`,
            );
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
}
