import fs from 'node:fs';
import { makeCreditCode, t } from '@qiangjian/shared';
import { DEFAULT_BUREAU, DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { Command } from 'commander';
import { build } from '../app.js';
import { verifyAudit } from '../audit/audit.service.js';
import { CLI_ACTOR } from '../auth/actor.js';
import { ensureAdmin, openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { AppError, invalidParameter } from '../errors.js';
import { startBackgroundJobs } from '../jobs.js';
import { hasData, listLogins, seedDemo } from '../modules/demo/demo.service.js';
import { MODULES } from '../modules/index.js';
import { fail, printJson } from './output.js';
import { type GlobalOpts, requireExistingDatabase, withContext } from './with-context.js';

function globals(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

/** The shell's own commands: serve, db, demo, audit. Module commands come from each module's `cli`. */
export function registerCoreCommands(program: Command): void {
  program
    .command('serve')
    .description('start the web UI and API')
    .option('--port <n>', 'port (default 3000)')
    .option('--host <h>', 'host (default 127.0.0.1)')
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
        const pw = await ensureAdmin(ctx, {
          name: DEFAULT_BUREAU.name,
          creditCode: makeCreditCode(DEFAULT_BUREAU.creditHead, DEFAULT_BUREAU.creditBody),
          regionCode: DEFAULT_BUREAU.regionCode,
        });
        if (pw) process.stdout.write(`${t('cli.admin.created', { password: pw })}\n`);
        const app = await build({ ctx, logger: config.logLevel !== 'silent' });
        await app.listen({ port: config.port, host: config.host });
        const jobs = startBackgroundJobs(
          ctx,
          MODULES.flatMap((m) => m.jobs ?? []),
        );
        process.stdout.write(`${t('cli.serve.listening', { url: `http://${config.host}:${config.port}/` })}\n`);
        process.stdout.write(`${t('cli.serve.database', { db: ctx.handle.location })}\n`);
        const stop = async () => {
          jobs.stop();
          await app.close();
          await ctx.handle.close();
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (e) {
        fail(e, g.json);
      }
    });

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('run migrations')
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
  db.command('backup <file>')
    .description('consistent online copy of a SQLite database')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      try {
        const config = loadConfig(g.db ? { db: g.db } : {});
        requireExistingDatabase(config.db);
        const h = openDatabase(config.db);
        if (h.engine === 'postgres' || !h.sqlite) {
          await h.close();
          throw new AppError('unsupported_engine', { message: t('cli.backup.pg', { url: h.location }) });
        }
        if (fs.existsSync(file)) throw invalidParameter('FILE', `${file} exists`);
        await h.sqlite.backup(file);
        await h.close();
        const bytes = fs.statSync(file).size;
        if (g.json) printJson({ file, bytes });
        else process.stdout.write(`${t('cli.backup.done', { file, bytes })}\n`);
      } catch (e) {
        fail(e, g.json);
      }
    });

  const demo = program.command('demo').description('demo data');
  demo
    .command('seed')
    .description('build the demo county (Uxin Banner, 150626) with one login per role')
    .option('--if-empty', 'do nothing when the database already has data')
    .option('--scale <fraction>', 'share of the full-scale civil-meter ledger (default 1 = 138,000 meters)')
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

  const audit = program.command('audit').description('audit log');
  audit
    .command('verify')
    .description('walk every hash chain; non-zero exit naming the first altered entry')
    .action(async (_o: unknown, cmd: Command) => {
      const g = globals(cmd);
      try {
        await withContext(
          g,
          async (ctx) => {
            const r = await verifyAudit(ctx, CLI_ACTOR);
            if (g.json) printJson(r);
            if (r.ok) {
              if (!g.json) process.stdout.write(`${t('cli.audit.ok', { chains: r.chains, entries: r.entries })}\n`);
            } else {
              const f = r.failure as NonNullable<typeof r.failure>;
              process.stderr.write(
                `${t('cli.audit.broken', { chain: f.chain, seq: f.seq ?? '-', id: f.id ?? '-', reason: t(`cli.audit.reason.${f.problem}`) })}\n`,
              );
              process.exitCode = 1;
            }
          },
          { existing: true },
        );
      } catch (e) {
        fail(e, g.json);
      }
    });
}
