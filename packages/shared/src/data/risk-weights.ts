/**
 * The risk score of an inspection target as data (docs/SUPERVISION.md, "Risk score"): each term turns one input into
 * points, `points = min(maxPoints, round(value × pointsPerUnit))`, and the score is the sum of the terms. A new version
 * is a new entry; the register shows the version, every input and every term's points.
 */
export interface RiskTerm {
  /** the input: findings in the window, overdue instruments (%), complaints in the window, years since the last inspection */
  input: 'findings' | 'overdueRatePct' | 'complaints' | 'yearsSinceInspection';
  pointsPerUnit: number;
  maxPoints: number;
}
export interface RiskFormula {
  version: string;
  /** findings and complaints count when dated within this many days before the refresh */
  windowDays: number;
  /** a target never inspected counts as this many years since the last inspection */
  neverInspectedYears: number;
  terms: RiskTerm[];
}

export const RISK_FORMULA: RiskFormula = {
  version: 'risk-v1',
  windowDays: 730,
  neverInspectedYears: 3,
  terms: [
    { input: 'findings', pointsPerUnit: 10, maxPoints: 40 },
    { input: 'overdueRatePct', pointsPerUnit: 0.3, maxPoints: 30 },
    { input: 'complaints', pointsPerUnit: 5, maxPoints: 15 },
    { input: 'yearsSinceInspection', pointsPerUnit: 5, maxPoints: 15 },
  ],
};
