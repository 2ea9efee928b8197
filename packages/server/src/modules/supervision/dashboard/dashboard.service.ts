import {
  addDays,
  type CaseStage,
  diffDays,
  type OrderState,
  type TargetKind,
  type TSupervisionDashboard,
  type TSupervisionDashboardQuery,
  t,
  type ViolationCode,
} from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import { invalidParameter, notFound } from '../../../errors.js';
import { ratio } from '../../../lib/stats.js';
import { regionExists, regionNames } from '../../regions/regions.service.js';
import { getInspectionSettings } from '../inspections/inspections.service.js';
import { getEnforcementSettings } from '../orders/enforcement-settings.service.js';
import * as q from './dashboard.queries.js';
import { coverageRows, defaultPeriod, narrowScope } from './dashboard.rules.js';

/**
 * The supervision dashboard (监督检查看板, docs/SUPERVISION.md "Dashboard"): coverage (distinct targets inspected ÷ active
 * targets) per town × kind in a period, findings by code, rectification orders by state and overdue, cases by stage and
 * near or past their limit, and the targets visited repeatedly outside any draw. Regulators and viewers see their
 * region, an office inspector its towns; enterprises and institutions have no access (403); a region outside the
 * actor's scope answers 404.
 */
export async function supervisionDashboard(
  ctx: AppContext,
  actor: Actor,
  query: TSupervisionDashboardQuery,
): Promise<TSupervisionDashboard> {
  requirePermission(actor, 'dashboard.read');
  requirePermission(actor, 'inspection.read');
  const asOf = today(ctx);
  const period = { ...defaultPeriod(asOf), ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
  if (period.to < period.from) throw invalidParameter('to', t('audit.reason.toBeforeFrom'));
  const scope = narrowScope(scopeOf(actor), query.regionCode);
  if (!scope || (query.regionCode && !(await regionExists(ctx.db, query.regionCode)))) throw notFound('region', query.regionCode ?? '');
  const orgFilter = orgScopeFilter(scope);
  const [names, targets, inspected, findings, orderStates, overdue, caseStages, inspectionSettings, enforcementSettings] =
    await Promise.all([
      regionNames(ctx.db),
      q.targetCounts(ctx.db, scope),
      q.inspectedCounts(ctx.db, scope, period),
      q.findingsByCode(ctx.db, orgFilter, period),
      q.ordersByState(ctx.db, orgFilter, period),
      q.overdueOrders(ctx.db, orgFilter, asOf, 10),
      q.casesByStage(ctx.db, orgFilter, period),
      getInspectionSettings(ctx.db),
      getEnforcementSettings(ctx.db),
    ]);
  // the cases list's windows (docs/ENFORCEMENT.md): warning = limit in [today, today + warnDays], overdue = limit < today
  const near = await q.openCasesBefore(ctx.db, orgFilter, addDays(asOf, enforcementSettings.caseWarnDays + 1), 10);
  const repeated = await q.repeatedTargets(
    ctx.db,
    scope,
    addDays(asOf, -inspectionSettings.repeatedVisitDays),
    inspectionSettings.repeatedVisitThreshold,
  );
  const coverage = coverageRows(targets, inspected, (c) => names.get(c) ?? null);
  const totalTargets = coverage.reduce((s, r) => s + r.targets, 0);
  const totalInspected = coverage.reduce((s, r) => s + r.inspected, 0);
  const regionCode = query.regionCode ?? actor.regionCode ?? null;
  return {
    regionCode,
    regionName: regionCode ? (names.get(regionCode) ?? null) : null,
    from: period.from,
    to: period.to,
    asOf,
    coverage,
    coverageTotal: { targets: totalTargets, inspected: totalInspected, rate: ratio(totalInspected, totalTargets) },
    findings: findings.map((f) => ({ code: f.code as ViolationCode, count: f.n })),
    orders: {
      byState: orderStates.map((o) => ({ state: o.state as OrderState, count: o.n })),
      overdue: overdue.total,
      mostOverdue: overdue.rows.map((r) => ({
        id: Number(r.id),
        orderNo: r.order_no,
        orgName: r.org_name,
        code: r.code as ViolationCode,
        deadline: r.deadline,
        daysOverdue: diffDays(r.deadline, asOf),
      })),
    },
    cases: {
      byStage: caseStages.map((c) => ({ stage: c.stage as CaseStage, count: c.n })),
      warning: near.limitDates.filter((d) => d >= asOf).length,
      overdue: near.limitDates.filter((d) => d < asOf).length,
      nearLimit: near.rows.map((r) => ({
        id: Number(r.id),
        caseNo: r.case_no,
        orgName: r.org_name,
        filedOn: r.filed_on,
        limitDate: r.limit_date,
        daysLeft: diffDays(asOf, r.limit_date),
      })),
    },
    repeated: {
      threshold: inspectionSettings.repeatedVisitThreshold,
      days: inspectionSettings.repeatedVisitDays,
      targets: repeated.map((r) => ({ ...r, kind: r.kind as TargetKind })),
    },
  };
}
