import { describe, expect, it } from 'vitest';
import { percentile, ratio, round2 } from './stats.js';

describe('ratio', () => {
  it('keeps both counts and rounds the rate to 4 decimals', () => {
    expect(ratio(2, 3)).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    expect(ratio(5, 5)).toEqual({ numerator: 5, denominator: 5, rate: 1 });
    expect(ratio(0, 4)).toEqual({ numerator: 0, denominator: 4, rate: 0 });
  });
  it('has no rate for an empty base', () => {
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
  });
});

describe('percentile (nearest rank)', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('picks the value at rank ceil(p·n)', () => {
    expect(percentile(xs, 0.5)).toBe(5);
    expect(percentile(xs, 0.9)).toBe(9);
    expect(percentile(xs, 0.91)).toBe(10);
    expect(percentile(xs, 1)).toBe(10);
  });
  it('takes the first value for p = 0 and a single value for any p', () => {
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([42], 0.9)).toBe(42);
  });
  it('is null for an empty array', () => {
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('round2', () => {
  it('rounds to 2 decimals and keeps null', () => {
    expect(round2(1.005 * 1000)).toBe(1005);
    expect(round2(2.345678)).toBe(2.35);
    expect(round2(null)).toBeNull();
  });
});
