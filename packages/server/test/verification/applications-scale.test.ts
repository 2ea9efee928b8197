import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import {
  buildAuthorization,
  buildInstrument,
  buildOrg,
  buildStandard,
  buildUser,
  buildVerifier,
  buildWorld,
  DUE_SOON_DISPENSER,
  login,
  type Session,
} from '../factories.js';

// Fixed clock of the test context: Tue 2024-10-15 10:00 Beijing.
describe('applications at scale: candidates by filter, select all that match, limit, coverage, notices', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let ent: Session;
  let water: Session;
  let entB: Session;
  let inst: Session;
  let inst2: Session;
  let reg: Session;
  let admin: Session;
  let city: { id: number };

  beforeEach(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    w = await buildWorld(ctx);
    city = await buildOrg(ctx, { kind: 'institution', regionCode: '150600', name: '市计量院' });
    const cityUser = await buildUser(ctx, { role: 'institution', orgId: city.id });
    // county institution: dispensers and water meters in 150626; city: gas meters in the whole city, only from 2024-11-01
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser', 'water_meter'], region: '150626' });
    await buildAuthorization(ctx, city.id, { categories: ['gas_meter'], region: '150600', from: '2024-11-01' });
    await ctx.db
      .updateTable('organizations')
      .set({ contact_name: '李供水', contact_phone: '0477-7654321' })
      .where('id', '=', w.water.id)
      .execute();
    ent = await login(app, w.users.enterpriseA.username);
    water = await login(app, w.users.waterUser.username);
    entB = await login(app, w.users.enterpriseB.username);
    inst = await login(app, w.users.institution.username);
    inst2 = await login(app, cityUser.username);
    reg = await login(app, w.users.regulator.username);
    admin = await login(app, w.users.admin.username);
  });
  afterEach(async () => {
    await app.close();
    await ctx.cleanup();
  });

  const post = (s: Session, url: string, payload?: unknown) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const get = (s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
  const body = (extra: Record<string, unknown>) => ({
    institutionId: w.institution.id,
    mode: 'bring_in',
    preferredDate: '2024-10-20',
    contact: { name: '李供水', phone: '0477-7654321' },
    ...extra,
  });

  /** The water utility's meters: `n` in town 150626100 (嘎鲁图镇) named WM-A…, plus decoys that must not match. */
  async function waterMeters(n: number) {
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        (
          await buildInstrument(ctx, {
            ...DUE_SOON_DISPENSER,
            category: 'water_meter',
            orgId: w.water.id,
            serialNo: `WM-A-${String(i).padStart(4, '0')}`,
            adminDivisionCode: '150626100',
          })
        ).id,
      );
    // decoys: another town, another serial prefix in another town, removed, another org
    await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'water_meter',
      orgId: w.water.id,
      serialNo: 'WM-T-0001',
      adminDivisionCode: '150626102',
    });
    await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'water_meter',
      orgId: w.water.id,
      serialNo: 'WM-A-GONE',
      adminDivisionCode: '150626100',
      ledgerState: 'removed',
      removalDate: '2024-09-01',
    });
    await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'water_meter',
      orgId: w.stationA.id,
      serialNo: 'WM-A-OTHER',
      adminDivisionCode: '150626100',
    });
    return ids;
  }

  it('lists candidates server-side: search, category and town filters, paged, with the town by name', async () => {
    await waterMeters(7);
    const all = (await get(water, '/api/v1/applications/candidates?pageSize=5')).json();
    expect(all.total).toBe(8); // 7 in 嘎鲁图镇 + WM-T-0001; not the removed one, not station A's
    expect(all.items).toHaveLength(5);
    const town = (await get(water, '/api/v1/applications/candidates?town=150626100&q=wm-a&pageSize=5&page=2')).json();
    expect(town.total).toBe(7);
    expect(town.items).toHaveLength(2);
    expect(town.items[0]).toMatchObject({ category: 'water_meter', townCode: '150626100', townName: '嘎鲁图镇' });
    const gas = (await get(water, '/api/v1/applications/candidates?category=gas_meter')).json();
    expect(gas.total).toBe(0);
    const bad = await get(water, '/api/v1/applications/candidates?category=nope');
    expect(bad.statusCode).toBe(400);
    expect((await get(admin, '/api/v1/applications/candidates')).json().error.code).toBe('invalid_parameter');
    expect((await get(reg, '/api/v1/applications/candidates')).statusCode).toBe(403);
  });

  it('creates one application from a filter: ids resolved in the transaction, filter stored, detail paginated', async () => {
    const ids = await waterMeters(12);
    const filter = { q: 'WM-A', categories: ['water_meter'], town: '150626100' };
    const opts = (await post(water, '/api/v1/applications/options', { filter, preferredDate: '2024-10-20' })).json();
    expect(opts).toMatchObject({
      count: 12,
      limit: 10000,
      categories: ['water_meter'],
      institutions: [{ id: w.institution.id }],
      uncovered: [],
      defaults: { mode: 'bring_in', contactName: '李供水', contactPhone: '0477-7654321' },
    });
    const res = await post(water, '/api/v1/applications', body({ filter }));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect([...a.instrumentIds].sort((x: number, y: number) => x - y)).toEqual(ids);
    const items = await ctx.db.selectFrom('application_items').select('instrument_id').where('application_id', '=', a.id).execute();
    expect(items).toHaveLength(12);
    const v = await ctx.db.selectFrom('application_versions').select('filter').where('application_id', '=', a.id).executeTakeFirstOrThrow();
    expect(JSON.parse(v.filter as string)).toEqual(filter);
    const page2 = (await get(water, `/api/v1/applications/${a.id}?instrumentsPage=2&instrumentsPageSize=5`)).json();
    expect(page2.instrumentsTotal).toBe(12);
    expect(page2.filter).toEqual(filter);
    expect(page2.instruments.map((i: { serialNo: string }) => i.serialNo)).toEqual([
      'WM-A-0005',
      'WM-A-0006',
      'WM-A-0007',
      'WM-A-0008',
      'WM-A-0009',
    ]);
    const full = (await get(water, `/api/v1/applications/${a.id}`)).json();
    expect(full.instruments).toHaveLength(12);
    // they are now busy: the same filter selects nothing more
    const again = await post(water, '/api/v1/applications', body({ filter }));
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('application_selection_empty');
    // another org's session cannot read it
    expect((await get(entB, `/api/v1/applications/${a.id}`)).statusCode).toBe(404);
  });

  it('writes more than one chunk of items in bulk (1,205 meters in one application)', async () => {
    const now = ctx.clock.now().toISOString();
    const rows = Array.from({ length: 1205 }, (_, i) => ({
      org_id: w.water.id,
      category: 'water_meter',
      serial_no: `BULK-${String(i).padStart(5, '0')}`,
      instrument_name: 'water_meter',
      quantity: 1,
      admin_division_code: '150626100',
      ledger_state: 'filed',
      public_code: `PB${process.pid}${i}${now.slice(-6, -1)}`,
      status: 'due_soon',
      valid_until: '2024-10-30',
      install_date: '2020-05-01',
      filed_at: '2024-01-01',
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 400)
      await ctx.db
        .insertInto('instruments')
        .values(rows.slice(i, i + 400) as never)
        .execute();
    const res = await post(water, '/api/v1/applications', body({ filter: { q: 'BULK-' } }));
    expect(res.statusCode, res.body).toBe(201);
    const n = await ctx.db
      .selectFrom('application_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('application_id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1205);
    const d = (await get(water, `/api/v1/applications/${res.json().id}?instrumentsPage=25&instrumentsPageSize=50`)).json();
    expect(d.instrumentsTotal).toBe(1205);
    expect(d.instruments).toHaveLength(5);
  });

  it('refuses more instruments than the maxInstrumentsPerApplication setting, naming it', async () => {
    await waterMeters(6);
    const set = await app.inject({
      method: 'PUT',
      url: '/api/v1/verification/settings',
      headers: admin.headers,
      payload: { maxInstrumentsPerApplication: 5 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const res = await post(water, '/api/v1/applications', body({ filter: { town: '150626100' } }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('application_too_many_instruments');
    expect(res.json().error.message).toBe('一份申请最多 5 台器具（设置项“单份申请器具上限”），当前选择了 6 台；请缩小筛选范围或分批申请');
    expect(res.json().error.details).toMatchObject({ count: 6, limit: 5, setting: 'maxInstrumentsPerApplication' });
    expect(await ctx.db.selectFrom('applications').select('id').execute()).toEqual([]);
    const opts = (await post(water, '/api/v1/applications/options', { filter: { town: '150626100' } })).json();
    expect(opts).toMatchObject({ count: 6, limit: 5 });
  });

  it('offers only institutions authorized for the categories and towns on the dates; names an uncovered category and town in Chinese', async () => {
    const dsp = await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      orgId: w.stationA.id,
      siteId: w.siteA,
      adminDivisionCode: '150626100',
    });
    const hyd = await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'hydrometer',
      orgId: w.stationA.id,
      adminDivisionCode: '150626100',
    });
    const gasFar = await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'gas_meter',
      orgId: w.stationA.id,
      adminDivisionCode: '150626102',
    });
    const one = (await post(ent, '/api/v1/applications/options', { instrumentIds: [dsp.id], preferredDate: '2024-10-20' })).json();
    expect(one.institutions.map((i: { id: number }) => i.id)).toEqual([w.institution.id]);
    expect(one.defaults.mode).toBe('on_site');
    expect(one.uncovered).toEqual([]);
    const mixed = (await post(ent, '/api/v1/applications/options', { instrumentIds: [dsp.id, hyd.id] })).json();
    expect(mixed.institutions).toEqual([]);
    expect(mixed.uncovered).toEqual([
      {
        category: 'hydrometer',
        townCode: '150626100',
        townName: '嘎鲁图镇',
        message: '密度计（嘎鲁图镇）：暂无具备资质的检定机构，无法申请',
      },
    ]);
    // the city institution covers gas meters (150600…) only from 2024-11-01: not today, so not offered even for a later date
    const gas = (await post(ent, '/api/v1/applications/options', { instrumentIds: [gasFar.id], preferredDate: '2024-11-05' })).json();
    expect(gas.institutions).toEqual([]);
    expect(gas.uncovered[0].message).toBe('燃气表（图克镇）：暂无具备资质的检定机构，无法申请');
    ctx.clock.set('2024-11-04T02:00:00.000Z');
    ent = await login(app, w.users.enterpriseA.username);
    entB = await login(app, w.users.enterpriseB.username);
    const later = (await post(ent, '/api/v1/applications/options', { instrumentIds: [gasFar.id], preferredDate: '2024-11-05' })).json();
    expect(later.institutions.map((i: { id: number }) => i.id)).toEqual([city.id]);
    // others' instruments are not counted
    expect((await post(entB, '/api/v1/applications/options', { instrumentIds: [dsp.id] })).json().count).toBe(0);
  });

  it('the server still refuses an uncovered category, naming category and town in Chinese (never a code)', async () => {
    const hyd = await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      category: 'hydrometer',
      orgId: w.stationA.id,
      serialNo: 'MD-1',
      adminDivisionCode: '150626100',
    });
    const res = await post(ent, '/api/v1/applications', body({ instrumentIds: [hyd.id] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('application_not_authorized');
    const msg: string = res.json().error.message;
    expect(msg).toContain('密度计（嘎鲁图镇）');
    expect(msg).toContain('MD-1');
    expect(msg).not.toMatch(/150626/);
  });

  it('prints the result notice and the failure notice of a completed application; out of scope → 404', async () => {
    const verifier = await buildVerifier(ctx, w.institution.id, { categories: ['fuel_dispenser'] });
    const standard = await buildStandard(ctx, w.institution.id, { categories: ['fuel_dispenser'] });
    const d1 = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 2 });
    const d2 = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA });
    const a = (await post(ent, '/api/v1/applications', body({ instrumentIds: [d1.id, d2.id], mode: 'on_site' }))).json();
    const early = await get(ent, `/api/v1/applications/${a.id}/result-notice.pdf`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('application_no_results');
    expect((await post(inst, `/api/v1/applications/${a.id}/accept`)).statusCode).toBe(200);
    const r = (instrumentId: number, nozzleId: number | undefined, conclusion: string, certificateNo: string) => ({
      instrumentId,
      ...(nozzleId ? { nozzleId } : {}),
      date: '2024-10-15',
      conclusion,
      certificateNo,
      verifierId: verifier,
      standardId: standard,
    });
    const saved = await post(inst, `/api/v1/applications/${a.id}/results`, {
      results: [
        r(d1.id, d1.nozzleIds[0], 'passed', 'JD-001'),
        r(d1.id, d1.nozzleIds[1], 'failed', 'JD-002'),
        r(d2.id, undefined, 'passed', 'JD-003'),
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const detail = (await get(ent, `/api/v1/applications/${a.id}`)).json();
    expect(detail.status).toBe('completed');
    expect(
      detail.instruments[0].results.map((x: { nozzleNo: number; conclusion: string; certificateNo: string }) => [
        x.nozzleNo,
        x.conclusion,
        x.certificateNo,
      ]),
    ).toEqual([
      [1, 'passed', 'JD-001'],
      [2, 'failed', 'JD-002'],
    ]);
    for (const s of [ent, inst, reg]) {
      const pdf = await get(s, `/api/v1/applications/${a.id}/result-notice.pdf`);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('检定结果通知书'));
    }
    const fail = await get(ent, `/api/v1/applications/${a.id}/failure-notice.pdf`);
    expect(fail.statusCode).toBe(200);
    expect(fail.headers['content-type']).toBe('application/pdf');
    // kept for inspection (pdftoppm -r 60 .tmp/verification-result-notice.pdf)
    fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
    fs.writeFileSync(
      path.join(REPO_ROOT, '.tmp', 'verification-result-notice.pdf'),
      (await get(ent, `/api/v1/applications/${a.id}/result-notice.pdf`)).rawPayload,
    );
    fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'verification-failure-notice.pdf'), fail.rawPayload);
    for (const s of [entB, inst2]) {
      expect((await get(s, `/api/v1/applications/${a.id}/result-notice.pdf`)).statusCode).toBe(404);
      expect((await get(s, `/api/v1/applications/${a.id}/failure-notice.pdf`)).statusCode).toBe(404);
    }
  });
});
