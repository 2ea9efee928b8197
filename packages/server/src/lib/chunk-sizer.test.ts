import { describe, expect, it } from 'vitest';
import { ChunkSizer } from './chunk-sizer.js';

describe('ChunkSizer', () => {
  it('moves toward the rows that fill the budget, within its bounds, and is not collapsed by one slow chunk', () => {
    const s = new ChunkSizer({ initial: 500, min: 50, max: 5000, budgetMs: 40 });
    expect(s.next).toBe(500);
    // 500 rows in 400 ms: 50 would fill the budget → geometric mean 158
    s.record(500, 400);
    expect(s.next).toBe(158);
    s.record(158, 126.4); // the same speed again: closer to 50
    expect(s.next).toBe(89);
    // a fast machine: 89 rows in 1 ms → 3,560 fit; reached over some chunks
    for (let i = 0; i < 40; i++) s.record(s.next, (s.next / 89) * 1);
    expect(s.next).toBeGreaterThanOrEqual(3550);
    expect(s.next).toBeLessThanOrEqual(3560);
    s.record(s.next, 0); // a zero duration does not divide by zero
    expect(s.next).toBe(5000);
    // one very slow chunk halves the way, not to the minimum
    s.record(5000, 4000);
    expect(s.next).toBe(500);
    s.record(0, 10); // nothing written: unchanged
    expect(s.next).toBe(500);
    const low = new ChunkSizer({ initial: 60, min: 50, max: 5000, budgetMs: 40 });
    low.record(60, 10_000);
    expect(low.next).toBe(50);
  });
});
