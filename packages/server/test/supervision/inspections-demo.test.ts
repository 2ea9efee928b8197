import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { listCases } from '../../src/modules/supervision/cases/cases.service.js';
import { listPublic } from '../../src/modules/supervision/disclosure/disclosure.service.js';
import { listFindings } from '../../src/modules/supervision/findings/findings.service.js';
import { listInspections } from '../../src/modules/supervision/inspections/inspections.service.js';
import { listSampleTests } from '../../src/modules/supervision/inspections/sample-tests.service.js';
import { createTestContext, type TestContext } from '../db.js';

/** The demo's inspections (docs/SUPERVISION.md, Inspections → Demo; docs/domain/forms.md §8) and sample tests. */
describe('demo inspections', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: '2025-03-03T02:00:00.000Z' });
    await seedDemo(ctx, CLI_ACTOR, { meterScale: 0.05 });
  }, 600_000);
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('every drawn assignment is visited and finished, with the broken seal, the stopped nozzle and the overdue station', async () => {
    const all = await listInspections(ctx, CLI_ACTOR, { page: 1, pageSize: 100 });
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.items.every((i) => i.state === 'finished' && i.inspectors.length === 2)).toBe(true);
    expect(all.items.some((i) => i.origin === 'random' && i.drawId !== null)).toBe(true);
    const f = await listFindings(ctx, CLI_ACTOR, { page: 1, pageSize: 100, source: 'inspection' });
    const codes = f.items.map((x) => x.code);
    expect(codes).toContain('seal_broken');
    expect(codes).toContain('failed_in_use');
    expect(codes).toContain('overdue_in_use');
    const overdue = f.items.find((x) => x.code === 'overdue_in_use');
    expect(overdue?.refs.instrumentIds).toHaveLength(2);
  });

  it('the two cases of docs/domain/forms.md §8 are opened from the findings of those visits and their decisions published', async () => {
    const f = await listFindings(ctx, CLI_ACTOR, { page: 1, pageSize: 100, source: 'inspection' });
    const fromVisit = (code: string) => f.items.find((x) => x.code === code && (x.refs.inspectionIds?.length ?? 0) > 0);
    const seal = fromVisit('seal_broken');
    const overdue = fromVisit('overdue_in_use');
    expect(seal && overdue).toBeTruthy();
    const cases = await listCases(ctx, CLI_ACTOR, { page: 1, pageSize: 50 });
    const byFinding = new Map(cases.items.map((c) => [c.findingId, c]));
    expect(byFinding.get(seal?.id as number)?.decision).toMatchObject({ fine: 2000, gains: 8500 });
    expect(byFinding.get(overdue?.id as number)).toMatchObject({ stage: 'closed', decision: { fine: 1000, gains: 0 } });
    // filed after the visit, decided after filing
    for (const finding of [seal, overdue]) {
      const c = byFinding.get(finding?.id as number);
      expect(c && finding && c.filedOn >= finding.date && (c.decision?.decidedOn ?? '') >= c.filedOn).toBe(true);
    }
    const pub = await listPublic(ctx, { page: 1, pageSize: 50, kind: 'penalty_decision' });
    expect(pub.total).toBe(2);
    // the draw's results (双随机一公开): one per finished drawn visit
    const results = await listPublic(ctx, { page: 1, pageSize: 50, kind: 'inspection_result' });
    const drawn = await listInspections(ctx, CLI_ACTOR, { page: 1, pageSize: 100, origin: 'random' });
    expect(results.total).toBe(drawn.total);
    expect(results.total).toBeGreaterThan(0);
    // the nozzle stopped on site waits for 立案: no case
    const failed = fromVisit('failed_in_use');
    expect(failed && byFinding.has(failed.id)).toBe(false);
  });

  it('sample tests of meters in homes, with the failures of docs/domain/forms.md §8', async () => {
    const failed = await listSampleTests(ctx, CLI_ACTOR, { page: 1, pageSize: 100, conclusion: 'failed' });
    expect(failed.items.map((x) => x.category).sort()).toEqual(['gas_meter', 'water_meter', 'water_meter']);
    expect(failed.items.every((x) => x.statusAfter === 'failed' && x.institutionName)).toBe(true);
    const all = await listSampleTests(ctx, CLI_ACTOR, { page: 1, pageSize: 10 });
    expect(all.total).toBeGreaterThan(10);
  });
});
