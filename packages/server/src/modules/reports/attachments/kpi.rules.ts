/**
 * KPIs of docs/domain/forms.md §7 (formula version in packages/shared/src/data/kpi-formulas.ts): what each instrument
 * and sample test adds to a group's counters, and the ratios. Scope: mandatory categories.
 */
import { addDays, type TRatio } from '@qiangjian/shared';
import { ratio } from '../../../lib/stats.js';
import { bump, type Counter, n } from './report.rules.js';

/** The instrument counters of the KPIs (spans.queries `SPAN_COLUMNS`; 受检率 counts a dispenser per nozzle). */
export const KPI_INSTRUMENT_KEYS = [
  'installed',
  'firstVerified',
  'dueForRotation',
  'rotated',
  'onTimeRotated',
  'inService',
  'overdue',
  'filed',
  'verifBase',
  'verifValid',
] as const;

/** Adds a sample test with a result (passed | failed). */
export function countKpiSample(c: Counter, s: { origin: string; conclusion: string }): void {
  if (s.conclusion !== 'passed' && s.conclusion !== 'failed') return;
  const k = s.origin === 'stock' ? 'Stock' : 'InService';
  bump(c, `sampled${k}`, 1);
  if (s.conclusion === 'passed') bump(c, `samplePassed${k}`, 1);
}

/**
 * Counter keys of each KPI of formula version 1: [numerator, denominator]. The one definition behind a KPI's figure
 * (`kpisOf`) and its drill-down list (kpi.service `kpiDrillIn`). onTimeAcceptanceRate is computed by the
 * verification module (per institution) and has no counters here.
 */
export const KPI_COUNTERS: Readonly<Record<string, readonly [string, string]>> = {
  firstVerificationRate: ['firstVerified', 'installed'],
  rotationRate: ['rotated', 'dueForRotation'],
  onTimeRotationRate: ['onTimeRotated', 'dueForRotation'],
  verificationRate: ['verifValid', 'verifBase'],
  samplePassRateInService: ['samplePassedInService', 'sampledInService'],
  samplePassRateStock: ['samplePassedStock', 'sampledStock'],
  overdueRate: ['overdue', 'inService'],
  filingRate: ['filed', 'inService'],
};

/** Counter keys fed by sample tests (the rest by instruments). */
export const SAMPLE_COUNTERS: ReadonlySet<string> = new Set([
  'samplePassedInService',
  'sampledInService',
  'samplePassedStock',
  'sampledStock',
]);

/** The KPIs of formula version 1 from a counter (onTimeAcceptanceRate is added by the caller). */
export function kpisOf(c: Counter): Record<string, TRatio> {
  const out: Record<string, TRatio> = {};
  for (const [k, [num, den]] of Object.entries(KPI_COUNTERS)) out[k] = ratio(n(c, num), n(c, den));
  out.onTimeAcceptanceRate = ratio(0, 0);
  return out;
}

/**
 * The days of a KPI trend (docs/REPORTS.md): every reporting day of a month (the campaign's `reportingDays`, e.g. 14
 * and 28) from the first phase's start to the final report date, and the final report date itself; in date order.
 * `past` holds those on or before `today` (computed), `upcoming` the later ones.
 */
export function trendDays(
  c: { phases: readonly { start: string }[]; reportingDays: readonly number[]; finalReportDate: string },
  today: string,
): { past: string[]; upcoming: string[] } {
  const first = c.phases[0];
  const days: string[] = [];
  if (first) {
    const wanted = new Set(c.reportingDays);
    for (let d = first.start; d <= c.finalReportDate; d = addDays(d, 1)) if (wanted.has(Number(d.slice(8, 10)))) days.push(d);
    if (days[days.length - 1] !== c.finalReportDate && c.finalReportDate >= first.start) days.push(c.finalReportDate);
  }
  return { past: days.filter((d) => d <= today), upcoming: days.filter((d) => d > today) };
}

/** The group key of an instrument or sample for `by` (town: the 9-digit division code). */
export function groupKey(by: 'org' | 'town' | 'category' | null, x: { orgId: number; town: string | null; category: string }): string {
  if (by === 'org') return String(x.orgId);
  if (by === 'town') return x.town ? x.town.slice(0, 9) : '';
  if (by === 'category') return x.category;
  return '';
}
