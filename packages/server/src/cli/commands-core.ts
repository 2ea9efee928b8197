import fs from 'node:fs';
import { makeCreditCode, ORG_KINDS, ROLES, t } from '@qiangjian/shared';
import { DEFAULT_BUREAU, DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { Command } from 'commander';
import { build } from '../app.js';
import { verifyAudit } from '../audit/audit.service.js';
import { CLI_ACTOR } from '../auth/actor.js';
import { createToken, purgeExpired } from '../auth/auth.service.js';
import { ensureAdmin, openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { AppError, invalidParameter } from '../errors.js';
import { startBackgroundJobs } from '../jobs.js';
import { hasData, listLogins, seedDemo } from '../modules/demo/demo.service.js';
import { FEATURE_MODULES } from '../modules/index.js';
import { createOrg } from '../modules/orgs/orgs.service.js';
import { createUser } from '../modules/users/users.service.js';
import { fail, type GlobalOpts, printJson, withContext } from './cli-util.js';

function globals(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

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
        const jobs = startBackgroundJobs(ctx, [
          { name: 'purge-sessions', run: purgeExpired },
          ...FEATURE_MODULES.flatMap((m) => m.jobs ?? []),
        ]);
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
        });
      } catch (e) {
        fail(e, g.json);
      }
    });

  const org = program.command('org').description('organizations');
  org
    .command('create')
    .description('create an organization')
    .requiredOption('--name <name>', 'name')
    .requiredOption('--kind <kind>', ORG_KINDS.join('|'))
    .requiredOption('--credit-code <code>', 'unified social credit code (GB 32100)')
    .requiredOption('--region <code>', 'region code (6 or 9 digits)')
    .option('--address <text>', 'address')
    .option('--towns <codes>', 'office: comma-separated town codes')
    .action(
      async (o: { name: string; kind: string; creditCode: string; region: string; address?: string; towns?: string }, cmd: Command) => {
        const g = globals(cmd);
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

  const user = program.command('user').description('users');
  user
    .command('create')
    .description('create a user (initial password must be changed at first login)')
    .requiredOption('--username <u>', 'login name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .requiredOption('--org <creditCode>', 'organization credit code')
    .requiredOption('--password <pw>', 'initial password')
    .option('--name <displayName>', 'display name')
    .action(async (o: { username: string; role: string; org: string; password: string; name?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        if (!(ROLES as readonly string[]).includes(o.role)) throw invalidParameter('--role', `${o.role} ∉ ${ROLES.join('|')}`);
        await withContext(g, async (ctx) => {
          const orgRow = await ctx.db
            .selectFrom('organizations')
            .select('id')
            .where('credit_code', '=', o.org.trim().toUpperCase())
            .executeTakeFirst();
          if (!orgRow) throw invalidParameter('--org', o.org);
          const u = await createUser(ctx, CLI_ACTOR, {
            username: o.username,
            displayName: o.name ?? o.username,
            role: o.role as (typeof ROLES)[number],
            orgId: Number(orgRow.id),
            password: o.password,
          });
          if (g.json) printJson(u);
          else process.stdout.write(`${t('cli.user.created', { username: u.username, role: t(`enum.role.${u.role}`) })}\n`);
        });
      } catch (e) {
        fail(e, g.json);
      }
    });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create a personal API token for a user (printed once)')
    .requiredOption('--username <u>', 'user')
    .option('--name <name>', 'token name', 'cli')
    .option('--days <n>', 'expires in days')
    .action(async (o: { username: string; name: string; days?: string }, cmd: Command) => {
      const g = globals(cmd);
      try {
        await withContext(g, async (ctx) => {
          const u = await ctx.db.selectFrom('users').select('id').where('username', '=', o.username).executeTakeFirst();
          if (!u) throw invalidParameter('--username', o.username);
          const days = o.days === undefined ? undefined : Number(o.days);
          if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw invalidParameter('--days', String(o.days));
          const r = await createToken(ctx, CLI_ACTOR, { name: o.name, expiresInDays: days }, Number(u.id));
          if (g.json) printJson(r);
          else process.stdout.write(`${t('cli.token.created', { token: r.token })}\n`);
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
        await withContext(g, async (ctx) => {
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
        });
      } catch (e) {
        fail(e, g.json);
      }
    });
}
