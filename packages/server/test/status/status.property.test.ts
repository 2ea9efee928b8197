import { addDays, periodEnd } from '@qiangjian/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStatus, periodEndFast, STATUS_SEVERITY, type VerificationRecord } from '../../src/modules/status/status.rules.js';
import { attrs, rulesAt } from './rules-fixture.js';

const BASE = '2015-01-01';
const dayArb = fc.integer({ min: 0, max: 365 * 12 }).map((n) => addDays(BASE, n));
const categoryArb = fc.constantFrom(
  { category: 'fuel_dispenser', a: {} },
  { category: 'water_meter', a: { caliberDn: 20 } },
  { category: 'water_meter', a: { caliberDn: 40 } },
  { category: 'water_meter', a: { caliberDn: 100 } },
  { category: 'gas_meter', a: { gRating: 'G4', gasMedium: 'lpg' } },
  { category: 'gas_meter', a: { gRating: 'G40', gasMedium: 'natural_gas' } },
  { category: 'electricity_meter', a: { accuracyClass: '2', installDate: '2015-06-01' } },
  { category: 'electricity_meter', a: { accuracyClass: '0.5S' } },
  { category: 'thermometer', a: {} },
);
const recordArb = fc.record({
  date: dayArb,
  kind: fc.constantFrom('initial', 'periodic', 'subsequent', 'spot_check', 'arbitration'),
  conclusion: fc.constantFrom('passed', 'passed', 'passed', 'failed'),
  cert: fc.option(fc.integer({ min: -30, max: 3000 }), { nil: null }),
});
/** Unique dates (the verifications table key is instrument + nozzle + date). */
const historyArb = fc.uniqueArray(recordArb, { selector: (r) => r.date, maxLength: 6 }).map((rs) =>
  rs.map(
    (r): VerificationRecord => ({
      nozzleNo: 0,
      kind: r.kind,
      date: r.date,
      conclusion: r.conclusion,
      validUntil: r.cert === null ? null : addDays(r.date, r.cert),
    }),
  ),
);

function run(c: { category: string; a: object }, history: VerificationRecord[], asOf: string) {
  return computeStatus({ attrs: attrs(c.category, c.a), verifications: history, asOf, rules: rulesAt(asOf) });
}

describe('status properties (fast-check)', () => {
  it('moving the as-of date forward never turns an overdue instrument valid (fixed history)', () => {
    fc.assert(
      fc.property(categoryArb, historyArb, dayArb, fc.integer({ min: 1, max: 3000 }), (c, history, d1, step) => {
        const past = history.filter((h) => h.date <= d1);
        const r1 = run(c, past, d1);
        fc.pre(r1.status === 'overdue' || r1.status === 'rotation_overdue');
        const r2 = run(c, past, addDays(d1, step));
        expect(['valid', 'due_soon', 'rotation_due']).not.toContain(r2.status);
      }),
      { numRuns: 400 },
    );
  });

  it('adding a newer passing verification never makes the status worse (histories whose certificates stay within the rule)', () => {
    fc.assert(
      fc.property(
        categoryArb,
        historyArb,
        dayArb,
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('initial', 'periodic', 'subsequent'),
        (c, history, asOf, back, kind) => {
          const past = history.filter((h) => h.date < addDays(asOf, -back));
          const last = past.reduce((m, h) => (h.date > m ? h.date : m), '0000-00-00');
          const date = addDays(asOf, -back);
          fc.pre(date > last);
          const before = run(c, past, asOf);
          fc.pre(!before.reasonFlags.includes('certificate_beyond_rule'));
          const after = run(c, [...past, { nozzleNo: 0, kind, date, conclusion: 'passed', validUntil: null }], asOf);
          expect(STATUS_SEVERITY[after.status]).toBeLessThanOrEqual(STATUS_SEVERITY[before.status]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('validUntil is never before the governing verification date', () => {
    fc.assert(
      fc.property(categoryArb, historyArb, dayArb, (c, history, asOf) => {
        const r = run(c, history, asOf);
        if (r.validUntil !== null && r.governing) expect(r.validUntil >= r.governing.date).toBe(true);
        for (const h of history) if (r.governing === h && r.validUntil !== null) expect(r.validUntil >= h.date).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('periodEndFast', () => {
  it('equals periodEnd of packages/shared/src/dates.ts (民法典 month rule) for any start and length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 60 }), fc.integer({ min: 1, max: 240 }), (n, months) => {
        const start = addDays('1990-01-01', n);
        expect(periodEndFast(start, months)).toBe(periodEnd(start, months));
      }),
      { numRuns: 2000 },
    );
  });
});
