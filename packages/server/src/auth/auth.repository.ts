import { type Insertable, sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { countRows, pageOf } from '../db/paging.queries.js';
import type { ApiTokensTable } from '../db/schema.js';

export async function findUserByUsername(db: DbOrTrx, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: DbOrTrx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user with its organization and, for offices, the towns covered. */
export async function loadActorRow(db: DbOrTrx, userId: number) {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_id',
      'users.disabled',
      'users.must_change_password',
      'users.password_changed_at',
      'users.created_at',
      'organizations.name as org_name',
      'organizations.kind as org_kind',
      'organizations.region_code',
      (eb) =>
        eb.selectFrom('user_totp').select('user_totp.confirmed_at').whereRef('user_totp.user_id', '=', 'users.id').as('totp_confirmed_at'),
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const towns =
    row.org_kind === 'office'
      ? (await db.selectFrom('office_towns').select('town_code').where('office_id', '=', row.org_id).execute()).map((t) => t.town_code)
      : [];
  return { ...row, towns };
}

/**
 * Counts one more login attempt for `key` and returns the attempts in its window, atomically (one statement on both
 * engines), so concurrent attempts each see a different count. A window that started before `sinceIso` restarts at 1.
 */
export async function countAttempt(db: DbOrTrx, key: string, nowIso: string, sinceIso: string) {
  const stale = sql<boolean>`login_throttle.window_start < ${sinceIso}`;
  return db
    .insertInto('login_throttle')
    .values({ key, window_start: nowIso, attempts: 1, refusal_logged: 0 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        attempts: sql<number>`case when ${stale} then 1 else login_throttle.attempts + 1 end`,
        window_start: sql<string>`case when ${stale} then ${nowIso} else login_throttle.window_start end`,
        refusal_logged: sql<number>`case when ${stale} then 0 else login_throttle.refusal_logged end`,
      }),
    )
    .returning(['attempts', 'window_start', 'refusal_logged'])
    .executeTakeFirstOrThrow();
}

/** Marks the window's refusal as audited; true for the one caller that marked it (the first refused attempt). */
export async function markRefusalLogged(db: DbOrTrx, key: string): Promise<boolean> {
  const r = await db
    .updateTable('login_throttle')
    .set({ refusal_logged: 1 })
    .where('key', '=', key)
    .where('refusal_logged', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Takes back one counted attempt (a successful login does not count against its address). */
export async function uncountAttempt(db: DbOrTrx, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end` })
    .where('key', '=', key)
    .execute();
}

export async function clearAttempts(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export async function deleteThrottleBefore(db: DbOrTrx, cut: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_start', '<', cut).execute();
}

export async function insertFailure(db: DbOrTrx, username: string, at: string, ip: string | null) {
  await db.insertInto('login_failures').values({ username, at, ip }).execute();
}

export async function clearFailures(db: DbOrTrx, username: string) {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}

export async function insertSession(
  db: DbOrTrx,
  s: { id: string; userId: number; csrf: string; now: string; absoluteExpiresAt: string; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrf,
      created_at: s.now,
      last_seen_at: s.now,
      absolute_expires_at: s.absoluteExpiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function findSession(db: DbOrTrx, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTrx, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: DbOrTrx, userId: number, exceptId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function findToken(db: DbOrTrx, hash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function setPassword(db: DbOrTrx, userId: number, hash: string, now: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, must_change_password: 0, password_changed_at: now, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Deletes sessions past their absolute expiry or idle since before `idleCut`. */
export async function deleteExpiredSessions(db: DbOrTrx, nowIso: string, idleCut: string) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('absolute_expires_at', '<', nowIso), eb('last_seen_at', '<', idleCut)]))
    .execute();
}

export async function deleteFailuresBefore(db: DbOrTrx, cut: string) {
  await db.deleteFrom('login_failures').where('at', '<', cut).execute();
}

export async function insertToken(db: DbOrTrx, token: Insertable<ApiTokensTable>): Promise<number> {
  const r = await db.insertInto('api_tokens').values(token).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findTokenById(db: DbOrTrx, id: number) {
  return db.selectFrom('api_tokens').select(['id', 'user_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function listTokensOf(db: DbOrTrx, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function touchToken(db: DbOrTrx, id: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeToken(db: DbOrTrx, id: number, now: string) {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}

/** Revokes every not yet revoked token of a user; returns how many. */
export async function revokeTokensOf(db: DbOrTrx, userId: number, now: string): Promise<number> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Every user's tokens (administrators), newest first, optionally only live ones or one owner's (username part). */
export async function listAllTokens(db: DbOrTrx, q: { page: number; pageSize: number; q?: string; active?: boolean }, nowIso: string) {
  let base = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id');
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    base = base.where((eb) => eb(eb.fn('lower', ['users.username']), 'like', like));
  }
  if (q.active)
    base = base
      .where('api_tokens.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>=', nowIso)]));
  const total = await countRows(base);
  const rows = await base
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'users.id as user_id',
      'users.username',
      'users.display_name',
    ])
    .orderBy('api_tokens.id', 'desc')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

/** Marks a user's password as one to change before anything else (the published demo password outside demo mode). */
export async function requirePasswordChange(db: DbOrTrx, userId: number) {
  await db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', userId).execute();
}

/**
 * Serializes the logins of one account until the transaction ends (PostgreSQL: the user row locked; SQLite
 * transactions take the one write lock at BEGIN already), so that two logins at once cannot both keep the limit's
 * last place.
 */
export async function lockUserSessions(trx: DbOrTrx, userId: number, isPg: boolean): Promise<void> {
  if (isPg) await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

/** A user's sessions, newest first. */
export async function listSessionsOf(db: DbOrTrx, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'absolute_expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Deletes these sessions of a user; returns how many. */
export async function deleteSessionsOf(db: DbOrTrx, userId: number, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findTotp(db: DbOrTrx, userId: number) {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Stores a new, not yet confirmed secret (replacing an earlier unconfirmed one). */
export async function putPendingTotp(db: DbOrTrx, userId: number, secret: string, now: string) {
  await db.deleteFrom('user_totp').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
  await db.insertInto('user_totp').values({ user_id: userId, secret, created_at: now, confirmed_at: null, last_step: null }).execute();
}

/**
 * Records `step` as used, only if it is after the last used one (atomically: of two logins with the same code only
 * one succeeds); `confirm` also marks the secret confirmed. True when this caller recorded it.
 */
export async function useTotpStep(db: DbOrTrx, userId: number, step: number, confirmAt: string | null): Promise<boolean> {
  const r = await db
    .updateTable('user_totp')
    .set(confirmAt ? { last_step: step, confirmed_at: confirmAt } : { last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteTotp(db: DbOrTrx, userId: number) {
  await db.deleteFrom('user_totp').where('user_id', '=', userId).execute();
}
