import type { ColumnType, Generated, Selectable } from 'kysely';

/** Tables of the notifications module (migration 20261209T0300_notifications, docs/NOTIFICATIONS.md). */
type Flag = ColumnType<number, number | undefined, number>;

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  /** the organization the notification is about (null: none) */
  org_id: number | null;
  kind: string;
  /** unique per user: the same candidate never makes a second notification */
  dedupe_key: string;
  /** JSON: the catalog message's parameters */
  params: string;
  /** web route of the record, e.g. /verification/applications/12 */
  link: string;
  /** 0: kept only for the e-mail and the dedupe (the user turned the kind off in the inbox) */
  in_app: Flag;
  created_at: string;
  read_at: string | null;
}
export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  in_app: number;
  email: number;
  updated_at: string;
}
export interface NotificationAddressesTable {
  user_id: number;
  email: string;
  updated_at: string;
}
export interface EmailOutboxTable {
  id: Generated<number>;
  notification_id: number | null;
  user_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  /** pending | sending | sent | failed */
  state: string;
  attempts: Flag;
  next_attempt_at: string;
  lease_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_addresses: NotificationAddressesTable;
  email_outbox: EmailOutboxTable;
}
export type NotificationRow = Selectable<NotificationsTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
