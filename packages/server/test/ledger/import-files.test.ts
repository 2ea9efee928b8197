import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { openContext } from '../../src/bootstrap.js';
import { DEFAULT_SHEET_LIMITS } from '../../src/lib/sheets/limits.js';
import { expireUploads, recoverInterruptedJobs } from '../../src/modules/ledger/import/import-jobs.service.js';
import { PARSE_SLOTS, parseStagesRunning, RUNNER, runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { isFileLevelError } from '../../src/modules/ledger/import/parse-ledger.js';
import { createTestApp, createTestContext, type TestContext, useTestApp } from '../db.js';
import { buildOrg, buildUser, TEST_PASSWORD } from '../factories.js';
import { csv, waterCsv } from '../files.js';

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

describe('ledger import: parsing runs in a worker thread, outside any transaction; writes in chunk transactions (SQLite) or one (PostgreSQL)', () => {
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

  it('at most PARSE_SLOTS files are parsed at once; the others wait their turn', async () => {
    expect(PARSE_SLOTS).toBe(2);
    const seen: number[] = [];
    let arrived = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const run = (i: number) =>
      runLedgerImport(ctx, CLI_ACTOR, {
        orgId: water.id,
        fileName: `p${i}.csv`,
        content: waterCsv(1500, { start: i * 10_000 }),
        mode: 'partial',
        dryRun: true,
        hooks: {
          parsing: async () => {
            seen.push(parseStagesRunning());
            // the first two hold their slot until both are parsing: a third parse stage would be the third at once
            if (++arrived === 2) open();
            if (arrived <= 2) await gate;
          },
        },
      });
    const results = await Promise.all([run(1), run(2), run(3)]);
    expect(results.map((r) => r.inserted)).toEqual([1500, 1500, 1500]);
    expect(seen).toHaveLength(3);
    expect(Math.max(...seen)).toBeLessThanOrEqual(PARSE_SLOTS);
    expect(parseStagesRunning()).toBe(0);
  });

  it('a preview only reads (no write transaction) and its counts are those of the commit: inserts, updates, verifications, nozzles', async () => {
    const station = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100' });
    const head = ['器具名称', '出厂编号', '型号规格', '检定日期', '检定结论', '加油枪数'];
    const base = [head, ...Array.from({ length: 1200 }, (_, i) => ['燃油加油机', `D${i}`, 'CS46', '2024-03-05', '合格', 2])];
    const imp = (content: Buffer, dryRun: boolean) =>
      runLedgerImport(ctx, CLI_ACTOR, { orgId: station.id, fileName: 'd.csv', content, mode: 'partial', dryRun });
    await imp(csv(base), false);
    const next = csv([
      head,
      ...Array.from({ length: 1200 }, (_, i) => [
        '燃油加油机',
        `D${i}`,
        i % 5 === 0 ? 'CS48' : 'CS46', // instrument field changed
        i % 7 === 0 ? '2024-09-05' : '2024-03-05', // a new verification record
        i % 11 === 0 ? '不合格' : '合格', // a merged record changed
        i % 13 === 0 ? 3 : 2, // a nozzle added
      ]),
      ...Array.from({ length: 300 }, (_, i) => ['燃油加油机', `N${i}`, 'CS46', '2024-03-05', '合格', 1]),
    ]);
    const before = await ctx.db.selectFrom('verifications').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const preview = await imp(next, true);
    const after = await ctx.db.selectFrom('verifications').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const commit = await imp(next, false);
    expect(commit.committed).toBe(true);
    expect(preview.committed).toBe(false);
    for (const k of ['inserted', 'updated', 'unchanged', 'rejected'] as const) expect(preview[k]).toBe(commit[k]);
    expect(preview).toMatchObject({ inserted: 300, rejected: 0 });
    expect(preview.updated).toBeGreaterThan(0);
    expect(preview.unchanged).toBeGreaterThan(0);
  });

  it('SQLite commits chunk by chunk: between two chunks a login (a write) answers and sees the first chunk; PostgreSQL commits once', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
    const { username: u } = await buildUser(ctx, { role: 'enterprise', orgId: org.id });
    const seen: string[] = [];
    const r = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: org.id,
      fileName: 'chunks.csv',
      content: waterCsv(2500, { start: 700_000 }),
      mode: 'partial',
      dryRun: false,
      commitChunk: 1000, // (sized to a time budget by default)
      hooks: {
        committed: async (jobId, rows) => {
          // the old path held the one SQLite connection for the whole import: this login waited for all of it
          const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: TEST_PASSWORD } });
          const job = await ctx.db.selectFrom('import_jobs').select('committed_rows').where('id', '=', jobId).executeTakeFirstOrThrow();
          seen.push(`${rows} login ${res.statusCode} committed_rows ${job.committed_rows ?? '-'}`);
        },
      },
    });
    expect(r).toMatchObject({ inserted: 2500, committed: true });
    expect(seen).toEqual(
      ctx.engine === 'sqlite'
        ? ['1000 login 200 committed_rows 1000', '2000 login 200 committed_rows 2000', '2500 login 200 committed_rows 2500']
        : ['2500 login 200 committed_rows -'],
    );
  });

  it('SQLite: an import interrupted after two chunks keeps them; the next start says so (import_interrupted_partial); importing again completes it', async () => {
    if (ctx.engine !== 'sqlite') return; // PostgreSQL writes one transaction: the next test shows nothing is left
    const org = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
    const content = waterCsv(2500, { start: 800_000 });
    const count = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('instruments')
            .select(ctx.db.fn.countAll<number>().as('n'))
            .where('org_id', '=', org.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    let jobId = 0;
    const err = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: org.id,
      fileName: 'w.csv',
      content,
      mode: 'partial',
      dryRun: false,
      commitChunk: 1000,
      hooks: {
        committed: async (id, rows) => {
          jobId = id;
          if (rows === 2000) throw new Error('killed while writing');
        },
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'killed while writing' });
    expect(await count()).toBe(2000);
    // as after kill -9: the job still says committing, its runner is gone
    await ctx.db
      .updateTable('import_jobs')
      .set({ state: 'committing', runner: `${hostname()}:999999999` })
      .where('id', '=', jobId)
      .execute();
    await ctx.db.insertInto('import_job_files').values({ job_id: jobId, org_id: org.id, content, bytes: content.length }).execute();
    expect(await recoverInterruptedJobs(ctx)).toEqual([jobId]);
    const job = await ctx.db.selectFrom('import_jobs').select(['state', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');
    expect(JSON.parse(job.result ?? '{}')).toEqual({
      error: {
        code: 'import_interrupted_partial',
        message:
          '导入任务在分批写入时因程序中断而未完成：已写入 2000 行，其余行未写入；上传的文件已保留，重新预览并提交即可补全（已写入的行显示为“无变化”，不会重复写入）',
      },
    });
    const again = await runLedgerImport(ctx, CLI_ACTOR, { orgId: org.id, fileName: 'w.csv', content, mode: 'partial', dryRun: false });
    expect(again).toMatchObject({ inserted: 500, unchanged: 2000, committed: true });
    expect(await count()).toBe(2500);
  });

  it('an import that fails while writing its first chunk leaves nothing written', async () => {
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

  it('a transaction that reads and then writes, and a login, wait for the lock instead of failing', async () => {
    // SQLite has one writer at a time; PostgreSQL locks rows, and both statements simply run
    const lock = (ms: number) => (ctx.engine === 'sqlite' ? holdWriteLock(ms) : { locked: Promise.resolve(), done: Promise.resolve() });
    const other = lock(300);
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
    const again = lock(300);
    await again.locked;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    await again.done;
  });
});

describe('import jobs a dead process left running; uploads expire; a quota per user', () => {
  const t = useTestApp({ config: { uploadQuotaBytes: 4096, uploadRetentionDays: 7 } });
  const file = waterCsv(3);

  async function job(o: { state: string; runner?: string | null; finishedAt?: string | null; createdAt?: string; by?: string }) {
    const [row] = await t.ctx.db
      .insertInto('import_jobs')
      .values({
        org_id: t.world.water.id,
        kind: 'ledger',
        file_name: 'w.csv',
        file_hash: 'h',
        mode: 'partial',
        dry_run: 1,
        state: o.state,
        progress: 0,
        result: null,
        created_by: o.by ?? 'nobody',
        created_at: o.createdAt ?? '2024-10-15T01:00:00.000Z',
        finished_at: o.finishedAt ?? null,
        runner: o.runner ?? null,
      })
      .returning('id')
      .execute();
    const id = Number(row?.id);
    await t.ctx.db
      .insertInto('import_job_files')
      .values({ job_id: id, org_id: t.world.water.id, content: file, bytes: file.length })
      .execute();
    return id;
  }
  const stateOf = (id: number) =>
    t.ctx.db.selectFrom('import_jobs').select(['state', 'result', 'file_expired_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const hasFile = async (id: number) =>
    (await t.ctx.db.selectFrom('import_job_files').select('job_id').where('job_id', '=', id).executeTakeFirst()) !== undefined;

  it("the next start marks jobs of a dead runner failed (中断), keeps their file, leaves live and other hosts' jobs alone; retry and delete", async () => {
    const dead = await job({ state: 'committing', runner: `${hostname()}:999999999` });
    const pending = await job({ state: 'pending', runner: null });
    const live = await job({ state: 'validating', runner: `${hostname()}:${process.ppid}` });
    const elsewhere = await job({ state: 'committing', runner: 'another-host:1234' });
    // a start: openContext runs the modules' startup (the ledger's recovery)
    const reopened = await openContext(t.ctx.config, { clock: t.ctx.clock });
    await reopened.handle.close();
    for (const id of [dead, pending]) {
      const j = await stateOf(id);
      expect(j.state).toBe('failed');
      const err = (JSON.parse(j.result ?? '{}') as { error: { code: string; message: string } }).error;
      expect(err.code).toBe('import_interrupted');
      expect(err.message).toContain('中断');
      expect(await hasFile(id)).toBe(true);
    }
    expect(await stateOf(dead)).toMatchObject({ result: expect.stringContaining('导入中') });
    expect((await stateOf(live)).state).toBe('validating');
    expect((await stateOf(elsewhere)).state).toBe('committing');
    // a job of this very pid (a restarted container's server is pid 1 again) is not running here: interrupted
    const mine = await job({ state: 'committing', runner: RUNNER });
    expect(await recoverInterruptedJobs(t.ctx)).toEqual([mine]);

    expect((await t.as('admin').get(`/api/v1/ledger/imports/${dead}`)).json()).toMatchObject({
      state: 'failed',
      fileKept: true,
      error: { code: 'import_interrupted' },
    });
    // the user decides: run the preview again from the kept file …
    const retried = await t.as('admin').post(`/api/v1/ledger/imports/${dead}/retry?wait=1`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'previewed', result: { inserted: 3 }, fileExpiredAt: null, fileKept: true });
    // … or delete the file (not while a job runs)
    expect((await t.as('admin').delete(`/api/v1/ledger/imports/${live}/file`)).statusCode).toBe(409);
    const deleted = await t.as('admin').delete(`/api/v1/ledger/imports/${pending}/file`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ state: 'failed', fileKept: false });
    expect(await hasFile(pending)).toBe(false);
    // a failed job without its file cannot be retried
    expect((await t.as('admin').post(`/api/v1/ledger/imports/${pending}/retry`)).json()).toMatchObject({
      error: { code: 'import_job_state' },
    });
    await t.ctx.db.deleteFrom('import_job_files').execute();
    await t.ctx.db.deleteFrom('import_jobs').execute();
  });

  it('files of previewed and failed jobs older than the retention are deleted by the daily job; the job row stays, marked', async () => {
    // now is 2024-10-15T02:00Z; retention 7 days
    const oldPreview = await job({ state: 'previewed', finishedAt: '2024-10-07T02:00:00.000Z' });
    const oldFailed = await job({ state: 'failed', finishedAt: '2024-10-01T00:00:00.000Z' });
    const recent = await job({ state: 'previewed', finishedAt: '2024-10-09T02:00:00.000Z' });
    const running = await job({ state: 'validating', runner: RUNNER, createdAt: '2024-10-01T00:00:00.000Z' });
    expect((await expireUploads(t.ctx)).sort()).toEqual([oldPreview, oldFailed].sort());
    for (const id of [oldPreview, oldFailed]) {
      expect(await hasFile(id)).toBe(false);
      expect((await stateOf(id)).file_expired_at).toBe('2024-10-15T02:00:00.000Z');
    }
    for (const id of [recent, running]) expect(await hasFile(id)).toBe(true);
    const listed = await t.as('admin').get(`/api/v1/ledger/imports/${oldPreview}`);
    expect(listed.json()).toMatchObject({ state: 'previewed', fileExpiredAt: '2024-10-15T02:00:00.000Z', fileKept: false });
    // the expired preview can no longer be committed
    expect((await t.as('admin').post(`/api/v1/ledger/imports/${oldPreview}/commit`, {})).json()).toMatchObject({
      error: { code: 'import_job_state' },
    });
    await t.ctx.db.deleteFrom('import_job_files').execute();
    await t.ctx.db.deleteFrom('import_jobs').execute();
  });

  it('an upload past the per-user quota of stored files is refused (413, zh-CN); committing frees the space', async () => {
    const big = waterCsv(40); // ≈ 2.5 KB: one fits under 4 KB, two do not
    expect(big.length).toBeGreaterThan(2048);
    const first = await t.as('admin').upload(`/api/v1/ledger/imports?orgId=${t.world.water.id}&wait=1`, 'a.csv', big);
    expect(first.statusCode).toBe(200);
    const second = await t.as('admin').upload(`/api/v1/ledger/imports?orgId=${t.world.water.id}&wait=1`, 'b.csv', big);
    expect(second.statusCode).toBe(413);
    expect(second.json().error.code).toBe('upload_quota_exceeded');
    expect(second.json().error.message).toMatch(/^已上传文件的存储超过每个用户 4 KB 的上限（已占用 3 KB，本次 3 KB）/);
    // another user has a quota of their own
    expect((await t.as('regulator').upload(`/api/v1/ledger/imports?orgId=${t.world.water.id}&wait=1`, 'c.csv', big)).statusCode).not.toBe(
      413,
    );
    // committing the first deletes its file: the second upload now fits
    expect((await t.as('admin').post(`/api/v1/ledger/imports/${first.json().id}/commit?wait=1`, {})).json()).toMatchObject({
      state: 'committed',
    });
    expect((await t.as('admin').upload(`/api/v1/ledger/imports?orgId=${t.world.water.id}&wait=1`, 'b.csv', big)).statusCode).toBe(200);
  });
});
