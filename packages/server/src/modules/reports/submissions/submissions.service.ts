import { createHash } from 'node:crypto';
import {
  type ReportChainStep,
  type ReportSubmissionKind,
  type ReportSubmissionState,
  type TCampaign,
  type TReportChain,
  type TReportData,
  type TReportDayList,
  type TReportDecision,
  type TReportProblem,
  type TReportSection,
  type TReportSubmission,
  type TUpdateReportSubmission,
  t,
} from '@qiangjian/shared';
import { canonicalJson } from '../../../audit/audit.rules.js';
import { recordAudit } from '../../../audit/audit.service.js';
import { type Actor, actorLabel, can, requirePermission } from '../../../auth/actor.js';
import { scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { ReportSubmissionRow } from '../../../db/schema-report-submissions.js';
import { AppError, notFound } from '../../../errors.js';
import { getCampaign } from '../../campaigns/campaigns.service.js';
import { listParticipants } from '../../campaigns/self-inspection/self-inspection.service.js';
import { supervisionDashboard } from '../../supervision/dashboard/dashboard.service.js';
import { attachmentReport, kpiReport } from '../reports.service.js';
import * as repo from './submissions.repository.js';
import {
  afterDecision,
  campaignStart,
  chainProblem,
  draftSections,
  figureChanges,
  parseChain,
  problemsOf,
  type ReportingDay,
  reportData,
  reportingDaysOf,
  unexplained,
} from './submissions.rules.js';

/**
 * Progress reports (14th, 28th) and the final summary of a campaign (docs/REPORTS-SUBMISSIONS.md): drafted from the
 * data (the reports module's Attachment 2/3 and KPIs, the supervision dashboard, the campaign's participants — never
 * recomputed here), edited by the regulator, passed through the approval chain (a setting) and frozen on submission
 * as one snapshot with its SHA-256 in the audit chain.
 */

export const REPORT_CHAIN_SETTING = 'report.approval_chain';

/** Reads a campaign the actor sees (404 otherwise) and the report rights: `report.read`, drafts need `report.draft`. */
async function campaignFor(ctx: AppContext, actor: Actor, campaignId: number): Promise<TCampaign> {
  requirePermission(actor, 'report.read');
  return getCampaign(ctx, actor, campaignId);
}

/** The reporting day of a campaign, or 400 naming `day`. */
function dayOf(c: TCampaign, day: string): ReportingDay {
  const d = reportingDaysOf(c).find((x) => x.day === day);
  if (!d) throw new AppError('report_submission_day_unknown', { params: { parameter: 'day', day }, details: { parameter: 'day' } });
  return d;
}

/** The data of a report on a reporting day: every figure from the services that compute it (one call each). */
async function computeData(ctx: AppContext, actor: Actor, c: TCampaign, day: string): Promise<TReportData> {
  const q = { regionCode: c.regionCode, from: campaignStart(c), to: day };
  const [a2, a3, kpis, dash, parts] = await Promise.all([
    attachmentReport(ctx, actor, 'attachment2', q),
    attachmentReport(ctx, actor, 'attachment3', q),
    kpiReport(ctx, actor, q),
    supervisionDashboard(ctx, actor, q),
    listParticipants(ctx, actor, c.id, { page: 1, pageSize: 100_000 }),
  ]);
  const late = parts.items.filter((p) => p.overdue || p.status === 'late');
  return reportData(
    a2,
    a3,
    kpis,
    {
      inspected: dash.coverageTotal.inspected,
      targets: dash.coverageTotal.targets,
      coverage: dash.coverageTotal.rate,
      findingsByCode: dash.findings.map((f) => ({ code: f.code, count: f.count })),
      ordersIssued: dash.orders.byState.reduce((s, x) => s + x.count, 0),
      ordersOverdue: dash.orders.overdue,
      overdueOrders: dash.orders.mostOverdue.map((o) => ({
        orderNo: o.orderNo,
        orgName: o.orgName,
        deadline: o.deadline,
        daysOverdue: o.daysOverdue,
      })),
      casesFiled: dash.cases.byStage.reduce((s, x) => s + x.count, 0),
    },
    {
      participants: c.participants,
      submitted: parts.items.filter((p) => p.status === 'submitted' || p.status === 'late').length,
      late: late.map((p) => ({ orgName: p.orgName, status: p.status, overdue: p.overdue })),
    },
    c.targets,
  );
}

const json = <T>(s: string | null): T => JSON.parse(s ?? 'null') as T;

async function present(
  ctx: AppContext,
  actor: Actor,
  c: TCampaign,
  r: ReportSubmissionRow,
  withChanges: boolean,
): Promise<TReportSubmission> {
  const versions = await repo.versionsOf(ctx.db, c.id, r.kind, r.reporting_day);
  const drafts = can(actor, 'report.draft');
  const later = versions.find((v) => Number(v.version) === Number(r.version) + 1);
  const data = json<TReportData>(r.data);
  let changes: TReportSubmission['changes'] = null;
  // the comparison recomputes with the reader's scope: only readers whose scope covers the campaign's region compare
  const s = scopeOf(actor).kind;
  if (withChanges && r.state === 'submitted' && (s === 'all' || s === 'region'))
    changes = figureChanges(data.figures, (await computeData(ctx, actor, c, r.reporting_day)).figures);
  return {
    id: Number(r.id),
    campaignId: c.id,
    campaignName: c.name,
    regionCode: c.regionCode,
    kind: r.kind as ReportSubmissionKind,
    reportingDay: r.reporting_day,
    periodStart: r.period_start,
    version: Number(r.version),
    previousId: r.previous_id === null ? null : Number(r.previous_id),
    correctionReason: r.correction_reason,
    state: r.state as ReportSubmissionState,
    chain: json<ReportChainStep[]>(r.chain),
    step: Number(r.step),
    sections: json<TReportSection[]>(r.sections),
    data,
    problems: json<TReportProblem[]>(r.problems),
    explanations: json<Record<string, string>>(r.explanations),
    approvals: json<TReportSubmission['approvals']>(r.approvals),
    snapshotSha256: r.snapshot_sha256,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    supersededBy: later ? Number(later.id) : null,
    versions: versions
      .filter((v) => drafts || v.state === 'submitted')
      .map((v) => ({ id: Number(v.id), version: Number(v.version), state: v.state as ReportSubmissionState, submittedAt: v.submitted_at })),
    changes,
  };
}

/** A report the actor may read: its campaign is visible; a report not yet submitted only with `report.draft`. */
async function load(ctx: AppContext, actor: Actor, id: number): Promise<{ c: TCampaign; r: ReportSubmissionRow }> {
  requirePermission(actor, 'report.read');
  const r = await repo.byId(ctx.db, id);
  if (!r) throw notFound('report_submission', id);
  let c: TCampaign;
  try {
    c = await getCampaign(ctx, actor, Number(r.campaign_id));
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound('report_submission', id);
    throw e;
  }
  if (r.state !== 'submitted' && !can(actor, 'report.draft')) throw notFound('report_submission', id);
  return { c, r };
}

/** The campaign's reporting days with the state of their latest version (readers without `report.draft`: submitted only). */
/** The columns of a new draft (a first version or a correction): the drafted text, data and problems, no approvals yet. */
function draftColumns(
  data: TReportData,
  problems: ReturnType<typeof problemsOf>,
  chain: ReturnType<typeof parseChain>,
  by: string,
  at: string,
) {
  return {
    state: 'draft',
    chain: JSON.stringify(chain),
    step: 0,
    sections: JSON.stringify(draftSections(data)),
    data: JSON.stringify(data),
    problems: JSON.stringify(problems),
    explanations: '{}',
    approvals: '[]',
    snapshot: null,
    snapshot_sha256: null,
    submitted_at: null,
    submitted_by: null,
    created_by: by,
    created_at: at,
    updated_at: at,
  };
}

export async function listReportDays(ctx: AppContext, actor: Actor, campaignId: number): Promise<TReportDayList> {
  const c = await campaignFor(ctx, actor, campaignId);
  const drafts = can(actor, 'report.draft');
  const rows = (await repo.ofCampaign(ctx.db, c.id)).filter((r) => drafts || r.state === 'submitted');
  const now = today(ctx);
  return {
    campaignId: c.id,
    campaignName: c.name,
    days: reportingDaysOf(c).map((d) => {
      const latest = rows.filter((r) => r.kind === d.kind && r.reporting_day === d.day).at(-1);
      const state = latest ? (latest.state as ReportSubmissionState) : 'not_drafted';
      const submitted = rows.some((r) => r.kind === d.kind && r.reporting_day === d.day && r.state === 'submitted');
      return {
        kind: d.kind,
        day: d.day,
        state,
        late: !submitted && d.day < now,
        reportId: latest ? Number(latest.id) : null,
        version: latest ? Number(latest.version) : null,
      };
    }),
  };
}

export async function getReportSubmission(ctx: AppContext, actor: Actor, id: number): Promise<TReportSubmission> {
  return readReportSubmission(ctx, actor, id, true);
}

/** A report; `withChanges`: a submitted report is compared with the figures recomputed now. */
export async function readReportSubmission(ctx: AppContext, actor: Actor, id: number, withChanges: boolean): Promise<TReportSubmission> {
  const { c, r } = await load(ctx, actor, id);
  return present(ctx, actor, c, r, withChanges);
}

/** The approval chain in force (a setting; default 科室起草 → 计量股负责人审核 → 局领导审批). */
export async function getChain(ctx: AppContext, actor: Actor): Promise<TReportChain> {
  requirePermission(actor, 'report.read');
  return { steps: parseChain(await repo.settingValue(ctx.db, REPORT_CHAIN_SETTING)) };
}

/** Sets the approval chain (`settings.update`); a version already drafted keeps the chain it was created with. */
export async function setChain(ctx: AppContext, actor: Actor, input: TReportChain): Promise<TReportChain> {
  requirePermission(actor, 'settings.update');
  const bad = chainProblem(input.steps);
  if (bad) throw new AppError('report_submission_chain_invalid', { details: { parameter: bad } });
  return ctx.db.transaction().execute(async (trx) => {
    const before = parseChain(await repo.settingValue(trx, REPORT_CHAIN_SETTING));
    await repo.upsertSetting(trx, REPORT_CHAIN_SETTING, JSON.stringify(input.steps), nowIso(ctx));
    await recordAudit(ctx, trx, actor, {
      action: 'report_chain_updated',
      entityType: 'report_chain',
      entityId: REPORT_CHAIN_SETTING,
      data: { changes: { steps: { before, after: input.steps } } },
    });
    return { steps: input.steps };
  });
}

/** Drafts the report of a reporting day from the data (version 1). The heavy reads run before the write transaction. */
export async function draftReport(ctx: AppContext, actor: Actor, campaignId: number, day: string): Promise<TReportSubmission> {
  requirePermission(actor, 'report.draft');
  const c = await campaignFor(ctx, actor, campaignId);
  const d = dayOf(c, day);
  const data = await computeData(ctx, actor, c, d.day);
  const chain = parseChain(await repo.settingValue(ctx.db, REPORT_CHAIN_SETTING));
  const id = await ctx.db.transaction().execute(async (trx) => {
    if ((await repo.versionsOf(trx, c.id, d.kind, d.day)).length)
      throw new AppError('report_submission_exists', { params: { day: d.day }, details: { day: d.day } });
    const previous = await repo.previousSubmitted(trx, c.id, d.day);
    const problems = problemsOf(data, previous ? json<TReportData>(previous.data).figures : null);
    const at = nowIso(ctx);
    const newId = await repo.insert(trx, {
      campaign_id: c.id,
      kind: d.kind,
      reporting_day: d.day,
      period_start: campaignStart(c),
      version: 1,
      previous_id: null,
      correction_reason: null,
      ...draftColumns(data, problems, chain, actorLabel(actor), at),
    });
    await recordAudit(ctx, trx, actor, {
      action: 'report_submission_drafted',
      entityType: 'report_submission',
      entityId: String(newId),
      data: { campaignId: c.id, kind: d.kind, day: d.day, version: 1, chain, problems: problems.map((p) => p.key) },
    });
    return newId;
  });
  return getReportSubmission(ctx, actor, id);
}

const frozen = () => new AppError('report_submission_frozen');
const wrongState = (state: string) =>
  new AppError('report_submission_wrong_state', { params: { state: t(`enum.reportSubmissionState.${state}`) }, details: { state } });

/** Edits the sections and the explanations of a draft (submitted: 409 `report_submission_frozen`). */
export async function updateReport(ctx: AppContext, actor: Actor, id: number, patch: TUpdateReportSubmission): Promise<TReportSubmission> {
  requirePermission(actor, 'report.draft');
  await load(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await repo.byId(trx, id);
    if (!cur || cur.state === 'submitted') throw frozen();
    if (cur.state !== 'draft') throw wrongState(cur.state);
    const sections = json<TReportSection[]>(cur.sections);
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    for (const s of patch.sections ?? []) {
      const i = sections.findIndex((x) => x.key === s.key);
      if (i < 0 || sections[i]?.text === s.text) continue;
      changed[`sections.${s.key}`] = { before: sections[i]?.text, after: s.text };
      sections[i] = s;
    }
    const problems = new Set(json<TReportProblem[]>(cur.problems).map((p) => p.key));
    const explanations = json<Record<string, string>>(cur.explanations);
    for (const [k, v] of Object.entries(patch.explanations ?? {}))
      if (problems.has(k) && explanations[k] !== v) {
        changed[`explanations.${k}`] = { before: explanations[k] ?? null, after: v };
        explanations[k] = v;
      }
    if (!Object.keys(changed).length) return;
    if (
      !(await repo.updateOpen(trx, id, {
        sections: JSON.stringify(sections),
        explanations: JSON.stringify(explanations),
        updated_at: nowIso(ctx),
      }))
    )
      throw frozen();
    await recordAudit(ctx, trx, actor, {
      action: 'report_submission_edited',
      entityType: 'report_submission',
      entityId: String(id),
      data: { changes: changed },
    });
  });
  return getReportSubmission(ctx, actor, id);
}

