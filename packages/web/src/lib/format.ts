/**
 * Display formats of the web UI (the browser's zone). Dates on the wire are `YYYY-MM-DD` strings and
 * instants ISO-8601 (CODE_STYLE.md); these turn them into what a user reads.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-01-05T08:00:00.000Z` → local `2026-01-05 16:00`; '' for null/undefined, the input when it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today in the browser's zone as `YYYY-MM-DD`. */
export function todayLocal(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A count as a reader reads it: 5,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}
