import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM, type DrawSpec, drawCommitment, drawCount, type PublishedDraw, runDraw, verifyPublishedDraw } from './draw.js';

/** hmac-sha256-rank-v1 (docs/SUPERVISION.md): pure properties over any plan and seed. */

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));

const ZERO_SEED = '0'.repeat(64);
const planArb = fc
  .record({
    strata: fc.array(
      fc.record({
        candidates: fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{4}$/), { minLength: 1, maxLength: 12 }),
        pool: fc.uniqueArray(fc.stringMatching(/^C[0-9]{3}$/), { minLength: 2, maxLength: 6 }),
        ratioBp: fc.integer({ min: 1, max: 10000 }),
        min: fc.integer({ min: 0, max: 5 }),
        highRisk: fc.option(fc.record({ bp: fc.integer({ min: 1, max: 10000 }), mask: fc.nat() }), { nil: null }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    perTarget: fc.integer({ min: 2, max: 3 }),
    cap: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    recusalSeed: fc.nat(),
  })
  .map(({ strata, perTarget, cap, recusalSeed }) => {
    // candidates unique across strata (a target sits in one stratum)
    const seen = new Set<string>();
    const spec: DrawSpec = {
      inspectorsPerTarget: perTarget,
      maxTargetsPerInspector: cap,
      strata: strata.map((s, i) => {
        const candidates = s.candidates.map((c) => `${i}${c}`).filter((c) => !seen.has(c) && seen.add(c));
        const hr = s.highRisk;
        return {
          key: `k${i}`,
          ratioBp: s.ratioBp,
          min: s.min,
          candidates,
          pool: s.pool,
          ...(hr ? { highRiskRatioBp: hr.bp, highRiskThreshold: 50, highRisk: candidates.filter((_, j) => (hr.mask >> j) & 1) } : {}),
        };
      }),
      recusals: [],
    };
    // a few recusals, derived deterministically from recusalSeed
    for (const s of spec.strata)
      s.candidates.forEach((c, j) => {
        if ((recusalSeed + j) % 5 === 0) spec.recusals.push({ inspectorKey: s.pool[j % s.pool.length] as string, targetKey: c });
      });
    return spec;
  });

async function publish(spec: DrawSpec, seed: string, witness: string | null): Promise<PublishedDraw | null> {
  const out = await runDraw(spec, seed, witness);
  if (!out.ok) return null;
  return {
    id: 1,
    title: 't',
    algorithm: DRAW_ALGORITHM,
    commitment: await drawCommitment(seed),
    seed,
    witness,
    committedAt: '2024-10-15T02:00:00.000Z',
    revealedAt: '2024-10-15T03:00:00.000Z',
    inspectorsPerTarget: spec.inspectorsPerTarget,
    maxTargetsPerInspector: spec.maxTargetsPerInspector,
    strata: spec.strata.map((s) => ({ ...s, drawn: out.drawn[s.key] ?? [] })),
    recusals: spec.recusals,
    assignments: out.assignments,
  };
}

/** The number drawn in a stratum: `k`, or with a high-risk list kH + kR topped up to `min` (bounded by n). */
function expectedK(s: PublishedDraw['strata'][number]): number {
  if (s.highRisk === undefined || s.highRiskRatioBp === undefined) return drawCount(s.candidates.length, s.ratioBp, s.min);
  const h = s.candidates.filter((c) => s.highRisk?.includes(c)).length;
  const r = s.candidates.length - h;
  const k = Math.min(h, Math.ceil((h * s.highRiskRatioBp) / 10000)) + Math.min(r, Math.ceil((r * s.ratioBp) / 10000));
  return Math.min(s.candidates.length, Math.max(k, s.min));
}

describe('hmac-sha256-rank-v1', () => {
  it('k = min(n, max(min, ceil(n × ratioBp / 10000)))', () => {
    expect(drawCount(10, 1000, 1)).toBe(1);
    expect(drawCount(10, 1001, 1)).toBe(2);
    expect(drawCount(7, 2000, 1)).toBe(2);
    expect(drawCount(3, 100, 5)).toBe(3);
    expect(drawCount(0, 5000, 2)).toBe(0);
    expect(drawCount(14, 10000, 0)).toBe(14);
  });

  it('commitment = SHA-256 of the ASCII seed hex (known vector)', async () => {
    // SHA-256("abc")
    const { sha256Hex } = await import('./draw.js');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await drawCommitment(ZERO_SEED)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('any plan and seed: the published record verifies, with k per stratum, ≥ 2 distinct inspectors, recusals and the cap honoured', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, hex64, fc.option(fc.stringMatching(/^[ -~]{1,12}$/), { nil: null }), async (spec, seed, witness) => {
        const rec = await publish(spec, seed, witness);
        if (rec === null) return; // infeasible plans are covered below
        expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
        const recused = new Set(spec.recusals.map((r) => `${r.inspectorKey}|${r.targetKey}`));
        const load = new Map<string, number>();
        for (const s of rec.strata) expect(s.drawn?.length).toBe(expectedK(s));
        for (const a of rec.assignments ?? []) {
          expect(a.inspectors.length).toBe(spec.inspectorsPerTarget);
          expect(new Set(a.inspectors).size).toBe(a.inspectors.length);
          for (const i of a.inspectors) {
            expect(recused.has(`${i}|${a.targetKey}`)).toBe(false);
            load.set(i, (load.get(i) ?? 0) + 1);
          }
        }
        if (spec.maxTargetsPerInspector !== null) for (const n of load.values()) expect(n).toBeLessThanOrEqual(spec.maxTargetsPerInspector);
      }),
      { numRuns: 60 },
    );
  });

  it('changing the seed, one candidate or a recusal changes the result or fails verification', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, hex64, hex64, async (spec, seed, other) => {
        const rec = await publish(spec, seed, null);
        if (rec === null) return;
        // another seed: the old commitment no longer matches
        if (other !== seed) expect((await verifyPublishedDraw({ ...rec, seed: other })).ok).toBe(false);
        // one candidate renamed: the record no longer verifies unless the draw did not depend on it at all
        const s0 = rec.strata[0] as NonNullable<PublishedDraw['strata'][number]>;
        const renamed = { ...rec, strata: [{ ...s0, candidates: [...s0.candidates.slice(1), 'ZZZZ-NEW'] }, ...rec.strata.slice(1)] };
        const drawnOld = s0.drawn ?? [];
        const v = await verifyPublishedDraw(renamed);
        if (drawnOld.includes(s0.candidates[0] as string)) expect(v.ok).toBe(false);
        // a recusal of an assigned pair: verification fails
        const a = rec.assignments?.[0];
        if (a) {
          const v2 = await verifyPublishedDraw({
            ...rec,
            recusals: [...rec.recusals, { inspectorKey: a.inspectors[0] as string, targetKey: a.targetKey }],
          });
          expect(v2.ok).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the witness changes the key: the same seed with and without a witness verify only with their own witness', async () => {
    const spec: DrawSpec = {
      inspectorsPerTarget: 2,
      maxTargetsPerInspector: null,
      strata: [
        { key: 'a', ratioBp: 5000, min: 1, candidates: Array.from({ length: 20 }, (_, i) => `T${i}`), pool: ['C1', 'C2', 'C3', 'C4'] },
      ],
      recusals: [],
    };
    const plain = (await publish(spec, ZERO_SEED, null)) as PublishedDraw;
    const witnessed = (await publish(spec, ZERO_SEED, '3-5-6-1')) as PublishedDraw;
    expect(plain.strata[0]?.drawn).not.toEqual(witnessed.strata[0]?.drawn);
    expect(await verifyPublishedDraw(witnessed)).toEqual({ ok: true });
    expect((await verifyPublishedDraw({ ...witnessed, witness: null })).ok).toBe(false);
    expect((await verifyPublishedDraw({ ...witnessed, witness: '3-5-6-2' })).ok).toBe(false);
  });

  it('a target that cannot get enough inspectors fails the run, naming it; nothing is drawn', async () => {
    const spec: DrawSpec = {
      inspectorsPerTarget: 2,
      maxTargetsPerInspector: 1,
      strata: [{ key: 'a', ratioBp: 10000, min: 0, candidates: ['T1', 'T2', 'T3'], pool: ['C1', 'C2', 'C3', 'C4'] }],
      recusals: [],
    };
    const out = await runDraw(spec, ZERO_SEED, null);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(['T1', 'T2', 'T3']).toContain(out.targetKey);
      expect(out.stratum).toBe('a');
    }
  });

  it('high-risk strata: the high-risk candidates are drawn at their own ratio; the list is part of what verifies', async () => {
    const candidates = Array.from({ length: 20 }, (_, i) => `T${String(i).padStart(2, '0')}`);
    const highRisk = candidates.slice(0, 4);
    const spec: DrawSpec = {
      inspectorsPerTarget: 2,
      maxTargetsPerInspector: null,
      strata: [
        { key: 'a', ratioBp: 1000, min: 1, candidates, pool: ['C1', 'C2', 'C3'], highRiskRatioBp: 10000, highRiskThreshold: 30, highRisk },
      ],
      recusals: [],
    };
    const rec = (await publish(spec, ZERO_SEED, null)) as PublishedDraw;
    const drawn = rec.strata[0]?.drawn ?? [];
    // all 4 high-risk (100 %) + ceil(16 × 10 %) = 2 others
    expect(drawn).toHaveLength(6);
    for (const h of highRisk) expect(drawn).toContain(h);
    expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
    const s = rec.strata[0] as PublishedDraw['strata'][number];
    expect((await verifyPublishedDraw({ ...rec, strata: [{ ...s, highRisk: highRisk.slice(1) }] })).ok).toBe(false);
  });

  it('names the first difference: a tampered commitment, drawn list or assignment', async () => {
    const spec: DrawSpec = {
      inspectorsPerTarget: 2,
      maxTargetsPerInspector: null,
      strata: [{ key: 'a', ratioBp: 3000, min: 1, candidates: ['T1', 'T2', 'T3', 'T4', 'T5'], pool: ['C1', 'C2', 'C3'] }],
      recusals: [],
    };
    const rec = (await publish(spec, ZERO_SEED, null)) as PublishedDraw;
    expect((await verifyPublishedDraw({ ...rec, commitment: 'f'.repeat(64) })) as unknown).toMatchObject({
      ok: false,
      difference: { what: 'commitment' },
    });
    const s = rec.strata[0] as PublishedDraw['strata'][number];
    const otherTarget = s.candidates.find((c) => !s.drawn?.includes(c)) as string;
    expect(await verifyPublishedDraw({ ...rec, strata: [{ ...s, drawn: [otherTarget] }] })).toMatchObject({
      ok: false,
      difference: { what: 'drawn', stratum: 'a' },
    });
    const a = rec.assignments?.[0] as { targetKey: string; inspectors: string[] };
    expect(await verifyPublishedDraw({ ...rec, assignments: [{ ...a, inspectors: [...a.inspectors].reverse() }] })).toMatchObject({
      ok: false,
      difference: { what: 'assignment', targetKey: a.targetKey },
    });
  });
});