/**
 * A decision at the current chain step. Approve moves to the next step; approving the last step submits: the text,
 * every figure, Attachment 2/3 and the KPIs, the problems and their explanations are frozen as one canonical JSON
 * snapshot whose SHA-256 is stored and written in the audit entry of the same transaction. Return goes back to the
 * drafter. A problem without a written explanation blocks every approval (409 naming the problems).
 */
export async function decideReport(ctx: AppContext, actor: Actor, id: number, d: TReportDecision): Promise<TReportSubmission> {
  requirePermission(actor, 'report.draft');
  const { c } = await load(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await repo.byId(trx, id);
    if (!cur || cur.state === 'submitted') throw frozen();
    const chain = json<ReportChainStep[]>(cur.chain);
    const step = Number(cur.step);
    const stepKey = chain[step] as ReportChainStep;
    if (d.decision === 'return' && step === 0) throw wrongState(cur.state);
    const problems = json<TReportProblem[]>(cur.problems);
    const explanations = json<Record<string, string>>(cur.explanations);
    if (d.decision === 'approve') {
      const missing = unexplained(problems, explanations);
      if (missing.length)
        throw new AppError('report_submission_explanation_missing', {
          params: { keys: missing.join(', ') },
          details: { problems: missing },
        });
    }
    const at = nowIso(ctx);
    const approvals = [
      ...json<TReportSubmission['approvals']>(cur.approvals),
      { step: stepKey, decision: d.decision, comment: d.comment, by: actorLabel(actor), at },
    ];
    const next = afterDecision(chain.length, step, d.decision);
    if (next.state !== 'submitted') {
      if (!(await repo.updateOpen(trx, id, { state: next.state, step: next.step, approvals: JSON.stringify(approvals), updated_at: at })))
        throw frozen();
      const data = { step: stepKey, comment: d.comment, next: chain[next.step] };
      if (d.decision === 'approve')
        await recordAudit(ctx, trx, actor, {
          action: 'report_submission_approved',
          entityType: 'report_submission',
          entityId: String(id),
          data,
        });
      else
        await recordAudit(ctx, trx, actor, {
          action: 'report_submission_returned',
          entityType: 'report_submission',
          entityId: String(id),
          data,
        });
      return;
    }
    const snapshot = canonicalJson({
      campaignId: c.id,
      kind: cur.kind,
      reportingDay: cur.reporting_day,
      periodStart: cur.period_start,
      version: Number(cur.version),
      previousId: cur.previous_id === null ? null : Number(cur.previous_id),
      correctionReason: cur.correction_reason,
      sections: json<TReportSection[]>(cur.sections),
      data: json<TReportData>(cur.data),
      problems,
      explanations,
      approvals,
      submittedAt: at,
      submittedBy: actorLabel(actor),
    });
    const sha256 = createHash('sha256').update(snapshot).digest('hex');
    const ok = await repo.updateOpen(trx, id, {
      state: 'submitted',
      step: next.step,
      approvals: JSON.stringify(approvals),
      snapshot,
      snapshot_sha256: sha256,
      submitted_at: at,
      submitted_by: actorLabel(actor),
      updated_at: at,
    });
    if (!ok) throw frozen();
    await recordAudit(ctx, trx, actor, {
      action: 'report_submission_submitted',
      entityType: 'report_submission',
      entityId: String(id),
      data: {
        campaignId: c.id,
        kind: cur.kind,
        day: cur.reporting_day,
        version: Number(cur.version),
        step: stepKey,
        comment: d.comment,
        sha256,
      },
    });
  });
  return getReportSubmission(ctx, actor, id);
}

