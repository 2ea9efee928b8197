import type { Insertable, Updateable } from 'kysely';
import type { orgScopeFilter } from '../../auth/scope.js';
import type { DbOrTrx } from '../../db/database.js';
import { countRows, pageOf } from '../../db/paging.queries.js';
import type { UsersTable } from '../../db/schema.js';

/** The scope filter on the user's organization (`orgScopeFilter(scopeOf(actor))`). */
export type UserOrgFilter = ReturnType<typeof orgScopeFilter>;

/** A user with its organization's name: the columns `TUser` is presented from. */
export function userQuery(db: DbOrTrx) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_id',
      'organizations.name as org_name',
      'users.disabled',
      'users.must_change_password',
      'users.created_at',
    ]);
}

export type UserJoined = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

export async function listUsers(
  db: DbOrTrx,
  scope: UserOrgFilter,
  q: { page: number; pageSize: number; q?: string; role?: string; orgId?: number },
): Promise<{ rows: UserJoined[]; total: number }> {
  let base = db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.org_id').where(scope);
  if (q.role) base = base.where('users.role', '=', q.role);
  if (q.orgId) base = base.where('users.org_id', '=', q.orgId);
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    base = base.where((eb) =>
      eb.or([eb(eb.fn('lower', ['users.username']), 'like', like), eb(eb.fn('lower', ['users.display_name']), 'like', like)]),
    );
  }
  const total = await countRows(base);
  const rows = await base
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_id',
      'organizations.name as org_name',
      'users.disabled',
      'users.must_change_password',
      'users.created_at',
    ])
    .orderBy('users.username')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

/** One user (with its organization's name), optionally only within a scope. */
export async function findUser(db: DbOrTrx, id: number, scope?: UserOrgFilter): Promise<UserJoined | undefined> {
  let q = userQuery(db).where('users.id', '=', id);
  if (scope) q = q.where(scope);
  return q.executeTakeFirst();
}

/** One user within the scope, with its organization's kind (for the role check of an update). */
export async function findUserForUpdate(db: DbOrTrx, id: number, scope: UserOrgFilter) {
  return userQuery(db).select('organizations.kind as org_kind').where('users.id', '=', id).where(scope).executeTakeFirst();
}

export async function userIdByUsername(db: DbOrTrx, username: string): Promise<number | undefined> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

/** True when the database has at least one user. */
export async function anyUser(db: DbOrTrx): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

export async function insertUser(db: DbOrTrx, user: Insertable<UsersTable>): Promise<number> {
  const r = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateUser(db: DbOrTrx, id: number, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}
