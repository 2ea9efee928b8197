import { addDays } from '@qiangjian/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeStatus,
  DEFAULT_STATUS_CONFIG,
  type RuleDef,
  ruleSetAsOf,
  type VerificationRecord,
} from '../../src/modules/status/status.rules.js';
import { type RuleEpochs, spanAt, statusClass, statusTimeline } from '../../src/modules/status/status.timeline.js';
import { attrs, SEED_RULES } from './rules-fixture.js';

// The reports count status spans instead of running the engine (docs/REPORTS.md "Status spans"): a span's class at
// any date must be the engine's status class at that date, for the instrument and for each of its nozzles.

const BASE = '2012-01-01';
const dayArb = fc.integer({ min: 0, max: 365 * 14 }).map((n) => addDays(BASE, n));
const categoryArb = fc.constantFrom(
  { category: 'fuel_dispenser', a: {} },
  { category: 'water_meter', a: { caliberDn: 20 } },
  { category: 'water_meter', a: { caliberDn: 100 } },
  { category: 'gas_meter', a: { gRating: 'G4', gasMedium: 'lpg' } },
  { category: 'electricity_meter', a: { accuracyClass: '2' } },
  { category: 'electricity_meter', a: { accuracyClass: '0.5S' } },
  { category: 'thermometer', a: {} },
);
const recordArb = fc.record({
  date: dayArb,
  nozzleNo: fc.constantFrom(0, 0, 1, 2),
  kind: fc.constantFrom('initial', 'periodic', 'subsequent', 'spot_check', 'arbitration'),
  conclusion: fc.constantFrom('passed', 'passed', 'passed', 'failed'),
  cert: fc.option(fc.integer({ min: -30, max: 3000 }), { nil: null }),
});

/** The seeded rules, plus (when given) a second version of every water-meter rule recorded on a later date with a shorter cycle. */
function epochsWith(recorded: string | null): RuleEpochs {
  const versions: RuleDef[] = [...SEED_RULES];
  if (recorded)
    for (const r of SEED_RULES)
      if (r.category === 'water_meter' && r.cycleMonths)
        versions.push({ ...r, id: r.id + 1000, version: 2, cycleMonths: Math.max(6, r.cycleMonths - 12), recordedOn: recorded });
  const dates = new Set<string>();
  for (const v of versions) {
    if (v.version !== 1) dates.add(v.recordedOn);
    if (v.effectiveFrom) dates.add(v.effectiveFrom);
    if (v.effectiveTo) dates.add(addDays(v.effectiveTo, 1));
  }
  // every category sees every date here (more evaluations than needed, never fewer)
  return { datesFor: () => [...dates].sort(), at: (d) => ({ rules: ruleSetAsOf(versions, d), config: DEFAULT_STATUS_CONFIG }) };
}

describe('status spans (fast-check): the class of the span at D is the engine status class at D', () => {
  it('instruments and nozzles, with installs, removals, failures, spot checks and a rule change', () => {
    fc.assert(
      fc.property(
        categoryArb,
        fc.uniqueArray(recordArb, { selector: (r) => `${r.nozzleNo}|${r.date}`, maxLength: 6 }),
        fc.option(dayArb, { nil: null }),
        fc.option(dayArb, { nil: null }),
        fc.option(dayArb, { nil: null }),
        fc.option(dayArb, { nil: null }),
        fc.array(dayArb, { minLength: 8, maxLength: 8 }),
        (c, recs, install, removal, nozzleRemoval, ruleChange, probes) => {
          const dispenser = c.category === 'fuel_dispenser';
          const verifications: VerificationRecord[] = recs
            .filter((r) => dispenser || r.nozzleNo === 0)
            .map((r) => ({
              nozzleNo: r.nozzleNo,
              kind: r.kind,
              date: r.date,
              conclusion: r.conclusion,
              validUntil: r.cert === null ? null : addDays(r.date, r.cert),
            }));
          const a = attrs(c.category, {
            ...c.a,
            installDate: install,
            removalDate: removal,
            ledgerState: removal ? 'removed' : 'in_use',
            createdOn: '2013-03-01',
          });
          const nozzles = dispenser
            ? [
                { nozzleNo: 1, removalDate: null },
                { nozzleNo: 2, removalDate: nozzleRemoval },
              ]
            : [];
          const epochs = epochsWith(ruleChange);
          const spans = statusTimeline({ attrs: a, verifications, nozzles }, epochs);
          // spans of one unit never overlap and never touch with the same class, mode and valid-until
          for (const no of [0, 1, 2]) {
            const own = spans.filter((s) => s.nozzleNo === no);
            for (let i = 1; i < own.length; i++) expect((own[i - 1] as { to: string }).to <= (own[i] as { from: string }).from).toBe(true);
          }
          const dates = [...probes, ...verifications.map((v) => v.date), ...spans.flatMap((s) => [s.from, addDays(s.from, -1)])];
          for (const d of dates) {
            const r = computeStatus({ attrs: a, verifications, nozzles, asOf: d, ...epochs.at(d) });
            const want = r.inService ? statusClass(r.status) : null;
            const span = spanAt(spans, 0, d);
            expect(span?.status ?? null, `instrument at ${d}`).toBe(want);
            if (span) {
              expect(span.validUntil, `valid-until at ${d}`).toBe(r.validUntil);
              expect(span.mode, `mode at ${d}`).toBe(r.mode);
            }
            for (const n of r.nozzles) {
              const nz = spanAt(spans, n.nozzleNo, d);
              expect(nz?.status ?? null, `nozzle ${n.nozzleNo} at ${d}`).toBe(r.inService ? statusClass(n.status) : null);
            }
            if (span) expect(span.nozzleCount).toBe(r.nozzles.filter((n) => statusClass(n.status) !== null).length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
