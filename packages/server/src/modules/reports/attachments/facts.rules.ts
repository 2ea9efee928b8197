/**
 * Pure definitions behind every instrument figure of Attachments 2 and 3 and of the KPIs (docs/domain/forms.md §1,
 * §5–§7; docs/REPORTS.md). An instrument's facts (its status at D from the status engine, its removal, its first
 * verification, its rotation basis before P) go in; membership of each column comes out. A figure and its
 * drill-down list use the same predicate.
 */

export interface Period {
  periodStart: string;
  periodEnd: string;
  asOf: string;
}

export interface NozzleFact {
  nozzleNo: number;
  status: string;
}

export interface InstrumentFact {
  id: number;
  orgId: number;
  siteId: number | null;
  serialNo: string;
  category: string;
  quantity: number;
  /** the instrument's division code (town) */
  town: string | null;
  installDate: string | null;
  /** service start (docs/domain/forms.md §1): install date, else the earliest verification, else the record's creation */
  start: string;
  removalDate: string | null;
  removalReason: string | null;
  filedAt: string | null;
  /** a passing initial verification dated ≤ install date (dispensers: ≤ first-use date; with none, any date) */
  firstVerifiedOk: boolean;
  /** a passing verification (not a spot check) dated in P */
  passInPeriod: boolean;
  /** status at D (`removed` when not in service at D) */
  status: string;
  validUntil: string | null;
  /** nozzles in service at D with their status; null when the dispenser has no nozzle records */
  nozzles: NozzleFact[] | null;
  /** rotation basis (R(P)): mode and valid-until computed from the history before periodStart (installed in P: at periodEnd) */
  pre: { mode: string | null; validUntil: string | null } | null;
}

/** "Valid at D" (docs/domain/forms.md §1). */
export const VALID_STATUSES: ReadonlySet<string> = new Set(['valid', 'due_soon', 'rotation_due']);
export const OVERDUE_STATUSES: ReadonlySet<string> = new Set(['overdue', 'rotation_overdue']);

export const inService = (f: InstrumentFact): boolean => f.status !== 'removed';
export const validAtD = (f: InstrumentFact): boolean => inService(f) && VALID_STATUSES.has(f.status);
const inP = (d: string | null, p: Period): d is string => d !== null && d >= p.periodStart && d <= p.periodEnd;

/** installedIn(P): install date in P (new and replacement). */
export const installedIn = (f: InstrumentFact, p: Period): boolean => inP(f.installDate, p);

/**
 * R(P): limited-use instruments whose valid-until (from the history before periodStart) lies before periodEnd, in
 * service by periodEnd and not removed before periodStart — the backlog overdue at periodStart included.
 */
export function dueForRotation(f: InstrumentFact, p: Period): boolean {
  const pre = f.pre;
  if (pre?.mode !== 'first_only_limited_use' || pre.validUntil === null) return false;
  if (!(pre.validUntil < p.periodEnd)) return false;
  if (f.start > p.periodEnd) return false;
  return !(f.removalDate !== null && f.removalDate < p.periodStart);
}

/** rotated(i): removed by periodEnd; an electricity meter also by a new pass in P (re-verified instead of rotated). */
export function rotated(f: InstrumentFact, p: Period): boolean {
  if (f.removalDate !== null && f.removalDate <= p.periodEnd) return true;
  return f.category === 'electricity_meter' && f.passInPeriod;
}

/** onTimeRotationRate's numerator: removed on or before its valid-until. */
export function rotatedOnTime(f: InstrumentFact, p: Period): boolean {
  return dueForRotation(f, p) && f.removalDate !== null && f.removalDate <= (f.pre?.validUntil ?? '') && f.removalDate <= p.periodEnd;
}

/** A predicate over an instrument for a column (weight: the record's quantity). */
export type InstrumentPredicate = (f: InstrumentFact, p: Period) => boolean;

const statusIs =
  (...s: string[]): InstrumentPredicate =>
  (f) =>
    inService(f) && s.includes(f.status);

