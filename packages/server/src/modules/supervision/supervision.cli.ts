import fs from 'node:fs';
import { drawDifferenceText, t, verifyPublishedDraw, ZCreateDrawRequest, ZPublishedDraw, ZRunDrawRequest } from '@qiangjian/shared';
import type { Command } from 'commander';
import type { z } from 'zod';
import { CLI_ACTOR } from '../../auth/actor.js';
import { invalidParameter } from '../../errors.js';
import type { CliKit, GlobalOpts } from '../module.js';
import { createDraw, publicDraw, runDrawPlan } from './draws/draws.service.js';
import { addConflict, inspectorIdByCert } from './registers/inspectors.service.js';

/** The first problem of a zod parse as `invalid_parameter` naming the field. */
function parsed<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw invalidParameter(issue?.path.map(String).join('.') || 'input', issue?.message ?? 'invalid');
}

function intOpt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParameter(name, 'integer');
  return Number(v);
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `qiangjian draw create|run|show|verify` and `qiangjian inspector conflict add` (docs/SUPERVISION.md). */
export function supervisionCli(program: Command, { withContext, printJson, fail }: CliKit): void {
  const draw = program.command('draw').description(t('cli.help.draw.desc'));
  draw
    .command('create')
    .description(t('cli.help.draw.create.desc'))
    .requiredOption('--title <title>', t('cli.help.draw.create.opt.title'))
    .requiredOption('--region <code>', t('cli.help.draw.create.opt.region'))
    .requiredOption('--kinds <kinds>', t('cli.help.draw.create.opt.kinds'))
    .option('--by <by>', t('cli.help.draw.create.opt.by'), 'kind')
    .requiredOption('--ratio-bp <n>', t('cli.help.draw.create.opt.ratio-bp'))
    .option('--min <n>', t('cli.help.draw.create.opt.min'), '1')
    .option('--per-target <n>', t('cli.help.draw.create.opt.per-target'), '2')
    .option('--max-per-inspector <n>', t('cli.help.draw.create.opt.max-per-inspector'))
    .option('--high-risk-ratio-bp <n>', t('cli.help.draw.create.opt.high-risk-ratio-bp'))
    .option('--high-risk-threshold <n>', t('cli.help.draw.create.opt.high-risk-threshold'))
    .option('--recuse <cert:creditCode>', t('cli.help.draw.create.opt.recuse'), collect, [] as string[])
    .action(async (o: Record<string, string | string[] | undefined>, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const recusals = (o.recuse as string[]).map((r) => {
          const i = r.indexOf(':');
          if (i <= 0) throw invalidParameter('--recuse', 'CERT:CREDIT_CODE');
          return { certNo: r.slice(0, i), creditCode: r.slice(i + 1) };
        });
        const body = parsed(ZCreateDrawRequest, {
          title: o.title,
          regionCode: o.region,
          kinds: String(o.kinds)
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean),
          by: o.by,
          ratioBp: intOpt('--ratio-bp', o.ratioBp as string),
          min: intOpt('--min', o.min as string),
          inspectorsPerTarget: intOpt('--per-target', o.perTarget as string),
          maxTargetsPerInspector: intOpt('--max-per-inspector', o.maxPerInspector as string | undefined) ?? null,
          highRiskRatioBp: intOpt('--high-risk-ratio-bp', o.highRiskRatioBp as string | undefined) ?? null,
          highRiskThreshold: intOpt('--high-risk-threshold', o.highRiskThreshold as string | undefined) ?? null,
          recusals,
        });
        const r = await withContext(g, (ctx) => createDraw(ctx, CLI_ACTOR, body));
        if (g.json) printJson(r);
        else process.stdout.write(`${t('cli.draws.created', { id: r.id, commitment: r.commitment })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });
  draw
    .command('run')
    .description(t('cli.help.draw.run.desc'))
    .argument('<id>', t('cli.help.draw.run.arg.id'))
    .option('--witness <text>', t('cli.help.draw.run.opt.witness'))
    .action(async (id: string, o: { witness?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const n = intOpt('id', id) as number;
        const w = parsed(ZRunDrawRequest, { witness: o.witness ?? null });
        const r = await withContext(g, (ctx) => runDrawPlan(ctx, CLI_ACTOR, n, w.witness ?? null));
        if (g.json) printJson(r);
        else
          process.stdout.write(`${t('cli.draws.revealed', { id: r.id, assignments: r.assignments?.length ?? 0, seed: r.seed ?? '' })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });
  draw
    .command('show')
    .description(t('cli.help.draw.show.desc'))
    .argument('<id>', t('cli.help.draw.show.arg.id'))
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const n = intOpt('id', id) as number;
        const r = await withContext(g, (ctx) => publicDraw(ctx, n));
        if (g.json) printJson(r);
        else
          process.stdout.write(
            `${t('cli.draws.show', { id: r.id, title: r.title, commitment: r.commitment, state: r.seed ? t('pages.draws.state.revealed') : t('pages.draws.state.committed') })}\n`,
          );
      } catch (e) {
        fail(e, g.json);
      }
    });
  draw
    .command('verify')
    .description(t('cli.help.draw.verify.desc'))
    .argument('<file>', t('cli.help.draw.verify.arg.file'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      let record: z.infer<typeof ZPublishedDraw>;
      try {
        record = ZPublishedDraw.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch (e) {
        const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
        if (g.json) printJson({ ok: false, error: 'unusable', reason });
        process.stderr.write(`${t('cli.draws.unusable', { file, reason: reason ?? '' })}\n`);
        process.exitCode = 2;
        return;
      }
      const v = await verifyPublishedDraw(record);
      if (g.json) printJson(v);
      if (!v.ok && (v.difference.what === 'not_revealed' || v.difference.what === 'algorithm')) {
        // nothing to re-compute: a record before its run, or of another algorithm
        process.stderr.write(`${t('cli.draws.unusable', { file, reason: drawDifferenceText(v.difference) })}\n`);
        process.exitCode = 2;
        return;
      }
      if (v.ok) {
        if (!g.json) process.stdout.write(`${t('cli.draws.verified', { id: record.id, commitment: record.commitment })}\n`);
        process.exitCode = 0;
      } else {
        process.stderr.write(`${t('cli.draws.mismatch', { id: record.id, difference: drawDifferenceText(v.difference) })}\n`);
        process.exitCode = 1;
      }
    });

  const inspector = program.command('inspector').description(t('cli.help.inspector.desc'));
  const conflict = inspector.command('conflict').description(t('cli.help.inspector.conflict.desc'));
  conflict
    .command('add')
    .description(t('cli.help.inspector.conflict.add.desc'))
    .requiredOption('--cert <cert>', t('cli.help.inspector.conflict.add.opt.cert'))
    .requiredOption('--org <creditCode>', t('cli.help.inspector.conflict.add.opt.org'))
    .option('--note <text>', t('cli.help.inspector.conflict.add.opt.note'))
    .action(async (o: { cert: string; org: string; note?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      try {
        const r = await withContext(g, async (ctx) => {
          const id = await inspectorIdByCert(ctx, CLI_ACTOR, o.cert);
          return addConflict(ctx, CLI_ACTOR, id, { creditCode: o.org, note: o.note ?? null });
        });
        if (g.json) printJson(r);
        else process.stdout.write(`${t('cli.draws.conflictAdded', { cert: r.certNo, org: o.org, count: r.conflicts.length })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });
}
