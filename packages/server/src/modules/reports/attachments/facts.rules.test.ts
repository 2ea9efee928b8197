import { describe, expect, it } from 'vitest';
import { checkA3Identities } from './attachment3.rules.js';
import { yuanToWanPrinted } from './facts.rules.js';
import { type IdentityViolation, inspectionItemChecks } from './report.rules.js';

// the column conditions are SQL (spans.queries): test/reports covers them on both engines
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
});
