/**
 * SQL of the campaign statistics (docs/REPORTS.md; columns of docs/domain/forms.md §5–§7). The reports module reads
 * the tables of the ledger, verification and supervision modules here (read-only), never through their repositories.
 * Every figure and its drill-down list come from the same function below, so a drill-down list is the set behind the
 * number.
 */
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

/** Ledger states after which an instrument has left service (docs/domain/forms.md §1 `inService`). */
const OUT_OF_SERVICE_STATES = ['removed', 'scrapped', 'suspended'];
/** Verification kinds that can pass an instrument (a spot check never renews validity). */
export const PASSING_KINDS = ['initial', 'periodic', 'subsequent', 'arbitration'];

/** Region prefix of the report and the caller's data scope, on a column holding a region/town code. */
export function regionAndScope(col: string, prefix: string, scope: Scope, orgCol: string) {
  return (): ReturnType<typeof sql<SqlBool>> => {
    const inRegion = likePrefix(sql.ref(col), prefix);
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`${inRegion}`;
      case 'region':
        return sql<SqlBool>`(${inRegion} and ${likePrefix(sql.ref(col), scope.prefix)})`;
      case 'towns':
        return sql<SqlBool>`(${inRegion} and ${anyTownPrefix(sql.ref(col), scope.towns)})`;
      case 'org':
        return sql<SqlBool>`(${inRegion} and ${sql.ref(orgCol)} = ${scope.orgId})`;
    }
  };
}

export interface RegionRow {
  code: string;
  name: string;
}

export async function regionByCode(db: DbOrTrx, code: string): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function regionNameMap(db: DbOrTrx, prefix: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where(likePrefix(sql.ref('code'), prefix.slice(0, 6)))
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface OrgLite {
  id: number;
  name: string;
  kind: string;
  credit_code: string;
  region_code: string;
  address: string | null;
  ownership_type: string | null;
}

/**
 * Utilities (Attachment 2 rows): water, power and gas suppliers located in the region or holding meters there, in
 * the caller's scope (their meters are filtered by the scope again in the span counts, spans.queries).
 */
export async function utilitiesInRegion(db: DbOrTrx, prefix: string, scope: Scope): Promise<OrgLite[]> {
  const inst = regionAndScope('instruments.admin_division_code', prefix, scope, 'instruments.org_id');
  const own = regionAndScope('organizations.region_code', prefix, scope, 'organizations.id');
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'credit_code', 'region_code', 'address', 'ownership_type'])
    .where('kind', 'in', ['water_supply', 'power_supply', 'gas_supply'])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        own(),
        eb.exists(
          eb
            .selectFrom('instruments')
            .select(sql.lit(1).as('x'))
            .whereRef('instruments.org_id', '=', 'organizations.id')
            .where('instruments.category', 'in', ['water_meter', 'electricity_meter', 'gas_meter'])
            .where(inst()),
        ),
      ]),
    )
    .orderBy('credit_code')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface StationSiteRow extends OrgLite {
  site_id: number;
  site_name: string;
  site_address: string | null;
  town_code: string;
}

