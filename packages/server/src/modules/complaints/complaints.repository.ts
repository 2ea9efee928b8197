import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../auth/scope.js';
import type { DbOrTrx } from '../../db/database.js';
import { countRows, pageOf } from '../../db/paging.queries.js';
import type { DB } from '../../db/schema.js';
import type { ComplaintRow } from '../../db/schema-complaints.js';

export { settingValue, upsertSetting } from '../../db/settings.queries.js';

/** SQL of complaints, their notes, sessions, attachments, arbitrations, throttle and the utilities' self-reports. */

export type NewComplaint = Omit<ComplaintRow, 'id'>;

export async function insertComplaint(db: DbOrTrx, row: NewComplaint): Promise<number> {
  const r = await db.insertInto('complaints').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateComplaint(db: DbOrTrx, id: number, patch: Partial<NewComplaint>): Promise<void> {
  await db.updateTable('complaints').set(patch).where('id', '=', id).execute();
}

export function complaintById(db: DbOrTrx, id: number): Promise<ComplaintRow | undefined> {
  return db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function complaintByCode(db: DbOrTrx, code: string): Promise<ComplaintRow | undefined> {
  return db.selectFrom('complaints').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

/** The complaint's scope predicate: bureau region (town or region, or neither known), office towns, own organization. */
export function complaintScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'complaints'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return eb.or([
          likePrefix(eb.ref('complaints.town_code'), scope.prefix),
          eb.and([eb('complaints.town_code', 'is', null), likePrefix(eb.ref('complaints.region_code'), scope.prefix)]),
          eb.and([eb('complaints.town_code', 'is', null), eb('complaints.region_code', 'is', null)]),
        ]);
      case 'towns':
        return anyTownPrefix(eb.ref('complaints.town_code'), scope.towns);
      case 'org':
        return eb('complaints.org_id', '=', scope.orgId);
    }
  };
}

export interface ListFilter {
  stage?: string;
  type?: string;
  subject?: string;
  townCode?: string;
  orgId?: number;
  handlerUserId?: number;
  /** next_deadline ≤ this date (near or overdue) */
  deadlineBy?: string;
  /** next_deadline < this date (overdue) */
  deadlineBefore?: string;
  /** next_deadline > this date (near, not overdue) */
  deadlineAfter?: string;
  decided?: 'in_time' | 'late';
  mediation?: string;
  /** only these ids (drill-downs computed in TypeScript) */
  ids?: readonly number[];
  receivedFrom?: string;
  receivedTo?: string;
}

function filtered(db: DbOrTrx, scope: Scope, f: ListFilter) {
  let q = db.selectFrom('complaints').where(complaintScope(scope));
  if (f.stage) q = q.where('complaints.stage', '=', f.stage);
  if (f.type) q = q.where('complaints.type', '=', f.type);
  if (f.subject) q = q.where('complaints.subject', '=', f.subject);
  if (f.townCode) q = q.where('complaints.town_code', '=', f.townCode);
  if (f.orgId) q = q.where('complaints.org_id', '=', f.orgId);
  if (f.handlerUserId) q = q.where('complaints.handler_user_id', '=', f.handlerUserId);
  if (f.deadlineBy) q = q.where('complaints.next_deadline', '<=', f.deadlineBy).where('complaints.paused_at', 'is', null);
  if (f.deadlineBefore) q = q.where('complaints.next_deadline', '<', f.deadlineBefore);
  if (f.deadlineAfter) q = q.where('complaints.next_deadline', '>', f.deadlineAfter);
  if (f.mediation) q = q.where('complaints.mediation_result', '=', f.mediation);
  if (f.ids) q = q.where('complaints.id', 'in', f.ids.length > 0 ? [...f.ids] : [-1]);
  if (f.receivedFrom) q = q.where('complaints.received_at', '>=', f.receivedFrom);
  if (f.receivedTo) q = q.where('complaints.received_at', '<', f.receivedTo);
  return q;
}

const LIST_COLUMNS = [
  'complaints.id',
  'complaints.tracking_code',
  'complaints.type',
  'complaints.subject',
  'complaints.stage',
  'complaints.org_id',
  'complaints.town_code',
  'complaints.office_id',
  'complaints.handler_user_id',
  'complaints.anonymous',
  'complaints.name_enc',
  'complaints.phone_enc',
  'complaints.received_at',
  'complaints.next_deadline',
  'complaints.paused_at',
  'complaints.duplicate_of',
] as const;

export type ListRow = Awaited<ReturnType<typeof listComplaints>>['rows'][number];

export type ListOrder = 'deadline' | 'received';

