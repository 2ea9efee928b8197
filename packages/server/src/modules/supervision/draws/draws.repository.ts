/** All SQL of the draws (docs/SUPERVISION.md): committed plans, their results, and the planned inspection assignments. */
import { type Expression, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';

/** Which draws a scope admits, by the draw's region: a region prefix, or draws of one of the office's towns. */
function drawScope(scope: Scope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'region':
      return likePrefix(sql.ref('draw_plans.region_code'), scope.prefix);
    case 'towns':
      return anyTownPrefix(sql.ref('draw_plans.region_code'), scope.towns);
    case 'org':
      return sql<SqlBool>`1 = 0`;
  }
}

export interface NewDrawRow {
  title: string;
  region_code: string;
  algorithm: string;
  kinds: string;
  stratify_by: string;
  ratio_bp: number;
  min_per_stratum: number;
  inspectors_per_target: number;
  max_per_inspector: number | null;
  strata: string;
  recusals: string;
  candidates: number;
  seed: string;
  commitment: string;
  created_by: string;
  committed_at: string;
}

export async function insertDraw(trx: Trx, row: NewDrawRow): Promise<number> {
  const r = await trx
    .insertInto('draw_plans')
    .values({ ...row, state: 'committed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export function getDraw(db: DbOrTrx, id: number, scope: Scope) {
  return db.selectFrom('draw_plans').selectAll().where('id', '=', id).where(drawScope(scope)).executeTakeFirst();
}
export type DrawRow = NonNullable<Awaited<ReturnType<typeof getDraw>>>;

export async function listDraws(db: DbOrTrx, scope: Scope, f: { state?: string }, page: { page: number; pageSize: number }) {
  let base = db.selectFrom('draw_plans').where(drawScope(scope));
  if (f.state) base = base.where('state', '=', f.state);
  const total = await countRows(base);
  const rows = await base.selectAll().orderBy('id', 'desc').$call(pageOf(page)).execute();
  return { rows, total };
}

/** Reveals a committed draw (state committed → revealed); false when it was already run. */
export async function revealDraw(
  trx: Trx,
  id: number,
  set: { witness: string | null; result: string; drawn: number; revealed_at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('draw_plans')
    .set({ ...set, state: 'revealed' })
    .where('id', '=', id)
    .where('state', '=', 'committed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAssignment(
  trx: Trx,
  row: { kind: string; draw_id: number | null; target_key: string; org_id: number; site_id: number | null; created_at: string },
  inspectorIds: number[],
): Promise<number> {
  const r = await trx
    .insertInto('inspection_assignments')
    .values({ ...row, status: 'planned' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  if (inspectorIds.length > 0)
    await trx
      .insertInto('inspection_assignment_inspectors')
      .values(inspectorIds.map((inspector_id, position) => ({ assignment_id: id, inspector_id, position })))
      .execute();
  return id;
}

/** The planned assignments of a draw with their inspectors' ids, in order. */
export async function assignmentsOfDraw(db: DbOrTrx, drawId: number) {
  const rows = await db
    .selectFrom('inspection_assignments')
    .leftJoin('inspection_assignment_inspectors as ai', 'ai.assignment_id', 'inspection_assignments.id')
    .select([
      'inspection_assignments.id',
      'inspection_assignments.kind',
      'inspection_assignments.target_key',
      'inspection_assignments.org_id',
      'inspection_assignments.site_id',
      'inspection_assignments.status',
      'ai.inspector_id',
      'ai.position',
    ])
    .where('inspection_assignments.draw_id', '=', drawId)
    .orderBy('inspection_assignments.id')
    .orderBy('ai.position')
    .execute();
  return rows;
}
