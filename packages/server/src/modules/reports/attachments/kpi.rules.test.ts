import { describe, expect, it } from 'vitest';
import type { InstrumentFact, Period } from './facts.rules.js';
import { countKpiInstrument, countKpiSample, groupKey, kpisOf } from './kpi.rules.js';
import type { Counter } from './report.rules.js';

const P: Period = { periodStart: '2024-06-07', periodEnd: '2024-10-15', asOf: '2024-10-15' };
const base: InstrumentFact = {
  id: 1,
  orgId: 7,
  siteId: null,
  serialNo: 's',
  category: 'fuel_dispenser',
  quantity: 1,
  town: '150626100',
  installDate: null,
  start: '2020-01-01',
  removalDate: null,
  removalReason: null,
  filedAt: '2020-01-01',
  firstVerifiedOk: false,
  passInPeriod: false,
  status: 'unverified',
  validUntil: null,
  nozzles: null,
  pre: null,
};

describe('KPI rules (docs/domain/forms.md §7, version 1)', () => {
  it('受检率 counts a dispenser per nozzle, by its own status without nozzles; zero denominators give null', () => {
    const c: Counter = {};
    countKpiInstrument(
      c,
      {
        ...base,
        nozzles: [
          { nozzleNo: 1, status: 'valid' },
          { nozzleNo: 2, status: 'overdue' },
          { nozzleNo: 3, status: 'due_soon' },
        ],
      },
      P,
    );
    countKpiInstrument(c, { ...base, id: 2, status: 'failed', nozzles: [] }, P);
    countKpiInstrument(c, { ...base, id: 3, status: 'removed', nozzles: [{ nozzleNo: 1, status: 'valid' }] }, P);
    const k = kpisOf(c);
    expect(k.verificationRate).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(k.filingRate).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(k.firstVerificationRate).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

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
