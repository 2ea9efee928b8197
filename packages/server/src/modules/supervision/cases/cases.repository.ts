/** All SQL of administrative penalty cases (docs/ENFORCEMENT.md): `enforcement_cases` and `case_events`. */
import type { Expression, ExpressionBuilder, SqlBool, Updateable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import type { EnforcementCasesTable } from '../../../db/schema-enforcement.js';

/** Which cases a reader sees: those of organizations in scope, or its own organization's decided cases. */
export type CaseScope = { ownOrgId: number } | { orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool> };

export interface CaseFilter {
  stage?: string;
  orgId?: number;
  code?: string;
  /** open cases whose limit date is before this date */
  limitBefore?: string;
  /** open cases whose limit date is on or after this date (with limitBefore: a window) */
  limitFrom?: string;
  /** filed on or after / on or before */
  filedFrom?: string;
  filedTo?: string;
}

function base(db: DbOrTrx, scope: CaseScope) {
  let q = db.selectFrom('enforcement_cases').innerJoin('organizations', 'organizations.id', 'enforcement_cases.org_id');
  if ('ownOrgId' in scope)
    q = q.where('enforcement_cases.org_id', '=', scope.ownOrgId).where('enforcement_cases.stage', 'in', ['decided', 'closed']);
  else q = q.where(scope.orgFilter);
  return q;
}

export async function listCases(db: DbOrTrx, scope: CaseScope, f: CaseFilter, page: { limit: number; offset: number }) {
  let q = base(db, scope);
  if (f.stage) q = q.where('enforcement_cases.stage', '=', f.stage);
  if (f.orgId) q = q.where('enforcement_cases.org_id', '=', f.orgId);
  if (f.code) q = q.where('enforcement_cases.code', '=', f.code);
  if (f.limitBefore || f.limitFrom) q = q.where('enforcement_cases.stage', '=', 'filed');
  if (f.limitBefore) q = q.where('enforcement_cases.limit_date', '<', f.limitBefore);
  if (f.limitFrom) q = q.where('enforcement_cases.limit_date', '>=', f.limitFrom);
  if (f.filedFrom) q = q.where('enforcement_cases.filed_on', '>=', f.filedFrom);
  if (f.filedTo) q = q.where('enforcement_cases.filed_on', '<=', f.filedTo);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll('enforcement_cases')
    .select('organizations.name as org_name')
    .orderBy('enforcement_cases.filed_on', 'desc')
    .orderBy('enforcement_cases.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total };
}

export async function findCase(db: DbOrTrx, scope: CaseScope, id: number) {
  return base(db, scope)
    .selectAll('enforcement_cases')
    .select(['organizations.name as org_name', 'organizations.credit_code as org_credit_code', 'organizations.address as org_address'])
    .where('enforcement_cases.id', '=', id)
    .executeTakeFirst();
}

export async function caseForFinding(db: DbOrTrx, findingId: number) {
  return db.selectFrom('enforcement_cases').select(['id', 'case_no']).where('finding_id', '=', findingId).executeTakeFirst();
}

/** Stage counts, open cases by limit date, and the decided amounts (分) in scope. */
export async function caseFigures(db: DbOrTrx, scope: CaseScope) {
  const rows = await base(db, scope)
    .select(['enforcement_cases.stage', 'enforcement_cases.limit_date', 'enforcement_cases.fine_fen', 'enforcement_cases.gains_fen'])
    .execute();
  return rows;
}

export async function nextCaseSeq(trx: Trx, year: number): Promise<number> {
  const r = await trx
    .selectFrom('enforcement_cases')
    .select((eb) => eb.fn.max('no_seq').as('m'))
    .where('no_year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function nextDecisionSeq(trx: Trx, year: number): Promise<number> {
  const r = await trx
    .selectFrom('enforcement_cases')
    .select((eb) => eb.fn.max('decision_seq').as('m'))
    .where('decision_year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertCase(
  trx: Trx,
  row: Omit<EnforcementCasesTable, 'id' | 'extension_days' | 'extension_count' | 'fine_fen' | 'gains_fen'>,
): Promise<number> {
  const r = await trx.insertInto('enforcement_cases').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCase(trx: Trx, id: number, fromStage: string, set: Updateable<EnforcementCasesTable>): Promise<boolean> {
  const r = await trx.updateTable('enforcement_cases').set(set).where('id', '=', id).where('stage', '=', fromStage).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(
  trx: Trx,
  row: {
    case_id: number;
    kind: string;
    date: string;
    text: string | null;
    days: number | null;
    collective: number;
    by: string;
    at: string;
  },
): Promise<void> {
  await trx.insertInto('case_events').values(row).execute();
}

export async function eventsOf(db: DbOrTrx, caseId: number) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('date').orderBy('id').execute();
}

/** The escalated order of a finding, if any (a case opened from it links to it). */
export async function escalatedOrderOf(db: DbOrTrx, findingId: number) {
  return db
    .selectFrom('rectification_orders')
    .select('id')
    .where('finding_id', '=', findingId)
    .where('state', '=', 'escalated')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Cases opened per user name (the talent pool's activity, docs/TALENT.md). */
export async function caseCountsByCreator(db: DbOrTrx, usernames: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (usernames.length === 0) return out;
  const rows = await db
    .selectFrom('enforcement_cases')
    .select(['created_by', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_by', 'in', [...usernames])
    .groupBy('created_by')
    .execute();
  for (const r of rows) out.set(r.created_by, Number(r.n));
  return out;
}
