/**
 * Attachment 3 rows (docs/domain/forms.md §6): pure assembly of a station row from its counters and the checks
 * #10 + #12 + #14 + #16 = #8 and #11 + #13 + #15 + #17 = #9 (a due_soon item counts as valid).
 */
import type { TReportRow } from '@qiangjian/shared';
import type { StationSiteRow } from './facts.queries.js';
import { A3_AUXILIARIES, A3_AUXILIARY_KEYS, A3_DISPENSER_KEYS, A3_NOZZLE_KEYS, fenToYuan } from './facts.rules.js';
import { type Counter, checkSum, type IdentityViolation, n, rate } from './report.rules.js';

/** Every instrument column an Attachment 3 row counts (spans.queries `SPAN_COLUMNS`). */
export const A3_INSTRUMENT_KEYS: readonly string[] = [
  ...A3_DISPENSER_KEYS,
  ...A3_NOZZLE_KEYS,
  ...A3_AUXILIARY_KEYS,
  'mandatoryInService',
  'mandatoryFiled',
  'sealsIntact',
  'antiCheatEnabled',
];

export interface A3RowInput {
  seq: number | null;
  site: StationSiteRow | null;
  township: string | null;
  office: string | null;
  counts: Counter;
  ledgerEstablished: boolean | null;
  inspectedAt: string | null;
  problems: number;
  orders: number;
  cases: number;
  moneyFen: number;
}

export function buildA3Row(i: A3RowInput): TReportRow {
  const c = i.counts;
  const aux: TReportRow = {};
  for (const a of A3_AUXILIARIES) {
    aux[a.inService] = n(c, a.inService);
    aux[a.valid] = n(c, a.valid);
  }
  return {
    seq: i.seq,
    orgId: i.site?.id ?? null,
    siteId: i.site?.site_id ?? null,
    stationName: i.site?.site_name ?? null,
    creditCode: i.site?.credit_code ?? null,
    address: i.site ? (i.site.site_address ?? i.site.address) : null,
    township: i.township,
    supervisionOffice: i.office,
    ownershipType: i.site?.ownership_type ?? null,
    dispensers: n(c, 'dispensers'),
    nozzles: n(c, 'nozzles'),
    validDispensers: n(c, 'validDispensers'),
    validNozzles: n(c, 'validNozzles'),
    overdueDispensers: n(c, 'overdueDispensers'),
    overdueNozzles: n(c, 'overdueNozzles'),
    unverifiedDispensers: n(c, 'unverifiedDispensers'),
    unverifiedNozzles: n(c, 'unverifiedNozzles'),
    failedInUseDispensers: n(c, 'failedInUseDispensers'),
    failedInUseNozzles: n(c, 'failedInUseNozzles'),
    sealsIntact: n(c, 'sealsIntact'),
    antiCheatEnabled: n(c, 'antiCheatEnabled'),
    verificationRate: rate(c, 'validNozzles', 'nozzles'),
    ...aux,
    ledgerEstablished: i.ledgerEstablished,
    allFiled: i.site ? n(c, 'mandatoryFiled') === n(c, 'mandatoryInService') : null,
    // no pledge records exist yet (docs/REPORTS.md): blank
    integrityPledge: null,
    problemsFound: i.problems,
    rectificationOrders: i.orders,
    casesOpened: i.cases,
    finesAndConfiscations: fenToYuan(i.moneyFen),
    inspectedAt: i.inspectedAt,
    remarks: null,
  };
}

export function checkA3Identities(out: IdentityViolation[], row: string, c: Counter): void {
  checkSum(out, 'dispenserSum', row, n(c, 'dispensers'), [
    n(c, 'validDispensers'),
    n(c, 'overdueDispensers'),
    n(c, 'unverifiedDispensers'),
    n(c, 'failedInUseDispensers'),
  ]);
  checkSum(out, 'nozzleSum', row, n(c, 'nozzles'), [
    n(c, 'validNozzles'),
    n(c, 'overdueNozzles'),
    n(c, 'unverifiedNozzles'),
    n(c, 'failedInUseNozzles'),
  ]);
}

export type A3DrillSource = 'instrument' | 'nozzle' | 'check' | 'finding' | 'order' | 'case' | 'money';

/** Which records a drill-down of an Attachment 3 column lists (the rate lists its numerator, valid nozzles). */
export function drillColumnOfA3(column: string): { source: A3DrillSource; key: string } | null {
  const key = column === 'verificationRate' ? 'validNozzles' : column;
  if ((A3_DISPENSER_KEYS as readonly string[]).includes(key) || A3_AUXILIARY_KEYS.includes(key)) return { source: 'instrument', key };
  if ((A3_NOZZLE_KEYS as readonly string[]).includes(key)) return { source: 'nozzle', key };
  if (key === 'sealsIntact' || key === 'antiCheatEnabled') return { source: 'check', key };
  if (key === 'problemsFound') return { source: 'finding', key };
  if (key === 'rectificationOrders') return { source: 'order', key };
  if (key === 'casesOpened') return { source: 'case', key };
  if (key === 'finesAndConfiscations') return { source: 'money', key };
  return null;
}
