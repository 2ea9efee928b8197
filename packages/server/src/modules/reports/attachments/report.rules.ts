/**
 * Pure pieces shared by Attachments 2 and 3 and the KPIs (docs/domain/forms.md §0, §5–§7): counters, ratios,
 * the attribution of findings, orders and cases to rows, the latest inspection's answers and the identity checks.
 */
import { type Ratio, ratio } from '../../../lib/stats.js';
import { refInstrumentIds } from './facts.rules.js';

export type Counter = Record<string, number>;

export function bump(c: Counter, key: string, by: number): void {
  c[key] = (c[key] ?? 0) + by;
}

export const n = (c: Counter, key: string): number => c[key] ?? 0;
export const rate = (c: Counter, num: string, den: string): Ratio => ratio(n(c, num), n(c, den));

export interface IdentityViolation {
  identity: string;
  row: string;
  expected: number;
  actual: number;
}

/** Checks `expected === Σ parts` and records a violation naming the row otherwise. */
export function checkSum(out: IdentityViolation[], identity: string, row: string, expected: number, parts: readonly number[]): void {
  const actual = parts.reduce((a, b) => a + b, 0);
  if (expected !== actual) out.push({ identity, row, expected, actual });
}

/** The answer of a checklist question in an inspection's answers JSON: true (yes), false (no) or null. */
export function answerOf(answers: string | null, key: string): boolean | null {
  if (!answers) return null;
  try {
    const a = (JSON.parse(answers) as Record<string, string>)[key];
    return a === 'yes' ? true : a === 'no' ? false : null;
  } catch {
    return null;
  }
}

interface InspectionItemJson {
  instrumentId?: number;
  seals?: { intact?: boolean }[];
  selfLockOn?: boolean | null;
}

/** Per dispenser of an inspection's items: all seals recorded intact; self-lock checked on. */
export function inspectionItemChecks(items: string | null): { sealsIntact: Set<number>; antiCheat: Set<number> } {
  const sealsIntact = new Set<number>();
  const antiCheat = new Set<number>();
  if (!items) return { sealsIntact, antiCheat };
  let list: InspectionItemJson[] = [];
  try {
    list = JSON.parse(items) as InspectionItemJson[];
  } catch {
    return { sealsIntact, antiCheat };
  }
  for (const it of Array.isArray(list) ? list : []) {
    const id = Number(it.instrumentId);
    if (!Number.isInteger(id)) continue;
    if (Array.isArray(it.seals) && it.seals.length > 0 && it.seals.every((s) => s.intact === true)) sealsIntact.add(id);
    if (it.selfLockOn === true) antiCheat.add(id);
  }
  return { sealsIntact, antiCheat };
}

/**
 * The row keys a finding, order or case is attributed to (docs/domain/forms.md §1): through the instruments its
 * finding names (`keyOf` maps an instrument to its row key, or null outside the report); with none, `fallback`
 * (Attachment 3: the operator's only station) — otherwise it counts only in the total row.
 */
export function attributedKeys(
  refs: string | null,
  keyOf: (instrumentId: number) => string | null,
  fallback: string | null = null,
): string[] {
  const keys = new Set<string>();
  for (const id of refInstrumentIds(refs)) {
    const k = keyOf(id);
    if (k !== null) keys.add(k);
  }
  if (keys.size === 0 && fallback !== null) keys.add(fallback);
  return [...keys];
}

/** Counts of attributed records per row key and the distinct count for the total row. */
export function countAttributed<T extends { id: number }>(
  records: readonly T[],
  keysOf: (r: T) => string[],
  weight: (r: T) => number = () => 1,
): { perKey: Map<string, number>; total: number } {
  const perKey = new Map<string, number>();
  let total = 0;
  for (const r of records) {
    const w = weight(r);
    total += w;
    for (const k of keysOf(r)) perKey.set(k, (perKey.get(k) ?? 0) + w);
  }
  return { perKey, total };
}
