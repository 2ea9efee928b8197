import { describe, expect, it } from 'vitest';
import { findingCounts, publishRefusal, resultFields } from './inspection-results.rules.js';

const texts = {
  label: (c: string) => `L:${c}`,
  finding: (l: string, n: number) => `${l}×${n}`,
  separator: ';',
  resultNone: 'NONE',
  resultFound: 'FOUND',
  yes: 'Y',
  no: 'N',
};

describe('inspection result disclosure rules', () => {
  it('refuses a draft, a non-random record and one with undecided proposals, in that order', () => {
    expect(publishRefusal({ state: 'draft', origin: 'adhoc', proposals: [] })).toBe('inspection_disclosure_draft');
    expect(publishRefusal({ state: 'finished', origin: 'targeted', proposals: [] })).toBe('inspection_disclosure_not_random');
    expect(publishRefusal({ state: 'finished', origin: 'random', proposals: [{ code: 'seal_broken', state: 'proposed' }] })).toBe(
      'inspection_disclosure_undecided',
    );
    expect(publishRefusal({ state: 'finished', origin: 'random', proposals: [{ code: 'seal_broken', state: 'dismissed' }] })).toBeNull();
  });

  it('counts confirmed findings per code, ignoring dismissed ones', () => {
    expect(
      findingCounts([
        { code: 'seal_broken', state: 'confirmed' },
        { code: 'overdue_in_use', state: 'confirmed' },
        { code: 'seal_broken', state: 'confirmed' },
        { code: 'no_ledger', state: 'dismissed' },
      ]),
    ).toEqual([
      ['seal_broken', 2],
      ['overdue_in_use', 1],
    ]);
  });

  it('builds the public fields: result, findings with counts, ordered, certificates only', () => {
    const base = {
      state: 'finished' as const,
      origin: 'random' as const,
      townName: 'T',
      visitDate: '2024-10-14',
      drawId: 7,
      drawTitle: 'D',
      recordNo: 'R-1',
      inspectorCerts: ['FX-1', 'FX-2'],
      ordered: true,
    };
    expect(resultFields({ ...base, proposals: [{ code: 'seal_broken', state: 'confirmed' }] }, texts)).toEqual({
      town: 'T',
      inspectionDate: '2024-10-14',
      drawId: '7',
      drawTitle: 'D',
      recordNo: 'R-1',
      resultCode: 'found',
      result: 'FOUND',
      findings: 'L:seal_broken×1',
      ordered: 'Y',
      inspectors: 'FX-1;FX-2',
    });
    const clean = resultFields({ ...base, ordered: false, proposals: [{ code: 'no_ledger', state: 'dismissed' }] }, texts);
    expect(clean).toMatchObject({ resultCode: 'none', result: 'NONE', findings: '', ordered: '' });
  });
});
