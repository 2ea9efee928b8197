import { describe, expect, it } from 'vitest';
import { acceptDeadline, addWorkingDays, isWorkingDay, makeCalendar, workingDaysBetween } from './working-days.js';

// 2024-09: 中秋 09-15..17 off, Sat 09-14 worked (调休); 国庆 10-01..07 off, Sun 09-29 and Sat 10-12 worked.
const cal = makeCalendar([
  { date: '2024-09-14', kind: 'workday' },
  { date: '2024-09-15', kind: 'holiday' },
  { date: '2024-09-16', kind: 'holiday' },
  { date: '2024-09-17', kind: 'holiday' },
  { date: '2024-09-29', kind: 'workday' },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2024-10-${d}`, kind: 'holiday' })),
  { date: '2024-10-12', kind: 'workday' },
]);
const TZ = 'Asia/Shanghai';

describe('working-day calendar', () => {
  it('knows weekends, holidays and 调休 workdays', () => {
    expect(isWorkingDay(cal, '2024-10-08')).toBe(true); // Tuesday
    expect(isWorkingDay(cal, '2024-10-19')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2024-10-12')).toBe(true); // Saturday worked
    expect(isWorkingDay(cal, '2024-10-02')).toBe(false); // Wednesday holiday
  });

  it('adds working days across a weekend', () => {
    // Thu 2024-10-17 + 3 → Fri 18, Mon 21, Tue 22
    expect(addWorkingDays(cal, '2024-10-17', 3)).toBe('2024-10-22');
  });

  it('adds working days across a holiday and a 调休 workday', () => {
    // Fri 2024-09-27 + 3 → Sun 29 (worked), Mon 30, Tue 10-08 (10-01..07 off)
    expect(addWorkingDays(cal, '2024-09-27', 3)).toBe('2024-10-08');
    // Fri 2024-09-13 + 1 → Sat 14 (worked)
    expect(addWorkingDays(cal, '2024-09-13', 1)).toBe('2024-09-14');
  });

  it('deadline is 23:59:59 local of the N-th working day after submission', () => {
    // Submitted Thu 2024-10-17 10:00 Beijing = 02:00Z → Tue 2024-10-22 23:59:59 +08 = 15:59:59Z
    const d = acceptDeadline(cal, new Date('2024-10-17T02:00:00Z'), 3, TZ);
    expect(d).toEqual({ date: '2024-10-22', instant: '2024-10-22T15:59:59.000Z' });
  });

  it('a submission late on a UTC day but next day in Beijing uses the Beijing date', () => {
    // 2024-10-17T17:00Z = Fri 10-18 01:00 Beijing → Mon 21, Tue 22, Wed 23
    expect(acceptDeadline(cal, new Date('2024-10-17T17:00:00Z'), 3, TZ).date).toBe('2024-10-23');
  });

  it('a submission on a non-working day counts from the next working day', () => {
    // Sat 2024-10-19 → counts as Mon 21 → Tue 22, Wed 23, Thu 24
    expect(acceptDeadline(cal, new Date('2024-10-19T03:00:00Z'), 3, TZ).date).toBe('2024-10-24');
    // During 国庆 (Wed 10-02) → counts as Tue 10-08 → 09, 10, 11
    expect(acceptDeadline(cal, new Date('2024-10-02T03:00:00Z'), 3, TZ).date).toBe('2024-10-11');
  });

  it('measures fractional working days, skipping weekends and holidays', () => {
    // Fri 2024-10-18 12:00 Beijing → Mon 2024-10-21 12:00 Beijing: 0.5 (Fri) + 0.5 (Mon) = 1
    expect(workingDaysBetween(cal, new Date('2024-10-18T04:00:00Z'), new Date('2024-10-21T04:00:00Z'), TZ)).toBeCloseTo(1, 10);
    // Mon 09-30 18:00 Beijing → Tue 10-08 06:00 Beijing: 0.25 + 0.25 (holidays skipped)
    expect(workingDaysBetween(cal, new Date('2024-09-30T10:00:00Z'), new Date('2024-10-07T22:00:00Z'), TZ)).toBeCloseTo(0.5, 10);
    // all on a weekend
    expect(workingDaysBetween(cal, new Date('2024-10-19T02:00:00Z'), new Date('2024-10-20T02:00:00Z'), TZ)).toBe(0);
    // the same working day
    expect(workingDaysBetween(cal, new Date('2024-10-21T01:00:00Z'), new Date('2024-10-21T07:00:00Z'), TZ)).toBeCloseTo(0.25, 10);
  });
});
