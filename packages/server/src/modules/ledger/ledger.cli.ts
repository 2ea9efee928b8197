import fs from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS, EXPORT_LAYOUTS, t } from '@qiangjian/shared';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { AppError, invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { orgIdByCreditCode } from '../orgs/orgs.service.js';
import { exportLedger } from './export/ledger-export.service.js';
import { runLedgerImport } from './import/ledger-import.service.js';
import { isFileLevelError } from './import/parse-ledger.js';
import { reconcileRoster } from './reconcile/reconcile.service.js';

/** `qiangjian ledger import | export | reconcile` (issue 4 items 3–5). Commands parse arguments and call services. */

function opts<T>(cmd: Command): T & GlobalOpts {
  return cmd.optsWithGlobals() as T & GlobalOpts;
}

async function orgIdByCredit(ctx: AppContext, code: string): Promise<number> {
  const norm = code.normalize('NFKC').trim().toUpperCase();
  const id = await orgIdByCreditCode(ctx.db, norm);
  if (id === undefined) throw new AppError('unknown_organization', { params: { code: norm }, details: { creditCode: norm } });
  return id;
}

function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? t('cli.ledger.fileMissing', { file }) : String((e as Error).message);
    throw new AppError('import_file_unreadable', { params: { reason }, details: { file } });
  }
}

/** Exit 2 with a one-line Chinese reason (and the error object on stdout with --json). */
function failUsable(fail: CliKit['fail'], e: unknown, json: boolean | undefined): void {
  fail(e, json, isFileLevelError(e) ? 2 : 1);
}

export function registerLedgerCli(program: Command, { withContext, printJson, fail, progressBar }: CliKit): void {
  const ledger = program.command('ledger').description(t('cli.help.ledger.desc'));

  ledger
    .command('import')
    .description(t('cli.help.ledger.import.desc'))
    .argument('<file>', t('cli.help.ledger.import.arg.file'))
    .requiredOption('--org <creditCode>', t('cli.help.ledger.import.opt.org'))
    .option('--strict', t('cli.help.ledger.import.opt.strict'))
    .option('--dry-run', t('cli.help.ledger.import.opt.dry-run'))
    .option('--sheet <name>', t('cli.help.ledger.import.opt.sheet'))
    .option('--json', t('cli.help.ledger.import.opt.json'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const o = opts<{ org: string; strict?: boolean; dryRun?: boolean; sheet?: string }>(cmd);
      try {
        await withContext(o, async (ctx) => {
          const content = readInput(file);
          const orgId = await orgIdByCredit(ctx, o.org);
          const bar = progressBar(t('cli.ledger.progress'));
          const r = await runLedgerImport(ctx, CLI_ACTOR, {
            orgId,
            fileName: path.basename(file),
            content,
            mode: o.strict ? 'strict' : 'partial',
            dryRun: o.dryRun === true,
            sheet: o.sheet,
            onProgress: (f) => bar.update(f),
          });
          bar.update(1);
          bar.done();
          const shape = (xs: typeof r.errors) => xs.map((e) => ({ row: e.row, column: e.column, code: e.code, message: e.message }));
          if (o.json) {
            printJson({
              inserted: r.inserted,
              updated: r.updated,
              unchanged: r.unchanged,
              rejected: r.rejected,
              errors: shape(r.errors),
              warnings: shape(r.warnings),
            });
          } else {
            process.stdout.write(
              `${t('cli.ledger.importDone', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected })}${o.dryRun ? t('cli.ledger.dryRun') : ''}\n`,
            );
            if (o.strict && r.rejected > 0) process.stdout.write(`${t('cli.ledger.strictRolledBack')}\n`);
            for (const e of r.errors)
              process.stdout.write(`${t('cli.ledger.rowErrorLine', { row: e.row, column: e.column ?? '-', message: e.message })}\n`);
          }
          process.exitCode = r.rejected > 0 ? 1 : 0;
        });
      } catch (e) {
        failUsable(fail, e, o.json);
      }
    });

  ledger
    .command('export')
    .description(t('cli.help.ledger.export.desc'))
    .option('--org <creditCode>', t('cli.help.ledger.export.opt.org'))
    .option('--region <code>', t('cli.help.ledger.export.opt.region'))
    .option('--as-of <date>', t('cli.help.ledger.export.opt.as-of'))
    .option('--format <fmt>', t('cli.help.ledger.export.opt.format', { formats: EXPORT_FORMATS.join('|') }), 'xlsx')
    .option('--layout <layout>', t('cli.help.ledger.export.opt.layout', { layouts: EXPORT_LAYOUTS.join('|') }), 'attachment1')
    .requiredOption('--out <file>', t('cli.help.ledger.export.opt.out'))
    .option('--json', t('cli.help.ledger.export.opt.json'))
    .action(async (_o: unknown, cmd: Command) => {
      const o = opts<{ org?: string; region?: string; asOf?: string; format: string; layout: string; out: string }>(cmd);
      try {
        if (!o.org && !o.region) throw new AppError('export_scope_required');
        if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw invalidParameter('--format', o.format);
        if (!(EXPORT_LAYOUTS as readonly string[]).includes(o.layout)) throw invalidParameter('--layout', o.layout);
        if (o.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw invalidParameter('--as-of', o.asOf);
        if (o.region && !/^\d{6}(\d{3})?$/.test(o.region)) throw invalidParameter('--region', o.region);
        await withContext(o, async (ctx) => {
          const orgId = o.org ? await orgIdByCredit(ctx, o.org) : undefined;
          const out = fs.createWriteStream(o.out);
          const finished = new Promise<void>((resolve, reject) => {
            out.on('finish', () => resolve());
            out.on('error', reject);
          });
          const bar = progressBar(t('cli.ledger.exportProgress'));
          const r = await exportLedger(
            ctx,
            CLI_ACTOR,
            {
              orgId,
              region: o.region,
              asOf: o.asOf,
              format: o.format as 'xlsx',
              layout: o.layout as 'attachment1',
              onProgress: (n) => bar.update(n / (n + 10000)),
            },
            out,
          );
          await finished;
          bar.done();
          if (o.json) printJson({ ...r, file: o.out });
          else process.stdout.write(`${t('cli.ledger.exported', { rows: r.rows, file: o.out })}\n`);
        });
      } catch (e) {
        failUsable(fail, e, o.json);
      }
    });

  ledger
    .command('reconcile')
    .description(t('cli.help.ledger.reconcile.desc'))
    .argument('<rosterFile>', t('cli.help.ledger.reconcile.arg.rosterFile'))
    .requiredOption('--org <creditCode>', t('cli.help.ledger.reconcile.opt.org'))
    .option('--as-of <date>', t('cli.help.ledger.reconcile.opt.as-of'))
    .option('--json', t('cli.help.ledger.reconcile.opt.json'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const o = opts<{ org: string; asOf?: string }>(cmd);
      try {
        await withContext(o, async (ctx) => {
          const content = readInput(file);
          const orgId = await orgIdByCredit(ctx, o.org);
          const r = await reconcileRoster(ctx, CLI_ACTOR, { orgId, fileName: path.basename(file), content, asOf: o.asOf });
          if (o.json) printJson(r);
          else
            process.stdout.write(
              `${t('cli.ledger.reconciled', { roster: r.rosterCount, notFiled: r.counts.notFiled, notInRoster: r.counts.notInRoster, pastLimit: r.counts.pastLimit })}\n`,
            );
        });
      } catch (e) {
        failUsable(fail, e, o.json);
      }
    });
}
