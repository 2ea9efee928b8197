import type { ViolationCode } from '@qiangjian/shared';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import type { AppContext } from '../../src/context.js';
import { decideCase, openCase } from '../../src/modules/supervision/cases/cases.service.js';
import { recordFindingWithoutRecord } from '../../src/modules/supervision/findings/findings.service.js';
import { issueOrder } from '../../src/modules/supervision/orders/orders.service.js';
import type { World } from '../db.js';
import { buildInstrument, buildOrg, type InstrumentSpec } from '../factories.js';

/**
 * The hand-built scenario of the reports tests (docs/REPORTS.md): P = 2024-06-07 … 2024-10-15, D = 2024-10-15.
 * Expected figures are written by hand in reports.test.ts from the comments here.
 */
export const P = { from: '2024-06-07', to: '2024-10-15' };

async function removed(ctx: AppContext, id: number, reason: string) {
  await ctx.db.updateTable('instruments').set({ removal_reason: reason }).where('id', '=', id).execute();
}

async function sample(ctx: AppContext, orgId: number, instrumentId: number, origin: string, conclusion: string, date: string) {
  const now = ctx.clock.now().toISOString();
  const v = await ctx.db
    .insertInto('verifications')
    .values({
      org_id: orgId,
      instrument_id: instrumentId,
      nozzle_no: 0,
      kind: 'spot_check',
      date,
      conclusion,
      valid_until: null,
      source: 'test',
      created_at: now,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('sample_tests')
    .values({
      instrument_id: instrumentId,
      org_id: orgId,
      institution_id: null,
      origin,
      date,
      conclusion,
      error_pct: null,
      note: null,
      verification_id: Number(v.id),
      created_by: 'test',
      created_at: now,
    })
    .execute();
}

async function enforcement(
  ctx: AppContext,
  orgId: number,
  instrumentIds: number[],
  money?: { fine: number; gains: number; code: ViolationCode; basis: string },
) {
  const findingId = await ctx.db.transaction().execute((trx) =>
    recordFindingWithoutRecord(ctx, trx, SYSTEM_ACTOR, {
      orgId,
      code: money?.code ?? 'overdue_in_use',
      date: '2024-09-01',
      refs: { instrumentIds },
      note: null,
    }),
  );
  const order = await issueOrder(ctx, SYSTEM_ACTOR, { findingId, issuedOn: '2024-09-05' });
  let caseId: number | null = null;
  if (money) {
    const c = await openCase(ctx, SYSTEM_ACTOR, { findingId, filedOn: '2024-09-06', summary: 's' });
    await decideCase(ctx, SYSTEM_ACTOR, c.id, {
      decidedOn: '2024-10-10',
      outcome: 'penalty',
      legalBasisId: money.basis,
      fine: money.fine,
      gains: money.gains,
    });
    caseId = c.id;
  }
  return { findingId, orderId: order.id, caseId };
}

export async function buildScenario(ctx: AppContext, w: World) {
  const water = w.water.id;
  const power = await buildOrg(ctx, { kind: 'power_supply', regionCode: '150626100' });
  const gas = await buildOrg(ctx, { kind: 'gas_supply', regionCode: '150626100' });
  const meter = (orgId: number, category: string, s: Partial<InstrumentSpec>) => buildInstrument(ctx, { orgId, category, ...s });
  const init = (date: string, validUntil: string, kind = 'initial') => ({ kind, date, validUntil });

  // ---- water utility, water meters (limited use) ----
  // W1: backlog — valid until 2023-01-04, never rotated: in R(P), overdue not rotated, rotation_overdue at D; filed
  const W1 = await meter(water, 'water_meter', {
    installDate: '2017-01-10',
    filedAt: '2017-02-01',
    verifications: [init('2017-01-05', '2023-01-04')],
  });
  // W2: due in P (2024-07-19), removed 2024-08-10 (rotation, late): rotated, not on time
  const W2 = await meter(water, 'water_meter', {
    installDate: '2018-08-01',
    ledgerState: 'removed',
    removalDate: '2024-08-10',
    verifications: [init('2018-07-20', '2024-07-19')],
  });
  await removed(ctx, W2.id, 'rotation');
  // W3: due 2024-08-24, removed 2024-08-01: rotated on time
  const W3 = await meter(water, 'water_meter', {
    installDate: '2018-09-01',
    ledgerState: 'removed',
    removalDate: '2024-08-01',
    verifications: [init('2018-08-25', '2024-08-24')],
  });
  await removed(ctx, W3.id, 'rotation');
  // W4: replacement installed in P, verified before installation: installed + first verified, valid; not filed
  const W4 = await meter(water, 'water_meter', { installDate: '2024-08-10', verifications: [init('2024-08-01', '2030-07-31')] });
  // W5: installed in P BEFORE its first verification: installed, not first verified; valid at D; filed
  const W5 = await meter(water, 'water_meter', {
    installDate: '2024-09-01',
    filedAt: '2024-09-10',
    verifications: [init('2024-09-05', '2030-09-04')],
  });
  // W6: installed in P, never verified; a failing in-service sample test → failed at D
  const W6 = await meter(water, 'water_meter', { installDate: '2024-07-01' });
  // W7: removed before P: in nothing
  const W7 = await meter(water, 'water_meter', {
    installDate: '2015-01-01',
    ledgerState: 'removed',
    removalDate: '2024-03-01',
    verifications: [init('2015-01-01', '2020-12-31')],
  });
  await removed(ctx, W7.id, 'rotation');
  // W8: installed after P and D: in nothing
  const W8 = await meter(water, 'water_meter', { installDate: '2024-11-01', verifications: [init('2024-10-30', '2030-10-29')] });
  // W9: removed in P as inaccurate (not due): 更换失准表具
  const W9 = await meter(water, 'water_meter', {
    installDate: '2020-01-01',
    ledgerState: 'removed',
    removalDate: '2024-09-15',
    verifications: [init('2019-12-20', '2025-12-19')],
  });
  await removed(ctx, W9.id, 'inaccurate');
  // W10: one record of 3 meters, valid, filed
  const W10 = await meter(water, 'water_meter', {
    installDate: '2021-05-01',
    filedAt: '2021-06-01',
    quantity: 3,
    verifications: [init('2021-04-20', '2027-04-19')],
  });
  // water utility's electricity meter: valid, filed; a row with zero denominators (installed, rotation)
  const WE1 = await meter(water, 'electricity_meter', {
    installDate: '2022-01-01',
    filedAt: '2022-01-05',
    verifications: [init('2021-12-20', '2029-12-19')],
  });

  // ---- power utility, electricity meters ----
  // E1: backlog (valid until 2024-02-19), re-verified in P instead of rotated: in R(P), rotated (not on time), valid at D
  const E1 = await meter(power.id, 'electricity_meter', {
    installDate: '2016-03-01',
    verifications: [init('2016-02-20', '2024-02-19'), init('2024-07-10', '2032-07-09', 'subsequent')],
  });
  // E2: valid until 2024-04-19, neither rotated nor re-verified: overdue not rotated
  const E2 = await meter(power.id, 'electricity_meter', { installDate: '2016-05-01', verifications: [init('2016-04-20', '2024-04-19')] });
  // E3: no verification record, install date 2020-01-01: assumed verified then (valid), never in 首检
  const E3 = await meter(power.id, 'electricity_meter', { installDate: '2020-01-01' });
  // E4: installed in P, verified before: installed + first verified
  const E4 = await meter(power.id, 'electricity_meter', { installDate: '2024-07-01', verifications: [init('2024-06-20', '2032-06-19')] });

  // ---- sample tests in P (water): W10 in service passed, W6 in service failed, W4 as stock passed ----
  await sample(ctx, water, W10.id, 'in_service', 'passed', '2024-08-01');
  await sample(ctx, water, W6.id, 'in_service', 'failed', '2024-08-02');
  await sample(ctx, water, W4.id, 'stock', 'passed', '2024-08-03');

  // ---- enforcement: one order naming a water and an electricity meter of the water utility (counts once in 合计);
  // its case decided in P with 2,000 + 10,350 元 (broken seal) → 1.24 万元 (half-up); one order of the power utility naming no meter
  const waterEnf = await enforcement(ctx, water, [W1.id, WE1.id], { fine: 2000, gains: 10350, code: 'seal_broken', basis: 'rules_46' });
  const powerEnf = await enforcement(ctx, power.id, []);

  // ---- stations: A (嘎鲁图) and B (图克) ----
  const disp = (orgId: number, siteId: number, s: Partial<InstrumentSpec>) =>
    buildInstrument(ctx, { orgId, siteId, category: 'fuel_dispenser', installDate: '2020-01-01', ...s });
  const pass = (date: string, validUntil: string, nozzleNo = 0) => ({ kind: 'periodic', date, validUntil, nozzleNo });
  // D1: 4 nozzles — 1, 2 valid; 3 overdue; 4 never verified → dispenser unverified (worst); filed
  const D1 = await disp(w.stationA.id, w.siteA, {
    nozzles: 4,
    filedAt: '2020-02-01',
    verifications: [pass('2024-09-01', '2025-02-28', 1), pass('2024-09-01', '2025-02-28', 2), pass('2024-03-01', '2024-08-31', 3)],
  });
  // D2: 2 nozzles, a dispenser-level pass → both valid; filed
  const D2 = await disp(w.stationA.id, w.siteA, { nozzles: 2, filedAt: '2020-02-01', verifications: [pass('2024-09-20', '2025-03-19')] });
  // D3: no nozzle records, failed verification → failed in use; NOT filed (station A not all filed)
  const D3 = await disp(w.stationA.id, w.siteA, {
    verifications: [{ kind: 'periodic', date: '2024-08-01', conclusion: 'failed', validUntil: null }],
  });
  // D4 (station B): 1 nozzle, valid until 2024-10-31 → due_soon, counts as valid; filed
  const D4 = await disp(w.stationB.id, w.siteB, {
    nozzles: 1,
    adminDivisionCode: '150626102',
    filedAt: '2020-02-01',
    verifications: [pass('2024-05-01', '2024-10-31')],
  });
  // station A auxiliaries: a valid dipstick, an overdue hydrometer
  await buildInstrument(ctx, {
    orgId: w.stationA.id,
    siteId: w.siteA,
    category: 'dipstick',
    installDate: '2020-01-01',
    verifications: [pass('2024-01-10', '2025-01-09')],
  });
  await buildInstrument(ctx, {
    orgId: w.stationA.id,
    siteId: w.siteA,
    category: 'hydrometer',
    installDate: '2020-01-01',
    verifications: [pass('2023-01-01', '2023-12-31')],
  });
  // station A: a finding naming D1, its order, a case fined 1,000 元 (0.10 万元)
  const stationEnf = await enforcement(ctx, w.stationA.id, [D1.id], { fine: 1000, gains: 0, code: 'overdue_in_use', basis: 'rules_43' });

  return { power, gas, W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, WE1, E1, E2, E3, E4, D1, D2, D3, D4, waterEnf, powerEnf, stationEnf };
}
