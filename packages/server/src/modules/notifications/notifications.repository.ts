import type { Role } from '@qiangjian/shared';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countRows } from '../../db/paging.queries.js';
import type { DB } from '../../db/schema.js';
import type { EmailOutboxRow, NotificationRow } from '../../db/schema-notifications.js';

export { settingValue, upsertSetting } from '../../db/settings.queries.js';

/** SQL of notifications: recipients, the inbox, preferences, addresses and the e-mail queue (docs/NOTIFICATIONS.md). */

// ---- recipients ----

export interface RecipientUser {
  id: number;
  role: string;
  org_id: number;
}

const active = (eb: ExpressionBuilder<DB, 'users'>) => eb('users.disabled', '=', 0);

export async function usersByIds(db: DbOrTrx, ids: readonly number[]): Promise<RecipientUser[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role', 'org_id'])
    .where('id', 'in', [...ids])
    .where(active)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), role: r.role, org_id: Number(r.org_id) }));
}

export async function usersOfOrgs(db: DbOrTrx, orgIds: readonly number[], roles: readonly Role[]): Promise<RecipientUser[]> {
  if (orgIds.length === 0 || roles.length === 0) return [];
  const out: RecipientUser[] = [];
  for (let i = 0; i < orgIds.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'role', 'org_id'])
      .where('org_id', 'in', orgIds.slice(i, i + 500))
      .where('role', 'in', [...roles])
      .where(active)
      .execute();
    for (const r of rows) out.push({ id: Number(r.id), role: r.role, org_id: Number(r.org_id) });
  }
  return out;
}

/** Users of the offices whose towns include one of these towns, with the town. */
export async function usersOfTownOffices(db: DbOrTrx, towns: readonly string[] | null, roles: readonly Role[]) {
  if (towns?.length === 0 || roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('office_towns', 'office_towns.office_id', 'users.org_id')
    .select(['users.id', 'users.role', 'users.org_id', 'office_towns.town_code'])
    .$if(towns !== null, (q) => q.where('office_towns.town_code', 'in', [...(towns ?? [])]))
    .where('users.role', 'in', [...roles])
    .where(active)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), role: r.role, org_id: Number(r.org_id), town: r.town_code }));
}

/** Users of every office with each of its towns (the caller matches regions by prefix). */
export async function usersOfOffices(db: DbOrTrx, roles: readonly Role[]) {
  if (roles.length === 0) return [];
  return usersOfTownOffices(db, null, roles);
}

/** Users of every bureau, with the bureau's region code (the caller matches regions by prefix). */
export async function usersOfBureaus(db: DbOrTrx, roles: readonly Role[]) {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'users.role', 'users.org_id', 'organizations.region_code'])
    .where('organizations.kind', '=', 'bureau')
    .where('organizations.deleted_at', 'is', null)
    .where('users.role', 'in', [...roles])
    .where(active)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), role: r.role, org_id: Number(r.org_id), region: r.region_code }));
}

// ---- notifications ----

export type NewNotification = Omit<NotificationRow, 'id' | 'read_at'>;

/** Inserts the rows that are new (unique user + dedupe key); returns the inserted ones. */
export async function insertNotifications(db: DbOrTrx, rows: readonly NewNotification[]) {
  const out: { id: number; user_id: number; dedupe_key: string }[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const inserted = await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, read_at: null })))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning(['id', 'user_id', 'dedupe_key'])
      .execute();
    for (const r of inserted) out.push({ id: Number(r.id), user_id: Number(r.user_id), dedupe_key: r.dedupe_key });
  }
  return out;
}

function inbox(db: DbOrTrx, userId: number, f: { unread?: boolean; kind?: string }) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId).where('in_app', '=', 1);
  if (f.unread) q = q.where('read_at', 'is', null);
  if (f.kind) q = q.where('kind', '=', f.kind);
  return q;
}

export async function inboxPage(
  db: DbOrTrx,
  userId: number,
  f: { unread?: boolean; kind?: string },
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: NotificationRow[] }> {
  const base = inbox(db, userId, f);
  const total = await countRows(base);
  const rows = await base.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return { total, rows };
}

export async function unreadCount(db: DbOrTrx, userId: number): Promise<number> {
  return countRows(inbox(db, userId, { unread: true }));
}

export function notificationOfUser(db: DbOrTrx, userId: number, id: number) {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function markRead(db: DbOrTrx, userId: number, id: number, at: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

export async function markAllRead(db: DbOrTrx, userId: number, at: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('in_app', '=', 1)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- preferences and addresses ----

export async function preferencesOf(db: DbOrTrx, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  const out: { user_id: number; kind: string; in_app: number; email: number }[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('notification_preferences')
      .select(['user_id', 'kind', 'in_app', 'email'])
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ user_id: Number(r.user_id), kind: r.kind, in_app: Number(r.in_app), email: Number(r.email) });
  }
  return out;
}

export async function addressesOf(db: DbOrTrx, userIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('notification_addresses')
      .select(['user_id', 'email'])
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(Number(r.user_id), r.email);
  }
  return out;
}

