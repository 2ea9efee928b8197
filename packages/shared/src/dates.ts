/** Pure calendar-date arithmetic on YYYY-MM-DD strings (UTC-based, no time zone involved). */

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function toDate(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

export function fromDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(s: string, n: number): string {
  const d = toDate(s);
  d.setUTCDate(d.getUTCDate() + n);
  return fromDate(d);
}

/** Whole days from a to b (b − a). */
export function diffDays(a: string, b: string): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86400000);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Same day N months later; if that day does not exist, the last day of that month. */
export function addMonthsClamped(s: string, months: number): string {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/**
 * Last day of a period of N months starting on `start` (docs/domain/forms.md §1, 民法典 第二百零二条):
 * the same day N months later minus one day; if that day does not exist, the last day of that month.
 * 2024-01-05 +6 → 2024-07-04; 2024-08-31 +6 → 2025-02-28; 2024-02-29 +72 → 2030-02-28.
 */
export function periodEnd(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const dim = daysInMonth(ny, nm);
  if (d > dim) return ymd(ny, nm, dim);
  return addDays(ymd(ny, nm, d), -1);
}

export function lastDayOfMonth(y: number, m: number): string {
  return ymd(y, m, daysInMonth(y, m));
}

export function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

export function maxDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** ISO weekday 1 (Mon) … 7 (Sun). */
export function isoWeekday(s: string): number {
  const w = toDate(s).getUTCDay();
  return w === 0 ? 7 : w;
}
