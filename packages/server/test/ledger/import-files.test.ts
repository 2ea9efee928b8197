import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { DEFAULT_SHEET_LIMITS } from '../../src/lib/sheets/limits.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { isFileLevelError } from '../../src/modules/ledger/import/parse-ledger.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildOrg, buildUser, TEST_PASSWORD } from '../factories.js';
import { waterCsv } from '../files.js';

/** The import under hostile and large files (issue 11, "Files"): limits, parsing off the write path, recovery, expiry, quota. */

describe('ledger import: size limits from the settings', () => {
  let ctx: TestContext;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext({ config: { importLimits: { ...DEFAULT_SHEET_LIMITS, maxRows: 50 } } });
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  it('a file one row past the configured limit is refused (413, zh-CN message naming the limit), the job failed, nothing written', async () => {
    const err = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'big.csv',
      content: waterCsv(50),
      mode: 'partial',
      dryRun: false,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'import_limit_exceeded', httpStatus: 413, details: { limit: 'rows', max: 50, found: 51 } });
    expect((err as Error).message).toBe('文件超过行数上限 50 行（已读到第 51 行），请拆分后分批导入');
    expect(isFileLevelError(err)).toBe(true);
    const n = await ctx.db
      .selectFrom('instruments')
      .select(ctx.db.fn.countAll<number>().as('n'))
      .where('org_id', '=', water.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    const job = await ctx.db.selectFrom('import_jobs').selectAll().where('org_id', '=', water.id).executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');
    expect(JSON.parse(job.result ?? '{}')).toMatchObject({ error: { code: 'import_limit_exceeded' } });
    // at the limit the same file imports
    const ok = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'ok.csv',
      content: waterCsv(49),
      mode: 'partial',
      dryRun: false,
    });
    expect(ok).toMatchObject({ inserted: 49, committed: true });
  });
});

describe('ledger import: parsing runs in a worker thread, outside any transaction; writes are all or nothing', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  let username: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
    username = (await buildUser(ctx, { role: 'enterprise', orgId: water.id })).username;
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });
  const instruments = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('instruments')
          .select(ctx.db.fn.countAll<number>().as('n'))
          .where('org_id', '=', water.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('while the file is being parsed a login on the same app answers, and the job is still validating', async () => {
    const events: string[] = [];
    const r = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'w.csv',
      content: waterCsv(2500),
      mode: 'partial',
      dryRun: true,
      hooks: {
        parsing: async (jobId) => {
          // the old path parsed inside the write transaction: this login would have waited for the whole import
          const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
          events.push(`login ${res.statusCode}`);
          const job = await ctx.db.selectFrom('import_jobs').select('state').where('id', '=', jobId).executeTakeFirstOrThrow();
          events.push(`job ${job.state}`);
          events.push(`instruments ${await instruments()}`);
        },
      },
    });
    events.push(`import ${r.inserted}`);
    expect(events).toEqual(['login 200', 'job validating', 'instruments 0', 'import 2500']);
  });

  it('an import that fails while writing (after its first chunk) leaves nothing written', async () => {
    let chunks = 0;
    const err = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'w.csv',
      content: waterCsv(2500),
      mode: 'partial',
      dryRun: false,
      onProgress: (f) => {
        // past the parse stage's half of the bar: a chunk has been written inside the transaction
        if (f > 0.5 && ++chunks === 1) throw new Error('killed while writing');
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'killed while writing' });
    expect(chunks).toBe(1);
    expect(await instruments()).toBe(0);
    const job = await ctx.db.selectFrom('import_jobs').select('state').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');
  });
});

describe('SQLite: a write on the server while another connection (a CLI import) holds the write lock waits, no SQLITE_BUSY', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let username: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    const org = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
    username = (await buildUser(ctx, { role: 'enterprise', orgId: org.id })).username;
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  /** Another connection in another thread (as the CLI is another process) takes the write lock, writes, holds it for `ms`, commits. */
  function holdWriteLock(ms: number): { locked: Promise<void>; done: Promise<void> } {
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.module);
       const db = new Database(workerData.file);
       db.pragma('busy_timeout = 5000');
       db.exec('begin immediate');
       db.prepare("update import_jobs set progress = progress where id = -1").run();
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
       db.exec('commit');
       db.close();`,
      { eval: true, workerData: { file: ctx.handle.location, ms, module: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    const locked = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    const done = new Promise<void>((resolve, reject) => {
      worker.once('exit', () => resolve());
      worker.once('error', reject);
    });
    return { locked, done };
  }

  it.runIf(inject('qjEngine') === 'sqlite')(
    'a transaction that reads and then writes, and a login, wait for the lock instead of failing',
    async () => {
      const other = holdWriteLock(300);
      await other.locked;
      // read first, then write: a deferred transaction would fail here with SQLITE_BUSY once the other connection commits
      const n = await ctx.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('import_jobs').select(trx.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        await trx
          .insertInto('import_jobs')
          .values({
            org_id: 1,
            kind: 'ledger',
            file_name: 'x.csv',
            file_hash: 'x',
            mode: 'partial',
            dry_run: 1,
            state: 'failed',
            progress: 1,
            result: null,
            created_by: 'test',
            created_at: '2024-10-15T02:00:00.000Z',
            finished_at: null,
          })
          .execute();
        return Number(before.n);
      });
      expect(n).toBeGreaterThanOrEqual(0);
      await other.done;
      const again = holdWriteLock(300);
      await again.locked;
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
      expect(res.statusCode).toBe(200);
      await again.done;
    },
  );
});
