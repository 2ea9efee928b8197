import { describe, expect, it } from 'vitest';
import { coverageRows, defaultPeriod, narrowScope, taskDue } from './dashboard.rules.js';

describe('dashboard rules', () => {
  it('defaults to the calendar year', () => {
    expect(defaultPeriod('2024-10-15')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });
  it('narrows a scope to a region inside it, or refuses', () => {
    expect(narrowScope({ kind: 'region', prefix: '150626' }, undefined)).toEqual({ kind: 'region', prefix: '150626' });
    expect(narrowScope({ kind: 'region', prefix: '150626' }, '150626100')).toEqual({ kind: 'region', prefix: '150626100' });
    expect(narrowScope({ kind: 'region', prefix: '150626' }, '150627')).toBeNull();
    expect(narrowScope({ kind: 'towns', towns: ['150626100'] }, '150626102')).toBeNull();
    expect(narrowScope({ kind: 'towns', towns: ['150626100', '150626102'] }, '150626')).toEqual({
      kind: 'towns',
      towns: ['150626100', '150626102'],
    });
    expect(narrowScope({ kind: 'org', orgId: 3 }, '150626')).toBeNull();
  });
  it('joins targets and inspected per town × kind', () => {
    const rows = coverageRows(
      [
        { townCode: null, kind: 'water_supply', n: 1 },
        { townCode: '150626102', kind: 'station_site', n: 2 },
        { townCode: '150626100', kind: 'station_site', n: 4 },
        { townCode: '150626100', kind: 'gas_station', n: 3 },
      ],
      [{ townCode: '150626100', kind: 'station_site', n: 1 }],
      (c) => (c === '150626100' ? 'T100' : null),
    );
    expect(rows.map((r) => [r.townCode, r.kind, r.targets, r.inspected, r.rate.rate])).toEqual([
      ['150626100', 'gas_station', 3, 0, 0],
      ['150626100', 'station_site', 4, 1, 0.25],
      ['150626102', 'station_site', 2, 0, 0],
      [null, 'water_supply', 1, 0, 0],
    ]);
    expect(rows[0]?.townName).toBe('T100');
  });
  it('groups tasks by planned date', () => {
    expect(taskDue('2024-10-14', '2024-10-15')).toBe('overdue');
    expect(taskDue('2024-10-15', '2024-10-15')).toBe('today');
    expect(taskDue('2024-10-16', '2024-10-15')).toBe('upcoming');
    expect(taskDue(null, '2024-10-15')).toBe('today');
  });
});
