import { describe, expect, it } from 'vitest';
import { formatCycles, importCycles, stronglyConnected } from '../../../../scripts/import-cycles.mjs';

describe('import circles (scripts/import-cycles.mjs)', () => {
  it('finds a circle and leaves a chain alone', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(stronglyConnected(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      stronglyConnected(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('no server source file imports itself back through others', () => {
    const cycles = importCycles();
    expect(cycles, formatCycles(cycles)).toEqual([]);
  });
});
