/**
 * All SQL of the inspection records (docs/SUPERVISION.md, Inspections): records, their inspectors, proposed findings,
 * photos and signatures, corrections; the assignments they pick up; the instruments they check.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import type { InspectionsTable } from '../../../db/schema-supervision-inspections.js';

/** Which records a scope admits: by the target's region code (its town), or one organization's own finished records. */
function inspectionScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'inspections'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('inspections.region_code'), scope.prefix);
      case 'towns':
        return anyTownPrefix(eb.ref('inspections.region_code'), scope.towns);
      case 'org':
        return eb.and([eb('inspections.org_id', '=', scope.orgId), eb('inspections.state', '=', 'finished')]);
    }
  };
}

// ---- targets, assignments, inspectors ----

export function targetById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('supervision_targets')
    .innerJoin('organizations as o', 'o.id', 'supervision_targets.org_id')
    .leftJoin('sites as s', 's.id', 'supervision_targets.site_id')
    .select([
      'supervision_targets.id',
      'supervision_targets.target_key',
      'supervision_targets.kind',
      'supervision_targets.org_id',
      'supervision_targets.site_id',
      'supervision_targets.region_code',
      'o.name as org_name',
      's.name as site_name',
    ])
    .where('supervision_targets.id', '=', id)
    .executeTakeFirst();
}

export function targetIdByKey(db: DbOrTrx, key: string) {
  return db.selectFrom('supervision_targets').select('id').where('target_key', '=', key).executeTakeFirst();
}

export function assignmentById(db: DbOrTrx, id: number) {
  return db.selectFrom('inspection_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function assignmentInspectorIds(db: DbOrTrx, assignmentId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('inspection_assignment_inspectors')
    .select('inspector_id')
    .where('assignment_id', '=', assignmentId)
    .orderBy('position')
    .execute();
  return rows.map((r) => Number(r.inspector_id));
}

export async function setAssignmentStatus(trx: Trx, id: number, status: string): Promise<void> {
  await trx.updateTable('inspection_assignments').set({ status }).where('id', '=', id).execute();
}

export function inspectorsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('supervision_inspectors')
    .innerJoin('users as u', 'u.id', 'supervision_inspectors.user_id')
    .select([
      'supervision_inspectors.id',
      'supervision_inspectors.user_id',
      'supervision_inspectors.cert_no',
      'supervision_inspectors.active',
      'supervision_inspectors.valid_from',
      'supervision_inspectors.valid_until',
      'u.display_name as name',
    ])
    .where('supervision_inspectors.id', 'in', ids)
    .execute();
}

export async function inspectorIdsOfUser(db: DbOrTrx, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('supervision_inspectors').select('id').where('user_id', '=', userId).execute();
  return rows.map((r) => Number(r.id));
}

