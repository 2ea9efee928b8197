import type { THomeEnterprise, THomeInstitution, THomeOversight } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { upsertSetting } from '../../src/db/settings.queries.js';
import { recordFindingWithoutRecord } from '../../src/modules/supervision/findings/findings.service.js';
import { issueOrder } from '../../src/modules/supervision/orders/orders.service.js';
import { useTestApp } from '../db.js';
import { buildAuthorization, buildInstrument, buildStandard, buildVerifier, DUE_SOON_DISPENSER } from '../factories.js';

/**
 * The role home pages (docs/HOME.md) on a hand-built county. Test clock: Tue 2024-10-15 10:00 Beijing.
 *
 *   station A (嘎鲁图镇 150626100): A1 due_soon (due 2024-10-30, applied 2024-10-09 → deadline Sat 10-12, a 调休 workday:
 *     late), A2 valid, A3 overdue, A4 removed; an order issued 2024-09-01 with deadline 2024-09-20 (overdue)
 *   water utility (嘎鲁图镇): W1 water meter due_soon (due 2024-12-01, applied Fri 2024-10-11 → deadline Tue 10-15: due
 *     today), W2 rotation_overdue
 *   station B (图克镇 150626102): B1 due_soon (applied today → deadline Fri 10-18), B2 overdue; an order issued
 *     2024-10-14 with deadline 2024-11-14 (open, not overdue)
 *   institution: a standard valid until 2024-10-30 and a verifier valid until 2024-11-30 (warning window 60 days).
 */
