import { describe, expect, it } from 'vitest';
import { countKpiSample, groupKey, kpisOf } from './kpi.rules.js';
import type { Counter } from './report.rules.js';

describe('KPI rules (docs/domain/forms.md §7, version 1)', () => {
  it('抽检合格率 split by origin; a test without a result is left out', () => {
    const c: Counter = {};
    countKpiSample(c, { origin: 'in_service', conclusion: 'passed' });
    countKpiSample(c, { origin: 'in_service', conclusion: 'failed' });
    countKpiSample(c, { origin: 'stock', conclusion: 'passed' });
    countKpiSample(c, { origin: 'stock', conclusion: 'pending' });
    expect(kpisOf(c).samplePassRateInService).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(kpisOf(c).samplePassRateStock).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('groups by organization, town (9 digits) or category', () => {
    const x = { orgId: 7, town: '150626100', category: 'water_meter' };
    expect([groupKey('org', x), groupKey('town', x), groupKey('category', x), groupKey(null, x)]).toEqual([
      '7',
      '150626100',
      'water_meter',
      '',
    ]);
  });
});