/** The complaints in scope with the names a list shows; by deadline (soonest first) or newest first. */
function listRows(db: DbOrTrx, scope: Scope, f: ListFilter, order: ListOrder) {
  const rows = filtered(db, scope, f)
    .leftJoin('organizations as o', 'o.id', 'complaints.org_id')
    .leftJoin('organizations as off', 'off.id', 'complaints.office_id')
    .leftJoin('regions as r', 'r.code', 'complaints.town_code')
    .leftJoin('users as u', 'u.id', 'complaints.handler_user_id')
    .leftJoin('complaints as dup', 'dup.id', 'complaints.duplicate_of')
    .select([
      ...LIST_COLUMNS,
      'o.name as org_name',
      'off.name as office_name',
      'r.name as town_name',
      'u.display_name as handler_name',
      'dup.tracking_code as duplicate_code',
    ]);
  if (order === 'deadline')
    return rows
      .orderBy(sql`case when complaints.next_deadline is null then 1 else 0 end`)
      .orderBy('complaints.next_deadline')
      .orderBy('complaints.id');
  return rows.orderBy('complaints.received_at', 'desc').orderBy('complaints.id', 'desc');
}

/** A page of complaints in scope, with the names a list shows; by deadline (soonest first) or newest first. */
export async function listComplaints(db: DbOrTrx, scope: Scope, f: ListFilter, q: { page: number; pageSize: number }, order: ListOrder) {
  const total = await countRows(filtered(db, scope, f));
  return { total, rows: await listRows(db, scope, f, order).$call(pageOf(q)).execute() };
}

/** `limit` rows of the list from `offset`, in the list's order (the export reads the whole list this way). */
export function listChunk(db: DbOrTrx, scope: Scope, f: ListFilter, order: ListOrder, offset: number, limit: number) {
  return listRows(db, scope, f, order).limit(limit).offset(offset).execute();
}

/** Every complaint in scope with the columns the statistics need (a county: hundreds a year). */
export function statRows(db: DbOrTrx, scope: Scope, f: ListFilter) {
  return filtered(db, scope, f)
    .leftJoin('organizations as o', 'o.id', 'complaints.org_id')
    .leftJoin('regions as r', 'r.code', 'complaints.town_code')
    .select([
      'complaints.id',
      'complaints.type',
      'complaints.subject',
      'complaints.stage',
      'complaints.org_id',
      'o.name as org_name',
      'complaints.town_code',
      'r.name as town_name',
      'complaints.received_at',
      'complaints.accepted_at',
      'complaints.decided_at',
      'complaints.decision_deadline',
      'complaints.closed_at',
      'complaints.mediation_result',
      'complaints.next_deadline',
      'complaints.paused_at',
      'complaints.paused_working_days',
    ])
    .execute();
}

export async function names(db: DbOrTrx, c: ComplaintRow) {
  const [org, site, ins, town, office, handler] = await Promise.all([
    c.org_id ? db.selectFrom('organizations').select('name').where('id', '=', c.org_id).executeTakeFirst() : undefined,
    c.site_id ? db.selectFrom('sites').select('name').where('id', '=', c.site_id).executeTakeFirst() : undefined,
    c.instrument_id
      ? db
          .selectFrom('instruments')
          .select(['serial_no', 'category', 'public_code', 'admin_division_code'])
          .where('id', '=', c.instrument_id)
          .executeTakeFirst()
      : undefined,
    c.town_code ? db.selectFrom('regions').select('name').where('code', '=', c.town_code).executeTakeFirst() : undefined,
    c.office_id ? db.selectFrom('organizations').select('name').where('id', '=', c.office_id).executeTakeFirst() : undefined,
    c.handler_user_id ? db.selectFrom('users').select('display_name').where('id', '=', c.handler_user_id).executeTakeFirst() : undefined,
  ]);
  return {
    orgName: org?.name ?? null,
    siteName: site?.name ?? null,
    instrument: ins ?? null,
    townName: town?.name ?? null,
    officeName: office?.name ?? null,
    handlerName: handler?.display_name ?? null,
  };
}

/** The earliest complaint of the same phone and instrument received since `since` (the duplicate's original). */
export function findOriginal(db: DbOrTrx, phoneHash: string, instrumentId: number, since: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'duplicate_of'])
    .where('phone_hash', '=', phoneHash)
    .where('instrument_id', '=', instrumentId)
    .where('received_at', '>=', since)
    .orderBy('received_at')
    .orderBy('id')
    .executeTakeFirst();
}

export async function duplicateCodes(db: DbOrTrx, id: number): Promise<string[]> {
  const rows = await db.selectFrom('complaints').select('tracking_code').where('duplicate_of', '=', id).orderBy('id').execute();
  return rows.map((r) => r.tracking_code);
}

export async function trackingCodeOf(db: DbOrTrx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return (await db.selectFrom('complaints').select('tracking_code').where('id', '=', id).executeTakeFirst())?.tracking_code ?? null;
}

