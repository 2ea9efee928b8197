import { addDays } from '@qiangjian/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { computeAttachment2 } from '../../src/modules/reports/attachments/attachment2.service.js';
import { computeAttachment3 } from '../../src/modules/reports/attachments/attachment3.service.js';
import { createTestContext, type TestContext } from '../db.js';

/**
 * The demo county (scale 0.1) reproduces the figures of docs/domain/forms.md §8 for its campaign period (the 130 days
 * up to today, laid out like 2024-06-07 … 2024-10-15): rotation due / rotated / overdue per meter type, installed in
 * P, station 受检率 448 / 452 and 罚没款 1.15 万元. Expected values are §8's, at a tenth of the meters.
 */
const NOW = '2025-03-03T02:00:00.000Z';
const D = '2025-03-03';
const q = { regionCode: '150626', from: addDays(D, -130), to: D };

describe('reports on the demo county (docs/domain/forms.md §8)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: NOW });
    await seedDemo(ctx, CLI_ACTOR, { meterScale: 0.1 });
  }, 300_000);
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('Attachment 2: 到期轮换率 water 60.00 %, gas 37.50 %, electricity 42.86 %', async () => {
    const a = await computeAttachment2(ctx, CLI_ACTOR, q);
    expect(a.identityViolations).toEqual([]);
    const by = Object.fromEntries(a.rows.map((r) => [String(r.meterType), r]));
    expect(by.water_meter).toMatchObject({ dueForRotation: 150, rotated: 90, overdueNotRotated: 60, installed: 90 });
    expect(by.water_meter?.rotationRate).toEqual({ numerator: 90, denominator: 150, rate: 0.6 });
    expect(by.gas_meter).toMatchObject({ dueForRotation: 40, rotated: 15, overdueNotRotated: 25, installed: 70 });
    expect(by.gas_meter?.rotationRate).toEqual({ numerator: 15, denominator: 40, rate: 0.375 });
    expect(by.electricity_meter).toMatchObject({
      dueForRotation: 210,
      rotated: 90,
      overdueNotRotated: 120,
      installed: 160,
      firstVerified: 160,
    });
    expect(by.electricity_meter?.rotationRate).toEqual({ numerator: 90, denominator: 210, rate: 0.4286 });
  }, 120_000);

  it('Attachment 3: 42 stations, 136 dispensers, 受检率 448 / 452 = 99.12 %, 罚没款 11,500 元', async () => {
    const a = await computeAttachment3(ctx, CLI_ACTOR, q);
    expect(a.identityViolations).toEqual([]);
    expect(a.rows).toHaveLength(42);
    expect(a.total).toMatchObject({
      dispensers: 136,
      nozzles: 452,
      validNozzles: 448,
      overdueNozzles: 4,
      overdueDispensers: 2,
      finesAndConfiscations: 11500,
    });
    expect(a.total.verificationRate).toEqual({ numerator: 448, denominator: 452, rate: 0.9912 });
  }, 120_000);
});
