import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { computeAttachment2 } from '../../src/modules/reports/attachments/attachment2.service.js';
import { computeAttachment3 } from '../../src/modules/reports/attachments/attachment3.service.js';
import { useTestApp } from '../db.js';
import { buildInstrument, buildOrg, buildSite } from '../factories.js';

/**
 * The identities of docs/domain/forms.md §6–§7 on random ledgers (fast-check, small sizes) computed from the database
 * by the status engine: every report of random data satisfies them, and the 合计 row sums the rows' instruments.
 */
const date = fc.integer({ min: 0, max: 3600 }).map((d) => new Date(Date.UTC(2014, 0, 1) + d * 86400000).toISOString().slice(0, 10));
const verif = fc.record({
  kind: fc.constantFrom('initial', 'periodic', 'subsequent', 'spot_check'),
  date,
  conclusion: fc.constantFrom('passed', 'passed', 'failed'),
  nozzleNo: fc.integer({ min: 0, max: 2 }),
});
const instrument = fc.record({
  category: fc.constantFrom('water_meter', 'gas_meter', 'electricity_meter', 'fuel_dispenser'),
  installDate: fc.option(date, { nil: null }),
  removalDate: fc.option(date, { nil: null }),
  filedAt: fc.option(date, { nil: null }),
  quantity: fc.integer({ min: 1, max: 3 }),
  nozzles: fc.integer({ min: 0, max: 2 }),
  // one record per day: the verifications table keeps one per (nozzle, day), and on an instrument without nozzles
  // every record is the instrument's own (nozzle 0), whatever nozzle number the generator drew
  verifications: fc.uniqueArray(verif, { maxLength: 3, selector: (v) => v.date }),
});

describe('reports: identities on random data (fast-check, both engines)', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  it('Attachments 2 and 3 never break an identity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(instrument, { minLength: 1, maxLength: 8 }), async (xs) => {
        const utility = await buildOrg(t.ctx, { kind: 'water_supply', regionCode: '150626100' });
        const station = await buildOrg(t.ctx, { kind: 'gas_station', regionCode: '150626100' });
        const site = await buildSite(t.ctx, station.id, { townCode: '150626100' });
        for (const x of xs) {
          const dispenser = x.category === 'fuel_dispenser';
          await buildInstrument(t.ctx, {
            orgId: dispenser ? station.id : utility.id,
            siteId: dispenser ? site : null,
            category: x.category,
            installDate: x.installDate,
            removalDate: x.removalDate,
            ledgerState: x.removalDate ? 'removed' : 'filed',
            filedAt: x.filedAt,
            quantity: dispenser ? 1 : x.quantity,
            nozzles: dispenser ? x.nozzles : 0,
            verifications: x.verifications.map((v) => ({
              ...v,
              nozzleNo: dispenser ? Math.min(v.nozzleNo, x.nozzles) : 0,
              validUntil: null,
            })),
          });
        }
        const q = { regionCode: '150626', from: '2024-06-07', to: '2024-10-15' };
        const a2 = await computeAttachment2(t.ctx, SYSTEM_ACTOR, q);
        const a3 = await computeAttachment3(t.ctx, SYSTEM_ACTOR, q);
        expect(a2.identityViolations).toEqual([]);
        expect(a3.identityViolations).toEqual([]);
        const sum = (rows: typeof a2.rows, k: string) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
        for (const k of ['inService', 'installed', 'dueForRotation', 'rotated']) expect(a2.total[k]).toBe(sum(a2.rows, k));
        for (const k of ['dispensers', 'nozzles', 'validNozzles']) expect(a3.total[k]).toBe(sum(a3.rows, k));
      }),
      { numRuns: 6 },
    );
  });
});
