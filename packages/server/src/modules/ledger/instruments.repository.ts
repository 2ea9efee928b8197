import type { Expression, ExpressionBuilder, Insertable, SelectQueryBuilder, SqlBool, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countPage, explainLines, pageOf } from '../../db/paging.queries.js';
import type { DB, InstrumentRow, NewInstrument, VerificationsTable } from '../../db/schema.js';
import type { InstrumentStateChangesTable } from '../../db/schema-ledger.js';

/** All SQL of the instrument ledger's single-row paths (the bulk import path is in import/ledger-import.repository.ts). */

export type InstrumentFilter = (eb: ExpressionBuilder<DB, 'instruments'>) => Expression<SqlBool>;

export interface InstrumentListParams {
  page: number;
  pageSize: number;
  orgId?: number;
  category?: string;
  status?: string;
  siteId?: number;
  town?: string;
  ledgerState?: string;
  q?: string;
  sort: 'serialNo' | 'category' | 'status' | 'validUntil' | 'updatedAt' | 'installDate';
  order: 'asc' | 'desc';
}

const SORT_COLUMNS = {
  serialNo: 'instruments.serial_no',
  category: 'instruments.category',
  status: 'instruments.status',
  validUntil: 'instruments.valid_until',
  updatedAt: 'instruments.updated_at',
  installDate: 'instruments.install_date',
} as const;

export type InstrumentListRow = InstrumentRow & { org_name: string | null; site_name: string | null; site_town: string | null };

function filteredInstruments(db: DbOrTrx, scope: InstrumentFilter, p: InstrumentListParams) {
  let base = db.selectFrom('instruments').where(scope);
  if (p.orgId) base = base.where('instruments.org_id', '=', p.orgId);
  if (p.category) base = base.where('instruments.category', '=', p.category);
  if (p.status) base = base.where('instruments.status', '=', p.status);
  if (p.siteId) base = base.where('instruments.site_id', '=', p.siteId);
  if (p.town) base = base.where('instruments.admin_division_code', 'like', `${p.town}%`);
  if (p.ledgerState) base = base.where('instruments.ledger_state', '=', p.ledgerState);
  if (p.q) base = base.where((eb) => eb(eb.fn('lower', ['instruments.serial_no']), 'like', `%${(p.q as string).toLowerCase()}%`));
  return base;
}

export async function listInstruments(db: DbOrTrx, scope: InstrumentFilter, p: InstrumentListParams, countCap: number) {
  const base = filteredInstruments(db, scope, p);
  const total = await countPage(db, base, p, countCap);
  const rows = await instrumentPageQuery(base, p).execute();
  return { rows: rows as InstrumentListRow[], ...total };
}

