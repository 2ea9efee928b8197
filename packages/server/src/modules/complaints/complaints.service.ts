import {
  type ComplaintStage,
  type TComplaintDetail,
  type TComplaintExportQuery,
  type TComplaintListItem,
  type TComplaintListQuery,
  type TComplaintSettings,
  type TRefundProposal,
  t,
  type ZCaseDecisionInput,
  type ZMediationSessionInput,
  type ZRefundRequest,
} from '@qiangjian/shared';
import type { z } from 'zod';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, actorLabel, can, regionPrefix, requirePermission, SYSTEM_ACTOR } from '../../auth/actor.js';
import { codeInScope, type Scope, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { ComplaintRow } from '../../db/schema-complaints.js';
import { AppError, notFound } from '../../errors.js';
import { dateInZone } from '../../time.js';
import { notify } from '../notifications/notifications.service.js';
import { getCase } from '../supervision/cases/cases.service.js';
import { createPlannedInspection } from '../supervision/inspections/planned.service.js';
import { createApplication } from '../verification/applications/applications.service.js';
import { loadCalendar } from '../verification/calendar/settings.service.js';
import type { WorkCalendar } from '../verification/calendar/working-days.js';
import { assignedNotices } from './complaints.notify.js';
import * as repo from './complaints.repository.js';
import {
  actionAllowed,
  clocksOf,
  flagOf,
  listFlag,
  maskName,
  maskPhone,
  measuredErrorPct,
  nextDeadline,
  pausedWorkingDays,
  refundProposal,
  stripHtml,
  workingDaysLeft,
} from './complaints.rules.js';
import { decrypt, piiKeys } from './personal-data.js';
import { getComplaintSettings } from './settings.service.js';

/**
 * Handling complaints and reports (docs/COMPLAINTS.md): the scoped lists and detail (personal data masked; the full
 * name and phone only through an audited view by the handler or the bureau), acceptance, assignment, notes, the pause,
 * mediation, the case decision of a 举报, arbitration verification and the refund proposal, the reply that closes.
 */

function fieldError(field: string): AppError {
  return new AppError('complaint_field_invalid', { params: { field: t(`complaints.field.${field}`) }, details: { field } });
}

/** Which complaints the actor sees: the bureau its region, an office its towns, an enterprise those about itself. */
export function complaintScopeOf(actor: Actor): { scope: Scope; own: boolean } {
  if (can(actor, 'complaint.read')) return { scope: scopeOf(actor), own: false };
  if (can(actor, 'complaint.read_own')) return { scope: { kind: 'org', orgId: actor.orgId ?? -1 }, own: true };
  throw new AppError('forbidden', { details: { permission: 'complaint.read' } });
}

function inScope(scope: Scope, c: ComplaintRow): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      if (c.town_code) return codeInScope(scope, c.town_code);
      return c.region_code === null || codeInScope(scope, c.region_code);
    case 'towns':
      return c.town_code !== null && scope.towns.some((t) => c.town_code?.startsWith(t));
    case 'org':
      return c.org_id !== null && Number(c.org_id) === scope.orgId;
  }
}

async function loadVisible(db: DbOrTrx, actor: Actor, id: number): Promise<{ c: ComplaintRow; own: boolean }> {
  const { scope, own } = complaintScopeOf(actor);
  const c = await repo.complaintById(db, id);
  if (!c || !inScope(scope, c)) throw notFound('complaint', id);
  return { c, own };
}

/** The bureau (regulator, admin, a bureau inspector) or the complaint's assigned handler may see the full personal data. */
function maySeePersonal(actor: Actor, c: ComplaintRow): boolean {
  if (!can(actor, 'complaint.personal')) return false;
  if (actor.kind === 'system' || actor.role === 'admin' || actor.role === 'regulator') return true;
  if (actor.role === 'inspector' && actor.orgKind === 'bureau') return true;
  return c.handler_user_id !== null && actor.userId !== null && Number(c.handler_user_id) === actor.userId;
}

