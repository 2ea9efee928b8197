import fs from 'node:fs';
import { KPI_GROUPINGS, REPORT_FORMATS, type ReportFormat, t, ZDate } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import { AppError, invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { syncReportSpans } from './attachments/spans.service.js';
import { type AttachmentId, kpiReport, renderAttachment } from './reports.service.js';

/**
 * `qiangjian report attachment2|attachment3|kpi` (docs/REPORTS.md). Exit 2 with a Chinese message on a bad region,
 * dates out of order, a bad date or an unknown format; 1 on any other failure.
 */

interface ReportOpts extends GlobalOpts {
  region: string;
  from: string;
  to: string;
  asOf?: string;
  format?: string;
  out?: string;
  by?: string;
}

/** Usage errors (exit 2): the request itself is wrong. */
const USAGE_CODES = new Set(['invalid_parameter', 'report_region_unknown', 'not_found']);

function checkDates(o: ReportOpts): void {
  for (const [option, value] of [
    ['--from', o.from],
    ['--to', o.to],
    ['--as-of', o.asOf],
  ] as const) {
    if (value !== undefined && !ZDate.safeParse(value).success) throw invalidParameter(option, t('cli.report.badDate', { value, option }));
  }
}

export function registerReportsCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const report = program.command('report').description(t('cli.help.report.desc'));
  const run = async (o: ReportOpts, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      fail(e, o.json, e instanceof AppError && USAGE_CODES.has(e.code) ? 2 : 1);
    }
  };
  for (const id of ['attachment2', 'attachment3'] as AttachmentId[]) {
    report
      .command(id)
      .description(t(`cli.help.report.${id}.desc`))
      .requiredOption('--region <code>', t('cli.help.report.attachment.opt.region'))
      .requiredOption('--from <date>', t('cli.help.report.attachment.opt.from'))
      .requiredOption('--to <date>', t('cli.help.report.attachment.opt.to'))
      .option('--as-of <date>', t('cli.help.report.attachment.opt.as-of'))
      .option('--format <format>', t('cli.help.report.attachment.opt.format'), 'json')
      .option('--out <file>', t('cli.help.report.attachment.opt.out'), '-')
      .action(async (_o: unknown, cmd: Command) => {
        const o = cmd.optsWithGlobals() as ReportOpts;
        await run(o, async () => {
          const format = o.format ?? 'json';
          if (!(REPORT_FORMATS as readonly string[]).includes(format))
            throw invalidParameter('--format', t('cli.report.badFormat', { format }));
          checkDates(o);
          if (format !== 'json' && (o.out ?? '-') === '-') throw invalidParameter('--out', t('cli.report.badFormat', { format }));
          await withContext(o, async (ctx) => {
            const r = await renderAttachment(
              ctx,
              CLI_ACTOR,
              id,
              { regionCode: o.region, from: o.from, to: o.to, asOf: o.asOf },
              format as ReportFormat,
            );
            if (r.format === 'json') {
              const { identityViolations, blocks, ...rest } = r.report;
              const body = {
                ...rest,
                ...(id === 'attachment2' ? { blocks } : {}),
                ...(identityViolations.length ? { identityViolations } : {}),
              };
              if ((o.out ?? '-') === '-') printJson(body);
              else {
                fs.writeFileSync(o.out as string, `${JSON.stringify(body, null, 2)}\n`);
                process.stderr.write(`${t('cli.report.written', { file: o.out })}\n`);
              }
              if (identityViolations.length) process.exitCode = 1;
            } else {
              fs.writeFileSync(o.out as string, r.bytes);
              process.stderr.write(`${t('cli.report.written', { file: o.out })}\n`);
            }
          });
        });
      });
  }
  report
    .command('kpi')
    .description(t('cli.help.report.kpi.desc'))
    .requiredOption('--region <code>', t('cli.help.report.kpi.opt.region'))
    .requiredOption('--from <date>', t('cli.help.report.kpi.opt.from'))
    .requiredOption('--to <date>', t('cli.help.report.kpi.opt.to'))
    .option('--as-of <date>', t('cli.help.report.kpi.opt.as-of'))
    .option('--by <grouping>', t('cli.help.report.kpi.opt.by'))
    .option('--json', t('cli.help.report.kpi.opt.json'))
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as ReportOpts;
      await run(o, async () => {
        if (o.by !== undefined && !(KPI_GROUPINGS as readonly string[]).includes(o.by))
          throw invalidParameter('--by', t('cli.report.badBy', { by: o.by }));
        checkDates(o);
        await withContext(o, async (ctx) => {
          const r = await kpiReport(ctx, CLI_ACTOR, {
            regionCode: o.region,
            from: o.from,
            to: o.to,
            asOf: o.asOf,
            by: o.by as (typeof KPI_GROUPINGS)[number] | undefined,
          });
          printJson(r);
        });
      });
    });
  report
    .command('spans')
    .description(t('cli.help.report.spans.desc'))
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as GlobalOpts;
      await withContext(o, async (ctx) => {
        const t0 = performance.now();
        const built = await syncReportSpans(ctx, (b, left) =>
          process.stderr.write(`${t('cli.report.spansProgress', { built: b, left })}\n`),
        );
        process.stderr.write(`${t('cli.report.spansDone', { built, seconds: ((performance.now() - t0) / 1000).toFixed(1) })}\n`);
      });
    });
}
