import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleContext, readStatusHistories, statusesAsOf, statusesFrom } from '../../src/modules/status/status.api.js';
import { useTestApp } from '../db.js';
import { buildScenario, P } from './scenario.js';

/**
 * Attachments 2 and 3, the KPIs and the drill-downs on the hand-built scenario of scenario.ts (docs/REPORTS.md).
 * Today is 2024-11-20, so D = 2024-10-15 is computed from the history by the status engine.
 */
const r = (numerator: number, denominator: number, rate: number | null) => ({ numerator, denominator, rate });
const Q = `regionCode=150626&from=${P.from}&to=${P.to}`;

describe('reports: Attachment 2, Attachment 3, KPIs on a hand-built scenario', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  let s: Awaited<ReturnType<typeof buildScenario>>;
  beforeAll(async () => {
    s = await buildScenario(t.ctx, t.world);
  });

  it('Attachment 2: every column of every row, by hand', async () => {
    const res = await t.as('regulator').get(`/api/v1/reports/attachment2?${Q}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.template).toEqual({ id: 'attachment2', version: 1 });
    expect(a.asOf).toBe('2024-10-15');
    expect(a.identityViolations).toEqual([]);
    // credit-code order (water utility first), then water, electricity, gas
    expect(a.rows.map((x: { orgId: number; meterType: string }) => [x.orgId, x.meterType])).toEqual([
      [t.world.water.id, 'water_meter'],
      [t.world.water.id, 'electricity_meter'],
      [s.power.id, 'electricity_meter'],
      [s.gas.id, 'gas_meter'],
    ]);
    const [water, waterElec, power, gas] = a.rows;
    expect(water).toMatchObject({
      seq: 1,
      enterpriseType: 'water_supply',
      inService: 7, // W1, W4, W5, W6, W10 ×3
      filed: 5, // W1, W5, W10 ×3
      ledgerEstablished: false,
      installed: 3, // W4, W5, W6
      firstVerified: 1, // W4 (W5 verified after installation)
      firstVerificationRate: r(1, 3, 0.3333),
      dueForRotation: 3, // W1 (backlog), W2, W3
      rotated: 2,
      overdueNotRotated: 1,
      rotationRate: r(2, 3, 0.6667),
      verificationRate: r(5, 7, 0.7143), // W4, W5, W10 ×3
      sampled: 3,
      samplePassed: 2,
      sampleFailed: 1,
      samplePassRate: r(2, 3, 0.6667),
      complaintsReceived: 0,
      utilityComplaintsHandled: null,
      inaccurateMetersReplaced: 1, // W9
      rectificationOrders: 1,
      casesOpened: 1,
      finesAndConfiscations: 12350,
      remarks: null,
    });
    expect(waterElec).toMatchObject({
      inService: 1,
      filed: 1,
      installed: 0,
      firstVerificationRate: r(0, 0, null),
      dueForRotation: 0,
      rotationRate: r(0, 0, null),
      verificationRate: r(1, 1, 1),
      sampled: 0,
      samplePassRate: r(0, 0, null),
      rectificationOrders: 1,
      casesOpened: 1,
      finesAndConfiscations: 12350,
    });
    expect(power).toMatchObject({
      inService: 4,
      filed: 0,
      installed: 1,
      firstVerified: 1,
      firstVerificationRate: r(1, 1, 1),
      dueForRotation: 2, // E1 backlog (re-verified), E2
      rotated: 1,
      overdueNotRotated: 1,
      rotationRate: r(1, 2, 0.5),
      verificationRate: r(3, 4, 0.75), // E1, E3 (assumed from install), E4
      rectificationOrders: 0, // its order names no meter: 合计 only
      casesOpened: 0,
      finesAndConfiscations: 0,
    });
    expect(gas).toMatchObject({ inService: 0, verificationRate: r(0, 0, null), rotationRate: r(0, 0, null) });
    // 合计: instruments sum; the water utility's order and case touch two meter types and count once
    expect(a.total).toMatchObject({
      seq: null,
      inService: 12,
      filed: 6,
      installed: 4,
      firstVerified: 2,
      firstVerificationRate: r(2, 4, 0.5),
      dueForRotation: 5,
      rotated: 3,
      overdueNotRotated: 2,
      rotationRate: r(3, 5, 0.6),
      verificationRate: r(9, 12, 0.75),
      sampled: 3,
      rectificationOrders: 2,
      casesOpened: 1,
      finesAndConfiscations: 12350,
    });
    expect(a.blocks).toMatchObject({ sampledInService: 2, sampledInServicePassed: 1, sampledStock: 1, sampledStockPassed: 1 });
  });

  it('Attachment 3: dispensers and nozzles in different statuses, auxiliaries, findings, 合计', async () => {
    const res = await t.as('regulator').get(`/api/v1/reports/attachment3?${Q}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.blocks).toBeUndefined();
    expect(a.identityViolations).toEqual([]);
    expect(a.rows.map((x: { siteId: number }) => x.siteId)).toEqual([t.world.siteA, t.world.siteB]);
    const [sa, sb] = a.rows;
    expect(sa).toMatchObject({
      township: '嘎鲁图镇',
      dispensers: 3,
      nozzles: 6,
      validDispensers: 1,
      validNozzles: 4,
      overdueDispensers: 0,
      overdueNozzles: 1,
      unverifiedDispensers: 1,
      unverifiedNozzles: 1,
      failedInUseDispensers: 1,
      failedInUseNozzles: 0,
      verificationRate: r(4, 6, 0.6667),
      dipsticks: 1,
      dipsticksValid: 1,
      hydrometers: 1,
      hydrometersValid: 0,
      allFiled: false,
      integrityPledge: null,
      problemsFound: 1,
      rectificationOrders: 1,
      casesOpened: 1,
      finesAndConfiscations: 1000,
      inspectedAt: null,
    });
    expect(sb).toMatchObject({
      dispensers: 1,
      nozzles: 1,
      validDispensers: 1,
      validNozzles: 1,
      verificationRate: r(1, 1, 1),
      allFiled: true,
      problemsFound: 0,
    });
    expect(a.total).toMatchObject({
      dispensers: 4,
      nozzles: 7,
      validNozzles: 5,
      verificationRate: r(5, 7, 0.7143),
      problemsFound: 1,
      finesAndConfiscations: 1000,
    });
  });

  it('KPIs by category (formula version 1)', async () => {
    const res = await t.as('viewer').get(`/api/v1/reports/kpi?${Q}&by=category`);
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json();
    expect(k.formulaVersion).toBe(1);
    const g = Object.fromEntries(k.groups.map((x: { key: string; kpis: unknown }) => [x.key, x.kpis]));
    expect(g.water_meter).toMatchObject({
      firstVerificationRate: r(1, 3, 0.3333),
      rotationRate: r(2, 3, 0.6667),
      onTimeRotationRate: r(1, 3, 0.3333),
      verificationRate: r(5, 7, 0.7143),
      samplePassRateInService: r(1, 2, 0.5),
      samplePassRateStock: r(1, 1, 1),
      overdueRate: r(1, 7, 0.1429),
      filingRate: r(5, 7, 0.7143),
    });
    expect(g.electricity_meter).toMatchObject({
      rotationRate: r(1, 2, 0.5),
      onTimeRotationRate: r(0, 2, 0),
      verificationRate: r(4, 5, 0.8),
      overdueRate: r(1, 5, 0.2),
      filingRate: r(1, 5, 0.2),
    });
    // dispensers per nozzle; D3 has no nozzle records and counts by its own (failed) status
    expect(g.fuel_dispenser).toMatchObject({ verificationRate: r(5, 8, 0.625), overdueRate: r(0, 4, 0), filingRate: r(3, 4, 0.75) });
    expect(g.dipstick).toBeUndefined();
  });

  it('drill-down: the list behind a number has that many records (same query)', async () => {
    const a = (await t.as('regulator').get(`/api/v1/reports/attachment2?${Q}`)).json();
    const water = a.rows[0];
    for (const column of [
      'inService',
      'installed',
      'firstVerified',
      'dueForRotation',
      'rotated',
      'overdueNotRotated',
      'sampled',
      'sampleFailed',
      'rectificationOrders',
    ]) {
      const d = (
        await t
          .as('regulator')
          .get(`/api/v1/reports/attachment2/drill?${Q}&orgId=${water.orgId}&meterType=water_meter&column=${column}&pageSize=100`)
      ).json();
      expect(d.value, column).toBe(water[column]);
    }
    const overdue = (
      await t
        .as('regulator')
        .get(`/api/v1/reports/attachment2/drill?${Q}&orgId=${water.orgId}&meterType=water_meter&column=overdueNotRotated`)
    ).json();
    expect(overdue.items.map((i: { id: number }) => i.id)).toEqual([s.W1.id]);
    const money = (await t.as('regulator').get(`/api/v1/reports/attachment2/drill?${Q}&column=finesAndConfiscations`)).json();
    expect(money).toMatchObject({ total: 1, value: 12350 });
    const orders = (await t.as('regulator').get(`/api/v1/reports/attachment2/drill?${Q}&column=rectificationOrders`)).json();
    expect(orders.total).toBe(a.total.rectificationOrders);
    const nozzles = (
      await t.as('regulator').get(`/api/v1/reports/attachment3/drill?${Q}&siteId=${t.world.siteA}&column=overdueNozzles`)
    ).json();
    expect(nozzles.items.map((i: { label: string }) => i.label)).toEqual([`${s.D1.serialNo}#3`]);
    const valid = (await t.as('regulator').get(`/api/v1/reports/attachment3/drill?${Q}&column=validNozzles&pageSize=3&page=2`)).json();
    expect(valid).toMatchObject({ total: 5, value: 5 });
    expect(valid.items).toHaveLength(2);
  });

  it('D = today: the stored statuses written by a refresh change no figure (the reports count the status spans)', async () => {
    const { refreshOrg } = await import('../../src/modules/status/status.api.js');
    const computed = (await t.as('regulator').get(`/api/v1/reports/attachment3?regionCode=150626&from=${P.from}&to=2024-11-20`)).json();
    await refreshOrg(t.ctx, undefined);
    const stored = (await t.as('regulator').get(`/api/v1/reports/attachment3?regionCode=150626&from=${P.from}&to=2024-11-20`)).json();
    expect(stored.rows).toEqual(computed.rows);
    expect(stored.total.nozzles).toBe(7);
  });

  it('scope: an office inspector sees its towns only; a region outside its scope is 404; enterprises and institutions 403', async () => {
    const a = (await t.as('inspector2').get(`/api/v1/reports/attachment3?${Q}`)).json();
    expect(a.rows.map((x: { siteId: number }) => x.siteId)).toEqual([t.world.siteB]);
    expect((await t.as('inspector2').get(`/api/v1/reports/attachment3?regionCode=150626100&from=${P.from}&to=${P.to}`)).statusCode).toBe(
      404,
    );
    // IDOR: another town's station or another region's utility as a drill row → 404
    const d = await t.as('inspector2').get(`/api/v1/reports/attachment3/drill?${Q}&siteId=${t.world.siteA}&column=dispensers`);
    expect(d.statusCode).toBe(404);
    expect(d.json().error.code).toBe('not_found');
    const u = await t
      .as('inspector2')
      .get(`/api/v1/reports/attachment2/drill?${Q}&orgId=${t.world.water.id}&meterType=water_meter&column=inService`);
    expect(u.statusCode).toBe(404);
    expect(
      (
        await t
          .as('regulator')
          .get(`/api/v1/reports/attachment2/drill?${Q}&orgId=${t.world.water.id}&meterType=water_meter&column=inService`)
      ).statusCode,
    ).toBe(200);
    expect((await t.as('enterprise').get(`/api/v1/reports/attachment2?${Q}`)).statusCode).toBe(403);
    expect((await t.as('institution').get(`/api/v1/reports/kpi?${Q}`)).statusCode).toBe(403);
  });

  it('bad input: to before from names `to`, unknown region, unknown format, unknown column', async () => {
    const back = await t.as('regulator').get(`/api/v1/reports/attachment2?regionCode=150626&from=2024-10-15&to=2024-06-07`);
    expect(back.statusCode).toBe(400);
    expect(back.json().error.details.name).toBe('to');
    const region = await t.as('regulator').get(`/api/v1/reports/attachment2?regionCode=999999&from=${P.from}&to=${P.to}`);
    expect(region.statusCode).toBe(400);
    expect(region.json().error.code).toBe('report_region_unknown');
    expect((await t.as('regulator').get(`/api/v1/reports/attachment2?${Q}&format=docx`)).statusCode).toBe(400);
    const col = await t.as('regulator').get(`/api/v1/reports/attachment2/drill?${Q}&column=nope`);
    expect(col.statusCode).toBe(400);
    expect(col.json().error.details.name).toBe('column');
  });

  it('status histories read once (readStatusHistories / statusesFrom) give statusesAsOf at every date', async () => {
    const ids = (await t.ctx.db.selectFrom('instruments').select('id').execute()).map((x) => Number(x.id));
    expect(ids.length).toBeGreaterThan(10);
    const h = await readStatusHistories(t.ctx.db, ids);
    for (const d of ['2024-06-06', P.from, P.to, '2024-11-20', '2026-01-01']) {
      const rc = await loadRuleContext(t.ctx, t.ctx.db, d);
      expect(statusesFrom(h, d, rc)).toEqual(await statusesAsOf(t.ctx, t.ctx.db, ids, d, rc));
      expect(statusesFrom(h, d, rc, ids.slice(0, 3))).toEqual(await statusesAsOf(t.ctx, t.ctx.db, ids.slice(0, 3), d, rc));
    }
  });
});