/** Gas station sites (Attachment 3 rows) in the region and the caller's scope, in credit-code order. */
export async function stationSitesInRegion(db: DbOrTrx, prefix: string, scope: Scope): Promise<StationSiteRow[]> {
  const filter = regionAndScope('sites.town_code', prefix, scope, 'sites.org_id');
  const rows = await db
    .selectFrom('sites')
    .innerJoin('organizations as o', 'o.id', 'sites.org_id')
    .select([
      'o.id',
      'o.name',
      'o.kind',
      'o.credit_code',
      'o.region_code',
      'o.address',
      'o.ownership_type',
      'sites.id as site_id',
      'sites.name as site_name',
      'sites.address as site_address',
      'sites.town_code',
    ])
    .where('sites.kind', '=', 'gas_station')
    .where('o.deleted_at', 'is', null)
    .where(filter())
    .orderBy('o.credit_code')
    .orderBy('sites.name')
    .orderBy('sites.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), site_id: Number(r.site_id) }));
}

/** Names of the market supervision offices (office) covering each town. */
export async function officesByTown(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('office_towns')
    .innerJoin('organizations as o', 'o.id', 'office_towns.office_id')
    .select(['office_towns.town_code', 'o.name'])
    .where('o.deleted_at', 'is', null)
    .orderBy('o.id')
    .execute();
  const m = new Map<string, string>();
  for (const r of rows) if (!m.has(r.town_code)) m.set(r.town_code, r.name);
  return m;
}

/**
 * THE removal information of an instrument (docs/domain/forms.md §1): the ledger's removal date and reason when
 * recorded, else — for a record in state removed / scrapped / suspended — the date of its latest state change to
 * that state (the reason from that change). The only place the reports read removals: when the ledger import
 * records removal columns, this is the one function to switch.
 */
function removalColumns(eb: ExpressionBuilder<DB, 'instruments'>) {
  const latestChange = eb
    .selectFrom('instrument_state_changes as sc')
    .whereRef('sc.instrument_id', '=', 'instruments.id')
    .where('sc.to_state', 'in', OUT_OF_SERVICE_STATES)
    .orderBy('sc.effective_date', 'desc')
    .orderBy('sc.id', 'desc')
    .limit(1);
  const out = sql<SqlBool>`instruments.ledger_state in (${sql.join(OUT_OF_SERVICE_STATES)})`;
  return [
    sql<string | null>`coalesce(instruments.removal_date, case when ${out} then (${latestChange.select('sc.effective_date')}) end)`.as(
      'removal_date',
    ),
    sql<string | null>`coalesce(instruments.removal_reason, case when ${out} then (${latestChange.select('sc.reason')}) end)`.as(
      'removal_reason',
    ),
  ] as const;
}

export interface InstrumentFactRow {
  id: number;
  org_id: number;
  site_id: number | null;
  category: string;
  quantity: number;
  admin_division_code: string | null;
  install_date: string | null;
  first_use_date: string | null;
  created_at: string;
  filed_at: string | null;
  removal_date: string | null;
  removal_reason: string | null;
  first_verification_date: string | null;
  first_verified_ok: number;
  instrument_name: string | null;
  catalogue_type: string | null;
  caliber_dn: number | null;
  q3: number | null;
  g_rating: string | null;
  gas_medium: string | null;
  accuracy_class: string | null;
  ledger_state: string;
  ledger_removal_date: string | null;
}

/**
 * These instruments with the facts the reports keep of them (spans.service `buildSpans`): removal (removalColumns),
 * the earliest verification (service start), `firstVerifiedOk` (a passing initial verification dated ≤ install date —
 * dispensers: ≤ first-use date — or any date without one), and the rule attributes the status engine reads (status.api
 * `InstrumentAttrsRow`; the ledger's own `removal_date` as `ledger_removal_date`).
 */
export async function instrumentFactRows(db: DbOrTrx, ids: readonly number[]): Promise<InstrumentFactRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('instruments')
    .select((eb) => [
      'instruments.id',
      'instruments.org_id',
      'instruments.site_id',
      'instruments.category',
      'instruments.quantity',
      'instruments.admin_division_code',
      'instruments.install_date',
      'instruments.first_use_date',
      'instruments.created_at',
      'instruments.filed_at',
      'instruments.instrument_name',
      'instruments.catalogue_type',
      'instruments.caliber_dn',
      'instruments.q3',
      'instruments.g_rating',
      'instruments.gas_medium',
      'instruments.accuracy_class',
      'instruments.ledger_state',
      'instruments.removal_date as ledger_removal_date',
      ...removalColumns(eb),
      eb
        .selectFrom('verifications as v')
        .select((v) => v.fn.min('v.date').as('d'))
        .whereRef('v.instrument_id', '=', 'instruments.id')
        .as('first_verification_date'),
      sql<number>`coalesce((select 1 from verifications v where v.instrument_id = instruments.id and v.kind = 'initial'
        and v.conclusion = 'passed' and v.date <= coalesce(case when instruments.category = 'fuel_dispenser'
        then instruments.first_use_date else instruments.install_date end, '9999-12-31') limit 1), 0)`.as('first_verified_ok'),
    ])
    .where('instruments.id', 'in', [...ids])
    .orderBy('instruments.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    site_id: r.site_id === null ? null : Number(r.site_id),
    quantity: Number(r.quantity),
    first_verified_ok: Number(r.first_verified_ok),
  }));
}

