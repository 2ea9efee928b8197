import {
  addDays,
  addMonthsClamped,
  type ComplaintStage,
  diffDays,
  maxDate,
  type TComplaintSettings,
  type TRefundProposal,
} from '@qiangjian/shared';
import { dateInZone } from '../../time.js';
import { acceptDeadline, addWorkingDays, isWorkingDay, type WorkCalendar } from '../verification/calendar/working-days.js';

/**
 * Pure rules of complaints (docs/COMPLAINTS.md): the legal clocks in working days (docs/domain/regulations.md §6, the
 * verification module's calendar), masking, text cleaning, the refund proposal. No I/O.
 */

export interface ClockInput {
  type: string;
  stage: string;
  received_at: string;
  accepted_at: string | null;
  decided_at: string | null;
  paused_working_days: number;
  case_decision: string | null;
  case_decided_at: string | null;
  case_extended: number;
  mediation_result: string | null;
  mediation_ended_at: string | null;
  closed_at: string | null;
}

export type ClockKind = 'decision' | 'mediation' | 'case_decision';
export interface Clock {
  kind: ClockKind;
  deadline: string;
  /** the clock has stopped (its step is done) */
  met: boolean;
  /** done on time (or not yet done) */
  inTime: boolean;
}

/** The deadline date of N working days from an instant (a non-working day counts from the next working day), plus paused days. */
export function deadlineOf(cal: WorkCalendar, from: string, n: number, paused: number, timeZone: string): string {
  return acceptDeadline(cal, new Date(from), n + paused, timeZone).date;
}

/** The complaint's clocks: the acceptance decision (7), mediation (45 from acceptance, 投诉), the case decision (15 + 15, 举报). */
export function clocksOf(cal: WorkCalendar, c: ClockInput, s: TComplaintSettings, timeZone: string): Clock[] {
  const paused = Number(c.paused_working_days);
  const out: Clock[] = [];
  const doneBy = (deadline: string, at: string | null) => at === null || dateInZone(new Date(at), timeZone) <= deadline;
  const decision = deadlineOf(cal, c.received_at, s.acceptWorkingDays, paused, timeZone);
  out.push({ kind: 'decision', deadline: decision, met: c.decided_at !== null, inTime: doneBy(decision, c.decided_at) });
  if (c.stage === 'refused') return out;
  if (c.type === 'complaint' && c.accepted_at) {
    const d = deadlineOf(cal, c.accepted_at, s.mediationWorkingDays, paused, timeZone);
    const end = c.mediation_ended_at ?? c.closed_at;
    out.push({ kind: 'mediation', deadline: d, met: end !== null, inTime: doneBy(d, end) });
  }
  if (c.type === 'report') {
    const n = s.reportDecisionWorkingDays + (Number(c.case_extended) === 1 ? s.reportExtensionWorkingDays : 0);
    const d = deadlineOf(cal, c.received_at, n, paused, timeZone);
    out.push({ kind: 'case_decision', deadline: d, met: c.case_decision !== null, inTime: doneBy(d, c.case_decided_at) });
  }
  return out;
}

/** The earliest deadline still running (null when every clock stopped or the complaint is over). */
export function nextDeadline(clocks: readonly Clock[], stage: string): string | null {
  if (stage === 'closed' || stage === 'refused') return null;
  const open = clocks.filter((c) => !c.met).map((c) => c.deadline);
  return open.length === 0 ? null : (open.sort()[0] ?? null);
}

