import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';
import type { ApplicationsTable, ApplicationVersionsTable } from '../../../db/schema-verification.js';
import { type AppScope, appScopeFilter } from './applications.queries.js';

export type { AppScope } from './applications.queries.js';

export type ApplicationRow = Selectable<ApplicationsTable>;
export type VersionRow = Selectable<ApplicationVersionsTable>;

export interface InstrumentForApply {
  id: number;
  org_id: number;
  category: string;
  serial_no: string;
  instrument_name: string;
  model: string | null;
  manufacturer: string | null;
  location: string | null;
  ledger_state: string;
  removal_date: string | null;
  status: string | null;
  valid_until: string | null;
  region: string | null;
  site_name: string | null;
}

/** Instruments with their region: the instrument's division code, else its site's town, else its org's region. */
export async function instrumentsByIds(db: DbOrTrx, ids: readonly number[]): Promise<InstrumentForApply[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('instruments as i')
    .leftJoin('sites as s', 's.id', 'i.site_id')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select([
      'i.id',
      'i.org_id',
      'i.category',
      'i.serial_no',
      'i.instrument_name',
      'i.model',
      'i.manufacturer',
      'i.location',
      'i.ledger_state',
      'i.removal_date',
      'i.status',
      'i.valid_until',
      'i.admin_division_code',
      's.town_code',
      's.name as site_name',
      'o.region_code',
    ])
    .where('i.id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    org_id: Number(r.org_id),
    category: r.category,
    serial_no: r.serial_no,
    instrument_name: r.instrument_name,
    model: r.model,
    manufacturer: r.manufacturer,
    location: r.location,
    ledger_state: r.ledger_state,
    removal_date: r.removal_date,
    status: r.status,
    valid_until: r.valid_until,
    region: r.admin_division_code ?? r.town_code ?? r.region_code,
    site_name: r.site_name,
  }));
}

export async function nozzlesOf(db: DbOrTrx, instrumentIds: readonly number[]) {
  if (instrumentIds.length === 0) return [];
  return db
    .selectFrom('nozzles')
    .select(['id', 'instrument_id', 'nozzle_no', 'removal_date'])
    .where('instrument_id', 'in', [...instrumentIds])
    .where('removal_date', 'is', null)
    .orderBy('instrument_id')
    .orderBy('nozzle_no')
    .execute();
}

/** Open applications (other than `exceptId`) holding any of these instruments. */
export async function busyInstruments(db: DbOrTrx, orgId: number, ids: readonly number[], exceptId: number | null) {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom('application_items as ai')
    .innerJoin('applications as a', 'a.id', 'ai.application_id')
    .select(['ai.instrument_id', 'a.id'])
    .where('ai.org_id', '=', orgId)
    .where('ai.instrument_id', 'in', [...ids])
    .where('a.status', 'in', ['submitted', 'accepted', 'returned', 'in_progress']);
  if (exceptId !== null) q = q.where('a.id', '!=', exceptId);
  return q.execute();
}

