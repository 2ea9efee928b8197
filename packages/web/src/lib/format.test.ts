import { describe, expect, it } from 'vitest';
import { formatDateTime, todayLocal } from './format.js';

describe('format', () => {
  it('formats an instant in the local zone, empty for none, the input when not a date', () => {
    const d = new Date(2026, 0, 5, 16, 7);
    expect(formatDateTime(d.toISOString())).toBe('2026-01-05 16:07');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('x')).toBe('x');
  });
  it('today as YYYY-MM-DD', () => {
    expect(todayLocal(new Date(2026, 11, 6, 23, 59))).toBe('2026-12-06');
  });
});