/** Ids of the filtered instruments in list order (serial number, id), at most `limit`: a "select all that match". */
export async function filteredInstrumentIds(
  db: DbOrTrx,
  scope: InstrumentFilter,
  p: Omit<InstrumentListParams, 'page' | 'pageSize' | 'sort' | 'order'>,
  limit: number,
): Promise<number[]> {
  const all = { ...p, page: 1, pageSize: limit, sort: 'serialNo' as const, order: 'asc' as const };
  const rows = await filteredInstruments(db, scope, all)
    .select('instruments.id')
    .orderBy('instruments.serial_no')
    .orderBy('instruments.id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Page `p` of the filtered instruments, sorted by the chosen column then id (status and category: then serial
 * number and id): served in order by the (org_id, <column>[, serial_no], id) indexes of migration
 * 20261206T2300_list_indexes and the unique (org_id, category, serial_no), so page 1 reads a page of index
 * entries instead of sorting the organization; a status or category filter with the default sort uses the same
 * indexes. The joins are by primary key.
 */
function instrumentPageQuery<O>(base: SelectQueryBuilder<DB, 'instruments', O>, p: InstrumentListParams) {
  return base
    .leftJoin('organizations', 'organizations.id', 'instruments.org_id')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .selectAll('instruments')
    .select(['organizations.name as org_name', 'sites.name as site_name', 'sites.town_code as site_town'])
    .orderBy(SORT_COLUMNS[p.sort], p.order)
    .$if(p.sort === 'status' || p.sort === 'category', (qb) => qb.orderBy('instruments.serial_no', p.order))
    .orderBy('instruments.id', p.order)
    .$call(pageOf(p));
}

/** The query plan of a list page (SQLite `EXPLAIN QUERY PLAN` details / PostgreSQL `EXPLAIN` lines), for tests and diagnosis. */
export async function explainInstrumentPage(db: DbOrTrx, engine: 'sqlite' | 'postgres', scope: InstrumentFilter, p: InstrumentListParams) {
  return explainLines(db, engine, instrumentPageQuery(filteredInstruments(db, scope, p), p).compile());
}

export async function findInstrument(db: DbOrTrx, id: number, scope: InstrumentFilter): Promise<InstrumentListRow | undefined> {
  const r = await db
    .selectFrom('instruments')
    .leftJoin('organizations', 'organizations.id', 'instruments.org_id')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .selectAll('instruments')
    .select(['organizations.name as org_name', 'sites.name as site_name', 'sites.town_code as site_town'])
    .where('instruments.id', '=', id)
    .where(scope)
    .executeTakeFirst();
  return r as InstrumentListRow | undefined;
}

export async function findByKey(db: DbOrTrx, orgId: number, category: string, serialNo: string) {
  return db
    .selectFrom('instruments')
    .select('id')
    .where('org_id', '=', orgId)
    .where('category', '=', category)
    .where('serial_no', '=', serialNo)
    .executeTakeFirst();
}

export async function insertInstrument(db: DbOrTrx, row: NewInstrument): Promise<number> {
  const r = await db.insertInto('instruments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateInstrument(db: DbOrTrx, id: number, patch: Partial<NewInstrument>): Promise<void> {
  await db.updateTable('instruments').set(patch).where('id', '=', id).execute();
}

export async function listNozzles(db: DbOrTrx, orgId: number, instrumentId: number) {
  return db
    .selectFrom('nozzles')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('instrument_id', '=', instrumentId)
    .orderBy('nozzle_no')
    .execute();
}

export async function insertNozzles(
  db: DbOrTrx,
  rows: { org_id: number; instrument_id: number; nozzle_no: number; fuel_grade: string | null; created_at: string }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('nozzles')
    .values(rows)
    .onConflict((oc) => oc.columns(['instrument_id', 'nozzle_no']).doNothing())
    .execute();
}

export async function listVerifications(db: DbOrTrx, orgId: number, instrumentId: number) {
  return db
    .selectFrom('verifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('instrument_id', '=', instrumentId)
    .orderBy('date', 'desc')
    .orderBy('nozzle_no')
    .execute();
}

export async function findVerification(db: DbOrTrx, instrumentId: number, nozzleNo: number, date: string) {
  return db
    .selectFrom('verifications')
    .selectAll()
    .where('instrument_id', '=', instrumentId)
    .where('nozzle_no', '=', nozzleNo)
    .where('date', '=', date)
    .executeTakeFirst();
}

export async function insertVerification(db: DbOrTrx, row: Insertable<VerificationsTable>): Promise<void> {
  await db.insertInto('verifications').values(row).execute();
}

export async function updateVerification(db: DbOrTrx, id: number, patch: Updateable<VerificationsTable>): Promise<void> {
  await db.updateTable('verifications').set(patch).where('id', '=', id).execute();
}

/** A site's owner and town, to check that an instrument's site belongs to its organization. */
export async function findSiteRef(db: DbOrTrx, siteId: number) {
  return db.selectFrom('sites').select(['id', 'org_id', 'town_code']).where('id', '=', siteId).executeTakeFirst();
}

export async function listStateChanges(db: DbOrTrx, orgId: number, instrumentId: number) {
  return db
    .selectFrom('instrument_state_changes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('instrument_id', '=', instrumentId)
    .orderBy('id')
    .execute();
}

type NewStateChange = Insertable<InstrumentStateChangesTable>;

/** The committed imports that created or changed an instrument, oldest first (its 备案历史 entries from files). */
export async function listImportEntries(db: DbOrTrx, orgId: number, instrumentId: number) {
  return db
    .selectFrom('import_journal')
    .innerJoin('import_jobs', 'import_jobs.id', 'import_journal.job_id')
    .select([
      'import_jobs.id as job_id',
      'import_jobs.file_name',
      'import_jobs.created_by',
      'import_jobs.finished_at',
      'import_journal.change',
      'import_journal.diff',
    ])
    .where('import_journal.instrument_id', '=', instrumentId)
    .where('import_jobs.org_id', '=', orgId)
    .where('import_jobs.state', '=', 'committed')
    .orderBy('import_jobs.id')
    .limit(200)
    .execute();
}

export async function insertStateChange(db: DbOrTrx, r: NewStateChange) {
  await db.insertInto('instrument_state_changes').values(r).execute();
}

/** Many state changes (demo seeding), 500 rows per statement. */
export async function insertStateChanges(db: DbOrTrx, rows: NewStateChange[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('instrument_state_changes')
      .values(rows.slice(i, i + 500))
      .execute();
}

/**
 * The replacement links of an instrument (docs/domain/forms.md §4 `replacesSerial`): the meter it replaced (its
 * `replaces_instrument_id`) and the meter that replaced it (its `replaced_by_id`, else the newest instrument whose
 * `replaces_instrument_id` names it), each within the scope.
 */
export async function findReplacementLinks(
  db: DbOrTrx,
  row: Pick<InstrumentRow, 'id' | 'org_id' | 'replaced_by_id' | 'replaces_instrument_id'>,
  scope: InstrumentFilter,
): Promise<{ replaces: { id: number; serial_no: string } | null; replacedBy: { id: number; serial_no: string } | null }> {
  const ref = (id: number | null) =>
    id === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('instruments')
          .select(['id', 'serial_no'])
          .where('instruments.id', '=', id)
          .where('org_id', '=', row.org_id)
          .where(scope)
          .executeTakeFirst();
  const [replaces, byLink, byReplacement] = await Promise.all([
    ref(row.replaces_instrument_id === null ? null : Number(row.replaces_instrument_id)),
    ref(row.replaced_by_id === null ? null : Number(row.replaced_by_id)),
    row.replaced_by_id !== null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('instruments')
          .select(['id', 'serial_no'])
          .where('replaces_instrument_id', '=', row.id)
          .where('org_id', '=', row.org_id)
          .where(scope)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst(),
  ]);
  const out = (r: { id: number; serial_no: string } | undefined) => (r ? { id: Number(r.id), serial_no: r.serial_no } : null);
  return { replaces: out(replaces), replacedBy: out(byLink ?? byReplacement) };
}

/** Display names of the users behind `user:<username>` actor labels (a history line names the person, not the login). */
export async function displayNamesOf(db: DbOrTrx, usernames: readonly string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['username', 'display_name'])
    .where('username', 'in', [...usernames])
    .execute();
  return new Map(rows.map((r) => [r.username, r.display_name]));
}