/** Attachment 2 instrument columns (docs/domain/forms.md §5 #5–#22), per meter record, weight = quantity. */
export const A2_INSTRUMENT_COLUMNS = {
  inService: (f) => inService(f),
  filed: (f, p) => inService(f) && f.filedAt !== null && f.filedAt <= p.asOf,
  installed: installedIn,
  firstVerified: (f, p) => installedIn(f, p) && f.firstVerifiedOk,
  dueForRotation,
  rotated: (f, p) => dueForRotation(f, p) && rotated(f, p),
  overdueNotRotated: (f, p) => dueForRotation(f, p) && !rotated(f, p),
  validAtD: validAtD,
  inaccurateMetersReplaced: (f, p) => inP(f.removalDate, p) && (f.removalReason === 'inaccurate' || f.removalReason === 'failed'),
  // identity parts (in service = valid + overdue + rotation_overdue + unverified + failed)
  statusValid: statusIs('valid', 'due_soon', 'rotation_due'),
  statusOverdue: statusIs('overdue', 'rotation_overdue'),
  statusUnverified: statusIs('unverified'),
  statusFailed: statusIs('failed'),
  onTimeRotated: rotatedOnTime,
} as const satisfies Record<string, InstrumentPredicate>;

/** Station auxiliaries of Attachment 3 #21–30: category → the two column keys. */
export const A3_AUXILIARIES: ReadonlyArray<{ category: string; inService: string; valid: string }> = [
  { category: 'dipstick', inService: 'dipsticks', valid: 'dipsticksValid' },
  { category: 'hydrometer', inService: 'hydrometers', valid: 'hydrometersValid' },
  { category: 'thermometer', inService: 'thermometers', valid: 'thermometersValid' },
  { category: 'tank_level_gauge', inService: 'tankLevelGauges', valid: 'tankLevelGaugesValid' },
  { category: 'standard_measure', inService: 'standardMeasures', valid: 'standardMeasuresValid' },
];

const dispenser = (f: InstrumentFact) => f.category === 'fuel_dispenser' && inService(f);

/** Attachment 3 dispenser columns (units), weight = quantity (1 for dispensers). */
export const A3_DISPENSER_COLUMNS: Readonly<Record<string, InstrumentPredicate>> = {
  dispensers: dispenser,
  validDispensers: (f) => dispenser(f) && VALID_STATUSES.has(f.status),
  overdueDispensers: (f) => dispenser(f) && OVERDUE_STATUSES.has(f.status),
  unverifiedDispensers: (f) => dispenser(f) && f.status === 'unverified',
  failedInUseDispensers: (f) => dispenser(f) && f.status === 'failed',
};

/** Attachment 3 nozzle columns (nozzles): nozzle status predicates of in-service dispensers. */
export const A3_NOZZLE_COLUMNS: Readonly<Record<string, (status: string) => boolean>> = {
  nozzles: () => true,
  validNozzles: (s) => VALID_STATUSES.has(s),
  overdueNozzles: (s) => OVERDUE_STATUSES.has(s),
  unverifiedNozzles: (s) => s === 'unverified',
  failedInUseNozzles: (s) => s === 'failed',
};

/** The in-service nozzles of a dispenser in service at D matching a nozzle column. */
export function nozzlesMatching(f: InstrumentFact, column: string): NozzleFact[] {
  const pred = A3_NOZZLE_COLUMNS[column];
  if (!pred || !dispenser(f) || !f.nozzles) return [];
  return f.nozzles.filter((n) => pred(n.status));
}

/** Auxiliary column predicates, built from A3_AUXILIARIES. */
export const A3_AUXILIARY_COLUMNS: Readonly<Record<string, InstrumentPredicate>> = Object.fromEntries(
  A3_AUXILIARIES.flatMap((a) => [
    [a.inService, (f: InstrumentFact) => f.category === a.category && inService(f)],
    [a.valid, (f: InstrumentFact) => f.category === a.category && validAtD(f)],
  ]),
);

/** yuan → wan-yuan as printed (one definition, shared with the web table). */
export { yuanToWan as yuanToWanPrinted } from '@qiangjian/shared';

/** fen → yuan with 2 decimals. */
export const fenToYuan = (fen: number): number => Math.round(fen) / 100;

/** Instrument ids a finding names (refs JSON `{ instrumentIds }`); tolerant of missing or malformed refs. */
export function refInstrumentIds(refs: string | null): number[] {
  if (!refs) return [];
  try {
    const r = JSON.parse(refs) as { instrumentIds?: unknown };
    return Array.isArray(r.instrumentIds) ? r.instrumentIds.map(Number).filter((n) => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
}
