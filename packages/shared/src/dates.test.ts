import { describe, expect, it } from 'vitest';
import { addDays, diffDays, isValidDate, periodEnd } from './dates.js';

describe('periodEnd (docs/domain/forms.md §1 month rule, 民法典 第二百零二条)', () => {
  it.each([
    ['2024-01-05', 6, '2024-07-04'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-03-31', 6, '2024-09-30'],
    ['2024-02-29', 72, '2030-02-28'],
    ['2024-12-01', 1, '2024-12-31'],
    ['2019-03-05', 96, '2027-03-04'],
  ])('%s + %i months → %s', (start, months, end) => {
    expect(periodEnd(start, months)).toBe(end);
  });
  it('addDays / diffDays / isValidDate', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(diffDays('2024-01-01', '2024-12-31')).toBe(365);
    expect(isValidDate('2023-02-30')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
  });
});