function maskedPersonal(ctx: AppContext, c: { name_enc: string | null; phone_enc: string | null; anonymous: number }, own: boolean) {
  if (own || Number(c.anonymous) === 1) return { nameMasked: null, phoneMasked: null };
  const keys = piiKeys(ctx.config);
  return { nameMasked: maskName(decrypt(keys, c.name_enc)), phoneMasked: maskPhone(decrypt(keys, c.phone_enc)) };
}

interface ClockView {
  kind: 'decision' | 'mediation' | 'case_decision';
  deadline: string;
  daysLeft: number | null;
  met: boolean;
  flag: 'near' | 'overdue' | null;
}

function clockViews(ctx: AppContext, cal: WorkCalendar, s: TComplaintSettings, c: ComplaintRow): ClockView[] {
  const day = today(ctx);
  const paused = c.paused_at !== null;
  return clocksOf(cal, c, s, ctx.config.timeZone).map((k) => {
    const running = !k.met && c.stage !== 'closed' && c.stage !== 'refused';
    const left = running ? workingDaysLeft(cal, day, k.deadline) : null;
    return {
      kind: k.kind,
      deadline: k.deadline,
      daysLeft: left,
      met: k.met,
      flag: running ? flagOf(left, s.nearLimitWorkingDays, paused) : null,
    };
  });
}

/** The list's filter and order from its query: `flag` and `decidedInTime` are computed in TypeScript into ids. */
export async function listFilterOf(
  ctx: AppContext,
  actor: Actor,
  scope: Scope,
  q: TComplaintExportQuery,
  cal: WorkCalendar,
  s: TComplaintSettings,
): Promise<{ f: repo.ListFilter; order: repo.ListOrder }> {
  const day = today(ctx);
  const f: repo.ListFilter = {
    stage: q.stage,
    type: q.type,
    subject: q.subject,
    townCode: q.townCode,
    orgId: q.orgId,
    mediation: q.mediation,
  };
  if (q.mine) f.handlerUserId = actor.userId ?? -1;
  if (q.flag) {
    // near: deadline within nearLimitWorkingDays working days (computed as a date), overdue: before today
    const s2 = await statsRows(ctx, scope, f);
    const ids = s2.filter((r) => r.paused_at === null && listFlag(cal, s, day, r.next_deadline, false) === q.flag).map((r) => Number(r.id));
    f.ids = ids;
  }
  if (q.decidedInTime) {
    const rows = await statsRows(ctx, scope, f);
    f.ids = rows.filter((r) => r.decided_at !== null && decidedInTime(ctx, r) === (q.decidedInTime === 'yes')).map((r) => Number(r.id));
  }
  return { f, order: q.mine || q.flag ? 'deadline' : 'received' };
}

/** A list row as the list (and its export) shows it: personal data masked, none at all for the enterprise. */
export function listItem(
  ctx: AppContext,
  own: boolean,
  cal: WorkCalendar,
  s: TComplaintSettings,
  day: string,
  r: repo.ListRow,
): TComplaintListItem {
  return {
    id: Number(r.id),
    trackingCode: r.tracking_code,
    type: r.type as TComplaintListItem['type'],
    subject: r.subject as TComplaintListItem['subject'],
    stage: r.stage as ComplaintStage,
    orgId: r.org_id === null ? null : Number(r.org_id),
    orgName: r.org_name,
    townCode: r.town_code,
    townName: r.town_name,
    officeName: own ? null : r.office_name,
    handler: own ? null : r.handler_name,
    ...maskedPersonal(ctx, r, own),
    receivedAt: r.received_at,
    nextDeadline: r.next_deadline,
    flag: listFlag(cal, s, day, r.next_deadline, r.paused_at !== null),
    paused: r.paused_at !== null,
    duplicateOf: r.duplicate_code,
  };
}