// ---- notes, sessions, attachments, arbitrations ----

export async function insertNote(
  db: DbOrTrx,
  row: { complaint_id: number; kind: string; text: string; org_id: number | null; at: string; by_label: string },
): Promise<number> {
  const r = await db.insertInto('complaint_notes').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function notesOf(db: DbOrTrx, complaintId: number, kinds?: readonly string[]) {
  let q = db.selectFrom('complaint_notes').selectAll().where('complaint_id', '=', complaintId);
  if (kinds) q = q.where('kind', 'in', [...kinds]);
  return q.orderBy('at').orderBy('id').execute();
}

export async function insertSession(
  db: DbOrTrx,
  row: { complaint_id: number; held_on: string; parties: string; summary: string; outcome: string; at: string; by_label: string },
): Promise<number> {
  const r = await db.insertInto('complaint_sessions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function sessionsOf(db: DbOrTrx, complaintId: number) {
  return db.selectFrom('complaint_sessions').selectAll().where('complaint_id', '=', complaintId).orderBy('held_on').orderBy('id').execute();
}

export async function insertAttachment(
  db: DbOrTrx,
  row: { complaint_id: number; file_name: string; type: string; bytes: number; content: Buffer; uploaded_at: string },
): Promise<number> {
  const r = await db.insertInto('complaint_attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function attachmentsOf(db: DbOrTrx, complaintId: number) {
  return db
    .selectFrom('complaint_attachments')
    .select(['id', 'file_name', 'type', 'bytes'])
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
}

export function attachment(db: DbOrTrx, complaintId: number, id: number) {
  return db.selectFrom('complaint_attachments').selectAll().where('complaint_id', '=', complaintId).where('id', '=', id).executeTakeFirst();
}

export async function insertArbitration(
  db: DbOrTrx,
  row: {
    complaint_id: number;
    application_id: number;
    institution_id: number;
    instrument_id: number;
    requested_at: string;
    requested_by: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('complaint_arbitrations')
    .values({ ...row, refund: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export function arbitrationsOf(db: DbOrTrx, complaintId: number) {
  return db
    .selectFrom('complaint_arbitrations as a')
    .leftJoin('organizations as o', 'o.id', 'a.institution_id')
    .leftJoin('applications as va', 'va.id', 'a.application_id')
    .selectAll('a')
    .select(['o.name as institution_name', 'va.status as application_status'])
    .where('a.complaint_id', '=', complaintId)
    .orderBy('a.id')
    .execute();
}

export async function setRefund(db: DbOrTrx, id: number, refund: string): Promise<void> {
  await db.updateTable('complaint_arbitrations').set({ refund }).where('id', '=', id).execute();
}

/** The latest verification result of an instrument recorded on or after a date (the arbitration's result). */
export function resultSince(db: DbOrTrx, instrumentId: number, since: string) {
  return db
    .selectFrom('verifications')
    .select(['date', 'conclusion', 'certificate_no', 'measurements'])
    .where('instrument_id', '=', instrumentId)
    .where('date', '>=', since)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

// ---- look-ups for intake and assignment ----

export function instrumentByPublicCode(db: DbOrTrx, code: string) {
  return db
    .selectFrom('instruments as i')
    .leftJoin('sites as s', 's.id', 'i.site_id')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 'i.site_id', 'i.category', 'i.admin_division_code', 's.town_code', 'o.region_code'])
    .where('i.public_code', '=', code)
    .executeTakeFirst();
}

export function orgByName(db: DbOrTrx, name: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'region_code'])
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function orgById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'region_code', 'contact_name', 'contact_phone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The office covering a town (the lowest id when two do). */
export async function officeOfTown(db: DbOrTrx, town: string): Promise<number | null> {
  const r = await db.selectFrom('office_towns').select('office_id').where('town_code', '=', town).orderBy('office_id').executeTakeFirst();
  return r ? Number(r.office_id) : null;
}

export async function officeTowns(db: DbOrTrx, officeId: number): Promise<string[]> {
  const rows = await db.selectFrom('office_towns').select('town_code').where('office_id', '=', officeId).execute();
  return rows.map((r) => r.town_code);
}

export function userById(db: DbOrTrx, id: number) {
  return db.selectFrom('users').select(['id', 'org_id', 'role', 'display_name', 'disabled']).where('id', '=', id).executeTakeFirst();
}

// ---- throttle and challenge ----

export async function throttleCount(db: DbOrTrx, bucket: string, keyHash: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('complaint_throttle')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('bucket', '=', bucket)
    .where('key_hash', '=', keyHash)
    .where('at', '>=', since)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function throttleAdd(db: DbOrTrx, bucket: string, keyHash: string, at: string): Promise<void> {
  await db.insertInto('complaint_throttle').values({ bucket, key_hash: keyHash, at }).execute();
}

export async function throttlePrune(db: DbOrTrx, before: string): Promise<void> {
  await db.deleteFrom('complaint_throttle').where('at', '<', before).execute();
  await db.deleteFrom('complaint_challenges_used').where('expires_at', '<', before).execute();
}

/** Spends a challenge nonce: false when it was spent already. */
export async function spendNonce(db: DbOrTrx, nonce: string, expiresAt: string): Promise<boolean> {
  const r = await db
    .insertInto('complaint_challenges_used')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

// ---- figures for reports and the risk score (complaints.api.ts) ----

/** Complaints accepted in [from, to] naming one of these organizations: org, subject, count. */
export function acceptedByOrgSubject(db: DbOrTrx, orgIds: readonly number[], fromIso: string, toIso: string) {
  return db
    .selectFrom('complaints')
    .select(['org_id', 'subject', (eb) => eb.fn.countAll().as('n')])
    .where('org_id', 'in', orgIds.length > 0 ? [...orgIds] : [-1])
    .where('accepted_at', '>=', fromIso)
    .where('accepted_at', '<', toIso)
    .groupBy(['org_id', 'subject'])
    .execute();
}

/** Complaints (not refused) received since an instant, per organization and per site. */
export function countsSince(db: DbOrTrx, sinceIso: string) {
  return db
    .selectFrom('complaints')
    .select(['org_id', 'site_id', (eb) => eb.fn.countAll().as('n')])
    .where('org_id', 'is not', null)
    .where('received_at', '>=', sinceIso)
    .where('stage', '!=', 'refused')
    .groupBy(['org_id', 'site_id'])
    .execute();
}

export function utilityReportsIn(db: DbOrTrx, orgIds: readonly number[], from: string, to: string) {
  return db
    .selectFrom('utility_complaint_reports')
    .select(['org_id', 'meter_type', 'handled', 'meters_replaced'])
    .where('org_id', 'in', orgIds.length > 0 ? [...orgIds] : [-1])
    .where('period_start', '>=', from)
    .where('period_end', '<=', to)
    .execute();
}

export async function upsertUtilityReport(
  db: DbOrTrx,
  row: {
    org_id: number;
    meter_type: string;
    period_start: string;
    period_end: string;
    handled: number;
    meters_replaced: number;
    submitted_at: string;
    submitted_by: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('utility_complaint_reports')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['org_id', 'meter_type', 'period_start', 'period_end']).doUpdateSet({
        handled: row.handled,
        meters_replaced: row.meters_replaced,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listUtilityReports(
  db: DbOrTrx,
  orgFilter: ((eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool>) | null,
  orgId: number | undefined,
  q: { page: number; pageSize: number },
) {
  let base = db.selectFrom('utility_complaint_reports as u').innerJoin('organizations', 'organizations.id', 'u.org_id');
  if (orgFilter) base = base.where(orgFilter);
  if (orgId) base = base.where('u.org_id', '=', orgId);
  const total = await countRows(base);
  const rows = await base
    .selectAll('u')
    .select('organizations.name as org_name')
    .orderBy('u.period_start', 'desc')
    .orderBy('u.id', 'desc')
    .$call(pageOf(q))
    .execute();
  return { total, rows };
}

/** The public code of one in-service instrument of an organization and category (the demo's disputed instruments). */
export async function instrumentCodesOf(db: DbOrTrx, orgId: number, category: string, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('instruments')
    .select('public_code')
    .where('org_id', '=', orgId)
    .where('category', '=', category)
    .where('removal_date', 'is', null)
    .orderBy('id')
    .limit(n)
    .execute();
  return rows.map((r) => r.public_code);
}

/** Open complaints whose clock runs (not paused, a next deadline): the notification source's limit check. */
export function runningClocks(db: DbOrTrx) {
  return db
    .selectFrom('complaints')
    .select(['id', 'tracking_code', 'stage', 'next_deadline', 'handler_user_id', 'town_code', 'org_id'])
    .where('stage', 'in', ['received', 'accepted', 'mediating'])
    .where('paused_at', 'is', null)
    .where('next_deadline', 'is not', null)
    .execute();
}

/** Complaints closed (办结) per handler login: the talent pool's "complaints handled". */
export function closedCountsByHandler(db: DbOrTrx, usernames: readonly string[]) {
  return db
    .selectFrom('complaints')
    .innerJoin('users', 'users.id', 'complaints.handler_user_id')
    .select(['users.username', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('complaints.stage', '=', 'closed')
    .where('users.username', 'in', usernames.length > 0 ? [...usernames] : [''])
    .groupBy('users.username')
    .execute();
}