export interface SampleRow {
  id: number;
  org_id: number;
  town: string | null;
  instrument_id: number;
  category: string;
  site_id: number | null;
  origin: string;
  conclusion: string;
  date: string;
}

/** S(P): sample tests dated in P of instruments in the report's region and scope (docs/domain/forms.md §1). */
export async function sampleTestsInPeriod(
  db: DbOrTrx,
  f: { prefix: string; scope: Scope; orgIds?: readonly number[]; categories?: readonly string[]; periodStart: string; periodEnd: string },
): Promise<SampleRow[]> {
  if (f.orgIds?.length === 0) return [];
  const filter = regionAndScope('i.admin_division_code', f.prefix, f.scope, 'i.org_id');
  let query = db
    .selectFrom('sample_tests as st')
    .innerJoin('instruments as i', 'i.id', 'st.instrument_id')
    .select([
      'st.id',
      'st.org_id',
      'i.admin_division_code as town',
      'st.instrument_id',
      'i.category',
      'i.site_id',
      'st.origin',
      'st.conclusion',
      'st.date',
    ]);
  if (f.orgIds) query = query.where('st.org_id', 'in', [...f.orgIds]);
  if (f.categories) query = query.where('i.category', 'in', [...f.categories]);
  const rows = await query
    .where('st.date', '>=', f.periodStart)
    .where('st.date', '<=', f.periodEnd)
    .where(filter())
    .orderBy('st.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    instrument_id: Number(r.instrument_id),
    site_id: r.site_id === null ? null : Number(r.site_id),
  }));
}

export interface FindingLite {
  id: number;
  org_id: number;
  code: string;
  date: string;
  refs: string;
}

/** Findings of these organizations dated in P. */
export async function findingsInPeriod(db: DbOrTrx, orgIds: readonly number[], from: string, to: string): Promise<FindingLite[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'org_id', 'code', 'date', 'refs'])
    .where('org_id', 'in', [...orgIds])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), org_id: Number(r.org_id) }));
}

export interface OrderLite {
  id: number;
  org_id: number;
  order_no: string;
  issued_on: string;
  refs: string;
}

/** rectification orders issued in P to these organizations, with their finding's refs. */
export async function ordersInPeriod(db: DbOrTrx, orgIds: readonly number[], from: string, to: string): Promise<OrderLite[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('rectification_orders as o')
    .innerJoin('findings as f', 'f.id', 'o.finding_id')
    .select(['o.id', 'o.org_id', 'o.order_no', 'o.issued_on', 'f.refs'])
    .where('o.org_id', 'in', [...orgIds])
    .where('o.issued_on', '>=', from)
    .where('o.issued_on', '<=', to)
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), org_id: Number(r.org_id) }));
}

export interface CaseLite {
  id: number;
  org_id: number;
  case_no: string;
  filed_on: string;
  decided_on: string | null;
  fine_fen: number;
  gains_fen: number;
  refs: string;
}

/** Cases of these organizations filed (filing) in P or decided in P, with their finding's refs. */
export async function casesInPeriod(db: DbOrTrx, orgIds: readonly number[], from: string, to: string): Promise<CaseLite[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('enforcement_cases as c')
    .innerJoin('findings as f', 'f.id', 'c.finding_id')
    .select(['c.id', 'c.org_id', 'c.case_no', 'c.filed_on', 'c.decided_on', 'c.fine_fen', 'c.gains_fen', 'f.refs'])
    .where('c.org_id', 'in', [...orgIds])
    .where((eb) => eb.or([eb.between('c.filed_on', from, to), eb.between('c.decided_on', from, to)]))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    fine_fen: Number(r.fine_fen),
    gains_fen: Number(r.gains_fen),
  }));
}

export interface InstrumentRef {
  id: number;
  category: string;
  site_id: number | null;
}