/** GET /complaints: the scoped list, masked; `mine` = the caller's complaints by deadline; `flag` near/overdue. */
export async function listComplaints(ctx: AppContext, actor: Actor, q: TComplaintListQuery) {
  const { scope, own } = complaintScopeOf(actor);
  const [cal, s] = await Promise.all([loadCalendar(ctx.db), getComplaintSettings(ctx.db)]);
  const day = today(ctx);
  const { f, order } = await listFilterOf(ctx, actor, scope, q, cal, s);
  const { total, rows } = await repo.listComplaints(ctx.db, scope, f, q, order);
  return { items: rows.map((r) => listItem(ctx, own, cal, s, day, r)), total, page: q.page, pageSize: q.pageSize };
}

function statsRows(ctx: AppContext, scope: Scope, f: repo.ListFilter) {
  return repo.statRows(ctx.db, scope, { ...f, ids: undefined });
}

function decidedInTime(ctx: AppContext, r: { decided_at: string | null; decision_deadline: string }): boolean {
  return r.decided_at !== null && dateInZone(new Date(r.decided_at), ctx.config.timeZone) <= r.decision_deadline;
}

/** GET /complaints/:id: the detail with its clocks; internal notes never reach an enterprise. */
export async function getComplaint(ctx: AppContext, actor: Actor, id: number, db: DbOrTrx = ctx.db): Promise<TComplaintDetail> {
  const { c, own } = await loadVisible(db, actor, id);
  return present(ctx, db, actor, c, own);
}

