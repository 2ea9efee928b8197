/**
 * Pure pieces of the campaign statistics (docs/domain/forms.md §1, §5–§7; docs/REPORTS.md): the report period, the
 * column keys (each instrument column's condition is SQL over the status spans: spans.queries `SPAN_COLUMNS`, the one
 * definition behind a figure and its drill-down list), money units and finding references.
 */

export interface Period {
  periodStart: string;
  periodEnd: string;
  asOf: string;
}

/** Station auxiliaries of Attachment 3 #21–30: category → the two column keys (their conditions: spans.queries). */
export const A3_AUXILIARIES: ReadonlyArray<{ category: string; inService: string; valid: string }> = [
  { category: 'dipstick', inService: 'dipsticks', valid: 'dipsticksValid' },
  { category: 'hydrometer', inService: 'hydrometers', valid: 'hydrometersValid' },
  { category: 'thermometer', inService: 'thermometers', valid: 'thermometersValid' },
  { category: 'tank_level_gauge', inService: 'tankLevelGauges', valid: 'tankLevelGaugesValid' },
  { category: 'standard_measure', inService: 'standardMeasures', valid: 'standardMeasuresValid' },
];

/** Attachment 2 instrument columns (docs/domain/forms.md §5 #5–#22) and the identity parts; conditions: spans.queries. */
export const A2_INSTRUMENT_KEYS = [
  'inService',
  'filed',
  'installed',
  'firstVerified',
  'dueForRotation',
  'rotated',
  'overdueNotRotated',
  'validAtD',
  'inaccurateMetersReplaced',
  'statusValid',
  'statusOverdue',
  'statusUnverified',
  'statusFailed',
  'onTimeRotated',
] as const;

/** Attachment 3 dispenser columns (台). */
export const A3_DISPENSER_KEYS = [
  'dispensers',
  'validDispensers',
  'overdueDispensers',
  'unverifiedDispensers',
  'failedInUseDispensers',
] as const;
/** Attachment 3 nozzle columns (把). */
export const A3_NOZZLE_KEYS = ['nozzles', 'validNozzles', 'overdueNozzles', 'unverifiedNozzles', 'failedInUseNozzles'] as const;
/** Attachment 3 auxiliary columns (件). */
export const A3_AUXILIARY_KEYS: readonly string[] = A3_AUXILIARIES.flatMap((a) => [a.inService, a.valid]);

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
