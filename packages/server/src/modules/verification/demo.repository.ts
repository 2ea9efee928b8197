import type { Role } from '@qiangjian/shared';
import type { DbOrTrx } from '../../db/database.js';

/** SQL of the verification demo seed (who acts for an organization, which instruments to apply for). */

/** The first user of an organization with a role, with what an actor needs. */
export async function firstUserOf(db: DbOrTrx, orgId: number, role: Role) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'users.username', 'users.org_id', 'organizations.kind', 'organizations.region_code'])
    .where('users.org_id', '=', orgId)
    .where('users.role', '=', role)
    .orderBy('users.id')
    .executeTakeFirst();
}

/** Filed, installed instruments of these categories, by organization then id. */
export async function filedInstruments(db: DbOrTrx, categories: string[], limit: number) {
  return db
    .selectFrom('instruments')
    .select(['id', 'org_id', 'category'])
    .where('category', 'in', categories)
    .where('removal_date', 'is', null)
    .where('ledger_state', '=', 'filed')
    .orderBy('org_id')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function categoryOf(db: DbOrTrx, instrumentId: number): Promise<string> {
  const r = await db.selectFrom('instruments').select('category').where('id', '=', instrumentId).executeTakeFirstOrThrow();
  return r.category;
}