export async function upsertPreference(
  db: DbOrTrx,
  row: { user_id: number; kind: string; in_app: number; email: number; updated_at: string },
) {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ in_app: row.in_app, email: row.email, updated_at: row.updated_at }))
    .execute();
}

export async function setAddress(db: DbOrTrx, userId: number, email: string | null, at: string): Promise<void> {
  if (email === null) {
    await db.deleteFrom('notification_addresses').where('user_id', '=', userId).execute();
    return;
  }
  await db
    .insertInto('notification_addresses')
    .values({ user_id: userId, email, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email, updated_at: at }))
    .execute();
}

// ---- e-mail queue ----

export type NewEmail = Pick<
  EmailOutboxRow,
  'notification_id' | 'user_id' | 'to_address' | 'subject' | 'body' | 'next_attempt_at' | 'created_at'
>;

/** Queues e-mails; at most one per notification (a second insert for the same notification does nothing). */
export async function insertEmails(db: DbOrTrx, rows: readonly NewEmail[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const r = await db
      .insertInto('email_outbox')
      .values(rows.slice(i, i + 200).map((e) => ({ ...e, state: 'pending', attempts: 0, updated_at: e.created_at })))
      .onConflict((oc) => oc.column('notification_id').doNothing())
      .returning('id')
      .execute();
    n += r.length;
  }
  return n;
}

const claimable = (now: string) => (eb: ExpressionBuilder<DB, 'email_outbox'>) =>
  eb.or([
    eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
  ]);

/**
 * Claims up to `limit` due rows for one worker: pending rows whose time has come, and rows whose previous worker's
 * lease ran out. The ids are read first, then one UPDATE takes those still claimable: its condition is evaluated
 * again on each locked row (PostgreSQL re-checks an updated row's WHERE under READ COMMITTED; SQLite has one writer),
 * so two workers never claim the same row. Each row claimed gets this worker's token, a lease and one more attempt.
 * `due` is how many rows were due when read (0: nothing left; more than `claimed`: another worker took some).
 */
export async function claimEmails(
  db: DbOrTrx,
  o: { now: string; leaseUntil: string; token: string; limit: number },
): Promise<{ due: number; claimed: EmailOutboxRow[] }> {
  const ids = (await db.selectFrom('email_outbox').select('id').where(claimable(o.now)).orderBy('id').limit(o.limit).execute()).map((r) =>
    Number(r.id),
  );
  if (ids.length === 0) return { due: 0, claimed: [] };
  const claimed = await db
    .updateTable('email_outbox')
    .set((eb) => ({
      state: 'sending',
      lease_token: o.token,
      lease_until: o.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: o.now,
    }))
    .where('id', 'in', ids)
    .where(claimable(o.now))
    .returningAll()
    .execute();
  return { due: ids.length, claimed: claimed.sort((a, b) => Number(a.id) - Number(b.id)) };
}

/** Marks a claimed row sent; false when this worker no longer holds it. */
export async function markEmailSent(db: DbOrTrx, id: number, token: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ state: 'sent', sent_at: at, lease_token: null, lease_until: null, last_error: null, updated_at: at })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A claimed row back to pending with its next attempt time, or to failed. */
export async function markEmailAttemptFailed(
  db: DbOrTrx,
  id: number,
  token: string,
  o: { state: 'pending' | 'failed'; nextAttemptAt: string; error: string; at: string },
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ state: o.state, next_attempt_at: o.nextAttemptAt, last_error: o.error, lease_token: null, lease_until: null, updated_at: o.at })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .where('state', '=', 'sending')
    .execute();
}

/** Rows a dead process left claimed (lease run out) → pending again; returns how many. */
export async function releaseExpiredLeases(db: DbOrTrx, now: string): Promise<number> {
  const r = await db
    .updateTable('email_outbox')
    .set({ state: 'pending', lease_token: null, lease_until: null, updated_at: now })
    .where('state', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function emailById(db: DbOrTrx, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A failed row back in the queue, due now, with a fresh count of attempts. */
export async function requeueFailed(db: DbOrTrx, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function emailPage(db: DbOrTrx, state: string | undefined, page: { offset: number; limit: number }) {
  let base = db.selectFrom('email_outbox');
  if (state) base = base.where('state', '=', state);
  const total = await countRows(base);
  const rows = await base.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return { total, rows };
}

export async function emailCounts(db: DbOrTrx): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['state', sql<number>`count(*)`.as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
