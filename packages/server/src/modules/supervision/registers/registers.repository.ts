/**
 * All SQL of the supervision registers (docs/SUPERVISION.md, Registers): inspection targets (refreshed from the
 * organizations and their station sites, with the inputs of the risk score), inspectors (执法人员) and their conflicts.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';
import type { DB } from '../../../db/schema.js';

/** Which targets a scope admits: by the target's town (or its organization's region), or one organization's own. */
function targetScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'supervision_targets'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('supervision_targets.region_code'), scope.prefix);
      case 'towns':
        return anyTownPrefix(eb.ref('supervision_targets.region_code'), scope.towns);
      case 'org':
        return eb('supervision_targets.org_id', '=', scope.orgId);
    }
  };
}

// ---- sources of the target register ----

/** Regulated organizations (not deleted) of the given kinds. */
export function regulatedOrgs(db: DbOrTrx, kinds: readonly string[]) {
  return db
    .selectFrom('organizations')
    .select(['id', 'kind', 'credit_code', 'region_code'])
    .where('kind', 'in', kinds)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Station sites of the gas-station organizations (not deleted), with the organization's 统一社会信用代码. */
export function stationSites(db: DbOrTrx) {
  return db
    .selectFrom('sites')
    .innerJoin('organizations', 'organizations.id', 'sites.org_id')
    .select(['sites.id', 'sites.org_id', 'sites.town_code', 'organizations.credit_code'])
    .where('sites.kind', '=', 'gas_station')
    .where('organizations.kind', '=', 'gas_station')
    .where('organizations.deleted_at', 'is', null)
    .orderBy('sites.id')
    .execute();
}

/** Which office covers which town. */
export function officeTowns(db: DbOrTrx) {
  return db
    .selectFrom('office_towns')
    .innerJoin('organizations', 'organizations.id', 'office_towns.office_id')
    .select(['office_towns.office_id', 'office_towns.town_code'])
    .where('organizations.deleted_at', 'is', null)
    .orderBy('office_towns.office_id')
    .execute();
}

/** Findings per organization dated on or after `since`. */
export function findingCounts(db: DbOrTrx, since: string) {
  return db
    .selectFrom('findings')
    .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('date', '>=', since)
    .groupBy('org_id')
    .execute();
}

/** Instruments with a status (removed ones left out) and how many are overdue, per organization and site. */
export function overdueCounts(db: DbOrTrx) {
  return db
    .selectFrom('instruments')
    .select([
      'org_id',
      'site_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(sql`case when status in ('overdue', 'rotation_overdue') then 1 else 0 end`).as('overdue'),
    ])
    .where('status', 'is not', null)
    .where('status', '!=', 'removed')
    .groupBy(['org_id', 'site_id'])
    .execute();
}

export interface TargetUpsert {
  target_key: string;
  kind: string;
  org_id: number;
  site_id: number | null;
  region_code: string;
  town_code: string | null;
  office_id: number | null;
  risk_score: number;
  risk_inputs: string;
}

/** The last inspection date of every target key that has one. */
export async function lastInspections(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('supervision_targets')
    .select(['target_key', 'last_inspection_date'])
    .where('last_inspection_date', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.target_key, r.last_inspection_date as string]));
}

/** Writes the refreshed register: inserts or updates each target, marks the targets not seen as inactive. */
export async function saveTargets(trx: Trx, rows: TargetUpsert[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200).map((r) => ({ ...r, active: 1, refreshed_at: at, created_at: at, updated_at: at }));
    await trx
      .insertInto('supervision_targets')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('target_key').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          org_id: eb.ref('excluded.org_id'),
          site_id: eb.ref('excluded.site_id'),
          region_code: eb.ref('excluded.region_code'),
          town_code: eb.ref('excluded.town_code'),
          office_id: eb.ref('excluded.office_id'),
          risk_score: eb.ref('excluded.risk_score'),
          risk_inputs: eb.ref('excluded.risk_inputs'),
          active: 1,
          refreshed_at: at,
          updated_at: at,
        })),
      )
      .execute();
  }
  const seen = rows.map((r) => r.target_key);
  let q = trx.updateTable('supervision_targets').set({ active: 0, updated_at: at }).where('active', '=', 1);
  if (seen.length > 0) q = q.where('target_key', 'not in', seen);
  await q.execute();
}

