import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
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
      'organizations.name as org_name',
      'organizations.kind as org_kind',
      'organizations.region_code',
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

export async function countRecentFailures(db: DbOrTrx, username: string, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function oldestRecentFailure(db: DbOrTrx, username: string, sinceIso: string) {
  return db
    .selectFrom('login_failures')
    .select('at')
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .orderBy('at')
    .limit(1)
    .executeTakeFirst();
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
