import type { DbOrTrx } from '../../db/database.js';

/** True when the database holds organizations beyond the bureau. */
export async function anyOrgBesidesBureau(db: DbOrTrx): Promise<boolean> {
  return !!(await db.selectFrom('organizations').select('id').where('kind', '!=', 'bureau').limit(1).executeTakeFirst());
}

/** Non-admin logins with their organization's name, oldest first (at most 30). */
export async function nonAdminLogins(db: DbOrTrx) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.role', 'users.username', 'organizations.name'])
    .where('users.username', '!=', 'admin')
    .orderBy('users.id')
    .limit(30)
    .execute();
}

/** The oldest bureau. */
export async function firstBureau(db: DbOrTrx) {
  return db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'bureau').orderBy('id').executeTakeFirstOrThrow();
}