/** Category and site of instruments named by findings. */
export async function instrumentRefs(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, InstrumentRef>> {
  const m = new Map<number, InstrumentRef>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('instruments')
      .select(['id', 'category', 'site_id'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      m.set(Number(r.id), { id: Number(r.id), category: r.category, site_id: r.site_id === null ? null : Number(r.site_id) });
  }
  return m;
}

export interface InspectionLite {
  id: number;
  org_id: number;
  site_id: number | null;
  visited_at: string;
  answers: string;
  items: string;
}

/** Finished inspections of these organizations visited in P (instants compared as ISO text), latest first. */
export async function inspectionsInPeriod(db: DbOrTrx, orgIds: readonly number[], from: string, to: string): Promise<InspectionLite[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('inspections')
    .select(['id', 'org_id', 'site_id', 'visited_at', 'answers', 'items'])
    .where('org_id', 'in', [...orgIds])
    .where('state', '=', 'finished')
    .where('visited_at', '>=', from)
    .where('visited_at', '<', `${to}~`)
    .orderBy('visited_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    site_id: r.site_id === null ? null : Number(r.site_id),
    visited_at: r.visited_at as string,
  }));
}

/** Organizations with a committed ledger import created on or before D (docs/domain/forms.md §5 #7 fallback). */
export async function orgsWithLedgerImport(db: DbOrTrx, orgIds: readonly number[], asOf: string): Promise<Set<number>> {
  if (orgIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('import_jobs')
    .select('org_id')
    .distinct()
    .where('org_id', 'in', [...orgIds])
    .where('kind', '=', 'ledger')
    .where('state', '=', 'committed')
    .where('dry_run', '=', 0)
    .where('created_at', '<', `${asOf}~`)
    .execute();
  return new Set(rows.map((r) => Number(r.org_id)));
}

/** Blocks under Attachment 2: inspections of verification institutions in P and their findings in P. */
export async function institutionFigures(
  db: DbOrTrx,
  prefix: string,
  scope: Scope,
  from: string,
  to: string,
): Promise<{ inspected: number; violations: number; lateAcceptances: number }> {
  const own = regionAndScope('o.region_code', prefix, scope, 'o.id');
  const inspected = await db
    .selectFrom('inspections as s')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select((eb) => eb.fn.count<number>(sql`distinct s.org_id`).as('n'))
    .where('o.kind', '=', 'institution')
    .where('s.state', '=', 'finished')
    .where('s.visited_at', '>=', from)
    .where('s.visited_at', '<', `${to}~`)
    .where(own())
    .executeTakeFirst();
  const violations = await db
    .selectFrom('findings as f')
    .innerJoin('organizations as o', 'o.id', 'f.org_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.kind', '=', 'institution')
    .where('f.date', '>=', from)
    .where('f.date', '<=', to)
    .where(own())
    .executeTakeFirst();
  const late = await db
    .selectFrom('application_versions as v')
    .innerJoin('organizations as o', 'o.id', 'v.institution_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('v.submitted_at', '>=', from)
    .where('v.submitted_at', '<', `${to}~`)
    .where((eb) =>
      eb.or([
        eb('v.responded_at', '>', eb.ref('v.accept_deadline')),
        eb.and([eb('v.responded_at', 'is', null), eb('v.accept_deadline', '<', `${to}~`)]),
      ]),
    )
    .where(own())
    .executeTakeFirst();
  return { inspected: Number(inspected?.n ?? 0), violations: Number(violations?.n ?? 0), lateAcceptances: Number(late?.n ?? 0) };
}

/** Names of organizations by id. */
/**
 * Every organization id: the owner list of a count over all owners, so that the status-span index is read per owner
 * from D on (category, org_id, to_date) instead of across every owner's whole history.
 */
export async function allOrgIds(db: DbOrTrx): Promise<number[]> {
  return (await db.selectFrom('organizations').select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

export async function orgNamesById(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/**
 * The report cache's data version (docs/REPORTS.md): the id of the latest audit entry — every write of the platform is
 * audited (docs/ARCHITECTURE.md), so a new entry means the data may have changed. The primary key's last entry: O(1).
 */
export async function latestAuditId(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}
