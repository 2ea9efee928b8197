import { addDays, ENTERPRISE_ORG_KINDS, type TargetKind, type TTarget, type TTargetListQuery } from '@qiangjian/shared';
import { RISK_FORMULA } from '@qiangjian/shared/data';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { notFound } from '../../../errors.js';
import { zonedInstant } from '../../../time.js';
import { complaintCountsSince } from '../../complaints/complaints.api.js';
import * as repo from './registers.repository.js';
import { officeFor, overdueRatePct, type RiskResult, riskScore, siteTargetKey, yearsSince } from './registers.rules.js';

/**
 * The target register (检查对象名录, docs/SUPERVISION.md, Registers): every regulated organization and every station site,
 * with its town, the office covering it, the last inspection date and the risk score with its inputs. Refreshed from the
 * organizations, sites, findings and instrument statuses (`refreshTargets`); the last inspection date is kept.
 */

/** Rebuilds the register inside the caller's transaction; the number of active targets. */
export async function refreshTargetsIn(ctx: AppContext, trx: Trx): Promise<number> {
  const at = nowIso(ctx);
  const day = today(ctx);
  const [orgs, sites, towns, findings, overdue, last] = await Promise.all([
    repo.regulatedOrgs(trx, ENTERPRISE_ORG_KINDS),
    repo.stationSites(trx),
    repo.officeTowns(trx),
    repo.findingCounts(trx, addDays(day, -RISK_FORMULA.windowDays)),
    repo.overdueCounts(trx),
    repo.lastInspections(trx),
  ]);
  // complaints (not refused) received in the formula's window, from the complaints module (docs/COMPLAINTS.md)
  const complaints = await complaintCountsSince(
    trx,
    zonedInstant(addDays(day, -RISK_FORMULA.windowDays), '00:00:00', ctx.config.timeZone).toISOString(),
  );
  const findingsOf = new Map(findings.map((f) => [Number(f.org_id), Number(f.n)]));
  const orgTotals = new Map<number, { n: number; overdue: number }>();
  const siteTotals = new Map<number, { n: number; overdue: number }>();
  for (const r of overdue) {
    const add = (m: Map<number, { n: number; overdue: number }>, k: number) => {
      const cur = m.get(k) ?? { n: 0, overdue: 0 };
      m.set(k, { n: cur.n + Number(r.n), overdue: cur.overdue + Number(r.overdue ?? 0) });
    };
    add(orgTotals, Number(r.org_id));
    if (r.site_id !== null) add(siteTotals, Number(r.site_id));
  }
  const risk = (orgId: number, counts: { n: number; overdue: number } | undefined, key: string, siteId?: number): RiskResult =>
    riskScore(RISK_FORMULA, {
      findings: findingsOf.get(orgId) ?? 0,
      overdueRatePct: overdueRatePct(counts?.overdue ?? 0, counts?.n ?? 0),
      complaints: siteId === undefined ? (complaints.byOrg.get(orgId) ?? 0) : (complaints.bySite.get(siteId) ?? 0),
      yearsSinceInspection: yearsSince(RISK_FORMULA, last.get(key) ?? null, day),
    });
  const rows: repo.TargetUpsert[] = [];
  for (const o of orgs) {
    const town = o.region_code.length === 9 ? o.region_code : null;
    const r = risk(Number(o.id), orgTotals.get(Number(o.id)), o.credit_code);
    rows.push({
      target_key: o.credit_code,
      kind: o.kind,
      org_id: Number(o.id),
      site_id: null,
      region_code: o.region_code,
      town_code: town,
      office_id: officeFor(town, towns),
      risk_score: r.score,
      risk_inputs: JSON.stringify(r),
    });
  }
  for (const s of sites) {
    const key = siteTargetKey(s.credit_code, Number(s.id));
    const r = risk(Number(s.org_id), siteTotals.get(Number(s.id)), key, Number(s.id));
    rows.push({
      target_key: key,
      kind: 'station_site',
      org_id: Number(s.org_id),
      site_id: Number(s.id),
      region_code: s.town_code,
      town_code: s.town_code,
      office_id: officeFor(s.town_code, towns),
      risk_score: r.score,
      risk_inputs: JSON.stringify(r),
    });
  }
  await repo.saveTargets(trx, rows, at);
  return rows.length;
}

/** POST /supervision/targets/refresh: rebuilds the register (one transaction, audited). */
export async function refreshTargets(ctx: AppContext, actor: Actor): Promise<{ targets: number }> {
  requirePermission(actor, 'supervision_register.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const targets = await refreshTargetsIn(ctx, trx);
    await recordAudit(ctx, trx, actor, {
      action: 'targets_refreshed',
      entityType: 'supervision_target',
      entityId: null,
      data: { targets },
    });
    return { targets };
  });
}

function present(r: NonNullable<Awaited<ReturnType<typeof repo.getTarget>>>): TTarget {
  const risk = JSON.parse(r.risk_inputs) as Partial<RiskResult>;
  return {
    id: Number(r.id),
    targetKey: r.target_key,
    kind: r.kind as TargetKind,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    creditCode: r.credit_code,
    siteId: r.site_id === null ? null : Number(r.site_id),
    siteName: r.site_name,
    townCode: r.town_code,
    officeId: r.office_id === null ? null : Number(r.office_id),
    officeName: r.office_name,
    lastInspectionDate: r.last_inspection_date,
    riskScore: Number(r.risk_score),
    riskVersion: risk.version ?? RISK_FORMULA.version,
    riskInputs: risk.inputs ?? { findings: 0, overdueRatePct: 0, complaints: 0, yearsSinceInspection: 0 },
    riskTerms: risk.terms ?? [],
    active: Number(r.active) === 1,
    refreshedAt: r.refreshed_at,
  };
}

export async function listTargets(ctx: AppContext, actor: Actor, q: TTargetListQuery) {
  requirePermission(actor, 'supervision_register.read');
  const { rows, total } = await repo.listTargets(ctx.db, scopeOf(actor), q, q);
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export async function getTarget(ctx: AppContext, actor: Actor, id: number): Promise<TTarget> {
  requirePermission(actor, 'supervision_register.read');
  const r = await repo.getTarget(ctx.db, id, scopeOf(actor));
  if (!r) throw notFound('supervision_target', id);
  return present(r);
}

/** PATCH /supervision/targets/:id: the last inspection date (kept across refreshes). */
export async function updateTarget(
  ctx: AppContext,
  actor: Actor,
  id: number,
  body: { lastInspectionDate: string | null },
): Promise<TTarget> {
  requirePermission(actor, 'supervision_register.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.getTarget(trx, id, scopeOf(actor));
    if (!before) throw notFound('supervision_target', id);
    await repo.setLastInspection(trx, id, body.lastInspectionDate, nowIso(ctx));
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'supervision_target_updated',
        entityType: 'supervision_target',
        entityId: String(id),
        data: { changes: { lastInspectionDate: { before: before.last_inspection_date, after: body.lastInspectionDate } } },
      },
      Number(before.org_id),
    );
  });
  return getTarget(ctx, actor, id);
}

/** Targets by key, with names, for the draws (no scope: the caller already checked the draw's). */
export async function targetsByKeys(db: DbOrTrx, keys: readonly string[]) {
  return (await repo.targetsByKeys(db, keys)).map(present);
}
