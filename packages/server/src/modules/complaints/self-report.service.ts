import type { ZUtilityComplaintReportInput, ZUtilityComplaintReportQuery } from '@qiangjian/shared';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, actorLabel, can, requirePermission } from '../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import { AppError } from '../../errors.js';
import * as repo from './complaints.repository.js';

/**
 * A utility's per-period self-report (docs/COMPLAINTS.md "Utility self-report"): complaints it handled itself and meters
 * it replaced as inaccurate, per meter type (Attachment 2 #21–22). One row per organization, meter type and period;
 * sending it again replaces the figures (audited with both).
 */
export async function submitSelfReport(ctx: AppContext, actor: Actor, input: z.infer<typeof ZUtilityComplaintReportInput>) {
  requirePermission(actor, 'complaint_self_report.submit');
  if (input.periodEnd < input.periodStart) throw new AppError('complaint_period_invalid', { details: { field: 'periodEnd' } });
  const orgId = actor.orgId ?? -1;
  return ctx.db.transaction().execute(async (trx) => {
    const org = await repo.orgById(trx, orgId);
    if (!org || !['water_supply', 'power_supply', 'gas_supply'].includes(org.kind))
      throw new AppError('forbidden', { details: { permission: 'complaint_self_report.submit' } });
    const at = nowIso(ctx);
    const id = await repo.upsertUtilityReport(trx, {
      org_id: orgId,
      meter_type: input.meterType,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      handled: input.handled,
      meters_replaced: input.metersReplaced,
      submitted_at: at,
      submitted_by: actorLabel(actor),
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'complaint_self_report_submitted', entityType: 'utility_complaint_report', entityId: String(id), data: { ...input } },
      orgId,
    );
    return { id, orgId, orgName: org.name, ...input, submittedAt: at, submittedBy: actorLabel(actor) };
  });
}

/** The self-reports in scope: a utility its own, the bureau and offices those of the organizations they see. */
export async function listSelfReports(ctx: AppContext, actor: Actor, q: z.infer<typeof ZUtilityComplaintReportQuery>) {
  let filter: ReturnType<typeof orgScopeFilter> | null;
  if (can(actor, 'complaint.read')) filter = orgScopeFilter(scopeOf(actor));
  else {
    requirePermission(actor, 'complaint_self_report.submit');
    filter = orgScopeFilter({ kind: 'org', orgId: actor.orgId ?? -1 });
  }
  const { total, rows } = await repo.listUtilityReports(ctx.db, filter, q.orgId, q);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      orgId: Number(r.org_id),
      orgName: r.org_name,
      meterType: r.meter_type as 'water_meter' | 'electricity_meter' | 'gas_meter',
      periodStart: r.period_start,
      periodEnd: r.period_end,
      handled: Number(r.handled),
      metersReplaced: Number(r.meters_replaced),
      submittedAt: r.submitted_at,
      submittedBy: r.submitted_by,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
