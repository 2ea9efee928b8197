/** All SQL of the findings (违法行为记录, docs/domain/product.md §3.4): the `findings` table, with its organization's name. */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

export interface NewFindingRow {
  org_id: number;
  code: string;
  date: string;
  source: 'inspection' | 'system';
  /** JSON: { instrumentIds?, applicationIds?, versions? } */
  refs: string;
  note: string | null;
  dedupe_key: string | null;
  created_at: string;
}

/** Inserts a finding unless one with the same dedupe key exists; its id, or null when it existed. */
export async function insertFindingOnce(trx: Trx, row: NewFindingRow): Promise<number | null> {
  const r = await trx
    .insertInto('findings')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : null;
}

/** Which findings a reader sees: one organization's own, or those of the organizations a scope filter admits. */
export type FindingScope = { ownOrgId: number } | { orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool> };

export interface FindingFilter {
  orgId?: number;
  code?: string;
  source?: string;
  /** dated on or after / on or before */
  from?: string;
  to?: string;
}

/** One page of findings (newest date first) with the total, each with its organization's name. */
export async function listFindings(db: DbOrTrx, scope: FindingScope, f: FindingFilter, page: { limit: number; offset: number }) {
  let base = db.selectFrom('findings').innerJoin('organizations', 'organizations.id', 'findings.org_id');
  if ('ownOrgId' in scope) base = base.where('findings.org_id', '=', scope.ownOrgId);
  else base = base.where(scope.orgFilter);
  if (f.orgId) base = base.where('findings.org_id', '=', f.orgId);
  if (f.code) base = base.where('findings.code', '=', f.code);
  if (f.source) base = base.where('findings.source', '=', f.source);
  if (f.from) base = base.where('findings.date', '>=', f.from);
  if (f.to) base = base.where('findings.date', '<=', f.to);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .selectAll('findings')
    .select('organizations.name as org_name')
    .orderBy('findings.date', 'desc')
    .orderBy('findings.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total };
}

/** One finding with its organization, if the scope filter admits the organization. */
export async function findFindingInScope(
  db: DbOrTrx,
  id: number,
  orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool>,
) {
  return db
    .selectFrom('findings')
    .innerJoin('organizations', 'organizations.id', 'findings.org_id')
    .selectAll('findings')
    .select(['organizations.name as org_name', 'organizations.credit_code as org_credit_code'])
    .where('findings.id', '=', id)
    .where(orgFilter)
    .executeTakeFirst();
}

/** Inserts an inspection finding (no dedupe key); its id. */
export async function insertFinding(trx: Trx, row: NewFindingRow): Promise<number> {
  const r = await trx.insertInto('findings').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}