function targetRows(db: DbOrTrx) {
  return db
    .selectFrom('supervision_targets')
    .innerJoin('organizations as o', 'o.id', 'supervision_targets.org_id')
    .leftJoin('sites as s', 's.id', 'supervision_targets.site_id')
    .leftJoin('organizations as off', 'off.id', 'supervision_targets.office_id');
}
const TARGET_COLUMNS = [
  'supervision_targets.id',
  'supervision_targets.target_key',
  'supervision_targets.kind',
  'supervision_targets.org_id',
  'supervision_targets.site_id',
  'supervision_targets.region_code',
  'supervision_targets.town_code',
  'supervision_targets.office_id',
  'supervision_targets.last_inspection_date',
  'supervision_targets.risk_score',
  'supervision_targets.risk_inputs',
  'supervision_targets.active',
  'supervision_targets.refreshed_at',
  'o.name as org_name',
  'o.credit_code',
  's.name as site_name',
  'off.name as office_name',
] as const;
export type TargetRow = Awaited<ReturnType<typeof getTarget>> & {};

export interface TargetFilter {
  kind?: string;
  townCode?: string;
  q?: string;
  orgId?: number;
  sort: 'risk' | 'key';
}

/** One page of active targets in scope (highest risk first, or by key). */
export async function listTargets(db: DbOrTrx, scope: Scope, f: TargetFilter, page: { page: number; pageSize: number }) {
  let base = targetRows(db).where(targetScope(scope)).where('supervision_targets.active', '=', 1);
  if (f.kind) base = base.where('supervision_targets.kind', '=', f.kind);
  if (f.townCode) base = base.where('supervision_targets.town_code', '=', f.townCode);
  if (f.orgId) base = base.where('supervision_targets.org_id', '=', f.orgId);
  if (f.q) {
    const q = `%${f.q}%`;
    base = base.where((eb) => eb.or([eb('o.name', 'like', q), eb('supervision_targets.target_key', 'like', q), eb('s.name', 'like', q)]));
  }
  const total = await countRows(base);
  let rows = base.select([...TARGET_COLUMNS]);
  rows = f.sort === 'risk' ? rows.orderBy('supervision_targets.risk_score', 'desc') : rows;
  const items = await rows.orderBy('supervision_targets.target_key').$call(pageOf(page)).execute();
  return { rows: items, total };
}

export function getTarget(db: DbOrTrx, id: number, scope: Scope) {
  return targetRows(db)
    .select([...TARGET_COLUMNS])
    .where('supervision_targets.id', '=', id)
    .where(targetScope(scope))
    .executeTakeFirst();
}

export async function setLastInspection(trx: Trx, id: number, date: string | null, at: string): Promise<void> {
  await trx.updateTable('supervision_targets').set({ last_inspection_date: date, updated_at: at }).where('id', '=', id).execute();
}

/** The active targets of the given kinds in a region (code prefix), for a draw's candidate lists. */
export function candidateTargets(db: DbOrTrx, regionPrefix: string, kinds: readonly string[]) {
  return db
    .selectFrom('supervision_targets')
    .select(['id', 'target_key', 'kind', 'org_id', 'site_id', 'town_code', 'region_code', 'office_id', 'risk_score'])
    .where('active', '=', 1)
    .where('kind', 'in', kinds)
    .where(sql<SqlBool>`region_code like ${`${regionPrefix}%`}`)
    .orderBy('target_key')
    .execute();
}

/** Targets by key (for names on the draw detail and for the assignments). */
export function targetsByKeys(db: DbOrTrx, keys: readonly string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return targetRows(db)
    .select([...TARGET_COLUMNS])
    .where('supervision_targets.target_key', 'in', keys)
    .execute();
}

// ---- inspectors ----

/** Which inspectors a reader sees: all, the offices of a region, or one office's own. */
export type InspectorScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'office'; officeId: number };