/** Working days from `today` to `deadline`: the working days in (today, deadline]; negative when past (days overdue). */
export function workingDaysLeft(cal: WorkCalendar, today: string, deadline: string): number {
  if (deadline === today) return 0;
  let n = 0;
  if (deadline > today) {
    for (let d = addDays(today, 1); d <= deadline; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
    return n;
  }
  for (let d = addDays(deadline, 1); d <= today; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return -n;
}

/** near: at most `nearDays` working days left; overdue: past the deadline. A paused complaint is not flagged. */
export function flagOf(left: number | null, nearDays: number, paused: boolean): 'near' | 'overdue' | null {
  if (left === null || paused) return null;
  if (left < 0) return 'overdue';
  return left <= nearDays ? 'near' : null;
}

/** Working days of a pause: the working days from the pause day up to the day before the resume day. */
export function pausedWorkingDays(cal: WorkCalendar, pausedOn: string, resumedOn: string): number {
  let n = 0;
  for (let d = pausedOn; d < resumedOn; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

/** The N-th working day after a date (re-exported for the demo and tests). */
export { addWorkingDays };

const STAGE_NEXT: Record<ComplaintStage, readonly string[]> = {
  received: ['accept', 'refuse', 'pause', 'resume', 'note', 'assign'],
  accepted: ['mediate', 'reply', 'pause', 'resume', 'note', 'assign', 'arbitrate', 'case', 'extend', 'refund'],
  mediating: ['mediate', 'reply', 'pause', 'resume', 'note', 'assign', 'arbitrate', 'refund'],
  refused: ['note', 'satisfaction'],
  closed: ['note', 'satisfaction'],
};
/** Whether an action fits the stage. */
export function actionAllowed(stage: string, action: string): boolean {
  return (STAGE_NEXT[stage as ComplaintStage] ?? []).includes(action);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
/** 13812345678 → 138****5678; a fixed line keeps its last 4 digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
/** The phone as hashed and compared: digits only. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, '');
}

/**
 * Text a citizen typed, made safe to store and show: script/style blocks and every HTML tag removed, entities of
 * angle brackets removed, control characters (but newlines and tabs) dropped, whitespace trimmed.
 */
export function stripHtml(text: string): string {
  return (
    text
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<\/?[a-zA-Z!][^>]*>/g, '')
      .replace(/&(lt|gt|#0*60|#0*62|#x0*3c|#x0*3e);/gi, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[<>]/g, '')
      .trim()
  );
}

/**
 * The refund proposal (docs/COMPLAINTS.md "Arbitration"): the measured error applied to the consumption billed since
 * the last valid verification, counted at most `capMonths` back from the end of the billed period (pro rata by days).
 * A meter running fast by e % billed B for a true consumption B / (1 + e): the excess is B × e / (100 + e).
 */
export function refundProposal(i: {
  errorPct: number;
  billedQuantity: number;
  billedFrom: string;
  billedTo: string;
  capMonths: number;
}): TRefundProposal {
  const capStart = addMonthsClamped(i.billedTo, -i.capMonths);
  const cappedFrom = maxDate(i.billedFrom, capStart) ?? capStart;
  const span = Math.max(1, diffDays(i.billedFrom, i.billedTo));
  const counted = Math.min(span, Math.max(0, diffDays(cappedFrom, i.billedTo)));
  const countedQuantity = round2((i.billedQuantity * counted) / span);
  const refundQuantity = i.errorPct > 0 ? round2((countedQuantity * i.errorPct) / (100 + i.errorPct)) : 0;
  return {
    errorPct: i.errorPct,
    billedQuantity: i.billedQuantity,
    billedFrom: i.billedFrom,
    billedTo: i.billedTo,
    cappedFrom,
    countedQuantity,
    refundQuantity,
    capMonths: i.capMonths,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The measured error of a verification result, %: the largest absolute indication error among its measurements
 * (dispensers: `errors` / `errorPct` per flow point), signed; null when the result carries none.
 */
export function measuredErrorPct(measurements: unknown): number | null {
  let best: number | null = null;
  const visit = (v: unknown, key: string) => {
    if (typeof v === 'number' && /error/i.test(key) && Number.isFinite(v)) {
      if (best === null || Math.abs(v) > Math.abs(best)) best = v;
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(measurements, '');
  return best;
}

/** The mapping of a complaint subject to an Attachment 2 meter type (null: not a 三表 subject). */
export function meterTypeOfSubject(subject: string): string | null {
  return subject === 'water_meter' || subject === 'electricity_meter' || subject === 'gas_meter' ? subject : null;
}

/** The near / overdue flag of a deadline as of `day` (null: no deadline, or far enough). */
export function listFlag(cal: WorkCalendar, s: TComplaintSettings, day: string, next: string | null, paused: boolean) {
  return next === null ? null : flagOf(workingDaysLeft(cal, day, next), s.nearLimitWorkingDays, paused);
}
