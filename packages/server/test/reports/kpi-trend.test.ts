import { KPI_GROUPINGS } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_COUNTERS } from '../../src/modules/reports/attachments/kpi.rules.js';
import { useTestApp } from '../db.js';
import { buildInstrument, buildOrg } from '../factories.js';
import { buildScenario, P } from './scenario.js';

/**
 * KPI trend over a campaign's reporting days and KPI drill-downs (docs/REPORTS.md). Today is 2024-11-20: every
 * reporting day of the 2024 campaign (06-07 … 10-20) is past and computed from the history by the status engine.
 */
const r = (numerator: number, denominator: number, rate: number | null) => ({ numerator, denominator, rate });
const Q = `regionCode=150626&from=${P.from}&to=${P.to}`;

describe('KPI trend and drill-down', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  let trendOrg: number;
  beforeAll(async () => {
    await buildScenario(t.ctx, t.world);
    // a utility of its own for the trend (its group is exactly these three meters)
    trendOrg = (await buildOrg(t.ctx, { kind: 'water_supply', regionCode: '150626100' })).id;
    const meter = (s: Omit<Parameters<typeof buildInstrument>[1], 'orgId'>) =>
      buildInstrument(t.ctx, { ...s, orgId: trendOrg, category: 'water_meter' });
    // A: installed 06-20, verified before installation (06-15): installed and first verified from the 06-28 report on
    await meter({ installDate: '2024-06-20', verifications: [{ kind: 'initial', date: '2024-06-15', validUntil: '2030-06-14' }] });
    // B: installed 07-20, verified after installation (08-01): installed from 07-28, never first verified
    await meter({ installDate: '2024-07-20', verifications: [{ kind: 'initial', date: '2024-08-01', validUntil: '2030-07-31' }] });
    // C: backlog (valid until 2023-01-04) removed 09-01: due for rotation on every day, rotated from the 09-14 report on, never on time
    const c = await meter({
      installDate: '2017-01-10',
      ledgerState: 'removed',
      removalDate: '2024-09-01',
      verifications: [{ kind: 'initial', date: '2017-01-05', validUntil: '2023-01-04' }],
    });
    await t.ctx.db.updateTable('instruments').set({ removal_reason: 'rotation' }).where('id', '=', c.id).execute();
  });

  it('trend: the KPIs of each reporting day of the campaign (14th, 28th, 10-20), by hand', async () => {
    const created = await t.as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' });
    expect(created.statusCode, created.body).toBe(201);
    const campaignId = created.json().id;
    const res = await t.as('regulator').get(`/api/v1/reports/kpi/trend?campaignId=${campaignId}&by=org`);
    expect(res.statusCode, res.body).toBe(200);
    const trend = res.json();
    expect(trend.periodStart).toBe('2024-06-07');
    expect(trend.upcoming).toEqual([]);
    expect(trend.points.map((p: { date: string }) => p.date)).toEqual([
      '2024-06-14',
      '2024-06-28',
      '2024-07-14',
      '2024-07-28',
      '2024-08-14',
      '2024-08-28',
      '2024-09-14',
      '2024-09-28',
      '2024-10-14',
      '2024-10-20',
    ]);
    const mine = trend.points.map(
      (p: { groups: { key: string; kpis: Record<string, unknown> }[] }) => p.groups.find((g) => g.key === String(trendOrg))?.kpis,
    );
    expect(mine.map((k: Record<string, unknown>) => k.firstVerificationRate)).toEqual([
      r(0, 0, null), // 06-14: nothing installed yet
      r(1, 1, 1), // 06-28: A
      r(1, 1, 1),
      r(1, 2, 0.5), // 07-28: A and B
      r(1, 2, 0.5),
      r(1, 2, 0.5),
      r(1, 2, 0.5),
      r(1, 2, 0.5),
      r(1, 2, 0.5),
      r(1, 2, 0.5),
    ]);
    expect(mine.map((k: Record<string, unknown>) => k.rotationRate)).toEqual([
      ...Array(6).fill(r(0, 1, 0)), // C due, not removed yet (06-14 … 08-28)
      ...Array(4).fill(r(1, 1, 1)), // removed 09-01 (09-14 … 10-20)
    ]);
    expect(mine.map((k: Record<string, unknown>) => k.onTimeRotationRate)).toEqual(Array(10).fill(r(0, 1, 0)));
    // the total of a day is the KPI report of P = [campaign start, that day]
    const day = await t.as('regulator').get('/api/v1/reports/kpi?regionCode=150626&from=2024-06-07&to=2024-08-14');
    expect(trend.points[4].total).toEqual(day.json().total);
    // not a campaign the caller sees → 404; enterprises have no report.read → 403
    expect((await t.as('regulator').get('/api/v1/reports/kpi/trend?campaignId=999999')).statusCode).toBe(404);
    expect((await t.as('enterprise').get(`/api/v1/reports/kpi/trend?campaignId=${campaignId}`)).statusCode).toBe(403);
  });

  it('drill-down: every KPI part, of the total and of every group, lists records adding up to the figure', async () => {
    for (const by of KPI_GROUPINGS) {
      const k = (await t.as('regulator').get(`/api/v1/reports/kpi?${Q}&by=${by}`)).json();
      // the total once (with by=category), every category group, and the first town / organization group
      const groups = k.groups.filter((_: unknown, i: number) => by === 'category' || i === 0);
      const targets = [
        { group: null as string | null, kpis: k.total },
        ...groups.map((g: { key: string; kpis: unknown }) => ({ group: g.key, kpis: g.kpis })),
      ];
      for (const { group, kpis } of targets) {
        for (const kpi of Object.keys(KPI_COUNTERS)) {
          for (const part of ['numerator', 'denominator'] as const) {
            if (group === null && by !== 'category') continue; // the total: once
            const g = group === null ? '' : `&by=${by}&group=${encodeURIComponent(group)}`;
            const res = await t.as('regulator').get(`/api/v1/reports/kpi/drill?${Q}&kpi=${kpi}&part=${part}${g}&pageSize=100`);
            expect(res.statusCode, res.body).toBe(200);
            const d = res.json();
            expect(d.value, `${by} ${group} ${kpi} ${part}`).toBe(kpis[kpi][part]);
            // every record is listed (one page of 100 holds them all here) and the quantities add up to the figure
            expect(d.items.reduce((s: number, i: { quantity: number }) => s + i.quantity, 0)).toBe(kpis[kpi][part]);
            expect(d.items).toHaveLength(d.total);
          }
        }
      }
    }
  }, 300_000);

  it('drill-down lists the records themselves: overdue water meters, dispenser nozzles for the verification rate', async () => {
    const overdue = (
      await t.as('regulator').get(`/api/v1/reports/kpi/drill?${Q}&kpi=overdueRate&part=numerator&by=category&group=water_meter`)
    ).json();
    expect(overdue).toMatchObject({ total: 1, value: 1 });
    expect(overdue.items[0]).toMatchObject({ kind: 'instrument', category: 'water_meter', status: 'rotation_overdue' });
    const nozzles = (
      await t.as('regulator').get(`/api/v1/reports/kpi/drill?${Q}&kpi=verificationRate&part=numerator&by=category&group=fuel_dispenser`)
    ).json();
    expect(nozzles.value).toBe(5);
    expect(nozzles.items.every((i: { kind: string }) => i.kind === 'nozzle')).toBe(true);
  });

  it('bad input: unknown KPI, onTimeAcceptanceRate (no record list yet), a group without its grouping', async () => {
    for (const [qs, name] of [
      ['kpi=nope&part=numerator', 'kpi'],
      ['kpi=onTimeAcceptanceRate&part=numerator', 'kpi'],
      ['kpi=rotationRate&part=numerator&group=water_meter', 'by'],
    ]) {
      const res = await t.as('regulator').get(`/api/v1/reports/kpi/drill?${Q}&${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.details.name).toBe(name);
    }
    expect((await t.as('regulator').get(`/api/v1/reports/kpi/drill?${Q}&kpi=rotationRate&part=half`)).statusCode).toBe(400);
    expect((await t.as('institution').get(`/api/v1/reports/kpi/drill?${Q}&kpi=rotationRate&part=numerator`)).statusCode).toBe(403);
    // an office inspector's region outside its towns → 404 (as the KPI report)
    expect(
      (
        await t
          .as('inspector2')
          .get(`/api/v1/reports/kpi/drill?regionCode=150626100&from=${P.from}&to=${P.to}&kpi=rotationRate&part=numerator`)
      ).statusCode,
    ).toBe(404);
  });
});
