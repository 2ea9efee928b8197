import { describe, expect, it } from 'vitest';
import { inboxClock, instrumentFigures } from './home.rules.js';

describe('home rules', () => {
  it('counts in service without removed instruments; valid and overdue rates against it', () => {
    const f = instrumentFigures([
      { category: 'fuel_dispenser', status: 'valid', instruments: 5 },
      { category: 'fuel_dispenser', status: 'due_soon', instruments: 2 },
      { category: 'fuel_dispenser', status: 'overdue', instruments: 2 },
      { category: 'water_meter', status: 'rotation_overdue', instruments: 1 },
      { category: 'water_meter', status: 'unverified', instruments: 0 },
      { category: 'water_meter', status: 'removed', instruments: 4 },
    ]);
    expect(f.inService).toBe(10);
    expect(f.verificationRate).toEqual({ numerator: 7, denominator: 10, rate: 0.7 });
    expect(f.overdueRate).toEqual({ numerator: 3, denominator: 10, rate: 0.3 });
    expect(f.counts).toHaveLength(5);
  });

  it('answers no rate when nothing is in service', () => {
    const f = instrumentFigures([{ category: 'water_meter', status: 'removed', instruments: 4 }]);
    expect(f.verificationRate).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it('splits waiting applications into late and due today', () => {
    expect(
      inboxClock(
        [
          { deadlineDate: '2024-10-14', overdue: true },
          { deadlineDate: '2024-10-15', overdue: true },
          { deadlineDate: '2024-10-15', overdue: false },
          { deadlineDate: '2024-10-16', overdue: false },
        ],
        '2024-10-15',
      ),
    ).toEqual({ late: 2, dueToday: 1 });
  });
});
