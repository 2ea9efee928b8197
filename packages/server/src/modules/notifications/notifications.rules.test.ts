import { describe, expect, it } from 'vitest';
import { afterFailure, backoffSeconds, kindsForRole, regionContains } from './notifications.rules.js';

describe('notification rules', () => {
  it('backs off exponentially from the base, at most a day', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 60))).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(30, 60)).toBe(86_400);
  });

  it('fails after the last attempt, or at once on a permanent refusal', () => {
    const now = new Date('2024-10-15T00:00:00.000Z');
    expect(afterFailure(now, 1, { maxAttempts: 3, baseSeconds: 60, permanent: false })).toEqual({
      state: 'pending',
      nextAttemptAt: '2024-10-15T00:01:00.000Z',
    });
    expect(afterFailure(now, 3, { maxAttempts: 3, baseSeconds: 60, permanent: false }).state).toBe('failed');
    expect(afterFailure(now, 1, { maxAttempts: 3, baseSeconds: 60, permanent: true }).state).toBe('failed');
  });

  it('matches regions by prefix: a county holds its towns, a town only itself', () => {
    expect(regionContains('150626', '150626100')).toBe(true);
    expect(regionContains('150600', '150626100')).toBe(true);
    expect(regionContains('150626', '150627100')).toBe(false);
    expect(regionContains('150626100', '150626100')).toBe(true);
    expect(regionContains('150626100', '150626102')).toBe(false);
  });

  it('gives each role its kinds', () => {
    expect(kindsForRole('enterprise')).toContain('instruments_due');
    expect(kindsForRole('institution')).toContain('application_submitted');
    expect(kindsForRole('enterprise')).not.toContain('application_submitted');
    expect(kindsForRole('system')).toEqual([]);
  });
});
