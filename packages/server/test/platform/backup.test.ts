import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditAlone, verifyAudit } from '../../src/audit/audit.service.js';
import { auditKeyFileOf } from '../../src/audit/audit-key.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { REPO_ROOT } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { backupDatabase, nightlyBackupJob, restoreDatabase } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/database.js';
import { AppError } from '../../src/errors.js';
import { fixedClock } from '../../src/time.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildWorld } from '../factories.js';

/** The deployment's audit key file: a restore elsewhere names it (the key never travels with the database). */
const keyFile = (): string => auditKeyFileOf(ctxRef.config) as string;
let ctxRef: TestContext;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function count(file: string, table: 'audit_log' | 'organizations'): Promise<number> {
  const h = openDatabase(file, { readonly: true });
  try {
    const r = await h.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await h.close();
  }
}

/** Backup and restore of the embedded database (SQLite; PostgreSQL is pg_dump's). */
describe.skipIf(process.env.QIANGJIAN_TEST_PG_URL)('db backup and restore (SQLite)', () => {
  let ctx: TestContext;
  let dir: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    ctxRef = ctx;
    await buildWorld(ctx);
    // enough pages that a page-by-page copy takes many steps
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i++) {
        await sql`insert into settings (key, value, updated_at) values (${`bench.filler.${i}`}, ${'x'.repeat(60_000)}, ${'2024-01-01T00:00:00.000Z'})`.execute(
          trx,
        );
      }
    });
    dir = path.join(REPO_ROOT, '.tmp', 'test', `backup_${process.pid}_${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
  });
  afterAll(async () => {
    await ctx.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('completes while the server writes continuously, and the copy is a consistent, verified snapshot', async () => {
    const target = path.join(dir, 'under-writes.db');
    let done = false;
    let writesDuring = 0;
    const writer = (async () => {
      while (!done) {
        await recordAuditAlone(ctx, CLI_ACTOR, { action: 'load_write', entityType: null, entityId: null, data: { n: writesDuring } });
        writesDuring++;
        await tick();
      }
    })();
    const r = await backupDatabase(ctx, target);
    const writesAtEnd = writesDuring;
    done = true;
    await writer;
    // the writer never paused: the backup finished while writes kept coming (the online backup API restarts on each)
    expect(writesAtEnd).toBeGreaterThan(0);
    expect(fs.existsSync(target)).toBe(true);
    expect(fs.existsSync(`${target}.partial`)).toBe(false);
    expect(r.bytes).toBe(fs.statSync(target).size);
    // a snapshot: fewer audit rows than the live database now holds, and its chains verify
    expect(r.auditProblem).toBeNull();
    expect(r.auditEntries).toBe(await count(target, 'audit_log'));
    expect(await count(target, 'audit_log')).toBeLessThan(await count(ctx.handle.location, 'audit_log'));
    const live = await verifyAudit(ctx, CLI_ACTOR);
    expect(live.ok).toBe(true);
    // the backup itself is audited in the live database
    const logged = await ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'database_backed_up').execute();
    expect(logged.map((x) => JSON.parse(x.data).file)).toContain('under-writes.db');
  });

  it('never overwrites a file', async () => {
    const target = path.join(dir, 'exists.db');
    fs.writeFileSync(target, 'keep me');
    await expect(backupDatabase(ctx, target)).rejects.toMatchObject({ code: 'backup_target_exists' });
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('restore: a checked backup replaces the database, the replaced one is kept beside it', async () => {
    const backup = path.join(dir, 'for-restore.db');
    await backupDatabase(ctx, backup);
    const orgs = await count(backup, 'organizations');
    const restoredPath = path.join(dir, 'restored.db');
    fs.writeFileSync(restoredPath, 'the database being replaced');
    const r = await restoreDatabase({ ...ctx.config, db: restoredPath, auditKeyFile: keyFile() }, backup, new Date('2024-10-16T01:02:03Z'));
    expect(r.restored).toBe(restoredPath);
    expect(r.previous).toBe(`${restoredPath}.before-restore-2024-10-16T01-02-03-000Z`);
    expect(fs.readFileSync(r.previous as string, 'utf8')).toBe('the database being replaced');
    expect(await count(restoredPath, 'organizations')).toBe(orgs);
    const h = openDatabase(restoredPath, { readonly: true });
    const restoredCtx: AppContext = { ...ctx, db: h.db, handle: h };
    expect((await verifyAudit(restoredCtx, CLI_ACTOR)).ok).toBe(true);
    await h.close();
  });

  it('restore refuses a damaged backup or one whose audit log was altered, and leaves the database alone', async () => {
    const backup = path.join(dir, 'to-damage.db');
    await backupDatabase(ctx, backup);
    const target = path.join(dir, 'untouched.db');
    fs.writeFileSync(target, 'current');

    const tampered = path.join(dir, 'tampered.db');
    fs.copyFileSync(backup, tampered);
    const h = openDatabase(tampered);
    await sql`update audit_log set data = ${'{"forged":true}'} where id = (select min(id) from audit_log)`.execute(h.db);
    await h.close();
    fs.rmSync(`${tampered}-wal`, { force: true });
    fs.rmSync(`${tampered}-shm`, { force: true });
    const e1 = await restoreDatabase({ ...ctx.config, db: target, auditKeyFile: keyFile() }, tampered, new Date()).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect((e1 as AppError).code).toBe('backup_failed');
    expect((e1 as AppError).message).toContain('hash_mismatch');

    const broken = path.join(dir, 'broken.db');
    const bytes = fs.readFileSync(backup);
    bytes.fill(0xa5, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192);
    fs.writeFileSync(broken, bytes);
    const e2 = await restoreDatabase({ ...ctx.config, db: target, auditKeyFile: keyFile() }, broken, new Date()).catch((e: unknown) => e);
    expect((e2 as AppError).code).toBe('backup_failed');

    expect(fs.readFileSync(target, 'utf8')).toBe('current');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('untouched.db.before-restore'))).toEqual([]);
  });

  it('the nightly job keeps one copy per day and the newest N', async () => {
    const nightly = path.join(dir, 'nightly');
    const clock = fixedClock('2024-10-15T02:00:00Z');
    const jobCtx: AppContext = { ...ctx, clock, config: { ...ctx.config, backupDir: nightly, backupKeep: 2 } };
    await nightlyBackupJob.run(jobCtx);
    await nightlyBackupJob.run(jobCtx);
    expect(fs.readdirSync(nightly).sort()).toEqual(['qiangjian-2024-10-15.db']);
    for (const day of ['2024-10-16', '2024-10-17']) {
      clock.set(`${day}T02:00:00Z`);
      await nightlyBackupJob.run(jobCtx);
    }
    expect(fs.readdirSync(nightly).sort()).toEqual(['qiangjian-2024-10-16.db', 'qiangjian-2024-10-17.db']);
  });
});
