import type { ViolationCode } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import type { AppContext } from '../../src/context.js';
import { openCase } from '../../src/modules/supervision/cases/cases.service.js';
import { runDrawPlan } from '../../src/modules/supervision/draws/draws.service.js';
import { recordFindingWithoutRecord } from '../../src/modules/supervision/findings/findings.service.js';
import * as inspections from '../../src/modules/supervision/inspections/inspections.service.js';
import { issueOrder } from '../../src/modules/supervision/orders/orders.service.js';
import { addConflict, updateInspector } from '../../src/modules/supervision/registers/inspectors.service.js';
import { useTestApp } from '../db.js';
import { actorFor } from '../factories.js';
import { buildSupervision } from './fixtures.js';
import { pngOf } from './png.js';

/**
 * The supervision dashboard (docs/SUPERVISION.md "Dashboard") on a hand-built county: coverage per town × kind with
 * hand-counted values, findings by code, overdue orders, cases near/over their limit, the repeated-visit flag; scope
 * (office: its towns; enterprise 403; a region outside the scope 404), bad parameters (400 naming them), the list
 * filters its figures link to; planned (targeted / complaint) inspections with their inspector checks; tasks by date.
 * The test clock's today is 2024-10-15.
 */

const DASH = '/api/v1/supervision/dashboard';
const b64 = pngOf().toString('base64');

async function finishedVisit(
  ctx: AppContext,
  who: Parameters<typeof actorFor>[1],
  targetId: number,
  inspectorIds: number[],
  visitedAt: string,
) {
  const actor = await actorFor(ctx, who);
  const d = await inspections.createInspection(ctx, actor, {
    targetId,
    inspectorIds,
    visitedAt,
    representative: { name: 'R', title: null, phone: null },
  });
  for (const role of ['inspector1', 'inspector2', 'representative'] as const)
    await inspections.addSignature(ctx, actor, d.id, { role, dataBase64: b64 });
  await inspections.finishInspection(ctx, actor, d.id);
  return d.id;
}