function inspectorScope(s: InspectorScope): Expression<SqlBool> {
  if (s.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (s.kind === 'office') return sql<SqlBool>`supervision_inspectors.office_id = ${s.officeId}`;
  return likePrefix(sql.ref('off.region_code'), s.prefix);
}

function inspectorRows(db: DbOrTrx) {
  return db
    .selectFrom('supervision_inspectors')
    .innerJoin('users as u', 'u.id', 'supervision_inspectors.user_id')
    .innerJoin('organizations as off', 'off.id', 'supervision_inspectors.office_id');
}
const INSPECTOR_COLUMNS = [
  'supervision_inspectors.id',
  'supervision_inspectors.cert_no',
  'supervision_inspectors.user_id',
  'supervision_inspectors.office_id',
  'supervision_inspectors.valid_from',
  'supervision_inspectors.valid_until',
  'supervision_inspectors.active',
  'u.display_name as user_name',
  'off.name as office_name',
  'off.kind as office_kind',
  'off.region_code as office_region',
] as const;

export async function listInspectors(
  db: DbOrTrx,
  scope: InspectorScope,
  f: { officeId?: number; q?: string },
  page: { page: number; pageSize: number },
) {
  let base = inspectorRows(db).where(inspectorScope(scope));
  if (f.officeId) base = base.where('supervision_inspectors.office_id', '=', f.officeId);
  if (f.q) {
    const q = `%${f.q}%`;
    base = base.where((eb) => eb.or([eb('u.display_name', 'like', q), eb('supervision_inspectors.cert_no', 'like', q)]));
  }
  const total = await countRows(base);
  const rows = await base
    .select([...INSPECTOR_COLUMNS])
    .orderBy('supervision_inspectors.office_id')
    .orderBy('supervision_inspectors.cert_no')
    .$call(pageOf(page))
    .execute();
  return { rows, total };
}

export function getInspector(db: DbOrTrx, id: number, scope: InspectorScope) {
  return inspectorRows(db)
    .select([...INSPECTOR_COLUMNS])
    .where('supervision_inspectors.id', '=', id)
    .where(inspectorScope(scope))
    .executeTakeFirst();
}
export type InspectorRow = NonNullable<Awaited<ReturnType<typeof getInspector>>>;

export function inspectorsByCert(db: DbOrTrx, certs: readonly string[]) {
  if (certs.length === 0) return Promise.resolve([] as InspectorRow[]);
  return inspectorRows(db)
    .select([...INSPECTOR_COLUMNS])
    .where('supervision_inspectors.cert_no', 'in', certs)
    .execute();
}

/** Every inspector in scope with the user's login name (the talent pool's people, docs/TALENT.md). */
export function inspectorRecords(db: DbOrTrx, scope: InspectorScope) {
  return inspectorRows(db)
    .select([...INSPECTOR_COLUMNS, 'u.username'])
    .where(inspectorScope(scope))
    .orderBy('supervision_inspectors.id')
    .execute();
}

/** Every inspector whose office lies in a region (code prefix), for a draw's pools. */
export function inspectorsInRegion(db: DbOrTrx, prefix: string) {
  return inspectorRows(db)
    .select([...INSPECTOR_COLUMNS])
    .where(likePrefix(sql.ref('off.region_code'), prefix))
    .orderBy('supervision_inspectors.cert_no')
    .execute();
}

export async function certTaken(db: DbOrTrx, certNo: string): Promise<boolean> {
  return !!(await db.selectFrom('supervision_inspectors').select('id').where('cert_no', '=', certNo).executeTakeFirst());
}

export async function insertInspector(
  trx: Trx,
  row: { user_id: number; office_id: number; cert_no: string; valid_from: string; valid_until: string; active: number; created_at: string },
): Promise<number> {
  const r = await trx
    .insertInto('supervision_inspectors')
    .values({ ...row, updated_at: row.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateInspector(
  trx: Trx,
  id: number,
  set: { office_id?: number; valid_from?: string; valid_until?: string; active?: number; updated_at: string },
): Promise<void> {
  await trx.updateTable('supervision_inspectors').set(set).where('id', '=', id).execute();
}

export function conflictsOf(db: DbOrTrx, inspectorIds: readonly number[]) {
  if (inspectorIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('supervision_conflicts')
    .innerJoin('organizations', 'organizations.id', 'supervision_conflicts.org_id')
    .select([
      'supervision_conflicts.inspector_id',
      'supervision_conflicts.org_id',
      'supervision_conflicts.note',
      'supervision_conflicts.created_at',
      'organizations.name as org_name',
      'organizations.credit_code',
    ])
    .where('supervision_conflicts.inspector_id', 'in', inspectorIds)
    .orderBy('supervision_conflicts.id')
    .execute();
}

/** Adds a declared conflict unless the pair exists; whether it was added. */
export async function insertConflict(
  trx: Trx,
  row: { inspector_id: number; org_id: number; note: string | null; created_at: string },
): Promise<boolean> {
  const r = await trx
    .insertInto('supervision_conflicts')
    .values(row)
    .onConflict((oc) => oc.columns(['inspector_id', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export async function deleteConflict(trx: Trx, inspectorId: number, orgId: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('supervision_conflicts')
    .where('inspector_id', '=', inspectorId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Organization by 统一社会信用代码 (not deleted). */
export function orgByCreditCode(db: DbOrTrx, creditCode: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'region_code', 'credit_code'])
    .where('credit_code', '=', creditCode)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** An organization's kind and region (the office of an inspector). */
export function orgById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'region_code'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function userById(db: DbOrTrx, id: number) {
  return db.selectFrom('users').select(['id', 'role', 'org_id', 'display_name', 'username']).where('id', '=', id).executeTakeFirst();
}