async function present(ctx: AppContext, db: DbOrTrx, actor: Actor, c: ComplaintRow, own: boolean): Promise<TComplaintDetail> {
  const id = Number(c.id);
  const [cal, s, n, notes, sessions, arbs, files, dups, dupOf] = await Promise.all([
    loadCalendar(db),
    getComplaintSettings(db),
    repo.names(db, c),
    repo.notesOf(db, id, own ? ['reply', 'utility'] : undefined),
    repo.sessionsOf(db, id),
    repo.arbitrationsOf(db, id),
    own ? Promise.resolve([]) : repo.attachmentsOf(db, id),
    repo.duplicateCodes(db, id),
    repo.trackingCodeOf(db, c.duplicate_of === null ? null : Number(c.duplicate_of)),
  ]);
  const clocks = clockViews(ctx, cal, s, c);
  const arbitrations = [];
  for (const a of arbs) {
    const r = await repo.resultSince(db, Number(a.instrument_id), a.requested_at.slice(0, 10));
    arbitrations.push({
      id: Number(a.id),
      applicationId: Number(a.application_id),
      institutionId: Number(a.institution_id),
      institutionName: a.institution_name ?? '',
      instrumentId: Number(a.instrument_id),
      requestedAt: a.requested_at,
      applicationStatus: a.application_status ?? 'submitted',
      result: r
        ? {
            date: r.date,
            conclusion: r.conclusion as 'passed' | 'failed',
            certificateNo: r.certificate_no,
            errorPct: measuredErrorPct(r.measurements ? JSON.parse(r.measurements) : null),
          }
        : null,
      refund: a.refund ? (JSON.parse(a.refund) as TRefundProposal) : null,
    });
  }
  const day = today(ctx);
  return {
    id,
    trackingCode: c.tracking_code,
    type: c.type as TComplaintDetail['type'],
    subject: c.subject as TComplaintDetail['subject'],
    stage: c.stage as ComplaintStage,
    orgId: c.org_id === null ? null : Number(c.org_id),
    orgName: n.orgName ?? c.org_name_given,
    townCode: c.town_code,
    townName: n.townName,
    officeName: own ? null : n.officeName,
    handler: own ? null : n.handlerName,
    ...maskedPersonal(ctx, c, own),
    receivedAt: c.received_at,
    nextDeadline: c.next_deadline,
    flag: listFlag(cal, s, day, c.next_deadline, c.paused_at !== null),
    paused: c.paused_at !== null,
    duplicateOf: dupOf,
    description: c.description,
    occurredOn: c.occurred_on,
    amountYuan: c.amount_fen === null ? null : Number(c.amount_fen) / 100,
    anonymous: Number(c.anonymous) === 1,
    siteId: c.site_id === null ? null : Number(c.site_id),
    siteName: n.siteName,
    instrumentId: c.instrument_id === null ? null : Number(c.instrument_id),
    instrumentLabel: n.instrument ? n.instrument.serial_no : null,
    instrumentCategory: n.instrument ? n.instrument.category : null,
    // as the verification application reads it: the instrument's division, else the town of the complaint (its site's)
    instrumentRegion: n.instrument ? (n.instrument.admin_division_code ?? c.town_code) : null,
    officeId: own || c.office_id === null ? null : Number(c.office_id),
    handlerUserId: own || c.handler_user_id === null ? null : Number(c.handler_user_id),
    decisionDeadline: c.decision_deadline,
    decidedAt: c.decided_at,
    refusalReason: c.refusal_reason,
    acceptedAt: c.accepted_at,
    pauseReason: c.pause_reason,
    pausedWorkingDays: Number(c.paused_working_days),
    caseDecision: c.case_decision as TComplaintDetail['caseDecision'],
    caseExtended: Number(c.case_extended) === 1,
    linkedCaseId: c.linked_case_id === null ? null : Number(c.linked_case_id),
    linkedAssignmentId: c.linked_assignment_id === null ? null : Number(c.linked_assignment_id),
    mediationResult: c.mediation_result as TComplaintDetail['mediationResult'],
    closedAt: c.closed_at,
    satisfaction: c.satisfaction === null ? null : Number(c.satisfaction),
    duplicates: dups,
    clocks,
    notes: notes.map((x) => ({
      id: Number(x.id),
      kind: x.kind as 'internal' | 'reply' | 'utility',
      text: x.text,
      at: x.at,
      by: own && x.kind !== 'utility' ? '' : x.by_label,
    })),
    sessions: sessions.map((x) => ({
      id: Number(x.id),
      heldOn: x.held_on,
      parties: JSON.parse(x.parties) as string[],
      summary: x.summary,
      outcome: x.outcome as 'continue' | 'agreement' | 'no_agreement',
    })),
    arbitrations,
    attachments: files.map((f) => ({ id: Number(f.id), fileName: f.file_name, type: f.type, bytes: Number(f.bytes) })),
    canShowPersonal: !own && Number(c.anonymous) === 0 && maySeePersonal(actor, c),
    canHandle: !own && can(actor, 'complaint.handle'),
  };
}

/** POST /complaints/:id/personal: the full name and phone — only the handler or the bureau, every view audited. */
export async function showPersonal(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'complaint.personal');
  return ctx.db.transaction().execute(async (trx) => {
    const { c } = await loadVisible(trx, actor, id);
    if (!maySeePersonal(actor, c)) throw new AppError('forbidden', { details: { permission: 'complaint.personal' } });
    const keys = piiKeys(ctx.config);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'complaint_personal_viewed', entityType: 'complaint', entityId: String(id), data: { trackingCode: c.tracking_code } },
      c.org_id === null ? null : Number(c.org_id),
    );
    return { name: decrypt(keys, c.name_enc), phone: decrypt(keys, c.phone_enc) };
  });
}

export async function attachmentContent(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  requirePermission(actor, 'complaint.read');
  const { c } = await loadVisible(ctx.db, actor, id);
  const f = await repo.attachment(ctx.db, Number(c.id), fileId);
  if (!f) throw notFound('complaint_attachment', fileId);
  return { fileName: f.file_name, type: f.type, content: Buffer.from(f.content) };
}

// ---- actions ----

