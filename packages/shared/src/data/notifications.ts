import type { Role } from '../enums.js';
import type { NotificationKind } from '../schemas/notifications.schema.js';

/**
 * The notification rules as data (docs/NOTIFICATIONS.md): how many days ahead a deadline is announced, how far back
 * the producer looks for events, and which roles each kind reaches (the preferences page lists these kinds).
 */
export const NOTIFICATION_RULES = {
  /** a rectification order's deadline is announced this many days before (order_deadline_near) */
  orderDeadlineLeadDays: 3,
  /** a campaign's self-inspection due date is announced this many days before (self_inspection_due) */
  selfInspectionLeadDays: 7,
  /** a campaign's reporting day (14th, 28th) and final report date are announced this many days before */
  reportDayLeadDays: 2,
  /** the producer looks this many days back for events (submitted, returned, issued …) on its first run */
  lookbackDays: 7,
  /** minutes between two producer runs inside `serve` */
  producerIntervalMinutes: 5,
} as const;

/** The roles a kind of notification reaches. */
export const NOTIFICATION_KIND_ROLES: Readonly<Record<NotificationKind, readonly Role[]>> = {
  instruments_due: ['enterprise'],
  application_submitted: ['institution'],
  application_returned: ['enterprise'],
  application_accepted: ['enterprise'],
  application_overdue: ['institution', 'enterprise'],
  result_entered: ['enterprise'],
  order_issued: ['enterprise', 'institution'],
  order_deadline_near: ['enterprise', 'institution'],
  order_overdue: ['enterprise', 'institution', 'inspector', 'regulator'],
  inspection_assigned: ['inspector', 'regulator'],
  self_inspection_due: ['enterprise', 'institution'],
  campaign_reminder: ['enterprise', 'institution'],
  campaign_report_day: ['regulator', 'inspector', 'admin', 'viewer'],
  complaint_assigned: ['regulator', 'inspector'],
  complaint_limit_near: ['regulator', 'inspector'],
  complaint_about_org: ['enterprise'],
};
