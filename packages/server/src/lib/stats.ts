/** Small statistics shared by dashboards and reports (acceptance clock, campaign KPIs, complaint figures). */

/** A share with both of its counts, so a reader can see how small the base is. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator rounded to 4 decimals; null when the denominator is 0 */
  rate: number | null;
}

/** `{ numerator, denominator, rate }` with the rate rounded to 4 decimals (null for an empty base). */
export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000 };
}

/** Nearest-rank percentile of an ascending array (p in 0…1); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] as number;
}

/** Rounds to 2 decimals, keeping null. */
export function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}
