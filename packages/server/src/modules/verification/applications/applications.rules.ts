import type { SubmissionMode } from '@qiangjian/shared';
import { type AuthorizationLike, coverage } from '../institutions/coverage.js';

/**
 * Pure rules of the application form (docs/VERIFICATION.md "Applying at scale"): the default submission mode of a
 * selection, and which institutions cover a selection's (category, town) pairs.
 */

/** Dispensers are verified where they stand (现场检定); meters are brought in. A mixed selection with a dispenser: on site. */
export function defaultMode(categories: readonly string[]): SubmissionMode {
  return categories.includes('fuel_dispenser') ? 'on_site' : 'bring_in';
}

export interface Pair {
  category: string;
  region: string | null;
}

/** The distinct (category, region) pairs of a selection, in first-seen order. */
export function pairsOf(rows: readonly Pair[]): Pair[] {
  const seen = new Map<string, Pair>();
  for (const r of rows) {
    const k = `${r.category}|${r.region ?? ''}`;
    if (!seen.has(k)) seen.set(k, { category: r.category, region: r.region });
  }
  return [...seen.values()];
}

/**
 * For each institution, whether its authorizations cover every pair on every date; and the pairs no institution
 * covers on all the dates.
 */
export function coverageOf(
  pairs: readonly Pair[],
  institutions: readonly { id: number; auths: readonly AuthorizationLike[] }[],
  dates: readonly string[],
): { covering: number[]; uncovered: Pair[] } {
  const ok = (auths: readonly AuthorizationLike[], p: Pair) => dates.every((d) => coverage(auths, p.category, p.region, d) === 'ok');
  return {
    covering: institutions.filter((i) => pairs.every((p) => ok(i.auths, p))).map((i) => i.id),
    uncovered: pairs.filter((p) => !institutions.some((i) => ok(i.auths, p))),
  };
}

/** A region's name: its own, else the nearest named parent (town 150626101 → county 150626), else null. */
export function regionName(code: string | null, names: ReadonlyMap<string, string>): string | null {
  if (!code) return null;
  for (const c of [code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
    const n = names.get(c);
    if (n) return n;
  }
  return null;
}
