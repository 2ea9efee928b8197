import type { TCreatePlannedInspectionRequest, TPlannedInspection } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, regionPrefix, requirePermission } from '../../../auth/actor.js';
import { codeInScope, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError, notFound } from '../../../errors.js';
import * as repo from './planned.repository.js';

/**
 * Risk-targeted and complaint-triggered inspections (docs/SUPERVISION.md "Dashboard"): planned beside the draws as an
 * assignment with its planned date, reason and ≥ 2 inspectors of the office covering the target (or the bureau pool),
 * each active and valid on the planned date and not recused for the target's organization. The assignment appears in
 * its inspectors' 我的检查任务, where 开始检查 starts the record as for a drawn one.
 */
export async function createPlannedInspection(
  ctx: AppContext,
  actor: Actor,
  body: TCreatePlannedInspectionRequest,
): Promise<TPlannedInspection> {
  requirePermission(actor, 'inspection.write');
  const scope = scopeOf(actor);
  const parameter = 'inspectorIds';
  return ctx.db.transaction().execute(async (trx) => {
    const target = await repo.targetForPlanning(trx, body.targetId);
    if (!target || Number(target.active) !== 1 || scope.kind === 'org' || !codeInScope(scope, target.region_code))
      throw notFound('target', body.targetId);
    const ids = [...new Set(body.inspectorIds.map(Number))];
    if (ids.length < 2)
      throw new AppError('inspection_inspectors_too_few', { params: { parameter }, details: { parameter, field: parameter } });
    const rows = await repo.inspectorsWithOffice(trx, ids);
    for (const id of ids) {
      const r = rows.find((x) => Number(x.id) === id);
      if (!r || Number(r.active) !== 1 || r.valid_from > body.plannedDate || r.valid_until < body.plannedDate)
        throw new AppError('inspection_inspector_invalid', {
          params: { parameter, id: r?.cert_no ?? id },
          details: { parameter, field: parameter, id },
        });
      const covering = target.office_id !== null && Number(r.office_id) === Number(target.office_id);
      // the bureau pool: a bureau whose region holds the target (not another county's)
      const pool = r.office_kind === 'bureau' && target.region_code.startsWith(regionPrefix(r.office_region));
      if (!covering && !pool)
        throw new AppError('inspection_inspector_not_covering', {
          params: { parameter, id: r.cert_no },
          details: { parameter, field: parameter, id },
        });
    }
    const recused = await repo.recusedAmong(trx, ids, Number(target.org_id));
    if (recused.length > 0) {
      const r = rows.find((x) => Number(x.id) === recused[0]);
      throw new AppError('inspection_inspector_recused', {
        params: { parameter, id: r?.cert_no ?? String(recused[0]), org: target.org_name },
        details: { parameter, field: parameter, id: recused[0] },
      });
    }
    const createdBy = actorLabel(actor);
    const assignmentId = await repo.insertPlannedAssignment(
      trx,
      {
        kind: body.kind,
        target_key: target.target_key,
        org_id: Number(target.org_id),
        site_id: target.site_id === null ? null : Number(target.site_id),
        planned_date: body.plannedDate,
        reason: body.reason,
        created_by: createdBy,
        created_at: nowIso(ctx),
      },
      ids,
    );
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_planned',
        entityType: 'inspection_assignment',
        entityId: String(assignmentId),
        data: { kind: body.kind, targetKey: target.target_key, plannedDate: body.plannedDate, reason: body.reason, inspectorIds: ids },
      },
      Number(target.org_id),
    );
    return {
      assignmentId,
      kind: body.kind,
      targetId: Number(target.id),
      targetKey: target.target_key,
      plannedDate: body.plannedDate,
      reason: body.reason,
      inspectorIds: ids,
      createdBy,
    };
  });
}