export async function insertApplication(db: DbOrTrx, v: Insertable<ApplicationsTable>): Promise<number> {
  return Number((await db.insertInto('applications').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export async function insertVersion(db: DbOrTrx, v: Insertable<ApplicationVersionsTable>): Promise<void> {
  await db.insertInto('application_versions').values(v).execute();
}

export async function findApplication(db: DbOrTrx, id: number, scope: AppScope) {
  return db.selectFrom('applications').selectAll().where('id', '=', id).where(appScopeFilter(scope)).executeTakeFirst();
}

/** An application the caller has already checked (or just wrote). */
export async function getApplication(db: DbOrTrx, id: number): Promise<ApplicationRow> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function updateApplication(db: DbOrTrx, id: number, patch: Updateable<ApplicationsTable>): Promise<void> {
  await db.updateTable('applications').set(patch).where('id', '=', id).execute();
}

/** Sets columns of one version row (by its own id). */
export async function updateVersion(db: DbOrTrx, versionId: number, patch: Updateable<ApplicationVersionsTable>): Promise<void> {
  await db.updateTable('application_versions').set(patch).where('id', '=', versionId).execute();
}

/** Locks the thread row on PostgreSQL so concurrent transitions serialise. */
export async function lockApplication(db: DbOrTrx, id: number, pg: boolean): Promise<void> {
  if (pg) await sql`select id from applications where id = ${id} for update`.execute(db);
}

export async function versionsOf(db: DbOrTrx, applicationIds: readonly number[]): Promise<VersionRow[]> {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('application_versions')
    .selectAll()
    .where('application_id', 'in', [...applicationIds])
    .orderBy('application_id')
    .orderBy('version')
    .execute();
}

export async function currentVersion(db: DbOrTrx, a: { id: number; version: number }): Promise<VersionRow> {
  return db
    .selectFrom('application_versions')
    .selectAll()
    .where('application_id', '=', a.id)
    .where('version', '=', a.version)
    .executeTakeFirstOrThrow();
}

export async function orgNames(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, { name: string; creditCode: string }>> {
  const m = new Map<number, { name: string; creditCode: string }>();
  if (ids.length === 0) return m;
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'credit_code'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) m.set(Number(r.id), { name: r.name, creditCode: r.credit_code });
  return m;
}

export async function listApplications(
  db: DbOrTrx,
  scope: AppScope,
  q: { page: number; pageSize: number; status?: string; overdueAt?: string; institutionId?: number; orgId?: number },
) {
  let base = db.selectFrom('applications').where(appScopeFilter(scope));
  if (q.status) base = base.where('status', '=', q.status);
  if (q.overdueAt) base = base.where('status', '=', 'submitted').where('accept_deadline', '<', q.overdueAt);
  if (q.institutionId) base = base.where('institution_id', '=', q.institutionId);
  if (q.orgId) base = base.where('org_id', '=', q.orgId);
  const total = await countRows(base);
  const rows = await base
    .selectAll()
    .orderBy(sql`case when status = 'submitted' then 0 else 1 end`)
    .orderBy('accept_deadline')
    .orderBy('id', 'desc')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

// ---- applying at scale: candidates by filter, bulk items, paged instruments ----

/** The resolved candidate filter (docs/VERIFICATION.md "Applying at scale"). */
export interface CandidateFilter {
  orgId: number;
  q?: string | undefined;
  categories?: readonly string[] | undefined;
  town?: string | undefined;
  statuses: readonly string[];
  dueBefore?: string | undefined;
}

const OPEN_STATES = ['submitted', 'accepted', 'returned', 'in_progress'];

/**
 * The organization's in-service instruments matching the filter that no open application holds. Town matches the
 * instrument's division code, else its site's town (prefix); the search matches serial or name (any case).
 */
function candidatesWhere(db: DbOrTrx, f: CandidateFilter) {
  let q = db
    .selectFrom('instruments as i')
    .leftJoin('sites as s', 's.id', 'i.site_id')
    .where('i.org_id', '=', f.orgId)
    .where('i.removal_date', 'is', null)
    .where('i.ledger_state', 'not in', ['removed', 'scrapped', 'suspended'])
    .where('i.status', 'in', [...f.statuses])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('application_items as ai')
            .innerJoin('applications as a', 'a.id', 'ai.application_id')
            .select('ai.instrument_id')
            .whereRef('ai.org_id', '=', 'i.org_id')
            .whereRef('ai.instrument_id', '=', 'i.id')
            .where('a.status', 'in', OPEN_STATES),
        ),
      ),
    );
  if (f.categories?.length) q = q.where('i.category', 'in', [...f.categories]);
  if (f.town) q = q.where(sql<string>`coalesce(i.admin_division_code, s.town_code)`, 'like', `${f.town}%`);
  if (f.dueBefore) q = q.where('i.due_date', '<=', f.dueBefore);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`lower(i.serial_no)`, 'like', sql<string>`${like} escape '\\'`),
        eb(sql<string>`lower(i.instrument_name)`, 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  return q;
}

/** One page of candidates (by due date, then id) with the total. */
export async function candidatesPage(db: DbOrTrx, f: CandidateFilter, page: { page: number; pageSize: number }) {
  const base = candidatesWhere(db, f);
  const total = await countRows(base);
  const rows = await base
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select([
      'i.id',
      'i.serial_no',
      'i.instrument_name',
      'i.category',
      'i.status',
      'i.valid_until',
      'i.due_date',
      's.name as site_name',
      sql<string | null>`coalesce(i.admin_division_code, s.town_code, o.region_code)`.as('region'),
    ])
    .orderBy('i.due_date')
    .orderBy('i.id')
    .$call(pageOf(page))
    .execute();
  return { rows, total };
}

/** The ids a filter selects (at most `limit` + 1, so the caller sees an overflow), by id. */
export async function candidateIds(db: DbOrTrx, f: CandidateFilter, limit: number): Promise<number[]> {
  const rows = await candidatesWhere(db, f)
    .select('i.id')
    .orderBy('i.id')
    .limit(limit + 1)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** How many candidates a filter selects. */
export async function candidateCount(db: DbOrTrx, f: CandidateFilter): Promise<number> {
  return countRows(candidatesWhere(db, f));
}

/** The distinct (category, region) pairs of a filter's candidates (region as in instrumentsByIds). */
export async function candidatePairs(db: DbOrTrx, f: CandidateFilter): Promise<{ category: string; region: string | null }[]> {
  const region = sql<string | null>`coalesce(i.admin_division_code, s.town_code, o.region_code)`;
  const rows = await candidatesWhere(db, f)
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select(['i.category', region.as('region')])
    .groupBy(['i.category', region])
    .orderBy('i.category')
    .execute();
  return rows.map((r) => ({ category: r.category, region: r.region }));
}

/** Items are written in chunks of this many rows (3 parameters each: far below both engines' limits). */
const ITEM_CHUNK = 1000;

/** Replaces an application's items in multi-row inserts of ITEM_CHUNK rows. */
export async function setItemsBulk(db: DbOrTrx, applicationId: number, orgId: number, instrumentIds: readonly number[]): Promise<void> {
  await db.deleteFrom('application_items').where('application_id', '=', applicationId).execute();
  for (let i = 0; i < instrumentIds.length; i += ITEM_CHUNK) {
    await db
      .insertInto('application_items')
      .values(instrumentIds.slice(i, i + ITEM_CHUNK).map((id) => ({ application_id: applicationId, org_id: orgId, instrument_id: id })))
      .execute();
  }
}

/** The contact fields of an organization (the application form's defaults). */
export async function orgContact(db: DbOrTrx, orgId: number) {
  return db.selectFrom('organizations').select(['contact_name', 'contact_phone']).where('id', '=', orgId).executeTakeFirst();
}

/** Results of an application on some instruments (the detail's page), by instrument and nozzle. */
export async function resultsOnInstruments(db: DbOrTrx, applicationId: number, instrumentIds: readonly number[]) {
  if (instrumentIds.length === 0) return [];
  return db
    .selectFrom('verifications')
    .select(['instrument_id', 'nozzle_no', 'date', 'conclusion', 'certificate_no', 'valid_until'])
    .where('application_id', '=', applicationId)
    .where('instrument_id', 'in', [...instrumentIds])
    .orderBy('instrument_id')
    .orderBy('nozzle_no')
    .orderBy('date')
    .execute();
}

/** How many results of an application passed and failed (every instrument and nozzle). */
export async function resultCounts(db: DbOrTrx, applicationId: number): Promise<{ passed: number; failed: number }> {
  const rows = await db
    .selectFrom('verifications')
    .select((eb) => ['conclusion', eb.fn.countAll<number>().as('n')])
    .where('application_id', '=', applicationId)
    .groupBy('conclusion')
    .execute();
  const n = (c: string) => Number(rows.find((r) => r.conclusion === c)?.n ?? 0);
  return { passed: n('passed'), failed: n('failed') };
}