/** The audit actions of the handling steps (act), listed for the audit-label check. */
export const COMPLAINT_ACTIONS = [
  'complaint_accepted',
  'complaint_refused',
  'complaint_assigned',
  'complaint_note_added',
  'complaint_paused',
  'complaint_resumed',
  'complaint_mediation_session',
  'complaint_case_decided',
  'complaint_case_extended',
  'complaint_arbitration_requested',
  'complaint_refund_proposed',
  'complaint_replied',
  'complaint_satisfaction_recorded',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

type Patch = Partial<repo.NewComplaint>;

/**
 * The one shape of a handling action: permission, the complaint in scope (404 otherwise), the stage check, then in one
 * transaction the change, the recomputed next deadline and the audit entry.
 */
async function act(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: string,
  fn: (
    trx: Trx,
    c: ComplaintRow,
    cal: WorkCalendar,
    s: TComplaintSettings,
  ) => Promise<{ patch: Patch; audit: { action: ComplaintAction; data: Record<string, unknown> } }>,
): Promise<TComplaintDetail> {
  requirePermission(actor, 'complaint.handle');
  return ctx.db.transaction().execute(async (trx) => {
    const { c } = await loadVisible(trx, actor, id);
    if (!actionAllowed(c.stage, action))
      throw new AppError('complaint_wrong_stage', { params: { stage: c.stage }, details: { stage: c.stage, action } });
    const [cal, s] = await Promise.all([loadCalendar(trx), getComplaintSettings(trx)]);
    const { patch, audit } = await fn(trx, c, cal, s);
    const next = { ...c, ...patch } as ComplaintRow;
    patch.next_deadline = nextDeadline(clocksOf(cal, next, s, ctx.config.timeZone), next.stage);
    patch.updated_at = nowIso(ctx);
    await repo.updateComplaint(trx, id, patch);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: audit.action, entityType: 'complaint', entityId: String(id), data: { trackingCode: c.tracking_code, ...audit.data } },
      c.org_id === null ? null : Number(c.org_id),
    );
    return getComplaint(ctx, actor, id, trx);
  });
}

/** Accept (受理) or refuse (不予受理, the reason is shown to the complainant); the office of the town is assigned on acceptance. */
export async function decide(ctx: AppContext, actor: Actor, id: number, input: { accept: true } | { accept: false; reason: string }) {
  return act(ctx, actor, id, input.accept ? 'accept' : 'refuse', async (trx, c) => {
    const at = nowIso(ctx);
    if (input.accept) {
      const officeId = c.office_id ?? (c.town_code ? await repo.officeOfTown(trx, c.town_code) : null);
      const handler = c.handler_user_id ?? (actor.role === 'inspector' && actor.userId ? actor.userId : null);
      await notify(ctx, trx, assignedNotices(c, { officeTown: officeId === null ? null : c.town_code, handler, aboutOrg: true }));
      return {
        patch: { stage: 'accepted', decided_at: at, accepted_at: at, office_id: officeId, handler_user_id: handler },
        audit: { action: 'complaint_accepted', data: { officeId, handlerUserId: handler } },
      };
    }
    const reason = stripHtml(input.reason);
    return {
      patch: { stage: 'refused', decided_at: at, refusal_reason: reason, closed_at: at },
      audit: { action: 'complaint_refused', data: { reason } },
    };
  });
}

/**
 * Assign to an office (it must cover the complaint's town) and/or a handler (an inspector or regulator of that office, or
 * of the bureau covering the complaint).
 */