describe('home pages (工作台)', () => {
  const t = useTestApp();
  const HOME = '/api/v1/home';

  beforeAll(async () => {
    const { ctx, world: w } = t;
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser', 'water_meter'], region: '150626' });
    const due = (s: string) => ({ ...DUE_SOON_DISPENSER, status: s });
    const a1 = await buildInstrument(ctx, { ...due('due_soon'), orgId: w.stationA.id, siteId: w.siteA });
    await buildInstrument(ctx, { ...due('valid'), orgId: w.stationA.id, siteId: w.siteA });
    const a3 = await buildInstrument(ctx, { ...due('overdue'), orgId: w.stationA.id, siteId: w.siteA });
    await buildInstrument(ctx, { ...due('removed'), orgId: w.stationA.id, siteId: w.siteA, ledgerState: 'removed' });
    const w1 = await buildInstrument(ctx, { ...due('due_soon'), category: 'water_meter', orgId: w.water.id });
    const w2 = await buildInstrument(ctx, { ...due('rotation_overdue'), category: 'water_meter', orgId: w.water.id });
    const b1 = await buildInstrument(ctx, { ...due('due_soon'), orgId: w.stationB.id, siteId: w.siteB, adminDivisionCode: '150626102' });
    const b2 = await buildInstrument(ctx, { ...due('overdue'), orgId: w.stationB.id, siteId: w.siteB, adminDivisionCode: '150626102' });
    const dueDates: [number, string][] = [
      [a1.id, '2024-10-30'],
      [a3.id, '2024-09-01'],
      [w1.id, '2024-12-01'],
      [w2.id, '2024-08-01'],
      [b1.id, '2024-10-30'],
      [b2.id, '2024-09-10'],
    ];
    for (const [id, d] of dueDates) await ctx.db.updateTable('instruments').set({ due_date: d }).where('id', '=', id).execute();
    // the stored statuses above are today's: no refresh overwrites them
    await upsertSetting(ctx.db, 'status_meta.last_refresh_as_of', '2024-10-15', ctx.clock.now().toISOString());

    const apply = async (who: 'enterpriseA' | 'waterUser' | 'enterpriseB', at: string, id: number) => {
      ctx.clock.set(at);
      const res = await t.as(who, { newSession: true }).post('/api/v1/applications', {
        institutionId: w.institution.id,
        instrumentIds: [id],
        mode: 'bring_in',
        preferredDate: '2024-10-20',
        contact: { name: 'N', phone: '13900000000' },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await apply('enterpriseA', '2024-10-09T02:00:00.000Z', a1.id);
    await apply('waterUser', '2024-10-11T02:00:00.000Z', w1.id);
    await apply('enterpriseB', '2024-10-15T02:00:00.000Z', b1.id);

    const order = async (orgId: number, issuedOn: string, deadline: string) => {
      const f = await ctx.db
        .transaction()
        .execute((trx) =>
          recordFindingWithoutRecord(ctx, trx, SYSTEM_ACTOR, { orgId, code: 'overdue_in_use', date: issuedOn, refs: {}, note: null }),
        );
      await issueOrder(ctx, SYSTEM_ACTOR, { findingId: f, issuedOn, deadline });
    };
    await order(w.stationA.id, '2024-09-01', '2024-09-20');
    await order(w.stationB.id, '2024-10-14', '2024-11-14');
    await buildStandard(ctx, w.institution.id, { validUntil: '2024-10-30' });
    await buildVerifier(ctx, w.institution.id, { validUntil: '2024-11-30' });
  });

  it('regulator: the region by category × status, rates against in service, overdue by town, applications, orders', async () => {
    const res = await t.as('regulator', { newSession: true }).get(HOME);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json() as THomeOversight;
    expect(h.kind).toBe('oversight');
    expect(h.asOf).toBe('2024-10-15');
    expect(h.counts).toEqual([
      { category: 'fuel_dispenser', status: 'due_soon', instruments: 2 },
      { category: 'fuel_dispenser', status: 'overdue', instruments: 2 },
      { category: 'fuel_dispenser', status: 'removed', instruments: 1 },
      { category: 'fuel_dispenser', status: 'valid', instruments: 1 },
      { category: 'water_meter', status: 'due_soon', instruments: 1 },
      { category: 'water_meter', status: 'rotation_overdue', instruments: 1 },
    ]);
    expect(h.inService).toBe(7);
    expect(h.verificationRate).toEqual({ numerator: 4, denominator: 7, rate: 0.5714 });
    expect(h.overdueRate).toEqual({ numerator: 3, denominator: 7, rate: 0.4286 });
    expect(h.overdueByTown).toEqual([
      { townCode: '150626100', townName: '嘎鲁图镇', instruments: 2 },
      { townCode: '150626102', townName: '图克镇', instruments: 1 },
    ]);
    expect(h.towns).toBeNull();
    expect(h.applications).toEqual({ waiting: 3, late: 1 });
    expect(h.orders?.overdue).toBe(1);
    expect(h.orders?.newest.map((o) => o.orgName)).toEqual([t.world.stationA.name]);
    expect(h.findings?.total).toBe(2);
    expect(h.tasks).toBeNull();
    expect(h.reinspect).toBe(1); // the re-inspection list: replied orders and issued ones past their deadline (station A's)
  });

  it('viewer: the same figures, read only', async () => {
    const h = (await t.as('viewer').get(HOME)).json() as THomeOversight;
    expect(h.inService).toBe(7);
    expect(h.applications).toEqual({ waiting: 3, late: 1 });
    expect(h.reinspect).toBeNull();
  });

  it('office inspector: only its towns, with its assignments', async () => {
    const h = (await t.as('inspector', { newSession: true }).get(HOME)).json() as THomeOversight;
    expect(h.towns).toEqual([{ code: '150626100', name: '嘎鲁图镇' }]);
    expect(h.inService).toBe(5);
    expect(h.verificationRate).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    expect(h.overdueRate).toEqual({ numerator: 2, denominator: 5, rate: 0.4 });
    expect(h.overdueByTown).toEqual([{ townCode: '150626100', townName: '嘎鲁图镇', instruments: 2 }]);
    expect(h.applications).toEqual({ waiting: 2, late: 1 });
    expect(h.orders?.overdue).toBe(1);
    expect(h.findings?.total).toBe(1);
    expect(h.tasks).toEqual({ today: 0, overdue: 0 });
  });

  it('station: its own instruments, what falls due, its applications and its open orders', async () => {
    const h = (await t.as('enterpriseA', { newSession: true }).get(HOME)).json() as THomeEnterprise;
    expect(h.kind).toBe('enterprise');
    expect(h.inService).toBe(3);
    expect(h.verificationRate).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    expect(h.overdueRate).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 });
    expect(h.dueWithin).toEqual([
      { days: 30, dueFrom: '2024-10-15', dueTo: '2024-11-14', instruments: 1 },
      { days: 90, dueFrom: '2024-10-15', dueTo: '2025-01-13', instruments: 1 },
      { days: 180, dueFrom: '2024-10-15', dueTo: '2025-04-13', instruments: 1 },
    ]);
    expect(h.applications).toMatchObject({ open: 1, late: 1, returned: 0 });
    expect(h.applications.newest).toHaveLength(1);
    expect(h.orders).toMatchObject({ open: 1, overdue: 1 });
    expect(h.orders.newest.map((o) => o.deadline)).toEqual(['2024-09-20']);
  });

  it('water utility: its meter falls due within 90 days, not 30; it sees nothing of station A', async () => {
    const h = (await t.as('waterUser', { newSession: true }).get(HOME)).json() as THomeEnterprise;
    expect(h.counts).toEqual([
      { category: 'water_meter', status: 'due_soon', instruments: 1 },
      { category: 'water_meter', status: 'rotation_overdue', instruments: 1 },
    ]);
    expect(h.dueWithin.map((d) => d.instruments)).toEqual([0, 1, 1]);
    expect(h.applications).toMatchObject({ open: 1, late: 0 });
    expect(h.orders).toMatchObject({ open: 0, overdue: 0, newest: [] });
  });

  it('station B: its order is open but not overdue', async () => {
    const h = (await t.as('enterpriseB', { newSession: true }).get(HOME)).json() as THomeEnterprise;
    expect(h.inService).toBe(2);
    expect(h.orders).toMatchObject({ open: 1, overdue: 0 });
    expect(h.applications).toMatchObject({ open: 1, late: 0 });
  });

  it('institution: its inbox by acceptance deadline and what expires within the warning window', async () => {
    const h = (await t.as('institution', { newSession: true }).get(HOME)).json() as THomeInstitution;
    expect(h.kind).toBe('institution');
    expect(h.inbox).toMatchObject({ submitted: 3, dueToday: 1, late: 1, accepted: 0, inProgress: 0 });
    expect(h.inbox.next.map((a) => a.orgName)).toEqual([t.world.stationA.name, t.world.water.name, t.world.stationB.name]);
    expect(h.expiring).toMatchObject({ withinDays: 60, authorizations: 0, standards: 1, verifiers: 1 });
    expect(h.expiring.items.map((i) => [i.kind, i.daysLeft])).toEqual([
      ['standard', 15],
      ['verifier', 46],
    ]);
  });

  it('anonymous: 401', async () => {
    expect((await t.anonymous.get(HOME)).statusCode).toBe(401);
  });
});
