import { beforeEach, describe, expect, it } from 'vitest';
import { refreshInstrumentStatus } from '../../src/modules/status/status.service.js';
import { type Method, type Requests, type TestContext, useTestApp, type World } from '../db.js';
import { buildInstrument, buildOrg, buildSite, buildUser, DUE_SOON_DISPENSER } from '../factories.js';

describe('institution oversight data, calendar, rotation', () => {
  const t = useTestApp({ each: true });
  let ctx: TestContext;
  let w: World;
  let inst: Requests;
  let inst2: Requests;
  let reg: Requests;
  let admin: Requests;
  let water: Requests;
  let other: { id: number };

  beforeEach(async () => {
    ({ ctx, world: w } = t);
    other = await buildOrg(ctx, { kind: 'institution', regionCode: '150600' });
    inst = t.as('institution');
    inst2 = t.as(await buildUser(ctx, { role: 'institution', orgId: other.id }));
    reg = t.as('regulator');
    admin = t.as('admin');
    water = t.as('waterUser');
  });
  const req = (s: Requests, method: Method, url: string, payload?: unknown) => s.send(method, url, payload);

  it('an institution manages its own authorizations, standards and verifiers; regulators read; others get 404', async () => {
    const a = await req(inst, 'POST', '/api/v1/verification/authorizations', {
      categories: ['fuel_dispenser'],
      regionCode: '150626',
      validFrom: '2024-01-01',
      validTo: '2024-11-30',
      certificateNo: '(蒙)法计(2024)01号',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ orgId: w.institution.id, categories: ['fuel_dispenser'] });
    const s = await req(inst, 'POST', '/api/v1/verification/standards', {
      name: '燃油加油机检定装置',
      certificateNo: '[2022]蒙量标鄂证字第001号',
      validUntil: '2024-12-01',
      categories: ['fuel_dispenser'],
    });
    expect(s.statusCode, s.body).toBe(201);
    const v = await req(inst, 'POST', '/api/v1/verification/verifiers', {
      name: '赵明',
      certificateNo: 'JDY-001',
      validUntil: '2026-01-01',
      categories: ['fuel_dispenser', 'water_meter'],
    });
    expect(v.statusCode, v.body).toBe(201);
    expect(
      (
        await req(inst, 'POST', '/api/v1/verification/verifiers', {
          name: 'x',
          certificateNo: 'JDY-001',
          validUntil: '2026-01-01',
          categories: ['water_meter'],
        })
      ).statusCode,
    ).toBe(409);

    // another institution cannot see or change them
    expect((await req(inst2, 'GET', '/api/v1/verification/standards')).json().total).toBe(0);
    expect((await req(inst2, 'PATCH', `/api/v1/verification/standards/${s.json().id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await req(inst2, 'DELETE', `/api/v1/verification/verifiers/${v.json().id}`)).statusCode).toBe(404);
    // an enterprise has no access; a regulator reads all but cannot write
    expect((await req(water, 'GET', '/api/v1/verification/standards')).statusCode).toBe(403);
    expect((await req(reg, 'GET', '/api/v1/verification/authorizations')).json().total).toBe(1);
    expect(
      (
        await req(reg, 'POST', '/api/v1/verification/verifiers', {
          name: 'x',
          certificateNo: 'Y',
          validUntil: '2026-01-01',
          categories: ['water_meter'],
        })
      ).statusCode,
    ).toBe(403);

    const upd = await req(inst, 'PATCH', `/api/v1/verification/standards/${s.json().id}`, { validUntil: '2025-12-01' });
    expect(upd.json().validUntil).toBe('2025-12-01');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'standard_updated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data).changes).toEqual({ valid_until: { before: '2024-12-01', after: '2025-12-01' } });

    // expiry warnings: the authorization ends within 60 days (2024-11-30, 46 days from 2024-10-15)
    const exp = (await req(inst, 'GET', '/api/v1/verification/expiring')).json();
    expect(exp).toEqual([expect.objectContaining({ kind: 'authorization', validUntil: '2024-11-30', daysLeft: 46, window: 60 })]);
    expect((await req(inst, 'GET', '/api/v1/verification/expiring?within=30')).json()).toEqual([]);

    expect((await req(inst, 'DELETE', `/api/v1/verification/verifiers/${v.json().id}`)).statusCode).toBe(200);
    expect((await req(inst, 'GET', '/api/v1/verification/verifiers')).json().total).toBe(0);

    // the applicant picker lists institutions with their valid authorizations
    const choices = (await req(water, 'GET', '/api/v1/verification/institutions')).json();
    expect(choices.find((c: { id: number }) => c.id === w.institution.id).authorizations).toHaveLength(1);
  });

  it('the admin edits the holiday calendar (audited); the deadline follows it', async () => {
    const cal = (await req(inst, 'GET', '/api/v1/verification/calendar?year=2024')).json();
    expect(cal.find((d: { date: string }) => d.date === '2024-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(cal.find((d: { date: string }) => d.date === '2024-10-12')).toMatchObject({ kind: 'workday' });
    expect((await req(inst, 'PUT', '/api/v1/verification/calendar/2024-10-16', { kind: 'holiday', name: 'x' })).statusCode).toBe(403);
    const r = await req(admin, 'PUT', '/api/v1/verification/calendar/2024-10-16', { kind: 'holiday', name: '临时休息日' });
    expect(r.statusCode, r.body).toBe(200);
    const a = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'calendar_day_changed').execute();
    expect(a).toHaveLength(1);
    expect((await req(admin, 'PUT', '/api/v1/verification/calendar/2024-10-16', { kind: 'normal' })).json().kind).toBe('normal');
  });

  it('rotation: lots, a 24-month forecast, an order with a deadline, rotation linked to the replacement', async () => {
    const site = await buildSite(ctx, w.water.id, { kind: 'water_area', townCode: '150626100' });
    const meters: number[] = [];
    const mk = async (install: string, verified: string, manufacturer = '宁波水表') => {
      const m = await buildInstrument(ctx, {
        ...DUE_SOON_DISPENSER,
        orgId: w.water.id,
        siteId: site,
        category: 'water_meter',
        manufacturer,
        model: 'LXS-15E',
        installDate: install,
        adminDivisionCode: '150626100',
      });
      await ctx.db
        .insertInto('verifications')
        .values({
          org_id: w.water.id,
          instrument_id: m.id,
          nozzle_no: 0,
          kind: 'initial',
          date: verified,
          conclusion: 'passed',
          certificate_no: null,
          valid_until: null,
          institution_id: null,
          institution_name: null,
          verifier_id: null,
          standard_id: null,
          application_id: null,
          measurements: null,
          seals: null,
          source: 'import',
          created_at: '2024-01-01T00:00:00.000Z',
        })
        .execute();
      return m.id;
    };
    meters.push(await mk('2018-11-02', '2018-11-01')); // 6 years → 2024-10-31 (due)
    meters.push(await mk('2018-11-20', '2018-11-15')); // → 2024-11-14
    meters.push(await mk('2019-03-10', '2019-03-01')); // → 2025-02-28
    meters.push(await mk('2018-05-01', '2018-04-01', '三川智慧')); // → 2024-03-31 overdue
    await ctx.db.transaction().execute((trx) => refreshInstrumentStatus(ctx, trx, meters));
    const st = await ctx.db
      .selectFrom('instruments')
      .select(['status', 'valid_until', 'rule_ref'])
      .where('id', 'in', meters)
      .orderBy('id')
      .execute();
    expect(st.map((s) => s.valid_until)).toEqual(['2024-10-31', '2024-11-14', '2025-02-28', '2024-03-31']);

    const lots = (await req(reg, 'GET', '/api/v1/rotation/lots')).json();
    expect(lots.total).toBe(3);
    const lot2018 = lots.items.find(
      (l: { installYear: string; manufacturer: string }) => l.installYear === '2018' && l.manufacturer === '宁波水表',
    );
    expect(lot2018).toMatchObject({ count: 2, townCode: '150626100', earliestValidUntil: '2024-10-31', dueWithin12Months: 2, overdue: 0 });
    expect((await req(water, 'GET', '/api/v1/rotation/lots')).json().total).toBe(3);

    const fc = (await req(water, 'GET', '/api/v1/rotation/forecast?from=2024-10-15')).json();
    expect(fc.from).toBe('2024-10-01');
    expect(fc.overdueBefore).toBe(1);
    expect(fc.months).toHaveLength(24);
    expect(fc.months.slice(0, 5)).toEqual([
      { month: '2024-10', count: 1 },
      { month: '2024-11', count: 1 },
      { month: '2024-12', count: 0 },
      { month: '2025-01', count: 0 },
      { month: '2025-02', count: 1 },
    ]);

    const lotKey = { category: 'water_meter', manufacturer: '宁波水表', model: 'LXS-15E', installYear: '2018', townCode: '150626100' };
    expect(
      (await req(water, 'POST', '/api/v1/rotation/orders', { orgId: w.water.id, lot: lotKey, deadline: '2024-12-31' })).statusCode,
    ).toBe(403);
    const empty = await req(reg, 'POST', '/api/v1/rotation/orders', {
      orgId: w.water.id,
      lot: { ...lotKey, installYear: '2017' },
      deadline: '2024-12-31',
    });
    expect(empty.json().error.code).toBe('rotation_lot_empty');
    const o = await req(reg, 'POST', '/api/v1/rotation/orders', {
      orgId: w.water.id,
      lot: lotKey,
      deadline: '2024-12-31',
      note: '到期轮换',
    });
    expect(o.statusCode, o.body).toBe(201);
    expect(o.json()).toMatchObject({ total: 2, rotated: 0, overdue: false });

    const repl = await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      orgId: w.water.id,
      siteId: site,
      category: 'water_meter',
      installDate: '2024-10-15',
    });
    const bad = await req(water, 'POST', `/api/v1/rotation/orders/${o.json().id}/rotate`, {
      instrumentId: meters[2],
      replacementId: repl.id,
      date: '2024-10-15',
    });
    expect(bad.json().error.code).toBe('rotation_item_invalid');
    const r = await req(water, 'POST', `/api/v1/rotation/orders/${o.json().id}/rotate`, {
      instrumentId: meters[0],
      replacementId: repl.id,
      date: '2024-10-15',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 2, rotated: 1 });
    const old = await ctx.db
      .selectFrom('instruments')
      .select(['ledger_state', 'removal_reason', 'removal_date', 'replaced_by_id', 'status'])
      .where('id', '=', meters[0]!)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({
      ledger_state: 'removed',
      removal_reason: 'rotation',
      removal_date: '2024-10-15',
      replaced_by_id: repl.id,
      status: 'removed',
    });
    ctx.clock.set('2025-01-05T02:00:00.000Z');
    const reg2 = t.as('regulator', { newSession: true });
    expect((await req(reg2, 'GET', '/api/v1/rotation/orders')).json().items[0]).toMatchObject({ rotated: 1, overdue: true });
  });
});
