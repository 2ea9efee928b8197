import type { Insertable, Updateable } from 'kysely';
import type { siteScopeFilter } from '../../auth/scope.js';
import type { DbOrTrx } from '../../db/database.js';
import { countRows, pageOf } from '../../db/paging.queries.js';
import type { SiteRow, SitesTable } from '../../db/schema.js';

/** The actor's site scope (`siteScopeFilter(scopeOf(actor))`). */
export type SiteFilter = ReturnType<typeof siteScopeFilter>;

export async function listSites(
  db: DbOrTrx,
  scope: SiteFilter,
  q: { page: number; pageSize: number; orgId?: number; townCode?: string; q?: string },
): Promise<{ rows: (SiteRow & { org_name: string | null })[]; total: number }> {
  let base = db.selectFrom('sites').where(scope);
  if (q.orgId) base = base.where('org_id', '=', q.orgId);
  if (q.townCode) base = base.where('town_code', 'like', `${q.townCode}%`);
  if (q.q) base = base.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${q.q?.toLowerCase()}%`));
  const total = await countRows(base);
  const rows = await base
    .selectAll('sites')
    // the owner's name for the list (a sub-select: the scope filter names the site's own columns)
    .select((eb) =>
      eb.selectFrom('organizations').select('organizations.name').whereRef('organizations.id', '=', 'sites.org_id').as('org_name'),
    )
    .orderBy('sites.name')
    .orderBy('sites.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

export async function findSite(db: DbOrTrx, id: number, scope: SiteFilter): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).where(scope).executeTakeFirst();
}

export async function insertSite(db: DbOrTrx, site: Insertable<SitesTable>): Promise<SiteRow> {
  return db.insertInto('sites').values(site).returningAll().executeTakeFirstOrThrow();
}

export async function updateSite(db: DbOrTrx, id: number, patch: Updateable<SitesTable>): Promise<SiteRow> {
  return db.updateTable('sites').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