describe('supervision dashboard', () => {
  const t = useTestApp();
  let sup: Awaited<ReturnType<typeof buildSupervision>>;
  let siteA: number;
  let siteB: number;
  let stationA: number;
  let orders: number[];
  let cases: number[];

  beforeAll(async () => {
    const w = t.world;
    const ctx = t.ctx;
    sup = await buildSupervision(ctx, w);
    siteA = sup.targetOf(`${w.stationA.creditCode}/${w.siteA}`);
    siteB = sup.targetOf(`${w.stationB.creditCode}/${w.siteB}`);
    stationA = sup.targetOf(w.stationA.creditCode);
    // 嘎鲁图 (150626100): station A visited 2024-02-01, its site three times outside any draw; a draft for the water utility
    await finishedVisit(ctx, w.users.inspector, stationA, sup.inspectors.office, '2024-02-01T09:00');
    for (const day of ['2024-03-10', '2024-05-01', '2024-10-01'])
      await finishedVisit(ctx, w.users.inspector, siteA, sup.inspectors.office, `${day}T10:00`);
    await inspections.createInspection(ctx, await actorFor(ctx, w.users.inspector), {
      targetId: sup.targetOf(w.water.creditCode),
      inspectorIds: sup.inspectors.office,
      visitedAt: '2024-06-01T09:00',
    });
    // 150626102: station B's site once
    await finishedVisit(ctx, w.users.inspector2, siteB, sup.inspectors.office2, '2024-10-14T10:00');

    const finding = (orgId: number, code: ViolationCode, date: string) =>
      ctx.db
        .transaction()
        .execute((trx) => recordFindingWithoutRecord(ctx, trx, SYSTEM_ACTOR, { orgId, code, date, refs: {}, note: null }));
    const f1 = await finding(w.stationA.id, 'overdue_in_use', '2024-06-01');
    const f2 = await finding(w.stationA.id, 'seal_broken', '2024-06-02');
    const f3 = await finding(w.stationB.id, 'unverified_in_use', '2023-12-01');
    orders = [
      (await issueOrder(ctx, SYSTEM_ACTOR, { findingId: f1, issuedOn: '2024-08-01', deadline: '2024-08-31' })).id,
      (await issueOrder(ctx, SYSTEM_ACTOR, { findingId: f2, issuedOn: '2024-09-01', deadline: '2024-10-10' })).id,
      (await issueOrder(ctx, SYSTEM_ACTOR, { findingId: f3, issuedOn: '2024-10-01', deadline: '2024-10-30' })).id,
    ];
    // limits (90 days): 2024-09-29 (past), 2024-10-18 (3 days left, inside the 15-day warning), 2024-11-30
    cases = [
      (await openCase(ctx, SYSTEM_ACTOR, { findingId: f1, filedOn: '2024-07-01', summary: 's' })).id,
      (await openCase(ctx, SYSTEM_ACTOR, { findingId: f2, filedOn: '2024-07-20', summary: 's' })).id,
      (await openCase(ctx, SYSTEM_ACTOR, { findingId: f3, filedOn: '2024-09-01', summary: 's' })).id,
    ];
  });

  const rows = (body: {
    coverage: { townCode: string | null; kind: string; targets: number; inspected: number; rate: { rate: number | null } }[];
  }) => body.coverage.map((r) => [r.townCode, r.kind, r.targets, r.inspected, r.rate.rate]);

  it('counts coverage per town × kind for the regulator over the current year', async () => {
    const r = await t.as('regulator').get(DASH);
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b).toMatchObject({ from: '2024-01-01', to: '2024-12-31', asOf: '2024-10-15' });
    expect(rows(b)).toEqual([
      ['150626100', 'water_supply', 1, 0, 0],
      ['150626100', 'gas_station', 1, 1, 1],
      ['150626100', 'station_site', 1, 1, 1],
      ['150626102', 'gas_station', 1, 0, 0],
      ['150626102', 'station_site', 1, 1, 1],
    ]);
    expect(b.coverageTotal).toEqual({ targets: 5, inspected: 3, rate: { numerator: 3, denominator: 5, rate: 0.6 } });
    expect(b.coverage[0].townName).toBeTruthy();
  });

  it('counts only visits in the period', async () => {
    const b = (await t.as('regulator').get(`${DASH}?from=2024-04-01&to=2024-12-31`)).json();
    expect(rows(b)).toEqual([
      ['150626100', 'water_supply', 1, 0, 0],
      ['150626100', 'gas_station', 1, 0, 0],
      ['150626100', 'station_site', 1, 1, 1],
      ['150626102', 'gas_station', 1, 0, 0],
      ['150626102', 'station_site', 1, 1, 1],
    ]);
    expect(b.coverageTotal.rate).toEqual({ numerator: 2, denominator: 5, rate: 0.4 });
    const none = (await t.as('regulator').get(`${DASH}?from=2023-01-01&to=2023-12-31`)).json();
    expect(none.coverageTotal.inspected).toBe(0);
    expect(none.findings).toEqual([{ code: 'unverified_in_use', count: 1 }]);
  });

  it('shows findings by code, orders overdue and cases near or past the limit', async () => {
    const b = (await t.as('regulator').get(DASH)).json();
    expect(b.findings).toEqual([
      { code: 'overdue_in_use', count: 1 },
      { code: 'seal_broken', count: 1 },
    ]);
    expect(b.orders.byState).toEqual([{ state: 'issued', count: 3 }]);
    expect(b.orders.overdue).toBe(2);
    expect(b.orders.mostOverdue.map((o: { id: number; daysOverdue: number }) => [o.id, o.daysOverdue])).toEqual([
      [orders[0], 45],
      [orders[1], 5],
    ]);
    expect(b.cases.byStage).toEqual([{ stage: 'filed', count: 3 }]);
    expect(b.cases).toMatchObject({ warning: 1, overdue: 1 });
    expect(b.cases.nearLimit.map((c: { id: number; daysLeft: number; limitDate: string }) => [c.id, c.limitDate, c.daysLeft])).toEqual([
      [cases[0], '2024-09-29', -16],
      [cases[1], '2024-10-18', 3],
    ]);
    expect(b.repeated).toMatchObject({ threshold: 3, days: 365 });
    expect(b.repeated.targets).toEqual([expect.objectContaining({ targetId: siteA, kind: 'station_site', visits: 3 })]);
  });

  it('an office inspector sees its towns only', async () => {
    const r = await t.as('inspector').get(DASH);
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(rows(b)).toEqual([
      ['150626100', 'water_supply', 1, 0, 0],
      ['150626100', 'gas_station', 1, 1, 1],
      ['150626100', 'station_site', 1, 1, 1],
    ]);
    expect(b.orders.overdue).toBe(2);
    expect(b.orders.byState).toEqual([{ state: 'issued', count: 2 }]);
    expect(b.cases.byStage).toEqual([{ stage: 'filed', count: 2 }]);
    // another office's town, or a county beyond the region: 404
    expect((await t.as('inspector').get(`${DASH}?regionCode=150626102`)).statusCode).toBe(404);
    expect((await t.as('regulator').get(`${DASH}?regionCode=150627`)).statusCode).toBe(404);
    // a town inside the regulator's region narrows it
    const town = (await t.as('regulator').get(`${DASH}?regionCode=150626102`)).json();
    expect(rows(town)).toEqual([
      ['150626102', 'gas_station', 1, 0, 0],
      ['150626102', 'station_site', 1, 1, 1],
    ]);
  });

  it('refuses enterprises and institutions (403) and bad parameters (400 naming them)', async () => {
    expect((await t.as('enterpriseA').get(DASH)).statusCode).toBe(403);
    expect((await t.as('institution').get(DASH)).statusCode).toBe(403);
    const back = await t.as('regulator').get(`${DASH}?from=2024-06-01&to=2024-05-01`);
    expect(back.statusCode).toBe(400);
    expect(back.json().error).toMatchObject({ code: 'invalid_parameter', details: { name: 'to' } });
    const bad = await t.as('regulator').get(`${DASH}?from=2024-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
    expect((await t.as('regulator').get(`${DASH}?regionCode=15x`)).statusCode).toBe(400);
  });

  it('the lists behind the figures take the same filters', async () => {
    const as = t.as('regulator');
    const ins = (
      await as.get(
        '/api/v1/supervision/inspections?townCode=150626100&targetKind=station_site&from=2024-01-01&to=2024-12-31&state=finished',
      )
    ).json();
    expect(ins.total).toBe(3);
    expect(new Set(ins.items.map((i: { targetId: number }) => i.targetId))).toEqual(new Set([siteA]));
    const spring = (
      await as.get('/api/v1/supervision/inspections?townCode=150626100&targetKind=gas_station&from=2024-04-01&to=2024-12-31')
    ).json();
    expect(spring.total).toBe(0);
    const f = (await as.get('/api/v1/findings?code=overdue_in_use&from=2024-01-01&to=2024-12-31')).json();
    expect(f.total).toBe(1);
    expect((await as.get('/api/v1/findings?from=2023-01-01&to=2023-12-31')).json().total).toBe(1);
    const o = (await as.get('/api/v1/supervision/orders?overdue=1')).json();
    expect(o.total).toBe(2);
    expect((await as.get('/api/v1/supervision/orders?from=2024-09-01&to=2024-12-31')).json().total).toBe(2);
    const c = (await as.get('/api/v1/supervision/cases?stage=filed&from=2024-07-10&to=2024-12-31')).json();
    expect(c.items.map((x: { id: number }) => x.id).sort()).toEqual([cases[1], cases[2]].sort());
    expect((await as.get('/api/v1/supervision/inspections?townCode=1506261')).statusCode).toBe(400);
  });

  it('待复查整改: replied or past the deadline, in the scope, by deadline', async () => {
    const r = (await t.as('inspector').get('/api/v1/supervision/orders?reinspect=1')).json();
    expect(r.items.map((o: { id: number }) => o.id)).toEqual([orders[0], orders[1]]);
    const reg = (await t.as('regulator').get('/api/v1/supervision/orders?reinspect=1')).json();
    expect(reg.items.map((o: { id: number }) => o.id)).toEqual([orders[0], orders[1]]);
    // another organization's order stays out of the office's list
    expect((await t.as('inspector').get(`/api/v1/supervision/orders/${orders[2]}`)).statusCode).toBe(404);
  });
});

describe('planned (targeted / complaint) inspections and tasks by date', () => {
  const t = useTestApp();
  let sup: Awaited<ReturnType<typeof buildSupervision>>;
  let siteA: number;
  let siteB: number;
  const PLAN = '/api/v1/supervision/inspections/planned';

  beforeAll(async () => {
    sup = await buildSupervision(t.ctx, t.world);
    siteA = sup.targetOf(`${t.world.stationA.creditCode}/${t.world.siteA}`);
    siteB = sup.targetOf(`${t.world.stationB.creditCode}/${t.world.siteB}`);
  });

  it('creates a targeted inspection that appears in its inspectors’ tasks, today', async () => {
    const r = await t.as('regulator').post(PLAN, {
      targetId: siteA,
      kind: 'targeted',
      reason: '风险分值高',
      plannedDate: '2024-10-15',
      inspectorIds: sup.inspectors.office,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().assignmentId;
    const tasks = (await t.as('inspector').get('/api/v1/supervision/inspections/tasks')).json();
    expect(tasks.find((x: { assignmentId: number }) => x.assignmentId === id)).toMatchObject({
      kind: 'targeted',
      plannedDate: '2024-10-15',
      due: 'today',
      reason: '风险分值高',
      targetId: siteA,
      drawId: null,
    });
    // the office2 inspector does not get it
    const other = (await t.as('inspector2').get('/api/v1/supervision/inspections/tasks')).json();
    expect(other.some((x: { assignmentId: number }) => x.assignmentId === id)).toBe(false);
    // 开始检查 starts the record from the assignment, origin targeted
    const d = await t.as('inspector').post('/api/v1/supervision/inspections', { assignmentId: id });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ origin: 'targeted', assignmentId: id });
  });

  it('groups tasks by planned date: overdue, today, upcoming (a drawn one: the run day)', async () => {
    const as = t.as('inspector');
    const mk = async (plannedDate: string, kind: string) =>
      (
        await as.post(PLAN, { targetId: siteA, kind, reason: `ref ${plannedDate}`, plannedDate, inspectorIds: sup.inspectors.office })
      ).json().assignmentId as number;
    const past = await mk('2024-10-10', 'complaint');
    const future = await mk('2024-10-20', 'targeted');
    await runDrawPlan(t.ctx, SYSTEM_ACTOR, sup.drawId, null);
    const tasks = (await as.get('/api/v1/supervision/inspections/tasks')).json() as {
      assignmentId: number;
      due: string;
      plannedDate: string;
      drawId: number | null;
    }[];
    expect(tasks.find((x) => x.assignmentId === past)).toMatchObject({ due: 'overdue', plannedDate: '2024-10-10' });
    expect(tasks.find((x) => x.assignmentId === future)).toMatchObject({ due: 'upcoming', plannedDate: '2024-10-20' });
    const drawn = tasks.filter((x) => x.drawId === sup.drawId);
    expect(drawn.length).toBeGreaterThan(0);
    for (const d of drawn) expect(d).toMatchObject({ plannedDate: '2024-10-15', due: 'today' });
    // by planned date
    const dates = tasks.map((x) => x.plannedDate);
    expect(dates).toEqual([...dates].sort());
  });

  it('refuses a recused, inactive or non-covering inspector naming inspectorIds', async () => {
    const body = {
      targetId: siteA,
      kind: 'complaint',
      reason: '投诉 2024-001',
      plannedDate: '2024-10-16',
      inspectorIds: sup.inspectors.office,
    };
    await addConflict(t.ctx, SYSTEM_ACTOR, sup.inspectors.office[1] as number, { creditCode: t.world.stationA.creditCode });
    const recused = await t.as('regulator').post(PLAN, body);
    expect(recused.statusCode).toBe(400);
    expect(recused.json().error).toMatchObject({ code: 'inspection_inspector_recused', details: { parameter: 'inspectorIds' } });
    expect(recused.json().error.message).toContain('inspectorIds');
    // the bureau pool may go instead
    const bureau = await t.as('regulator').post(PLAN, { ...body, inspectorIds: sup.inspectors.bureau });
    expect(bureau.statusCode, bureau.body).toBe(201);
    const foreign = await t.as('regulator').post(PLAN, { ...body, inspectorIds: sup.inspectors.office2 });
    expect(foreign.json().error).toMatchObject({ code: 'inspection_inspector_not_covering', details: { parameter: 'inspectorIds' } });
    await updateInspector(t.ctx, SYSTEM_ACTOR, sup.inspectors.office2[1] as number, { active: false });
    const inactive = await t.as('regulator').post(PLAN, { ...body, targetId: siteB, inspectorIds: sup.inspectors.office2 });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error).toMatchObject({ code: 'inspection_inspector_invalid', details: { parameter: 'inspectorIds' } });
    const one = await t.as('regulator').post(PLAN, { ...body, inspectorIds: [sup.inspectors.bureau[0]] });
    expect(one.json().error).toMatchObject({ code: 'inspection_inspectors_too_few' });
    const kind = await t.as('regulator').post(PLAN, { ...body, kind: 'random' });
    expect(kind.statusCode).toBe(400);
    expect(kind.body).toContain('kind');
  });

  it('scope: another office’s target 404, an enterprise 403', async () => {
    const body = { targetId: siteB, kind: 'targeted', reason: 'r', plannedDate: '2024-10-16', inspectorIds: sup.inspectors.office };
    expect((await t.as('inspector').post(PLAN, body)).statusCode).toBe(404);
    expect((await t.as('enterpriseA').post(PLAN, body)).statusCode).toBe(403);
    expect((await t.as('viewer').post(PLAN, body)).statusCode).toBe(403);
  });
});
