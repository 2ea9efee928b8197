import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildWorld, login, type Session } from '../factories.js';
import { messyXlsx, multipartFile, readXlsx, rowValues } from '../files.js';

describe('ledger import jobs over HTTP', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let ent: Session;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    world = await buildWorld(ctx);
    ent = await login(app, world.users.enterpriseA.username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  const rows = () => [
    [1, '燃油加油机', 'CS46', 'A-1', '1号岛', '2024-08-05', '', '合格', 2],
    [2, '燃油加油机', 'CS46', 'A-2', '2号岛', '2024-08-05', '', '合格', 2],
    [3, '燃油加油机', 'CS46', 'A-2', '3号岛', '2024-08-05', '', '合格', 2],
    [4, '燃油加油机', 'CS46', 'A-4', '4号岛', '2024-13-05', '', '合格', 2],
  ];

  it('upload → preview (rejected rows with reasons) → commit → error file → ledger table with statuses', async () => {
    const file = await messyXlsx({ creditCode: world.stationA.creditCode, rows: rows() });
    const mp = multipartFile('ledger.xlsx', file);
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/ledger/imports?orgId=${world.stationA.id}&wait=1`,
      headers: { ...ent.headers, ...mp.headers },
      payload: mp.payload,
    });
    expect(up.statusCode, up.body).toBe(200);
    const job = up.json();
    expect(job).toMatchObject({ state: 'previewed', dryRun: true, result: { inserted: 2, rejected: 2 } });
    expect(await ctx.db.selectFrom('instruments').select('id').where('org_id', '=', world.stationA.id).execute()).toHaveLength(0);

    const rej = await app.inject({ method: 'GET', url: `/api/v1/ledger/imports/${job.id}/rejects`, headers: ent.headers });
    expect(rej.statusCode).toBe(200);
    expect(rej.json()).toMatchObject({
      total: 2,
      items: [
        { row: 10, errors: [{ code: 'duplicate_in_file', column: '出厂编号' }] },
        { row: 11, errors: [{ column: '检定信息/检定日期' }] },
      ],
    });
    expect(rej.json().items[0].raw).toContain('A-2');

    const commit = await app.inject({
      method: 'POST',
      url: `/api/v1/ledger/imports/${job.id}/commit?wait=1`,
      headers: ent.headers,
      payload: {},
    });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ state: 'committed', dryRun: false, progress: 1, result: { inserted: 2, rejected: 2 } });
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/ledger/imports/${job.id}/commit?wait=1`,
      headers: ent.headers,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);

    const ef = await app.inject({ method: 'GET', url: `/api/v1/ledger/imports/${job.id}/error-file`, headers: ent.headers });
    expect(ef.statusCode).toBe(200);
    const wb = await readXlsx(ef.rawPayload);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    const header = rowValues(ws, 1);
    expect(header).toContain('出厂编号');
    expect(header).toContain('错误原因');
    expect(ws.rowCount).toBe(3);
    expect(rowValues(ws, 2)).toContain('A-2');

    const list = await app.inject({ method: 'GET', url: '/api/v1/instruments?sort=serialNo', headers: ent.headers });
    expect(list.json()).toMatchObject({ total: 2, items: [{ serialNo: 'A-1', ledgerState: 'filed' }, { serialNo: 'A-2' }] });
    expect(list.json().items[0].status).toBeTruthy();
    const audit = await ctx.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'import_committed').execute();
    expect(audit).toEqual([{ actor: `user:${world.users.enterpriseA.username}`, action: 'import_committed' }]);
  });

  it('an enterprise cannot import into another organization (404); a file for another org is refused (422)', async () => {
    const file = await messyXlsx({ creditCode: world.stationB.creditCode, rows: rows() });
    const mp = multipartFile('b.xlsx', file);
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/ledger/imports?orgId=${world.stationB.id}&wait=1`,
      headers: { ...ent.headers, ...mp.headers },
      payload: mp.payload,
    });
    expect(r.statusCode).toBe(404);
    const mp2 = multipartFile('b.xlsx', file);
    const mine = await app.inject({
      method: 'POST',
      url: `/api/v1/ledger/imports?orgId=${world.stationA.id}&wait=1`,
      headers: { ...ent.headers, ...mp2.headers },
      payload: mp2.payload,
    });
    expect(mine.statusCode).toBe(422);
    expect(mine.json().error.code).toBe('import_org_mismatch');
    expect(mine.json().error.message).toContain(world.stationB.creditCode);
  });

  it('other organizations’ jobs are invisible (404)', async () => {
    const job = await ctx.db.selectFrom('import_jobs').select('id').where('org_id', '=', world.stationA.id).executeTakeFirstOrThrow();
    const b = await login(app, world.users.enterpriseB.username);
    const r = await app.inject({ method: 'GET', url: `/api/v1/ledger/imports/${job.id}`, headers: b.headers });
    expect(r.statusCode).toBe(404);
    const ef = await app.inject({ method: 'GET', url: `/api/v1/ledger/imports/${job.id}/error-file`, headers: b.headers });
    expect(ef.statusCode).toBe(404);
  });
});