export async function assign(ctx: AppContext, actor: Actor, id: number, input: { officeId?: number; handlerUserId?: number }) {
  return act(ctx, actor, id, 'assign', async (trx, c) => {
    const patch: Patch = {};
    if (input.officeId !== undefined) {
      const towns = await repo.officeTowns(trx, input.officeId);
      if (!c.town_code || !towns.includes(c.town_code))
        throw new AppError('complaint_assignee_invalid', { details: { field: 'officeId' } });
      patch.office_id = input.officeId;
    }
    if (input.handlerUserId !== undefined) {
      const u = await repo.userById(trx, input.handlerUserId);
      const office = patch.office_id ?? c.office_id;
      const org = u ? await repo.orgById(trx, Number(u.org_id)) : undefined;
      // a bureau's staff only where that bureau covers the complaint (its town or region; else the caller's region)
      const place = c.town_code ?? c.region_code ?? actor.regionCode;
      const bureau = org?.kind === 'bureau' && place !== null && place.startsWith(regionPrefix(org.region_code));
      const ok =
        u &&
        Number(u.disabled) === 0 &&
        (u.role === 'inspector' || u.role === 'regulator') &&
        (Number(u.org_id) === Number(office) || bureau);
      if (!ok) throw new AppError('complaint_assignee_invalid', { details: { field: 'handlerUserId' } });
      patch.handler_user_id = input.handlerUserId;
    }
    await notify(
      ctx,
      trx,
      assignedNotices(c, {
        officeTown: patch.office_id === undefined ? null : c.town_code,
        handler: patch.handler_user_id ?? null,
        aboutOrg: false,
      }),
    );
    return { patch, audit: { action: 'complaint_assigned', data: { officeId: patch.office_id, handlerUserId: patch.handler_user_id } } };
  });
}

/** An internal handling note (never shown to the complainant or the enterprise). */
export async function addNote(ctx: AppContext, actor: Actor, id: number, text: string) {
  return act(ctx, actor, id, 'note', async (trx, c) => {
    await repo.insertNote(trx, {
      complaint_id: Number(c.id),
      kind: 'internal',
      text: stripHtml(text),
      org_id: actor.orgId,
      at: nowIso(ctx),
      by_label: actor.username,
    });
    return { patch: {}, audit: { action: 'complaint_note_added', data: {} } };
  });
}

/** The clock stops while the bureau waits on the complainant (missing material); the reason is shown to the complainant. */
export async function pause(ctx: AppContext, actor: Actor, id: number, reason: string) {
  return act(ctx, actor, id, 'pause', async (_trx, c) => {
    if (c.paused_at !== null) throw new AppError('complaint_pause_state', { details: { paused: true } });
    const r = stripHtml(reason);
    return { patch: { paused_at: nowIso(ctx), pause_reason: r }, audit: { action: 'complaint_paused', data: { reason: r } } };
  });
}

/** The clock runs again; the working days paused are added to every deadline. */
export async function resume(ctx: AppContext, actor: Actor, id: number) {
  return act(ctx, actor, id, 'resume', async (_trx, c, cal) => {
    if (c.paused_at === null) throw new AppError('complaint_pause_state', { details: { paused: false } });
    const tz = ctx.config.timeZone;
    const days = pausedWorkingDays(cal, dateInZone(new Date(c.paused_at), tz), today(ctx));
    const total = Number(c.paused_working_days) + days;
    const s = await getComplaintSettings(_trx);
    const next = { ...c, paused_working_days: total };
    const decision = clocksOf(cal, next, s, tz)[0]?.deadline ?? c.decision_deadline;
    return {
      patch: { paused_at: null, pause_reason: null, paused_working_days: total, decision_deadline: decision },
      audit: { action: 'complaint_resumed', data: { pausedWorkingDays: days } },
    };
  });
}

/** A mediation session (投诉 only): agreement or no agreement ends the mediation. */
export async function addSession(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof ZMediationSessionInput>) {
  return act(ctx, actor, id, 'mediate', async (trx, c) => {
    if (c.type !== 'complaint') throw new AppError('complaint_wrong_type', { details: { type: c.type } });
    if (c.mediation_result !== null)
      throw new AppError('complaint_wrong_stage', { params: { stage: c.stage }, details: { stage: c.stage } });
    const at = nowIso(ctx);
    await repo.insertSession(trx, {
      complaint_id: Number(c.id),
      held_on: input.heldOn,
      parties: JSON.stringify(input.parties.map(stripHtml)),
      summary: stripHtml(input.summary),
      outcome: input.outcome,
      at,
      by_label: actor.username,
    });
    const ended = input.outcome !== 'continue';
    return {
      patch: { stage: 'mediating', ...(ended ? { mediation_result: input.outcome, mediation_ended_at: at } : {}) },
      audit: { action: 'complaint_mediation_session', data: { heldOn: input.heldOn, outcome: input.outcome } },
    };
  });
}

