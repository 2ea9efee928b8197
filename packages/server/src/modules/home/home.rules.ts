import type { Category, InstrumentStatus } from '@qiangjian/shared';
import { ratio } from '../../lib/stats.js';

/** Valid at today: verified and within validity (docs/domain/forms.md §7 verificationRate, "valid at D"). */
export const VALID_STATUSES: readonly InstrumentStatus[] = ['valid', 'due_soon', 'rotation_due'];
/** Used past validity (docs/domain/forms.md §7 overdueRate). */
export const OVERDUE_STATUSES: readonly InstrumentStatus[] = ['overdue', 'rotation_overdue'];
/** How far ahead an enterprise's home page counts what falls due (days). */
export const DUE_WINDOWS = [30, 90, 180] as const;

export interface CountRow {
  category: string;
  status: string;
  instruments: number;
}

/**
 * The instrument figures of a home page from stored counts: in service = every status but `removed`;
 * verificationRate = valid ÷ in service (target 100 %); overdueRate = overdue ÷ in service (target 0 %). Instruments, not nozzles.
 */
export function instrumentFigures(rows: readonly CountRow[]) {
  const counts = rows
    .filter((r) => r.instruments > 0)
    .map((r) => ({ category: r.category as Category, status: r.status as InstrumentStatus, instruments: r.instruments }));
  const sum = (pred: (s: InstrumentStatus) => boolean) => counts.filter((r) => pred(r.status)).reduce((s, r) => s + r.instruments, 0);
  const inService = sum((s) => s !== 'removed');
  return {
    counts,
    inService,
    verificationRate: ratio(
      sum((s) => VALID_STATUSES.includes(s)),
      inService,
    ),
    overdueRate: ratio(
      sum((s) => OVERDUE_STATUSES.includes(s)),
      inService,
    ),
  };
}

/** Counts of waiting applications by acceptance clock: deadline past (late) or falling on `todayDate` (in the zone). */
export function inboxClock(deadlines: readonly { deadlineDate: string; overdue: boolean }[], todayDate: string) {
  return {
    late: deadlines.filter((d) => d.overdue).length,
    dueToday: deadlines.filter((d) => !d.overdue && d.deadlineDate === todayDate).length,
  };
}