/** The planned (or in-progress) assignments of these inspectors, with their draw, target and record; by planned date (a drawn one: its draw's run time), then creation. */
export function assignmentsOfInspectors(db: DbOrTrx, inspectorIds: readonly number[]) {
  if (inspectorIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspection_assignments as a')
    .leftJoin('draw_plans as d', 'd.id', 'a.draw_id')
    .leftJoin('supervision_targets as t', 't.target_key', 'a.target_key')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('inspections as i', 'i.assignment_id', 'a.id')
    .select([
      'a.id',
      'a.kind',
      'a.draw_id',
      'a.target_key',
      'a.status',
      'd.title as draw_title',
      't.id as target_id',
      't.kind as target_kind',
      'o.name as org_name',
      's.name as site_name',
      'i.id as inspection_id',
      'i.state as inspection_state',
      'a.planned_date',
      'a.reason',
      'd.revealed_at as draw_revealed_at',
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('inspection_assignment_inspectors as ai')
          .select('ai.assignment_id')
          .whereRef('ai.assignment_id', '=', 'a.id')
          .where('ai.inspector_id', 'in', inspectorIds),
      ),
    )
    .where('a.status', '=', 'planned')
    .orderBy(sql`coalesce(a.planned_date, d.revealed_at)`)
    .orderBy('a.id')
    .execute();
}

/** Inspectors of assignments, in order, with 执法证号 and name. */
export function inspectorsOfAssignments(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspection_assignment_inspectors as ai')
    .innerJoin('supervision_inspectors as si', 'si.id', 'ai.inspector_id')
    .innerJoin('users as u', 'u.id', 'si.user_id')
    .select(['ai.assignment_id', 'si.id', 'si.cert_no', 'u.display_name as name'])
    .where('ai.assignment_id', 'in', ids)
    .orderBy('ai.assignment_id')
    .orderBy('ai.position')
    .execute();
}

// ---- records ----

export type NewInspectionRow = Omit<InspectionsTable, 'id'>;

/** Inserts a record; null when its assignment already has one (the unique assignment). */
export async function insertInspection(trx: Trx, row: NewInspectionRow): Promise<number | null> {
  const r = await trx
    .insertInto('inspections')
    .values(row)
    .onConflict((oc) => oc.column('assignment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** Updates a record only while it is in `state` (a draft: not finished meanwhile); false when it was not. */
export async function updateInState(trx: Trx, id: number, state: string, patch: Partial<NewInspectionRow>): Promise<boolean> {
  const r = await trx.updateTable('inspections').set(patch).where('id', '=', id).where('state', '=', state).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the party's rating once; false when it was rated meanwhile. */
export async function rateOnce(
  trx: Trx,
  id: number,
  v: { rating: number; rating_comment: string | null; rated_at: string; rated_by: string },
): Promise<boolean> {
  const r = await trx.updateTable('inspections').set(v).where('id', '=', id).where('rating', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateInspection(trx: Trx, id: number, patch: Partial<NewInspectionRow>): Promise<void> {
  await trx.updateTable('inspections').set(patch).where('id', '=', id).execute();
}

export async function setInspectors(trx: Trx, id: number, inspectorIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('inspection_inspectors').where('inspection_id', '=', id).execute();
  if (inspectorIds.length)
    await trx
      .insertInto('inspection_inspectors')
      .values(inspectorIds.map((inspector_id, position) => ({ inspection_id: id, inspector_id, position })))
      .execute();
}

function recordRows(db: DbOrTrx) {
  return db
    .selectFrom('inspections')
    .innerJoin('organizations as o', 'o.id', 'inspections.org_id')
    .leftJoin('sites as s', 's.id', 'inspections.site_id')
    .leftJoin('draw_plans as d', 'd.id', 'inspections.draw_id')
    .selectAll('inspections')
    .select(['o.name as org_name', 's.name as site_name', 'd.title as draw_title'])
    .select((eb) =>
      eb
        .selectFrom('inspection_proposals as p')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('p.inspection_id', '=', 'inspections.id')
        .where('p.state', '=', 'confirmed')
        .as('findings'),
    );
}
export type InspectionRecordRow = Awaited<ReturnType<typeof getInspection>> & {};

/** One record in scope (a party sees its own finished records only). */
export function getInspection(db: DbOrTrx, id: number, scope: Scope) {
  return recordRows(db).where('inspections.id', '=', id).where(inspectionScope(scope)).executeTakeFirst();
}

export interface InspectionFilter {
  state?: string;
  origin?: string;
  orgId?: number;
  /** only records these inspectors are on */
  inspectorIds?: readonly number[];
  /** only targets with at least `min` finished adhoc visits since `since` */
  repeated?: { since: string; min: number };
  /** the target's town and kind, the visit day's period (the supervision dashboard's coverage links) */
  townCode?: string;
  targetKind?: string;
  from?: string;
  to?: string;
}

export async function listInspections(db: DbOrTrx, scope: Scope, f: InspectionFilter, page: { limit: number; offset: number }) {
  let base = db.selectFrom('inspections').where(inspectionScope(scope));
  if (f.state) base = base.where('inspections.state', '=', f.state);
  if (f.origin) base = base.where('inspections.origin', '=', f.origin);
  if (f.orgId) base = base.where('inspections.org_id', '=', f.orgId);
  if (f.targetKind) base = base.where('inspections.target_kind', '=', f.targetKind);
  if (f.from) base = base.where('inspections.visited_at', '>=', f.from);
  if (f.to) base = base.where('inspections.visited_at', '<=', `${f.to}T23:59`);
  const townCode = f.townCode;
  if (townCode)
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_targets as st')
          .select('st.id')
          .whereRef('st.id', '=', 'inspections.target_id')
          .where('st.town_code', '=', townCode),
      ),
    );
  const ids = f.inspectorIds;
  if (ids)
    base =
      ids.length === 0
        ? base.where(sql<SqlBool>`1 = 0`)
        : base.where((eb) =>
            eb.exists(
              eb
                .selectFrom('inspection_inspectors as ii')
                .select('ii.inspection_id')
                .whereRef('ii.inspection_id', '=', 'inspections.id')
                .where('ii.inspector_id', 'in', ids),
            ),
          );
  const rep = f.repeated;
  if (rep)
    base = base.where((eb) =>
      eb(
        eb
          .selectFrom('inspections as v')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('v.target_id', '=', 'inspections.target_id')
          .where('v.origin', '=', 'adhoc')
          .where('v.state', '=', 'finished')
          .where('v.visited_at', '>=', rep.since),
        '>=',
        rep.min,
      ),
    );
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const idRows = await base
    .select('inspections.id')
    .orderBy('inspections.updated_at', 'desc')
    .orderBy('inspections.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const list = idRows.map((r) => Number(r.id));
  const rows = list.length
    ? await recordRows(db)
        .where('inspections.id', 'in', list)
        .orderBy('inspections.updated_at', 'desc')
        .orderBy('inspections.id', 'desc')
        .execute()
    : [];
  return { rows, total };
}

/** Finished visits outside any draw (origin adhoc) per target since a date (`visited_at` ≥ since). */
export async function adhocVisitCounts(db: DbOrTrx, targetIds: readonly number[], since: string): Promise<Map<number, number>> {
  const m = new Map<number, number>();
  if (targetIds.length === 0) return m;
  const rows = await db
    .selectFrom('inspections')
    .select(['target_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('target_id', 'in', targetIds)
    .where('origin', '=', 'adhoc')
    .where('state', '=', 'finished')
    .where('visited_at', '>=', since)
    .groupBy('target_id')
    .execute();
  for (const r of rows) m.set(Number(r.target_id), Number(r.n));
  return m;
}

export function inspectorsOfRecords(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspection_inspectors as ii')
    .innerJoin('supervision_inspectors as si', 'si.id', 'ii.inspector_id')
    .innerJoin('users as u', 'u.id', 'si.user_id')
    .select(['ii.inspection_id', 'si.id', 'si.user_id', 'si.cert_no', 'u.display_name as name'])
    .where('ii.inspection_id', 'in', ids)
    .orderBy('ii.inspection_id')
    .orderBy('ii.position')
    .execute();
}

// ---- proposals ----

export function proposalsOf(db: DbOrTrx, inspectionId: number) {
  return db.selectFrom('inspection_proposals').selectAll().where('inspection_id', '=', inspectionId).orderBy('id').execute();
}

export async function insertProposals(
  trx: Trx,
  rows: {
    inspection_id: number;
    key: string;
    code: string;
    instrument_ids: string;
    basis: string;
    basis_params: string;
    created_at: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('inspection_proposals')
    .values(rows.map((r) => ({ ...r, state: 'proposed' })))
    .onConflict((oc) => oc.columns(['inspection_id', 'key']).doNothing())
    .execute();
}

export function getProposal(db: DbOrTrx, inspectionId: number, id: number) {
  return db
    .selectFrom('inspection_proposals')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Decides a proposal still `proposed`; false when another decision came first. */
export async function decideProposal(
  trx: Trx,
  id: number,
  v: { state: string; finding_id: number | null; note: string | null; decided_by: string; decided_at: string },
): Promise<boolean> {
  const r = await trx.updateTable('inspection_proposals').set(v).where('id', '=', id).where('state', '=', 'proposed').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- files ----

export async function insertFile(
  trx: Trx,
  row: {
    inspection_id: number;
    kind: string;
    role: string | null;
    file_name: string;
    mime: string;
    bytes: number;
    sha256: string;
    content: Buffer;
    created_by: string;
    created_at: string;
  },
): Promise<number> {
  const r = await trx.insertInto('inspection_files').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteSignature(trx: Trx, inspectionId: number, role: string): Promise<void> {
  await trx
    .deleteFrom('inspection_files')
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', 'signature')
    .where('role', '=', role)
    .execute();
}

export function filesOf(db: DbOrTrx, inspectionId: number) {
  return db
    .selectFrom('inspection_files')
    .select(['id', 'kind', 'role', 'file_name', 'mime', 'bytes', 'sha256', 'created_at'])
    .where('inspection_id', '=', inspectionId)
    .orderBy('id')
    .execute();
}

export function fileContent(db: DbOrTrx, inspectionId: number, fileId: number) {
  return db
    .selectFrom('inspection_files')
    .select(['file_name', 'mime', 'content', 'sha256'])
    .where('inspection_id', '=', inspectionId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}

// ---- corrections ----

export async function insertCorrection(
  trx: Trx,
  row: { inspection_id: number; reason: string; original: string; changes: string; created_by: string; created_at: string },
): Promise<number> {
  const r = await trx.insertInto('inspection_corrections').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function correctionsOf(db: DbOrTrx, inspectionId: number) {
  return db.selectFrom('inspection_corrections').selectAll().where('inspection_id', '=', inspectionId).orderBy('id').execute();
}

// ---- instruments ----

const INSTRUMENT_COLUMNS = [
  'instruments.id',
  'instruments.org_id',
  'instruments.site_id',
  'instruments.category',
  'instruments.instrument_name',
  'instruments.serial_no',
  'instruments.public_code',
  'instruments.seal_nos',
  'instruments.status',
] as const;

/** The in-ledger instruments of a target (its organization, its site for a station site), by public code or serial. */
export function instrumentsAtTarget(db: DbOrTrx, t: { orgId: number; siteId: number | null; categories: readonly string[]; q?: string }) {
  let qb = db
    .selectFrom('instruments')
    .select([...INSTRUMENT_COLUMNS])
    .where('instruments.org_id', '=', t.orgId)
    .where('instruments.removal_date', 'is', null);
  if (t.siteId !== null) qb = qb.where('instruments.site_id', '=', t.siteId);
  if (t.categories.length) qb = qb.where('instruments.category', 'in', t.categories);
  const q = t.q;
  if (q) qb = qb.where((eb) => eb.or([eb('instruments.public_code', '=', q), eb('instruments.serial_no', '=', q)]));
  return qb.orderBy('instruments.category').orderBy('instruments.serial_no').limit(200).execute();
}

export function instrumentsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('instruments')
    .select([...INSTRUMENT_COLUMNS])
    .where('instruments.id', 'in', ids)
    .execute();
}

export function nozzlesOf(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('nozzles')
    .select(['instrument_id', 'nozzle_no'])
    .where('instrument_id', 'in', ids)
    .where('removal_date', 'is', null)
    .orderBy('instrument_id')
    .orderBy('nozzle_no')
    .execute();
}

// ---- settings ----

export { settingValue, upsertSetting } from '../../../db/settings.queries.js';

export function getInspectionByAssignment(db: DbOrTrx, assignmentId: number) {
  return db.selectFrom('inspections').select('id').where('assignment_id', '=', assignmentId).executeTakeFirst();
}

// ---- demo (inspections.demo.ts) ----

/** The station site with the most overdue dispensers (the demo's 2 dispensers / 4 nozzles past their cycle), as a target. */
export async function demoOverdueStationTarget(db: DbOrTrx) {
  const site = await db
    .selectFrom('instruments')
    .select(['site_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('category', '=', 'fuel_dispenser')
    .where('status', '=', 'overdue')
    .where('site_id', 'is not', null)
    .groupBy('site_id')
    .orderBy('n', 'desc')
    .orderBy('site_id')
    .executeTakeFirst();
  if (!site?.site_id) return undefined;
  return db
    .selectFrom('supervision_targets')
    .select(['id', 'target_key', 'region_code'])
    .where('site_id', '=', Number(site.site_id))
    .executeTakeFirst();
}

/** The active inspectors of the office covering a town (else the bureau's), in register order. */
export function demoInspectorsFor(db: DbOrTrx, townCode: string) {
  return db
    .selectFrom('supervision_inspectors as si')
    .innerJoin('organizations as off', 'off.id', 'si.office_id')
    .select(['si.id', 'off.kind'])
    .where('si.active', '=', 1)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('office_towns as ot')
            .select('ot.office_id')
            .whereRef('ot.office_id', '=', 'si.office_id')
            .where('ot.town_code', '=', townCode),
        ),
        eb('off.kind', '=', 'bureau'),
      ]),
    )
    .orderBy(sql`case when off.kind = 'bureau' then 1 else 0 end`)
    .orderBy('si.id')
    .execute();
}

/** In-service (installed, not removed) civil meters of a category with a verification, spread over the ledger by id. */
export function demoMetersInHomes(db: DbOrTrx, category: string, n: number) {
  return db
    .selectFrom('instruments')
    .select(['id', 'public_code'])
    .where('category', '=', category)
    .where('removal_date', 'is', null)
    .where('install_date', 'is not', null)
    .where('status', 'in', ['valid', 'due_soon'])
    .orderBy(sql`(id * 7919) % 10007`)
    .limit(n)
    .execute();
}

// ---- documents and disclosure (docs/SUPERVISION.md "Documents", "Disclosure of inspection results") ----

/** The inspected party's identity and place for a record's documents: credit code, addresses, the record's region. */
export function recordParty(db: DbOrTrx, id: number) {
  return db
    .selectFrom('inspections')
    .innerJoin('organizations as o', 'o.id', 'inspections.org_id')
    .leftJoin('sites as s', 's.id', 'inspections.site_id')
    .select([
      'o.credit_code',
      'o.address as org_address',
      's.address as site_address',
      's.town_code as site_town',
      'inspections.region_code',
    ])
    .where('inspections.id', '=', id)
    .executeTakeFirst();
}

/** The drawn signatures' bytes of a record, by role. */
export function signatureContents(db: DbOrTrx, id: number) {
  return db
    .selectFrom('inspection_files')
    .select(['role', 'mime', 'content'])
    .where('inspection_id', '=', id)
    .where('kind', '=', 'signature')
    .orderBy('id')
    .execute();
}

/** The finished records of a draw (origin random), by id. */
export async function finishedIdsOfDraw(db: DbOrTrx, drawId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('inspections')
    .select('id')
    .where('draw_id', '=', drawId)
    .where('origin', '=', 'random')
    .where('state', '=', 'finished')
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Finished inspections per inspector (the talent pool's activity, docs/TALENT.md). */
export async function finishedInspectionCounts(db: DbOrTrx, inspectorIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (inspectorIds.length === 0) return out;
  const rows = await db
    .selectFrom('inspection_inspectors as ii')
    .innerJoin('inspections as i', 'i.id', 'ii.inspection_id')
    .select(['ii.inspector_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ii.inspector_id', 'in', [...inspectorIds])
    .where('i.state', '=', 'finished')
    .groupBy('ii.inspector_id')
    .execute();
  for (const r of rows) out.set(Number(r.inspector_id), Number(r.n));
  return out;
}
