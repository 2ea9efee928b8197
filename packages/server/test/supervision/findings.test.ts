import { ROLES, roleHas } from '@qiangjian/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSystemFinding, type SystemFinding } from '../../src/modules/supervision/findings/findings.service.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildOrg, buildUser, buildWorld, login, type Session } from '../factories.js';

describe('findings (supervision module): recordSystemFinding, GET /api/v1/findings', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let city: { id: number };
  const ids: Record<string, number | null> = {};

  const record = (f: SystemFinding) => ctx.db.transaction().execute((trx) => recordSystemFinding(ctx, trx, f));
  const get = (s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
  const orgIds = (body: { items: { orgId: number }[] }) => body.items.map((i) => i.orgId);

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    w = await buildWorld(ctx);
    city = await buildOrg(ctx, { kind: 'institution', regionCode: '150600' });
    await buildUser(ctx, { role: 'institution', orgId: city.id, username: 'city-inst' });
    ids.inst = await record({
      orgId: w.institution.id,
      code: 'out_of_authorized_scope',
      date: '2024-10-10',
      refs: { applicationIds: [7], versions: [1] },
      note: null,
      dedupeKey: 'test:inst',
    });
    ids.city = await record({ orgId: city.id, code: 'expired_standard', date: '2024-10-12', refs: {}, note: 'n', dedupeKey: 'test:city' });
    ids.station = await record({
      orgId: w.stationB.id,
      code: 'overdue_in_use',
      date: '2024-10-11',
      refs: { instrumentIds: [3] },
      note: null,
      dedupeKey: 'test:station',
    });
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  it('records once per dedupe key, audited on the party’s chain', async () => {
    expect(ids.inst).toEqual(expect.any(Number));
    const again = await record({
      orgId: w.institution.id,
      code: 'out_of_authorized_scope',
      date: '2024-10-11',
      refs: {},
      note: null,
      dedupeKey: 'test:inst',
    });
    expect(again).toBeNull();
    const rows = await ctx.db.selectFrom('findings').selectAll().where('dedupe_key', '=', 'test:inst').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ org_id: w.institution.id, source: 'system', date: '2024-10-10' });
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'finding_created').execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([ids.inst, ids.city, ids.station].map(String).sort());
  });

  it('lists newest first with the organization name; an admin sees all, a regulator the bureau’s region', async () => {
    const admin = await login(app, w.users.admin.username);
    const all = await get(admin, '/api/v1/findings?page=1&pageSize=20');
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json();
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(orgIds(body)).toEqual([city.id, w.stationB.id, w.institution.id]);
    expect(body.items[2]).toMatchObject({
      id: ids.inst,
      orgName: expect.any(String),
      code: 'out_of_authorized_scope',
      source: 'system',
      refs: { applicationIds: [7], versions: [1] },
      note: null,
    });
    const reg = await login(app, w.users.regulator.username);
    expect(orgIds((await get(reg, '/api/v1/findings?page=1&pageSize=20')).json())).toEqual([w.stationB.id, w.institution.id]);
    const paged = (await get(reg, '/api/v1/findings?page=2&pageSize=1')).json();
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(orgIds(paged)).toEqual([w.institution.id]);
  });

  it('filters by organization, code and source', async () => {
    const admin = await login(app, w.users.admin.username);
    expect(orgIds((await get(admin, `/api/v1/findings?page=1&pageSize=20&orgId=${city.id}`)).json())).toEqual([city.id]);
    expect(orgIds((await get(admin, '/api/v1/findings?page=1&pageSize=20&code=overdue_in_use')).json())).toEqual([w.stationB.id]);
    expect((await get(admin, '/api/v1/findings?page=1&pageSize=20&source=inspection')).json()).toMatchObject({ total: 0, items: [] });
  });

  it('an institution and an enterprise see their own only; an inspector the organizations of its towns', async () => {
    const inst = await login(app, w.users.institution.username);
    expect(orgIds((await get(inst, '/api/v1/findings?page=1&pageSize=20')).json())).toEqual([w.institution.id]);
    const cityInst = await login(app, 'city-inst');
    expect(orgIds((await get(cityInst, '/api/v1/findings?page=1&pageSize=20')).json())).toEqual([city.id]);
    const entB = await login(app, w.users.enterpriseB.username);
    expect(orgIds((await get(entB, '/api/v1/findings?page=1&pageSize=20')).json())).toEqual([w.stationB.id]);
    const entA = await login(app, w.users.enterpriseA.username);
    expect((await get(entA, '/api/v1/findings?page=1&pageSize=20')).json()).toMatchObject({ total: 0 });
    const insp2 = await login(app, w.users.inspector2.username);
    expect(orgIds((await get(insp2, '/api/v1/findings?page=1&pageSize=20')).json())).toEqual([w.stationB.id]);
  });

  it('the permission catalog says what each role reads: every finding in scope, or its own organization’s only', () => {
    for (const role of ROLES) {
      const all = roleHas(role, 'finding.read');
      const own = roleHas(role, 'finding.read_own');
      expect([role, all || own], 'every role reads findings one way or the other').toEqual([role, true]);
      expect([role, all && own && role !== 'admin'], 'never both (admin holds the whole catalog)').toEqual([role, false]);
      expect([role, own && role !== 'admin']).toEqual([role, role === 'enterprise' || role === 'institution']);
    }
  });
});
