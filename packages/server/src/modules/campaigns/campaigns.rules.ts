import {
  addDays,
  diffDays,
  type ParticipantStatus,
  type SelfInspectionFormKind,
  type TCampaignPhase,
  type TCampaignPhaseNow,
  type TGap,
  type TSelfInspectionForm,
  type TSelfInspectionRecords,
  ymd,
} from '@qiangjian/shared';
import type { CampaignTemplate } from '@qiangjian/shared/data';

/**
 * Pure rules of campaigns (docs/CAMPAIGNS.md; the notice's parameters: docs/domain/regulations.md §7): dates from a
 * template for a year, validation naming the field, the phase and days left on a day, a participant's status, the
 * prefill of the self-inspection form from the records and the gaps between what was reported and the records.
 */

export interface CampaignDates {
  phases: TCampaignPhase[];
  reportingDays: number[];
  finalReportDate: string;
  selfInspectionDue: string;
}

const onYear = (year: number, mmdd: string) => {
  const [m, d] = mmdd.split('-').map(Number) as [number, number];
  return ymd(year, m, d);
};

/** The template's dates in a year (`MM-DD` → `YYYY-MM-DD`). */
export function datesFromTemplate(t: CampaignTemplate, year: number): CampaignDates {
  return {
    phases: t.phases.map((p) => ({ key: p.key, name: p.name, start: onYear(year, p.start), end: onYear(year, p.end) })),
    reportingDays: [...t.reportingDays],
    finalReportDate: onYear(year, t.finalReportDate),
    selfInspectionDue: onYear(year, t.selfInspectionDue),
  };
}

export type CampaignProblem =
  | { code: 'campaign_end_before_start'; field: string }
  | { code: 'campaign_phase_order'; field: string }
  | { code: 'campaign_date_outside'; field: string }
  | { code: 'campaign_duplicate_day'; field: string };

/**
 * The first problem of a campaign's dates, naming the field: every phase ends on or after it starts (`phases[i].end`),
 * phases follow each other (a phase starts on or after the previous one ends, `phases[i].start`; the notice's phases
 * share their boundary days), the self-inspection is due within the campaign and the final report is not before the
 * last phase ends; reporting days do not repeat.
 */
export function campaignProblem(c: CampaignDates): CampaignProblem | null {
  for (let i = 0; i < c.phases.length; i++) {
    const p = c.phases[i] as TCampaignPhase;
    if (p.end < p.start) return { code: 'campaign_end_before_start', field: `phases[${i}].end` };
    const prev = c.phases[i - 1];
    if (prev && p.start < prev.end) return { code: 'campaign_phase_order', field: `phases[${i}].start` };
  }
  const first = c.phases[0];
  const last = c.phases[c.phases.length - 1];
  if (first && last) {
    if (c.selfInspectionDue < first.start || c.selfInspectionDue > last.end)
      return { code: 'campaign_date_outside', field: 'selfInspectionDue' };
    if (c.finalReportDate < last.end) return { code: 'campaign_end_before_start', field: 'finalReportDate' };
  }
  const seen = new Set<number>();
  for (let i = 0; i < c.reportingDays.length; i++) {
    const d = c.reportingDays[i] as number;
    if (seen.has(d)) return { code: 'campaign_duplicate_day', field: `reportingDays[${i}]` };
    seen.add(d);
  }
  return null;
}

/**
 * Where the campaign stands on `day`: before it (days until the first phase starts), in a phase (days until it ends,
 * 0 on its last day; on a boundary day two phases share, the later phase), or after it; and the next progress-report
 * day (a reporting day of a month, on or after `day`, not after the final report date).
 */
export function phaseAt(c: CampaignDates, day: string): TCampaignPhaseNow {
  const first = c.phases[0];
  const last = c.phases[c.phases.length - 1];
  const nextReportDate = nextReportDay(c, day);
  if (!first || !last) return { stage: 'after', phase: null, daysLeft: null, nextReportDate };
  if (day < first.start) return { stage: 'before', phase: first, daysLeft: diffDays(day, first.start), nextReportDate };
  if (day > last.end) return { stage: 'after', phase: null, daysLeft: null, nextReportDate };
  let current = first;
  for (const p of c.phases) if (p.start <= day) current = p;
  // a day between two phases (a gap the regulator left) belongs to the later one: it counts down to its end
  return { stage: 'running', phase: current, daysLeft: diffDays(day, current.end), nextReportDate };
}

