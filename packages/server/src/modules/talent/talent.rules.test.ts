import { describe, expect, it } from 'vitest';
import {
  certificateState,
  comparePeople,
  type ListedPerson,
  matchesFilter,
  parsePersonKey,
  personKey,
  worstState,
} from './talent.rules.js';

describe('talent rules', () => {
  it('person keys round-trip', () => {
    expect(personKey({ source: 'verifier', sourceId: 12 })).toBe('verifier-12');
    expect(parsePersonKey('metrologist-3')).toEqual({ source: 'metrologist', sourceId: 3 });
  });

  it('certificate state: expired after the last valid day, expiring within the window', () => {
    expect(certificateState('2024-10-14', '2024-10-15', 90)).toBe('expired');
    expect(certificateState('2024-10-15', '2024-10-15', 90)).toBe('expiring');
    expect(certificateState('2025-01-13', '2024-10-15', 90)).toBe('expiring');
    expect(certificateState('2025-01-14', '2024-10-15', 90)).toBe('valid');
    expect(worstState([])).toBeNull();
    expect(worstState(['valid', 'expiring'])).toBe('expiring');
    expect(worstState(['expired', 'valid', 'expiring'])).toBe('expired');
  });

  it('filters and orders the pool', () => {
    const p = (o: Partial<ListedPerson>): ListedPerson => ({
      name: '张三',
      orgName: '检定所',
      source: 'verifier',
      marked: false,
      recommended: false,
      certificateState: 'valid',
      ...o,
    });
    expect(matchesFilter(p({}), { q: '张' })).toBe(true);
    expect(matchesFilter(p({}), { q: '检定' })).toBe(true);
    expect(matchesFilter(p({}), { q: '李' })).toBe(false);
    expect(matchesFilter(p({}), { source: 'inspector' })).toBe(false);
    expect(matchesFilter(p({}), { certificate: 'expired' })).toBe(false);
    expect(matchesFilter(p({ marked: true }), { marked: '1' })).toBe(true);
    expect(matchesFilter(p({}), { recommended: '1' })).toBe(false);
    const list = [p({ name: '乙' }), p({ name: '甲', recommended: true }), p({ name: '丙', marked: true })];
    expect(list.sort(comparePeople).map((x) => x.name)).toEqual(['丙', '甲', '乙']);
  });
});
