import { addDays } from '@qiangjian/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { complaintStats } from '../../src/modules/complaints/stats.service.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { computeAttachment2 } from '../../src/modules/reports/attachments/attachment2.service.js';
import { createTestContext, type TestContext } from '../db.js';

/**
 * The demo's complaints (docs/domain/forms.md §8): 14 accepted by the bureau in the campaign period (water 6, electricity
 * 3, gas 3, dispensers 2) in every stage, one waiting, one refused; the utilities handled 120 and replaced 60.
 */
const NOW = '2025-03-03T02:00:00.000Z';
const D = '2025-03-03';

describe('demo complaints', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: NOW });
    await seedDemo(ctx, CLI_ACTOR, { meterScale: 0.01 });
  }, 300_000);
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('has complaints in every stage', async () => {
    const s = await complaintStats(ctx, CLI_ACTOR, {});
    expect(Object.fromEntries(s.byStage.map((x) => [x.key, x.n]))).toEqual({
      received: 1,
      accepted: 6,
      mediating: 2,
      refused: 1,
      closed: 6,
    });
    expect(s.mediationSuccess).toMatchObject({ numerator: 3, denominator: 4 });
    expect(s.handlingDays.n).toBe(6);
  });

  it('Attachment 2: complaintsReceived water 6 / electricity 3 / gas 3; utilities handled 120', async () => {
    const r = await computeAttachment2(ctx, CLI_ACTOR, { regionCode: '150626', from: addDays(D, -130), to: D });
    const by = (t: string) => r.rows.filter((x) => x.meterType === t).reduce((a, x) => a + Number(x.complaintsReceived), 0);
    expect([by('water_meter'), by('electricity_meter'), by('gas_meter')]).toEqual([6, 3, 3]);
    expect(r.total).toMatchObject({ complaintsReceived: 12, utilityComplaintsHandled: 120 });
  });
});