/** The 举报's decision whether to open a case (立案) within 15 (+15) working days; an inspection or a case is linked. */
export async function decideCase(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof ZCaseDecisionInput>) {
  requirePermission(actor, 'complaint.handle');
  let assignmentId: number | null = null;
  const { c: pre } = await loadVisible(ctx.db, actor, id);
  if (pre.type !== 'report') throw new AppError('complaint_wrong_type', { details: { type: pre.type } });
  if (pre.case_decision !== null || !actionAllowed(pre.stage, 'case'))
    throw new AppError('complaint_wrong_stage', { params: { stage: pre.stage }, details: { stage: pre.stage } });
  if (input.decision === 'open_inspection') {
    if (!input.targetId || !input.plannedDate) throw fieldError('targetId');
    const p = await createPlannedInspection(ctx, actor, {
      targetId: input.targetId,
      kind: 'complaint',
      plannedDate: input.plannedDate,
      reason: `${pre.tracking_code} ${pre.description}`.slice(0, 2000),
      inspectorIds: input.inspectorIds ?? [],
    });
    assignmentId = p.assignmentId;
  }
  if (input.decision === 'open_case') {
    if (!input.caseId) throw fieldError('caseId');
    await getCase(ctx, actor, input.caseId);
  }
  return act(ctx, actor, id, 'case', async (trx, c) => {
    if (input.note)
      await repo.insertNote(trx, {
        complaint_id: Number(c.id),
        kind: 'internal',
        text: stripHtml(input.note),
        org_id: actor.orgId,
        at: nowIso(ctx),
        by_label: actor.username,
      });
    return {
      patch: {
        case_decision: input.decision,
        case_decided_at: nowIso(ctx),
        linked_assignment_id: assignmentId,
        linked_case_id: input.decision === 'open_case' ? (input.caseId ?? null) : null,
      },
      audit: { action: 'complaint_case_decided', data: { decision: input.decision, assignmentId, caseId: input.caseId ?? null } },
    };
  });
}

/** The +15 working-day extension of the case decision (once). */
export async function extendCaseDecision(ctx: AppContext, actor: Actor, id: number) {
  return act(ctx, actor, id, 'extend', async (_trx, c) => {
    if (c.type !== 'report') throw new AppError('complaint_wrong_type', { details: { type: c.type } });
    if (Number(c.case_extended) === 1 || c.case_decision !== null) throw new AppError('complaint_extension_used');
    return { patch: { case_extended: 1 }, audit: { action: 'complaint_case_extended', data: {} } };
  });
}

/**
 * Arbitration verification (仲裁检定): a verification application to an authorized institution for the disputed
 * instrument, filed for the instrument's organization; the institution accepts it and records the result as for any
 * application (verification module). The application itself is audited by the verification service under `system`
 * (the bureau files it on the organization's behalf); this entry names the actor.
 */
export async function requestArbitration(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { institutionId: number; preferredDate: string; contactName: string; contactPhone: string },
) {
  requirePermission(actor, 'complaint.handle');
  const { c } = await loadVisible(ctx.db, actor, id);
  if (!actionAllowed(c.stage, 'arbitrate'))
    throw new AppError('complaint_wrong_stage', { params: { stage: c.stage }, details: { stage: c.stage } });
  if (c.instrument_id === null) throw new AppError('complaint_no_instrument', { details: { field: 'instrumentId' } });
  const app = await createApplication(
    ctx,
    { ...SYSTEM_ACTOR, username: `complaint:${actor.username}` },
    {
      institutionId: input.institutionId,
      instrumentIds: [Number(c.instrument_id)],
      mode: 'on_site',
      preferredDate: input.preferredDate,
      contact: { name: input.contactName, phone: input.contactPhone },
    },
  );
  return act(ctx, actor, id, 'arbitrate', async (trx) => {
    await repo.insertArbitration(trx, {
      complaint_id: id,
      application_id: app.id,
      institution_id: input.institutionId,
      instrument_id: Number(c.instrument_id),
      requested_at: nowIso(ctx),
      requested_by: actorLabel(actor),
    });
    return {
      patch: {},
      audit: { action: 'complaint_arbitration_requested', data: { applicationId: app.id, institutionId: input.institutionId } },
    };
  });
}

