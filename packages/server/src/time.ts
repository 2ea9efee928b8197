/**
 * Clock and zone helpers. Instants are ISO-8601 UTC with milliseconds and Z; date-only values
 * (today, as-of) are taken in the configured zone (docs/domain/regulations.md §6), whatever the process TZ.
 */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (s: string) => {
      t = new Date(s).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export function isoInstant(d: Date): string {
  return d.toISOString();
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(d: Date, timeZone: string): string {
  let f = fmtCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    fmtCache.set(timeZone, f);
  }
  return f.format(d);
}

/** The local date and time (YYYY-MM-DD HH:mm) of an instant in a time zone, as a sheet shows it. */
export function dateTimeInZone(d: Date, timeZone: string): string {
  return new Date(d.getTime() + zoneOffsetMinutes(d, timeZone) * 60000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Offset of a zone from UTC at an instant, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(d: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

/** The instant of a local wall-clock time (date + HH:MM:SS) in a zone. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const guess = new Date(`${date}T${time}Z`);
  const off = zoneOffsetMinutes(guess, timeZone);
  return new Date(guess.getTime() - off * 60000);
}
