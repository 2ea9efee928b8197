import { describe, expect, it } from 'vitest';
import { coverageOf, defaultMode, pairsOf, regionName } from './applications.rules.js';

const auth = (categories: string[], region: string, from = '2024-01-01', to = '2026-12-31') => ({
  categories: JSON.stringify(categories),
  region_code: region,
  valid_from: from,
  valid_to: to,
});

describe('applications rules', () => {
  it('defaults dispensers to on-site and meters to bring-in', () => {
    expect(defaultMode(['fuel_dispenser'])).toBe('on_site');
    expect(defaultMode(['water_meter', 'fuel_dispenser'])).toBe('on_site');
    expect(defaultMode(['electricity_meter'])).toBe('bring_in');
    expect(defaultMode([])).toBe('bring_in');
  });

  it('groups a selection by category and region', () => {
    expect(
      pairsOf([
        { category: 'water_meter', region: '150626101' },
        { category: 'water_meter', region: '150626101' },
        { category: 'water_meter', region: '150626102' },
      ]),
    ).toEqual([
      { category: 'water_meter', region: '150626101' },
      { category: 'water_meter', region: '150626102' },
    ]);
  });

  it('keeps institutions covering every pair on every date and names the uncovered pairs', () => {
    const pairs = [
      { category: 'water_meter', region: '150626101' },
      { category: 'gas_meter', region: '150626101' },
    ];
    const r = coverageOf(
      pairs,
      [
        { id: 1, auths: [auth(['water_meter', 'gas_meter'], '150626')] },
        { id: 2, auths: [auth(['water_meter'], '150600')] },
        { id: 3, auths: [auth(['water_meter', 'gas_meter'], '150627')] },
        { id: 4, auths: [auth(['water_meter', 'gas_meter'], '150626', '2024-01-01', '2024-06-30')] },
      ],
      ['2024-06-01', '2024-07-15'],
    );
    expect(r.covering).toEqual([1]);
    expect(r.uncovered).toEqual([]);
    const none = coverageOf(
      [{ category: 'hydrometer', region: '150626101' }],
      [{ id: 1, auths: [auth(['water_meter'], '150626')] }],
      ['2024-06-01'],
    );
    expect(none).toEqual({ covering: [], uncovered: [{ category: 'hydrometer', region: '150626101' }] });
  });

  it('names a region by itself or its nearest parent', () => {
    const names = new Map([
      ['150626', '乌审旗'],
      ['150626101', '嘎鲁图镇'],
    ]);
    expect(regionName('150626101', names)).toBe('嘎鲁图镇');
    expect(regionName('150626199', names)).toBe('乌审旗');
    expect(regionName('999999', names)).toBeNull();
    expect(regionName(null, names)).toBeNull();
  });
});
