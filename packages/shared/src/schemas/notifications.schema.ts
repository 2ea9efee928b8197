import { z } from 'zod';
import { hasKey, t } from '../i18n/index.js';
import { ZPageQuery } from './common.schema.js';

/**
 * Notifications (docs/NOTIFICATIONS.md): the kinds, the inbox, the per-user preferences and the e-mail queue.
 * A kind's title and text are catalog keys `notifications.kind.<kind>.title|text` filled with the notification's params.
 */
export const NOTIFICATION_KINDS = [
  'instruments_due',
  'application_submitted',
  'application_returned',
  'application_accepted',
  'application_overdue',
  'result_entered',
  'order_issued',
  'order_deadline_near',
  'order_overdue',
  'inspection_assigned',
  'self_inspection_due',
  'campaign_reminder',
  'campaign_report_day',
  'complaint_assigned',
  'complaint_limit_near',
  'complaint_about_org',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const ZNotificationKind = z.enum(NOTIFICATION_KINDS);

export const EMAIL_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** Catalog parameters of a notification: plain values only. */
export const ZNotificationParams = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type TNotificationParams = z.infer<typeof ZNotificationParams>;

export const ZNotification = z.object({
  id: z.number().int(),
  kind: ZNotificationKind,
  params: ZNotificationParams,
  /** web route of the record */
  link: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = ZPageQuery.extend({
  /** 1: unread only */
  unread: z.enum(['0', '1']).optional(),
  kind: ZNotificationKind.optional(),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZUnreadCount = z.object({ unread: z.number().int() });
export const ZMarkedCount = z.object({ updated: z.number().int() });

export const ZNotificationPreference = z.object({ kind: ZNotificationKind, inApp: z.boolean(), email: z.boolean() });
export type TNotificationPreference = z.infer<typeof ZNotificationPreference>;

export const ZNotificationPreferences = z.object({
  /** the address e-mails go to (null: none) */
  email: z.string().nullable(),
  /** whether the server sends e-mail at all (SMTP configured) */
  emailEnabled: z.boolean(),
  /** the kinds this user's role can receive */
  kinds: z.array(ZNotificationPreference),
});
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferences>;

/** Characters an address may not hold: spaces, control characters and the ones that end a mailbox or a header. */
const ADDRESS_PART = String.raw`[^\s@<>()",;:\\\x00-\x1f\x7f]+`;
const ADDRESS = new RegExp(`^${ADDRESS_PART}@${ADDRESS_PART}\\.${ADDRESS_PART}$`);

/** A plain e-mail address (at most 254 characters, no spaces or control characters). */
export const ZEmailAddress = z.string().trim().max(254).regex(ADDRESS, 'email');

export const ZUpdateNotificationPreferences = z.object({
  email: ZEmailAddress.nullable().optional(),
  kinds: z.array(ZNotificationPreference).max(NOTIFICATION_KINDS.length).optional(),
});
export type TUpdateNotificationPreferences = z.infer<typeof ZUpdateNotificationPreferences>;

export const ZEmailQueueItem = z.object({
  id: z.number().int(),
  toAddress: z.string(),
  subject: z.string(),
  state: z.enum(EMAIL_STATES),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type TEmailQueueItem = z.infer<typeof ZEmailQueueItem>;

export const ZEmailQueueQuery = ZPageQuery.extend({ state: z.enum(EMAIL_STATES).optional() });
export type TEmailQueueQuery = z.infer<typeof ZEmailQueueQuery>;

export const ZEmailQueueSummary = z.object({
  enabled: z.boolean(),
  pending: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});
export type TEmailQueueSummary = z.infer<typeof ZEmailQueueSummary>;

/** A notification's title as a user reads it (the catalog). */
export function notificationTitle(kind: string): string {
  return t(`notifications.kind.${kind}.title`);
}

/** A notification's text as a user reads it: the kind's text (or its `variant`) filled with the params. */
export function notificationText(kind: string, params: TNotificationParams): string {
  const base = `notifications.kind.${kind}.text`;
  const variant = typeof params.variant === 'string' ? `${base}.${params.variant}` : null;
  return t(variant && hasKey(variant) ? variant : base, params);
}
