import type { NotificationKind, Role, TNotificationParams } from '@qiangjian/shared';
import type { AppContext } from '../../context.js';

/**
 * What a module contributes to notifications (docs/NOTIFICATIONS.md, "Sources"): `ModuleDef.notificationSources`.
 * The producer (`produceNotifications`, run by the notifications module's job, by `serve` every few minutes and by
 * `qiangjian notify run`) calls every source with the window since its last run and inserts the candidates
 * idempotently: one notification per recipient user and dedupe key, ever.
 */

/** Who receives a candidate: resolved to active users when the producer inserts it. */
export type NotificationRecipient =
  /** one user */
  | { userId: number }
  /** the users of an organization (of these roles; default the kind's roles) */
  | { orgId: number; roles?: readonly Role[] }
  /** the users of the offices (派出机构) whose towns include this 9-digit town code */
  | { town: string; roles?: readonly Role[] }
  /** the users of the bureaus whose region contains this region or town code, and of the offices of its towns */
  | { region: string; roles?: readonly Role[] };

export interface NotificationCandidate {
  kind: NotificationKind;
  /**
   * Names the event or state the candidate tells about (`order_issued:12`, `instruments_due:7:2024-10-15`): a
   * recipient gets at most one notification per key, however often the producer runs.
   */
  dedupeKey: string;
  recipients: readonly NotificationRecipient[];
  /** parameters of the catalog text `notifications.kind.<kind>.text` (plain values; `variant` picks `.text.<variant>`) */
  params: TNotificationParams;
  /** web route of the record (`/supervision/orders/12`) */
  link: string;
  /** the organization the notification is about (kept for filtering and the audit; null: none) */
  orgId?: number | null;
}

/** The time window a source is asked about: events in [from, to], states as of `today` (configured zone). */
export interface NotificationWindow {
  /** ISO instant: the previous run's start (or `lookbackDays` ago on the first run) */
  from: string;
  /** ISO instant: now */
  to: string;
  /** today's date in the configured zone */
  today: string;
}

/** One source: reads (never writes) its module's records and returns the candidates of the window. */
export interface NotificationSource {
  name: string;
  collect(ctx: AppContext, window: NotificationWindow): Promise<NotificationCandidate[]>;
}

let registered: readonly NotificationSource[] = [];

/** Called once by modules/index.ts with every module's sources (the producer's default list). */
export function registerNotificationSources(sources: readonly NotificationSource[]): void {
  registered = sources;
}

export function registeredNotificationSources(): readonly NotificationSource[] {
  return registered;
}
