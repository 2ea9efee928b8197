import { diffDays } from '@qiangjian/shared';
import type { RiskFormula } from '@qiangjian/shared/data';

/** Pure rules of the supervision registers (docs/SUPERVISION.md, Registers and Risk score). */

export interface RiskInputs {
  findings: number;
  overdueRatePct: number;
  complaints: number;
  yearsSinceInspection: number;
}
export interface RiskTermResult {
  input: string;
  value: number;
  pointsPerUnit: number;
  maxPoints: number;
  points: number;
}
export interface RiskResult {
  version: string;
  score: number;
  inputs: RiskInputs;
  terms: RiskTermResult[];
}

/** `points = min(maxPoints, round(value × pointsPerUnit))` per term; the score is their sum. */
export function riskScore(formula: RiskFormula, inputs: RiskInputs): RiskResult {
  const terms = formula.terms.map((t) => {
    const value = inputs[t.input];
    const points = Math.min(t.maxPoints, Math.round(value * t.pointsPerUnit));
    return { input: t.input, value, pointsPerUnit: t.pointsPerUnit, maxPoints: t.maxPoints, points };
  });
  return { version: formula.version, score: terms.reduce((a, t) => a + t.points, 0), inputs, terms };
}

/** Years since the last inspection (two decimals), or the formula's figure for a target never inspected. */
export function yearsSince(formula: RiskFormula, last: string | null, today: string): number {
  if (!last) return formula.neverInspectedYears;
  return Math.max(0, Math.round((diffDays(last, today) / 365) * 100) / 100);
}

/** Overdue share in percent (two decimals); 0 when there is nothing to be overdue. */
export function overdueRatePct(overdue: number, total: number): number {
  return total === 0 ? 0 : Math.round((overdue / total) * 10000) / 100;
}

/** The target key of a station site: `creditCode/siteCode`, the site code being the site's number in the platform. */
export function siteTargetKey(creditCode: string, siteId: number): string {
  return `${creditCode}/${siteId}`;
}

/** The office covering a town: the lowest office id among those whose towns include it, or null. */
export function officeFor(town: string | null, towns: readonly { office_id: number; town_code: string }[]): number | null {
  if (!town) return null;
  let best: number | null = null;
  for (const t of towns) if (t.town_code === town && (best === null || Number(t.office_id) < best)) best = Number(t.office_id);
  return best;
}
