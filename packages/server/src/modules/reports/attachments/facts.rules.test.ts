import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildA2Row, checkA2Identities } from './attachment2.rules.js';
import { buildA3Row, checkA3Identities, countStationInstrument } from './attachment3.rules.js';
import { A2_INSTRUMENT_COLUMNS, dueForRotation, type InstrumentFact, type Period, rotated, yuanToWanPrinted } from './facts.rules.js';
import { type Counter, countInstrument, type IdentityViolation, inspectionItemChecks } from './report.rules.js';

const P: Period = { periodStart: '2024-06-07', periodEnd: '2024-10-15', asOf: '2024-10-15' };

function fact(o: Partial<InstrumentFact>): InstrumentFact {
  return {
    id: 1,
    orgId: 1,
    siteId: 1,
    serialNo: 's',
    category: 'water_meter',
    quantity: 1,
    town: '150626100',
    installDate: null,
    start: '2020-01-01',
    removalDate: null,
    removalReason: null,
    filedAt: null,
    firstVerifiedOk: false,
    passInPeriod: false,
    status: 'valid',
    validUntil: null,
    nozzles: null,
    pre: null,
    ...o,
  };
}

describe('reports facts rules (docs/domain/forms.md §1, §5–§7)', () => {
  it('万元: ÷ 10,000, 2 decimals, half-up', () => {
    expect(yuanToWanPrinted(12350)).toBe('1.24');
    expect(yuanToWanPrinted(12349.99)).toBe('1.23');
    expect(yuanToWanPrinted(11500)).toBe('1.15');
    expect(yuanToWanPrinted(1000)).toBe('0.10');
    expect(yuanToWanPrinted(0)).toBe('0.00');
    expect(yuanToWanPrinted(50)).toBe('0.01');
    expect(yuanToWanPrinted(49.99)).toBe('0.00');
  });

  it('R(P): the backlog is in, a removal before P is out, electricity re-verified counts as rotated', () => {
    const limited = (validUntil: string) => ({ mode: 'first_only_limited_use', validUntil });
    expect(dueForRotation(fact({ pre: limited('2023-01-04') }), P)).toBe(true);
    expect(dueForRotation(fact({ pre: limited('2023-01-04'), removalDate: '2024-06-06' }), P)).toBe(false);
    expect(dueForRotation(fact({ pre: limited('2024-10-15') }), P)).toBe(false);
    expect(dueForRotation(fact({ pre: { mode: 'periodic', validUntil: '2023-01-04' } }), P)).toBe(false);
    expect(rotated(fact({ category: 'electricity_meter', passInPeriod: true }), P)).toBe(true);
    expect(rotated(fact({ category: 'water_meter', passInPeriod: true }), P)).toBe(false);
    expect(rotated(fact({ removalDate: '2024-10-16' }), P)).toBe(false);
  });

  it('an identity that breaks is reported with its row', () => {
    const out: IdentityViolation[] = [];
    checkA3Identities(out, 'x', { dispensers: 3, validDispensers: 1, nozzles: 2, validNozzles: 2 });
    expect(out).toEqual([{ identity: 'dispenserSum', row: 'x', expected: 3, actual: 1 }]);
  });

  it('inspection items: all seals intact and self-lock on, per dispenser', () => {
    const c = inspectionItemChecks(
      JSON.stringify([
        { instrumentId: 1, seals: [{ no: 'a', intact: true }], selfLockOn: true },
        { instrumentId: 2, seals: [{ no: 'b', intact: false }], selfLockOn: false },
        { instrumentId: 3, seals: [], selfLockOn: null },
      ]),
    );
    expect([...c.sealsIntact]).toEqual([1]);
    expect([...c.antiCheat]).toEqual([1]);
  });

  const STATUSES = ['valid', 'due_soon', 'rotation_due', 'overdue', 'rotation_overdue', 'unverified', 'failed', 'removed'];
  const date = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2018, 0, 1) + d * 86400000).toISOString().slice(0, 10));
  const arbFact = fc.record({
    category: fc.constantFrom('water_meter', 'gas_meter', 'electricity_meter', 'fuel_dispenser'),
    quantity: fc.integer({ min: 1, max: 3 }),
    installDate: fc.option(date, { nil: null }),
    removalDate: fc.option(date, { nil: null }),
    removalReason: fc.constantFrom(null, 'rotation', 'inaccurate', 'failed'),
    filedAt: fc.option(date, { nil: null }),
    firstVerifiedOk: fc.boolean(),
    passInPeriod: fc.boolean(),
    status: fc.constantFrom(...STATUSES),
    nozzles: fc.array(fc.constantFrom(...STATUSES.filter((s) => s !== 'removed' && s !== 'rotation_due' && s !== 'rotation_overdue')), {
      maxLength: 4,
    }),
    pre: fc.option(fc.record({ mode: fc.constantFrom('first_only_limited_use', 'periodic'), validUntil: fc.option(date, { nil: null }) }), {
      nil: null,
    }),
  });

  it('identities hold on random data (fast-check): Attachment 2 rows and Attachment 3 rows', () => {
    fc.assert(
      fc.property(fc.array(arbFact, { maxLength: 30 }), (xs) => {
        const a2: Counter = {};
        const a3: Counter = {};
        xs.forEach((x, i) => {
          const f = fact({
            ...x,
            id: i + 1,
            quantity: x.category === 'fuel_dispenser' ? 1 : x.quantity,
            nozzles: x.category === 'fuel_dispenser' ? x.nozzles.map((status, k) => ({ nozzleNo: k + 1, status })) : null,
            status: x.category === 'fuel_dispenser' && x.status.startsWith('rotation_') ? 'overdue' : x.status,
          });
          if (f.category === 'fuel_dispenser') countStationInstrument(a3, f, P, { sealsIntact: new Set(), antiCheat: new Set() });
          else countInstrument(a2, f, P, A2_INSTRUMENT_COLUMNS);
        });
        const v: IdentityViolation[] = [];
        checkA2Identities(v, 'r', a2, {});
        checkA3Identities(v, 'r', a3);
        expect(v).toEqual([]);
        const row = buildA2Row({ seq: 1, org: null, meterType: 'water_meter', counts: a2, samples: {}, ledgerEstablished: null }, 0, 0, 0);
        expect(Number(row.dueForRotation)).toBe(Number(row.rotated) + Number(row.overdueNotRotated));
        const r3 = buildA3Row({
          seq: 1,
          site: null,
          township: null,
          office: null,
          counts: a3,
          ledgerEstablished: null,
          inspectedAt: null,
          problems: 0,
          orders: 0,
          cases: 0,
          moneyFen: 0,
        });
        const rate = r3.verificationRate as { numerator: number; denominator: number; rate: number | null };
        expect(rate.rate === null).toBe(rate.denominator === 0);
      }),
      { numRuns: 200 },
    );
  });
});
