import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { DB, NewOrganization, OrganizationRow, OrganizationUpdate } from '../../db/schema.js';

export type OrgFilter = (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool>;

export async function findOrg(db: DbOrTrx, id: number, scope: OrgFilter): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).where('deleted_at', 'is', null).where(scope).executeTakeFirst();
}

export async function findOrgById(db: DbOrTrx, id: number): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrgByCreditCode(db: DbOrTrx, creditCode: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function listOrgs(
  db: DbOrTrx,
  scope: OrgFilter,
  q: { page: number; pageSize: number; q?: string; kind?: string; regionCode?: string },
) {
  let base = db.selectFrom('organizations').where('deleted_at', 'is', null).where(scope);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.regionCode) base = base.where('region_code', 'like', `${q.regionCode}%`);
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    base = base.where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['credit_code']), 'like', like)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('kind')
    .orderBy('name')
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertOrg(db: DbOrTrx, org: NewOrganization): Promise<number> {
  const r = await db.insertInto('organizations').values(org).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateOrg(db: DbOrTrx, id: number, patch: OrganizationUpdate): Promise<void> {
  await db.updateTable('organizations').set(patch).where('id', '=', id).execute();
}

export async function townsOf(db: DbOrTrx, orgIds: number[]): Promise<Map<number, string[]>> {
  const m = new Map<number, string[]>();
  if (orgIds.length === 0) return m;
  const rows = await db
    .selectFrom('office_towns')
    .select(['office_id', 'town_code'])
    .where('office_id', 'in', orgIds)
    .orderBy('town_code')
    .execute();
  for (const r of rows) {
    const k = Number(r.office_id);
    m.set(k, [...(m.get(k) ?? []), r.town_code]);
  }
  return m;
}

export async function setTowns(db: DbOrTrx, officeId: number, towns: string[]): Promise<void> {
  await db.deleteFrom('office_towns').where('office_id', '=', officeId).execute();
  if (towns.length)
    await db
      .insertInto('office_towns')
      .values(towns.map((t) => ({ office_id: officeId, town_code: t })))
      .execute();
}

/** The oldest organization of a kind (the bureau), deleted or not. */
export async function firstOrgOfKind(db: DbOrTrx, kind: string): Promise<{ id: number; name: string } | undefined> {
  const r = await db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', kind).orderBy('id').limit(1).executeTakeFirst();
  return r ? { id: Number(r.id), name: r.name } : undefined;
}

/** Ownership type of every organization of a kind (demo seeding: gas stations' 所有制). */
export async function ownershipOfKind(db: DbOrTrx, kind: string): Promise<Map<number, string | null>> {
  const rows = await db.selectFrom('organizations').select(['id', 'ownership_type']).where('kind', '=', kind).execute();
  return new Map(rows.map((o) => [Number(o.id), o.ownership_type]));
}

/** Accounts of an organization, disabled ones included (their role was chosen for its kind). */
export async function countUsersOfOrg(db: DbOrTrx, orgId: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
