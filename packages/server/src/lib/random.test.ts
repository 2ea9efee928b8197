import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';

describe('seededRandom', () => {
  it('gives the sequence the demo and bench data were built with (mulberry32)', () => {
    const r = seededRandom(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const q = seededRandom(20241015);
    expect([q(), q()]).toEqual([0.19858331326395273, 0.41637455648742616]);
  });

  it('stays in [0, 1) and repeats for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
