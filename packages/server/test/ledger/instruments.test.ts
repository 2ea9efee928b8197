import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPublicCode } from '../../src/modules/ledger/public-code.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildInstrument, buildOrg, buildWorld, login, type Session } from '../factories.js';

describe('instrument ledger: entry, edit, filing states, nozzles, verification records, scope', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let ent: Session;
  let admin: Session;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    world = await buildWorld(ctx);
    ent = await login(app, world.users.enterpriseA.username);
    admin = await login(app, world.users.admin.username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  const post = (s: Session, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });

  it('a record with every hard field is filed at once; dispenser nozzles; audited in the org chain', async () => {
    const r = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      siteId: world.siteA,
      category: 'fuel_dispenser',
      serialNo: ' ＪＹＪ 9 ',
      instrumentName: '燃油加油机',
      model: 'CS46',
      location: '1号岛',
      fuelGrade: '92#',
      nozzles: [{ nozzleNo: 1 }, { nozzleNo: 2, fuelGrade: '95#' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json();
    expect(d).toMatchObject({
      serialNo: 'JYJ9',
      ledgerState: 'filed',
      filedAt: '2024-10-15',
      adminDivisionCode: '150626100',
      catalogueItem: '燃油加油机',
      status: 'unverified',
    });
    expect(d.nozzles.map((n: { nozzleNo: number; fuelGrade: string }) => [n.nozzleNo, n.fuelGrade])).toEqual([
      [1, '92#'],
      [2, '95#'],
    ]);
    expect(d.publicCode).toMatch(/^[a-z2-9]{16}$/);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['chain', 'action'])
      .where('entity_type', '=', 'instrument')
      .where('entity_id', '=', String(d.id))
      .execute();
    expect(audit).toEqual([{ chain: `org:${world.stationA.id}`, action: 'instrument_created' }]);

    const dup = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'JYJ9',
      instrumentName: '加油机',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('JYJ9');
  });

  it('category-specific fields and Chinese validation messages', async () => {
    const wrong = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'X1',
      instrumentName: '加油机',
      caliberDn: 15,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'field_not_for_category', message: '“口径”不适用于燃油加油机' });
    const qty = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'X2',
      instrumentName: '加油机',
      quantity: 2,
    });
    expect(qty.json().error.message).toBe('燃油加油机的器具数量必须为 1');
    const date = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'dipstick',
      serialNo: 'X3',
      instrumentName: '量油尺',
      installDate: '2023-02-30',
    });
    expect(date.statusCode).toBe(400);
    expect(date.json().error.details[0].message).toBe('日期格式应为 YYYY-MM-DD 且为真实日期');
    const water = await post(admin, '/api/v1/instruments', {
      orgId: world.water.id,
      category: 'water_meter',
      serialNo: 'W1',
      instrumentName: '水表',
      caliberDn: 15,
      q3: 2.5,
      location: '一号楼101',
    });
    expect(water.statusCode, water.body).toBe(201);
    expect(water.json()).toMatchObject({ caliberDn: 15, q3: 2.5, catalogueType: '冷水水表' });
  });

  it('edit with before/after diff; draft → filed; removal with reason and replacement; invalid transitions refused', async () => {
    const draft = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'D1',
      instrumentName: '加油机',
      draft: true,
    });
    expect(draft.json()).toMatchObject({ ledgerState: 'draft', filedAt: null });
    const id = draft.json().id;
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/instruments/${id}`,
      headers: ent.headers,
      payload: { model: 'M2', file: true },
    });
    expect(patch.json()).toMatchObject({ model: 'M2', ledgerState: 'filed', filedAt: '2024-10-15' });
    const upd = await ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'instrument_updated')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(upd.data).changes.model).toEqual({ before: null, after: 'M2' });

    const repl = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'D2',
      instrumentName: '加油机',
    });
    const noReason = await post(ent, `/api/v1/instruments/${id}/state`, { state: 'removed' });
    expect(noReason.statusCode).toBe(400);
    const removed = await post(ent, `/api/v1/instruments/${id}/state`, {
      state: 'removed',
      date: '2024-10-01',
      reason: 'rotation',
      replacedById: repl.json().id,
    });
    expect(removed.json()).toMatchObject({
      ledgerState: 'removed',
      removalDate: '2024-10-01',
      removalReason: 'rotation',
      replacedById: repl.json().id,
      status: 'removed',
    });
    expect(removed.json().stateChanges.map((c: { toState: string }) => c.toState)).toEqual(['draft', 'filed', 'removed']);
    const back = await post(ent, `/api/v1/instruments/${id}/state`, { state: 'filed' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.message).toBe('台账状态不能从“已拆除(轮换)”改为“已备案”');
  });

  it('manual verification records upsert by instrument (or nozzle) + date and drive the status', async () => {
    const created = await post(ent, '/api/v1/instruments', {
      orgId: world.stationA.id,
      category: 'fuel_dispenser',
      serialNo: 'V1',
      instrumentName: '加油机',
      nozzles: [{ nozzleNo: 1 }],
    });
    const id = created.json().id;
    const v1 = await post(ent, `/api/v1/instruments/${id}/verifications`, {
      date: '2024-08-01',
      conclusion: 'passed',
      institutionName: '示例所',
    });
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json().status).toBe('valid');
    const v2 = await post(ent, `/api/v1/instruments/${id}/verifications`, {
      date: '2024-08-01',
      conclusion: 'passed',
      certificateNo: 'C9',
      institutionName: '示例所',
    });
    expect(v2.json().verifications).toHaveLength(1);
    expect(v2.json().verifications[0]).toMatchObject({ certificateNo: 'C9', source: 'manual' });
    const bad = await post(ent, `/api/v1/instruments/${id}/verifications`, {
      date: '2024-08-01',
      validUntil: '2024-07-01',
      conclusion: 'passed',
    });
    expect(bad.statusCode).toBe(400);
    const n = await post(ent, `/api/v1/instruments/${id}/verifications`, { nozzleNo: 1, date: '2024-09-01', conclusion: 'failed' });
    expect(n.json()).toMatchObject({ status: 'failed' });
    const noz = await post(ent, `/api/v1/instruments/${id}/nozzles`, { nozzleNo: 2, fuelGrade: '0#' });
    expect(noz.json().nozzles).toHaveLength(2);
  });

  it('list: paging, filters, sorting, scope (enterprise own org, inspector its towns, 404 outside)', async () => {
    await post(admin, '/api/v1/instruments', {
      orgId: world.stationB.id,
      siteId: world.siteB,
      category: 'fuel_dispenser',
      serialNo: 'B1',
      instrumentName: '加油机',
    });
    const mine = await app.inject({ method: 'GET', url: '/api/v1/instruments?pageSize=2&sort=serialNo&order=desc', headers: ent.headers });
    expect(mine.json().items).toHaveLength(2);
    expect(mine.json().items.every((i: { orgId: number }) => i.orgId === world.stationA.id)).toBe(true);
    const all = await app.inject({ method: 'GET', url: '/api/v1/instruments?pageSize=100', headers: admin.headers });
    expect(all.json().total).toBe(mine.json().total + 2);
    const byCat = await app.inject({ method: 'GET', url: '/api/v1/instruments?category=water_meter', headers: admin.headers });
    expect(byCat.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['W1']);
    const q = await app.inject({ method: 'GET', url: '/api/v1/instruments?q=jyj', headers: admin.headers });
    expect(q.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['JYJ9']);
    const town = await app.inject({ method: 'GET', url: '/api/v1/instruments?town=150626102', headers: admin.headers });
    expect(town.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['B1']);
    const state = await app.inject({ method: 'GET', url: '/api/v1/instruments?ledgerState=removed', headers: admin.headers });
    expect(state.json().total).toBe(1);

    const insp2 = await login(app, world.users.inspector2.username);
    const il = await app.inject({ method: 'GET', url: '/api/v1/instruments', headers: insp2.headers });
    expect(il.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['B1']);
    const b1 = il.json().items[0].id;
    expect((await app.inject({ method: 'GET', url: `/api/v1/instruments/${b1}`, headers: ent.headers })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'PATCH', url: `/api/v1/instruments/${b1}`, headers: ent.headers, payload: { model: 'x' } })).statusCode,
    ).toBe(404);
    const other = await post(ent, '/api/v1/instruments', {
      orgId: world.stationB.id,
      category: 'fuel_dispenser',
      serialNo: 'Z',
      instrumentName: '加油机',
    });
    expect(other.statusCode).toBe(404);
    const reg = await login(app, world.users.regulator.username);
    expect((await app.inject({ method: 'GET', url: `/api/v1/instruments/${b1}`, headers: reg.headers })).statusCode).toBe(200);
  });

  it('public lookup: JSON and /p/<code> page without login, never the location; QR labels', async () => {
    const w = await ctx.db.selectFrom('instruments').select(['id', 'public_code']).where('serial_no', '=', 'W1').executeTakeFirstOrThrow();
    const json = await app.inject({ method: 'GET', url: `/api/v1/public/instruments/${w.public_code}` });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ category: 'water_meter', categoryLabel: '水表', instrumentName: '水表' });
    expect(json.body).not.toContain('一号楼101');
    expect(json.json()).not.toHaveProperty('location');
    expect(json.json()).toMatchObject({ serialNo: null, nozzles: [] });
    const page = await app.inject({ method: 'GET', url: `/p/${w.public_code}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('计量器具检定状态查询');
    expect(page.body).toContain('水表');
    expect(page.body).not.toContain('一号楼101');
    const missing = await app.inject({ method: 'GET', url: '/p/aaaaaaaaaaaaaaaa' });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/instruments/zz' })).statusCode).toBe(404);

    const svg = await app.inject({ method: 'GET', url: `/api/v1/instruments/qr-labels?ids=${w.id}`, headers: admin.headers });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    expect(svg.body).toContain('W1');
    const png = await app.inject({ method: 'GET', url: `/api/v1/instruments/qr-labels?ids=${w.id}&format=png`, headers: admin.headers });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const outside = await app.inject({ method: 'GET', url: `/api/v1/instruments/qr-labels?ids=${w.id}`, headers: ent.headers });
    expect(outside.statusCode).toBe(404);
  });

  it('public page of a dispenser: its serial, every nozzle with its own status; a failed one never shows a validity', async () => {
    const org = await buildOrg(ctx);
    const d = await buildInstrument(ctx, {
      orgId: org.id,
      serialNo: 'JYJ-0427',
      instrumentName: '燃油加油机',
      nozzles: 3,
      status: 'failed',
      validUntil: '2025-03-31',
    });
    const set = (no: number, status: string, validUntil: string) =>
      ctx.db
        .updateTable('nozzles')
        .set({ status, valid_until: validUntil })
        .where('instrument_id', '=', d.id)
        .where('nozzle_no', '=', no)
        .execute();
    await set(1, 'valid', '2025-03-31');
    await set(2, 'failed', '2025-03-31');
    await set(3, 'overdue', '2024-09-30');
    const code = newPublicCode();
    await ctx.db.updateTable('instruments').set({ public_code: code }).where('id', '=', d.id).execute();
    const json = (await app.inject({ method: 'GET', url: `/api/v1/public/instruments/${code}` })).json();
    expect(json).toMatchObject({ status: 'failed', validUntil: null, serialNo: 'JYJ-0427' });
    expect(json.nozzles).toEqual([
      { no: 1, fuelGrade: null, status: 'valid', statusLabel: '有效', validUntil: '2025-03-31' },
      { no: 2, fuelGrade: null, status: 'failed', statusLabel: '不合格', validUntil: null },
      { no: 3, fuelGrade: null, status: 'overdue', statusLabel: '超期未检', validUntil: '2024-09-30' },
    ]);
    const page = (await app.inject({ method: 'GET', url: `/p/${code}` })).body;
    expect(page).toContain('JYJ-0427');
    expect(page).toContain('无（检定或抽检不合格，须停止使用）');
    expect(page).toContain('2024-09-30（已过期）');
    expect(page).toContain('3 号枪');
    // the complaint form with this instrument filled in (docs/PORTAL.md)
    expect(page).toContain(`<a class="act" href="/p/complaint?instrument=${code}">投诉这台器具</a>`);
    // the category once (name equal to the category label)
    expect(page.match(/燃油加油机/g)?.length).toBe(1);

    // the public search (/p): by the code → its page; by serial + organization (name or credit code) → its page
    const form = await app.inject({ method: 'GET', url: '/p' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('器具查询码或出厂编号');
    const byCode = await app.inject({ method: 'GET', url: `/p?q=${code.toUpperCase()}` });
    expect([byCode.statusCode, byCode.headers.location]).toEqual([303, `/p/${code}`]);
    const bySerial = await app.inject({ method: 'GET', url: `/p?q=JYJ-0427&org=${encodeURIComponent(org.name)}` });
    expect([bySerial.statusCode, bySerial.headers.location]).toEqual([303, `/p/${code}`]);
    const byCredit = await app.inject({ method: 'GET', url: `/p?q=JYJ-0427&org=${org.creditCode.toLowerCase()}` });
    expect(byCredit.headers.location).toBe(`/p/${code}`);
    // a serial alone lists nothing; a wrong organization finds nothing
    expect((await app.inject({ method: 'GET', url: '/p?q=JYJ-0427' })).body).toContain('请同时填写使用单位');
    const wrong = await app.inject({ method: 'GET', url: '/p?q=JYJ-0427&org=%E5%88%AB%E7%9A%84%E5%8D%95%E4%BD%8D' });
    expect([wrong.statusCode, wrong.body.includes('没有找到符合条件的器具')]).toEqual([200, true]);
  });
});
