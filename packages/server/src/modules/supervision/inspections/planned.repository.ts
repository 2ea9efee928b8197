/**
 * SQL of the planned inspections created beside the draws (risk-targeted, complaint-triggered; docs/SUPERVISION.md
 * "Dashboard"): the target with its covering office, the inspectors with their office, declared conflicts, the insert.
 */
import type { DbOrTrx, Trx } from '../../../db/database.js';

export function targetForPlanning(db: DbOrTrx, id: number) {
  return db
    .selectFrom('supervision_targets')
    .innerJoin('organizations as o', 'o.id', 'supervision_targets.org_id')
    .select([
      'supervision_targets.id',
      'supervision_targets.target_key',
      'supervision_targets.org_id',
      'supervision_targets.site_id',
      'supervision_targets.region_code',
      'supervision_targets.office_id',
      'supervision_targets.active',
      'o.name as org_name',
    ])
    .where('supervision_targets.id', '=', id)
    .executeTakeFirst();
}

export function inspectorsWithOffice(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('supervision_inspectors as si')
    .innerJoin('organizations as o', 'o.id', 'si.office_id')
    .select([
      'si.id',
      'si.cert_no',
      'si.office_id',
      'si.active',
      'si.valid_from',
      'si.valid_until',
      'o.kind as office_kind',
      'o.region_code as office_region',
    ])
    .where('si.id', 'in', ids)
    .execute();
}

/** Inspectors among `ids` with a declared conflict with the organization. */
export async function recusedAmong(db: DbOrTrx, ids: readonly number[], orgId: number): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('supervision_conflicts')
    .select('inspector_id')
    .where('inspector_id', 'in', ids)
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((r) => Number(r.inspector_id));
}

export async function insertPlannedAssignment(
  trx: Trx,
  row: {
    kind: string;
    target_key: string;
    org_id: number;
    site_id: number | null;
    planned_date: string;
    reason: string;
    created_by: string;
    created_at: string;
  },
  inspectorIds: readonly number[],
): Promise<number> {
  const r = await trx
    .insertInto('inspection_assignments')
    .values({ ...row, draw_id: null, status: 'planned' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  await trx
    .insertInto('inspection_assignment_inspectors')
    .values(inspectorIds.map((inspector_id, position) => ({ assignment_id: id, inspector_id, position })))
    .execute();
  return id;
}
