import { addDays, isoWeekday } from '@qiangjian/shared';
import { dateInZone, zonedInstant } from '../../../time.js';

/**
 * Working-day calendar (docs/domain/regulations.md §6): weekends + holidays − 调休 workdays. Pure functions; the
 * calendar comes from `calendar_days`, the zone from the configuration.
 */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export function makeCalendar(days: readonly { date: string; kind: string }[]): WorkCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const d of days) (d.kind === 'workday' ? workdays : holidays).add(d.date);
  return { holidays, workdays };
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return isoWeekday(date) <= 5;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(cal: WorkCalendar, date: string): string {
  let d = date;
  for (let i = 0; i < 400 && !isWorkingDay(cal, d); i++) d = addDays(d, 1);
  return d;
}

/** The N-th working day strictly after `date` (N ≥ 0; N = 0 gives `date`). */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/**
 * Acceptance deadline: the end (23:59:59 local) of the N-th working day after the submission day.
 * A submission on a non-working day counts as made on the next working day.
 */
export function acceptDeadline(cal: WorkCalendar, submittedAt: Date, n: number, timeZone: string): { date: string; instant: string } {
  const day = nextWorkingDayOnOrAfter(cal, dateInZone(submittedAt, timeZone));
  const date = addWorkingDays(cal, day, n);
  return { date, instant: zonedInstant(date, '23:59:59', timeZone).toISOString() };
}

const DAY_MS = 86_400_000;

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function offsetMinutes(ms: number, timeZone: string): number {
  let f = fmtCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    fmtCache.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const asUtc = Date.UTC(
    p.year as number,
    (p.month as number) - 1,
    p.day as number,
    p.hour as number,
    p.minute as number,
    p.second as number,
  );
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Local midnight of a date in a zone, memoised (Intl formatting is the expensive part). */
const midnightCache = new Map<string, number>();
function midnight(date: string, timeZone: string): number {
  const k = `${timeZone}|${date}`;
  let v = midnightCache.get(k);
  if (v === undefined) {
    if (midnightCache.size > 50_000) midnightCache.clear();
    // offset of the zone at that wall-clock time, with a cached formatter (time.ts builds one per call)
    const guess = Date.parse(`${date}T00:00:00Z`);
    const off = offsetMinutes(guess, timeZone);
    v = guess - off * 60_000;
    const off2 = offsetMinutes(v, timeZone);
    if (off2 !== off) v = guess - off2 * 60_000;
    midnightCache.set(k, v);
  }
  return v;
}

/**
 * Working days elapsed between two instants, fractional: the time that falls on working days (local
 * calendar days of the zone), divided by 24 h. A span entirely on a weekend counts 0.
 */
export function workingDaysBetween(cal: WorkCalendar, from: Date, to: Date, timeZone: string): number {
  if (to.getTime() <= from.getTime()) return 0;
  let date = dateInZone(from, timeZone);
  const lastDate = dateInZone(to, timeZone);
  let ms = 0;
  for (let guard = 0; guard < 4000; guard++) {
    if (isWorkingDay(cal, date)) {
      const start = midnight(date, timeZone);
      const end = midnight(addDays(date, 1), timeZone);
      const a = Math.max(start, from.getTime());
      const b = Math.min(end, to.getTime());
      if (b > a) ms += b - a;
    }
    if (date >= lastDate) break;
    date = addDays(date, 1);
  }
  return ms / DAY_MS;
}

export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 3_600_000);
}