/** The next reporting day on or after `day` within [first phase start, final report date], else null. */
export function nextReportDay(c: CampaignDates, day: string): string | null {
  const first = c.phases[0];
  if (!first || c.reportingDays.length === 0) return null;
  let d = day < first.start ? first.start : day;
  const days = new Set(c.reportingDays);
  // at most two months ahead hold every reporting day of a month
  for (let i = 0; i < 62 && d <= c.finalReportDate; i++, d = addDays(d, 1)) if (days.has(Number(d.slice(8, 10)))) return d;
  return null;
}

/** The form of an organization kind (null: the kind does not take part). */
export function formKindOf(orgKind: string): SelfInspectionFormKind | null {
  switch (orgKind) {
    case 'water_supply':
    case 'power_supply':
    case 'gas_supply':
      return 'utility';
    case 'gas_station':
      return 'station';
    case 'institution':
      return 'institution';
    default:
      return null;
  }
}

/** A submission is late when submitted after the due date (it is accepted and marked, never refused). */
export const isLate = (submittedDay: string, due: string) => submittedDay > due;

export interface ReportState {
  state: string;
  late: boolean;
  version: number;
}

/**
 * A participant's status from its latest version and whether any version was submitted: nothing → not_started; a
 * draft with no submitted version → draft; otherwise the latest submitted version decides submitted / late (a
 * correction drafted after a submission keeps the participant submitted).
 */
export function participantStatus(latest: ReportState | null, latestSubmitted: ReportState | null): ParticipantStatus {
  if (latestSubmitted) return latestSubmitted.late ? 'late' : 'submitted';
  return latest ? 'draft' : 'not_started';
}

/** The form prefilled from the records on the due date (institutions: nothing to count, all unchecked). */
export function prefillForm(kind: SelfInspectionFormKind, r: TSelfInspectionRecords | null): TSelfInspectionForm {
  if (kind === 'institution' || r === null)
    return {
      kind: 'institution',
      authorizationValid: false,
      standardsValid: false,
      verifiersQualified: false,
      fixedText: '',
      problemsText: '',
      notes: '',
    };
  const base = {
    ledgerEstablished: r.instrumentCount > 0,
    allFiled: r.instrumentCount > 0 && r.draftCount === 0,
    instrumentCount: r.instrumentCount,
    overdueCount: r.overdueCount,
    unverifiedCount: r.unverifiedCount,
    failedCount: r.failedCount,
    fixedCount: 0,
    fixedText: '',
    problemsText: '',
    notes: '',
  };
  return kind === 'station' ? { kind: 'station', ...base, sealsIntact: true } : { kind: 'utility', ...base };
}

/** Where the reported figures differ from the records on the same date: each field with both numbers. */
export function gapsOf(form: TSelfInspectionForm, r: TSelfInspectionRecords | null): TGap[] {
  if (form.kind === 'institution' || r === null) return [];
  const out: TGap[] = [];
  if (form.overdueCount !== r.overdueCount) out.push({ field: 'overdueCount', reported: form.overdueCount, records: r.overdueCount });
  if (form.unverifiedCount !== r.unverifiedCount)
    out.push({ field: 'unverifiedCount', reported: form.unverifiedCount, records: r.unverifiedCount });
  return out;
}

/** Statuses counted as overdue in a self-inspection: 超期未检 and 到期未轮换 (docs/domain/forms.md §1). */
export const OVERDUE_STATUSES: readonly string[] = ['overdue', 'rotation_overdue'];

/** The records' figures from status counts on the due date (instruments removed by then are not in service). */
export function recordsFrom(
  asOf: string,
  counts: readonly { status: string; units: number }[],
  draftCount: number,
): TSelfInspectionRecords {
  let instrumentCount = 0;
  let overdueCount = 0;
  let unverifiedCount = 0;
  let failedCount = 0;
  for (const c of counts) {
    if (c.status === 'removed') continue;
    instrumentCount += c.units;
    if (OVERDUE_STATUSES.includes(c.status)) overdueCount += c.units;
    if (c.status === 'unverified') unverifiedCount += c.units;
    if (c.status === 'failed') failedCount += c.units;
  }
  return { asOf, instrumentCount, overdueCount, unverifiedCount, failedCount, draftCount };
}