/** The refund proposal for the mediation record, from a failing arbitration result (or an error entered). */
export async function proposeRefund(
  ctx: AppContext,
  actor: Actor,
  id: number,
  arbitrationId: number,
  input: z.infer<typeof ZRefundRequest>,
) {
  return act(ctx, actor, id, 'refund', async (trx, c, _cal, s) => {
    if (input.billedTo < input.billedFrom) throw new AppError('complaint_period_invalid', { details: { field: 'billedTo' } });
    const a = (await repo.arbitrationsOf(trx, Number(c.id))).find((x) => Number(x.id) === arbitrationId);
    if (!a) throw notFound('complaint_arbitration', arbitrationId);
    const r = await repo.resultSince(trx, Number(a.instrument_id), a.requested_at.slice(0, 10));
    if (r?.conclusion !== 'failed') throw new AppError('complaint_no_failing_result');
    const errorPct = input.errorPct ?? measuredErrorPct(r.measurements ? JSON.parse(r.measurements) : null);
    if (errorPct === null) throw fieldError('errorPct');
    const proposal = refundProposal({ ...input, errorPct, capMonths: s.refundCapMonths });
    await repo.setRefund(trx, arbitrationId, JSON.stringify(proposal));
    return { patch: {}, audit: { action: 'complaint_refund_proposed', data: { arbitrationId, ...proposal } } };
  });
}

/** The reply to the complainant: closes the complaint. */
export async function reply(ctx: AppContext, actor: Actor, id: number, text: string) {
  return act(ctx, actor, id, 'reply', async (trx, c) => {
    const at = nowIso(ctx);
    await repo.insertNote(trx, {
      complaint_id: Number(c.id),
      kind: 'reply',
      text: stripHtml(text),
      org_id: actor.orgId,
      at,
      by_label: actor.username,
    });
    return {
      patch: {
        stage: 'closed',
        closed_at: at,
        paused_at: null,
        pause_reason: null,
        ...(c.mediation_ended_at ? {} : { mediation_ended_at: c.type === 'complaint' ? at : null }),
      },
      audit: { action: 'complaint_replied', data: {} },
    };
  });
}

/** The complainant's satisfaction (1–5), as told to the handler. */
export async function recordSatisfaction(ctx: AppContext, actor: Actor, id: number, satisfaction: number) {
  return act(ctx, actor, id, 'satisfaction', async () => ({
    patch: { satisfaction },
    audit: { action: 'complaint_satisfaction_recorded', data: { satisfaction } },
  }));
}

/** An enterprise's own handling of a complaint about itself (seen by the bureau, never personal data). */
export async function addUtilityHandling(ctx: AppContext, actor: Actor, id: number, text: string) {
  requirePermission(actor, 'complaint.read_own');
  return ctx.db.transaction().execute(async (trx) => {
    const { c } = await loadVisible(trx, actor, id);
    await repo.insertNote(trx, {
      complaint_id: Number(c.id),
      kind: 'utility',
      text: stripHtml(text),
      org_id: actor.orgId,
      at: nowIso(ctx),
      by_label: actor.username,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'complaint_utility_handling', entityType: 'complaint', entityId: String(id), data: { trackingCode: c.tracking_code } },
      Number(c.org_id),
    );
    return getComplaint(ctx, actor, id, trx);
  });
}