/**
 * A correction: version n+1 of a submitted report (the latest one), drafted again from the data as of now, referencing
 * version n with the reason. Version n is kept unchanged.
 */
export async function correctReport(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<TReportSubmission> {
  requirePermission(actor, 'report.draft');
  const { c, r } = await load(ctx, actor, id);
  const versions = await repo.versionsOf(ctx.db, c.id, r.kind, r.reporting_day);
  if (r.state !== 'submitted' || versions.at(-1)?.id !== r.id) throw new AppError('report_submission_not_correctable');
  const data = await computeData(ctx, actor, c, r.reporting_day);
  const chain = parseChain(await repo.settingValue(ctx.db, REPORT_CHAIN_SETTING));
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const latest = (await repo.versionsOf(trx, c.id, r.kind, r.reporting_day)).at(-1);
    if (Number(latest?.id) !== Number(r.id)) throw new AppError('report_submission_not_correctable');
    const previous = await repo.previousSubmitted(trx, c.id, r.reporting_day);
    const problems = problemsOf(data, previous ? json<TReportData>(previous.data).figures : null);
    const at = nowIso(ctx);
    const version = Number(r.version) + 1;
    const nid = await repo.insert(trx, {
      campaign_id: c.id,
      kind: r.kind,
      reporting_day: r.reporting_day,
      period_start: r.period_start,
      version,
      previous_id: Number(r.id),
      correction_reason: reason,
      ...draftColumns(data, problems, chain, actorLabel(actor), at),
    });
    await recordAudit(ctx, trx, actor, {
      action: 'report_submission_corrected',
      entityType: 'report_submission',
      entityId: String(nid),
      data: { previousId: Number(r.id), previousSha256: r.snapshot_sha256, version, reason },
    });
    return nid;
  });
  return getReportSubmission(ctx, actor, newId);
}
