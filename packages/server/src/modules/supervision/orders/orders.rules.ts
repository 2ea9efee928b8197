import { addDays, type OrderState } from '@qiangjian/shared';
import { addWorkingDays, nextWorkingDayOnOrAfter, type WorkCalendar } from '../../verification/calendar/working-days.js';

/**
 * Pure rules of rectification orders (docs/ENFORCEMENT.md): the default deadline and the state machine
 * issued → replied → closed | escalated.
 */

/**
 * The deadline date: `days` calendar days after the issue date, or the N-th working day after it (an order issued on a
 * non-working day counts from the next working day, docs/domain/regulations.md §6); the order is due by the end of that day.
 */
export function orderDeadline(cal: WorkCalendar, issuedOn: string, days: number, unit: 'working' | 'calendar'): string {
  if (unit === 'calendar') return addDays(issuedOn, days);
  return addWorkingDays(cal, nextWorkingDayOnOrAfter(cal, issuedOn), days);
}

/** Still waiting for the enterprise and the deadline day is over. */
export function isOverdue(state: OrderState, deadline: string, today: string): boolean {
  return state === 'issued' && deadline < today;
}

export type OrderAction = 'upload' | 'reply' | 'review';

const ALLOWED: Record<OrderAction, readonly OrderState[]> = {
  upload: ['issued'],
  reply: ['issued'],
  review: ['replied', 'issued'],
};

export function canDo(state: OrderState, action: OrderAction): boolean {
  return ALLOWED[action].includes(state);
}
