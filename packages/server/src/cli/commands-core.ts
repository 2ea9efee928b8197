import { makeCreditCode, t } from '@qiangjian/shared';
import { DEFAULT_BUREAU, DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { Command } from 'commander';
import { build } from '../app.js';
import { verifyAudit } from '../audit/audit.service.js';
import { readCheckpoint, writeCheckpoint } from '../audit/audit-checkpoint.js';
import { CLI_ACTOR } from '../auth/actor.js';
import { ensureAdmin, openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { backupDatabase, nightlyBackupJob, restoreDatabase } from '../db/backup.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { isPostgresUrl, migrateToLatest, openDatabase } from '../db/database.js';
import { AppError, invalidParameter } from '../errors.js';
import { startBackgroundJobs } from '../jobs.js';
import { hasData, listLogins, seedDemo } from '../modules/demo/demo.service.js';
import { MODULES } from '../modules/index.js';
import { fail, printJson } from './output.js';
import { type GlobalOpts, withContext } from './with-context.js';

function globals(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

/** The shell's own commands: serve, db, demo, audit. Module commands come from each module's `cli`. */
export function registerCoreCommands(program: Command): void {
  program
    .command('serve')
    .description(t('cli.help.serve.desc'))
    .option('--port <n>', t('cli.help.serve.opt.port'))
    .option('--host <h>', t('cli.help.serve.opt.host'))
    .action(async (o: { port?: string; host?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        const overrides: Record<string, unknown> = {};
        if (g.db) overrides.db = g.db;
        if (o.port !== undefined) {
          const p = Number(o.port);
          if (!Number.isInteger(p) || p < 1 || p > 65535) throw invalidParameter('--port', o.port);
          overrides.port = p;
        }
        if (o.host) overrides.host = o.host;
        const config = loadConfig(overrides);
        const ctx = await openContext(config);
        if (ctx.rekeyed) process.stdout.write(`${t('cli.audit.rekeyed', ctx.rekeyed)}\n`);
        const pw = await ensureAdmin(ctx, {
          name: DEFAULT_BUREAU.name,
          creditCode: makeCreditCode(DEFAULT_BUREAU.creditHead, DEFAULT_BUREAU.creditBody),
          regionCode: DEFAULT_BUREAU.regionCode,
        });
        if (pw) process.stdout.write(`${t('cli.admin.created', { password: pw })}\n`);
        const app = await build({ ctx, logger: config.logLevel !== 'silent' });
        // SQLite: WAL checkpoints in a worker thread, not inside the commits of requests on the event loop
        const checkpointer = startCheckpointer(ctx.handle, { onError: (message) => app.log.warn({ message }, 'checkpoint worker') });
        await app.listen({ port: config.port, host: config.host });
        // the nightly backup last: a failing copy must not hold back the status refresh
        const jobs = startBackgroundJobs(ctx, [...MODULES.flatMap((m) => m.jobs ?? []), nightlyBackupJob]);
        const loops = MODULES.flatMap((m) => (m.serve ? [m.serve(ctx)] : []));
        process.stdout.write(`${t('cli.serve.listening', { url: `http://${config.host}:${config.port}/` })}\n`);
        process.stdout.write(`${t('cli.serve.database', { db: ctx.handle.location })}\n`);
        const stop = async () => {
          jobs.stop();
          for (const l of loops) await l.stop();
          await app.close();
          await checkpointer.stop();
          await ctx.handle.close();
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (e) {
        fail(e, g.json);
      }
    });

  const db = program.command('db').description(t('cli.help.db.desc'));
  db.command('migrate')
    .description(t('cli.help.db.migrate.desc'))
    .action(async (_o: unknown, cmd: Command) => {
      const g = globals(cmd);
      try {
        const config = loadConfig(g.db ? { db: g.db } : {});
        const h = openDatabase(config.db);
        const n = await migrateToLatest(h.db);
        await h.close();
        if (g.json) printJson({ engine: h.engine, migrated: n });
        else process.stdout.write(`${t('cli.migrated', { engine: h.engine, count: n })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });
  db.command('backup')
    .description(t('cli.help.db.backup.desc'))
    .argument('<file>', t('cli.help.db.backup.arg.file'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      try {
        await withContext(
          g,
          async (ctx) => {
            if (ctx.engine === 'postgres')
              throw new AppError('unsupported_engine', { message: t('cli.backup.pg', { url: ctx.handle.location }) });
            const r = await backupDatabase(ctx, file);
            if (g.json) printJson(r);
            else process.stdout.write(`${t('cli.backup.done', { file, bytes: r.bytes, entries: r.auditEntries })}\n`);
            if (r.auditProblem) process.stderr.write(`${t('cli.backup.auditBroken', { reason: r.auditProblem })}\n`);
          },
          { existing: true },
        );
      } catch (e) {
        fail(e, g.json);
      }
    });
  db.command('restore')
    .description(t('cli.help.db.restore.desc'))
    .argument('<file>', t('cli.help.db.restore.arg.file'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      try {
        const config = loadConfig(g.db ? { db: g.db } : {});
        if (isPostgresUrl(config.db)) throw new AppError('unsupported_engine', { message: t('cli.restore.pg') });
        const r = await restoreDatabase(config, file, new Date());
        if (g.json) printJson(r);
        else {
          process.stdout.write(`${t('cli.restore.done', { file, db: r.restored, entries: r.auditEntries })}\n`);
          if (r.previous) process.stdout.write(`${t('cli.restore.previous', { file: r.previous })}\n`);
        }
      } catch (e) {
        fail(e, g.json);
      }
    });

  const demo = program.command('demo').description(t('cli.help.demo.desc'));
  demo
    .command('seed')
    .description(t('cli.help.demo.seed.desc'))
    .option('--if-empty', t('cli.help.demo.seed.opt.if-empty'))
    .option('--scale <fraction>', t('cli.help.demo.seed.opt.scale'))
    .action(async (o: { ifEmpty?: boolean; scale?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        await withContext(g, async (ctx) => {
          if (o.ifEmpty && (await hasData(ctx))) {
            const logins = await listLogins(ctx);
            if (g.json) return printJson({ skipped: true, logins, password: DEMO_PASSWORD });
            process.stdout.write(`${t('cli.demo.skipped')}\n${t('cli.demo.logins', { password: DEMO_PASSWORD })}\n`);
            for (const l of logins) {
              process.stdout.write(`${t('cli.demo.loginLine', { role: t(`enum.role.${l.role}`), username: l.username, org: l.org })}\n`);
            }
            process.stdout.write(`${t(ctx.config.demoMode ? 'cli.demo.modeOn' : 'cli.demo.modeOff')}\n`);
            return;
          }
          const scale = o.scale === undefined ? undefined : Number(o.scale);
          if (scale !== undefined && !(scale > 0 && scale <= 1)) throw invalidParameter('--scale', String(o.scale));
          const { world, adminPassword } = await seedDemo(ctx, CLI_ACTOR, { meterScale: scale });
          if (g.json) {
            printJson({ adminPassword, logins: world.logins, password: DEMO_PASSWORD });
            return;
          }
          process.stdout.write(`${t('cli.demo.seeded')}\n`);
          if (adminPassword) process.stdout.write(`${t('cli.admin.created', { password: adminPassword })}\n`);
          process.stdout.write(`${t('cli.demo.logins', { password: DEMO_PASSWORD })}\n`);
          for (const l of world.logins) {
            process.stdout.write(`${t('cli.demo.loginLine', { role: t(`enum.role.${l.role}`), username: l.username, org: l.org })}\n`);
          }
          process.stdout.write(`${t(ctx.config.demoMode ? 'cli.demo.modeOn' : 'cli.demo.modeOff')}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });

  const audit = program.command('audit').description(t('cli.help.audit.desc'));
  audit
    .command('verify')
    .description(t('cli.help.audit.verify.desc'))
    .option('--against <file>', t('cli.help.audit.verify.opt.against'))
    .action(async (o: { against?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        const against = o.against === undefined ? undefined : readCheckpoint(o.against);
        await withContext(
          g,
          async (ctx) => {
            const r = await verifyAudit(ctx, CLI_ACTOR, { against });
            if (g.json) printJson(r);
            if (r.ok) {
              if (!g.json) {
                process.stdout.write(`${t('cli.audit.ok', { chains: r.chains, entries: r.entries })}\n`);
                if (against) process.stdout.write(`${t('cli.audit.checkpoint.ok', { file: o.against as string, at: against.at })}\n`);
              }
            } else {
              const shown = r.problems.slice(0, 20);
              for (const f of shown) {
                const reason = t(`cli.audit.reason.${f.problem}`, { keyId: f.keyId ?? '-' });
                process.stderr.write(`${t('cli.audit.broken', { chain: f.chain, seq: f.seq ?? '-', id: f.id ?? '-', reason })}\n`);
              }
              if (r.problems.length > shown.length)
                process.stderr.write(`${t('cli.audit.more', { count: r.problems.length - shown.length })}\n`);
              process.exitCode = 1;
            }
          },
          { existing: true },
        );
      } catch (e) {
        fail(e, g.json);
      }
    });
  audit
    .command('checkpoint')
    .description(t('cli.help.audit.checkpoint.desc'))
    .option('--out <file>', t('cli.help.audit.checkpoint.opt.out'))
    .action(async (o: { out?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        await withContext(
          g,
          async (ctx) => {
            const out = o.out ?? ctx.config.auditCheckpointDir ?? process.cwd();
            const { file, checkpoint } = await writeCheckpoint(ctx, CLI_ACTOR, out);
            if (g.json) printJson({ file, chains: checkpoint.chains.length, entries: checkpoint.entries });
            else
              process.stdout.write(
                `${t('cli.audit.checkpoint.written', { file, chains: checkpoint.chains.length, entries: checkpoint.entries })}\n`,
              );
          },
          { existing: true },
        );
      } catch (e) {
        fail(e, g.json);
      }
    });
}
