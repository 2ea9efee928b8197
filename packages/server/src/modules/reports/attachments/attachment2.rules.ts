/**
 * Attachment 2 rows (docs/domain/forms.md §5): pure assembly of one row from its counters, and the identities of
 * §7 (in service = valid + overdue + rotation_overdue + unverified + failed; overdueNotRotated = dueForRotation −
 * rotated; sampled = passed + failed).
 */
import type { TReportRow } from '@qiangjian/shared';
import type { OrgLite } from './facts.queries.js';
import { A2_INSTRUMENT_KEYS, fenToYuan } from './facts.rules.js';
import { type Counter, checkSum, type IdentityViolation, n, rate } from './report.rules.js';

/** Meter types in the order of the rows and the printed super-headers. */
export const A2_METER_TYPES = ['water_meter', 'electricity_meter', 'gas_meter'] as const;
export type A2MeterType = (typeof A2_METER_TYPES)[number];

/** The meter type a utility kind always shows a row for (even with no meter in P). */
export const A2_NATURAL_TYPE: Readonly<Record<string, string>> = {
  water_supply: 'water_meter',
  power_supply: 'electricity_meter',
  gas_supply: 'gas_meter',
};

export interface A2Events {
  orders: { perKey: Map<string, number>; total: number };
  cases: { perKey: Map<string, number>; total: number };
  moneyFen: { perKey: Map<string, number>; total: number };
}

export interface A2RowInput {
  seq: number | null;
  org: OrgLite | null;
  meterType: string | null;
  counts: Counter;
  samples: Counter;
  ledgerEstablished: boolean | null;
  /** complaints module (complaints.api.ts): #20 accepted by the bureau, #21 the utility's self-report, #22's self-reported replacements */
  complaints?: { received: number; handled: number | null; replacedSelfReported: number | null };
}

/** One row (or the total row: org and meter type null) with every §5 key; money in yuan, rates as ratios. */
export function buildA2Row(i: A2RowInput, orders: number, cases: number, moneyFen: number): TReportRow {
  const c = i.counts;
  return {
    seq: i.seq,
    orgId: i.org?.id ?? null,
    creditCode: i.org?.credit_code ?? null,
    enterpriseName: i.org?.name ?? null,
    enterpriseType: i.org?.kind ?? null,
    meterType: i.meterType,
    inService: n(c, 'inService'),
    filed: n(c, 'filed'),
    ledgerEstablished: i.ledgerEstablished,
    installed: n(c, 'installed'),
    firstVerified: n(c, 'firstVerified'),
    firstVerificationRate: rate(c, 'firstVerified', 'installed'),
    dueForRotation: n(c, 'dueForRotation'),
    rotated: n(c, 'rotated'),
    overdueNotRotated: n(c, 'overdueNotRotated'),
    rotationRate: rate(c, 'rotated', 'dueForRotation'),
    verificationRate: rate(c, 'validAtD', 'inService'),
    sampled: n(i.samples, 'sampled'),
    samplePassed: n(i.samples, 'samplePassed'),
    sampleFailed: n(i.samples, 'sampleFailed'),
    samplePassRate: rate(i.samples, 'samplePassed', 'sampled'),
    // #20 the bureau's accepted complaints; #21 the utility's self-report (blank without one); #22 ledger removals,
    // else the utility's self-reported replacements (docs/domain/forms.md §5)
    complaintsReceived: i.complaints?.received ?? 0,
    utilityComplaintsHandled: i.complaints?.handled ?? null,
    inaccurateMetersReplaced:
      n(c, 'inaccurateMetersReplaced') === 0 && (i.complaints?.replacedSelfReported ?? null) !== null
        ? (i.complaints?.replacedSelfReported as number)
        : n(c, 'inaccurateMetersReplaced'),
    rectificationOrders: orders,
    casesOpened: cases,
    finesAndConfiscations: fenToYuan(moneyFen),
    remarks: null,
  };
}

export function checkA2Identities(out: IdentityViolation[], row: string, c: Counter, samples: Counter): void {
  checkSum(out, 'statusSum', row, n(c, 'inService'), [
    n(c, 'statusValid'),
    n(c, 'statusOverdue'),
    n(c, 'statusUnverified'),
    n(c, 'statusFailed'),
  ]);
  checkSum(out, 'rotation', row, n(c, 'dueForRotation'), [n(c, 'rotated'), n(c, 'overdueNotRotated')]);
  checkSum(out, 'sampleSum', row, n(samples, 'sampled'), [n(samples, 'samplePassed'), n(samples, 'sampleFailed')]);
}

export type DrillSource = 'instrument' | 'sample' | 'order' | 'case' | 'money';

/** Which records a drill-down of an Attachment 2 column lists (a rate lists its numerator). */
export function drillColumnOfA2(column: string): { source: DrillSource; key: string } | null {
  const rateNumerator: Record<string, string> = {
    firstVerificationRate: 'firstVerified',
    rotationRate: 'rotated',
    verificationRate: 'validAtD',
    samplePassRate: 'samplePassed',
  };
  const key = rateNumerator[column] ?? column;
  if ((A2_INSTRUMENT_KEYS as readonly string[]).includes(key)) return { source: 'instrument', key };
  if (['sampled', 'samplePassed', 'sampleFailed'].includes(key)) return { source: 'sample', key };
  if (key === 'rectificationOrders') return { source: 'order', key };
  if (key === 'casesOpened') return { source: 'case', key };
  if (key === 'finesAndConfiscations') return { source: 'money', key };
  return null;
}
