import {
  addDays,
  type CaseEventKind,
  type CaseOutcome,
  type CaseStage,
  enumLabel,
  type TCase,
  type TCaseDecisionRequest,
  type TCreateCaseRequest,
  t,
  type ViolationCode,
} from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { can, requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { AppError, notFound } from '../../../errors.js';
import { publicationOf, publish } from '../disclosure/disclosure.service.js';
import { findingInScope } from '../findings/findings.service.js';
import { formatNumber, getEnforcementSettings, violationOf } from '../orders/enforcement-settings.service.js';
import * as repo from './cases.repository.js';
import { canDo, caseClock, checkDate, checkDecision, checkExtension, limitDate, toFen, toYuan } from './cases.rules.js';

/**
 * Administrative penalty cases (行政处罚案件, docs/ENFORCEMENT.md): 立案 from a finding (case number from the
 * configured format), investigation notes and evidence, extensions of the 90-day limit, the decision (legal basis,
 * fine and confiscated gains checked against the code's ranges, outcomes 不予处罚 / 减轻 / transfer), 结案. A penalty
 * or mitigated decision is published on the public disclosure in the decision's transaction. Regulator and office
 * roles read the cases of their scope; an enterprise reads only its own decided cases, without the investigation
 * timeline; anything else answers 404.
 */

function readScope(actor: Actor): repo.CaseScope {
  if (can(actor, 'case.read')) return { orgFilter: orgScopeFilter(scopeOf(actor)) };
  requirePermission(actor, 'case.read_own');
  return { ownOrgId: actor.orgId ?? -1 };
}

type CaseRow = Awaited<ReturnType<typeof repo.listCases>>['rows'][number];

/** A case; `detail`: with its publication record, `withEvents`: with the investigation timeline (regulator/office roles). */
async function present(db: DbOrTrx, r: CaseRow, asOf: string, warnDays: number, withEvents: boolean, detail = true): Promise<TCase> {
  const stage = r.stage as CaseStage;
  const c = caseClock(stage, r.limit_date, asOf, warnDays);
  const events = withEvents ? await repo.eventsOf(db, Number(r.id)) : [];
  return {
    id: Number(r.id),
    caseNo: r.case_no,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    findingId: Number(r.finding_id),
    orderId: r.order_id === null ? null : Number(r.order_id),
    code: r.code as ViolationCode,
    stage,
    filedOn: r.filed_on,
    summary: r.summary,
    limitDate: r.limit_date,
    extensionDays: Number(r.extension_days),
    daysLeft: c.daysLeft,
    clock: c.clock,
    decision:
      r.decided_on && r.decision_no
        ? {
            decisionNo: r.decision_no,
            decidedOn: r.decided_on,
            outcome: r.outcome as CaseOutcome,
            legalBasisId: r.legal_basis_id ?? '',
            legalBasis: r.legal_basis ?? '',
            fine: toYuan(r.fine_fen),
            gains: toYuan(r.gains_fen),
            reason: r.outcome_reason,
          }
        : null,
    closedOn: r.closed_on,
    events: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind as CaseEventKind,
      date: e.date,
      text: e.text,
      days: e.days === null ? null : Number(e.days),
      collective: Number(e.collective) === 1,
      by: e.by,
      at: e.at,
    })),
    disclosure: detail ? await publicationOf(db, 'penalty_decision', Number(r.id), asOf) : null,
    createdAt: r.created_at,
  };
}

export async function listCases(
  ctx: AppContext,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    stage?: CaseStage;
    orgId?: number;
    code?: ViolationCode;
    clock?: 'warning' | 'overdue';
    from?: string;
    to?: string;
  },
) {
  const scope = readScope(actor);
  const s = await getEnforcementSettings(ctx.db);
  const asOf = today(ctx);
  const window =
    q.clock === 'overdue'
      ? { limitBefore: asOf }
      : q.clock === 'warning'
        ? { limitFrom: asOf, limitBefore: addDays(asOf, s.caseWarnDays + 1) }
        : {};
  const { rows, total } = await repo.listCases(
    ctx.db,
    scope,
    { stage: q.stage, orgId: q.orgId, code: q.code, filedFrom: q.from, filedTo: q.to, ...window },
    {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    },
  );
  const items: TCase[] = [];
  for (const r of rows) items.push(await present(ctx.db, r, asOf, s.caseWarnDays, false, false));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

async function load(db: DbOrTrx, actor: Actor, id: number) {
  const r = await repo.findCase(db, readScope(actor), id);
  if (!r) throw notFound('case', id);
  return r;
}

export async function getCase(ctx: AppContext, actor: Actor, id: number): Promise<TCase> {
  const r = await load(ctx.db, actor, id);
  const s = await getEnforcementSettings(ctx.db);
  return present(ctx.db, r, today(ctx), s.caseWarnDays, can(actor, 'case.read'));
}

/** The case row and its presentation, for the decision document (scope checked). */
export async function caseForDocument(ctx: AppContext, actor: Actor, id: number) {
  const r = await load(ctx.db, actor, id);
  const s = await getEnforcementSettings(ctx.db);
  return { c: await present(ctx.db, r, today(ctx), s.caseWarnDays, false), creditCode: r.org_credit_code, authority: s.authorityName };
}

export async function caseFigures(ctx: AppContext, actor: Actor) {
  const scope = readScope(actor);
  const s = await getEnforcementSettings(ctx.db);
  const asOf = today(ctx);
  const rows = await repo.caseFigures(ctx.db, scope);
  const byStage: Record<string, number> = { filed: 0, decided: 0, closed: 0 };
  let warning = 0;
  let overdue = 0;
  let fines = 0;
  let gains = 0;
  for (const r of rows) {
    byStage[r.stage] = (byStage[r.stage] ?? 0) + 1;
    const c = caseClock(r.stage as CaseStage, r.limit_date, asOf, s.caseWarnDays);
    if (c.clock === 'warning') warning++;
    if (c.clock === 'overdue') overdue++;
    fines += Number(r.fine_fen);
    gains += Number(r.gains_fen);
  }
  return { byStage, warning, overdue, fines: toYuan(fines), gains: toYuan(gains) };
}

async function event(
  trx: Trx,
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  kind: CaseEventKind,
  date: string,
  extra: { text?: string | null; days?: number | null; collective?: boolean } = {},
) {
  await repo.insertEvent(trx, {
    case_id: caseId,
    kind,
    date,
    text: extra.text ?? null,
    days: extra.days ?? null,
    collective: extra.collective ? 1 : 0,
    by: actor.username,
    at: nowIso(ctx),
  });
}

function illegal(stage: string, action: string): AppError {
  return new AppError('case_illegal_transition', { params: { stage: enumLabel('caseStage', stage) }, details: { stage, action } });
}

/** 立案 from a finding in the actor's scope: one case per finding. */
export async function openCase(ctx: AppContext, actor: Actor, input: TCreateCaseRequest): Promise<TCase> {
  requirePermission(actor, 'case.write');
  const asOf = today(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const f = await findingInScope(ctx, actor, input.findingId, trx);
    checkDate('filedOn', input.filedOn, { date: f.date, name: 'finding.date' }, asOf);
    const existing = await repo.caseForFinding(trx, f.id);
    if (existing)
      throw new AppError('case_exists_for_finding', {
        params: { caseNo: existing.case_no },
        details: { field: 'findingId', caseId: Number(existing.id) },
      });
    const s = await getEnforcementSettings(trx);
    const year = Number(input.filedOn.slice(0, 4));
    const seq = await repo.nextCaseSeq(trx, year);
    const orderId = input.orderId ?? (await repo.escalatedOrderOf(trx, f.id))?.id ?? null;
    const now = nowIso(ctx);
    const caseNo = formatNumber(s.caseNumberFormat, year, seq);
    const caseId = await repo.insertCase(trx, {
      case_no: caseNo,
      no_year: year,
      no_seq: seq,
      org_id: f.orgId,
      finding_id: f.id,
      order_id: orderId === null ? null : Number(orderId),
      code: f.code,
      stage: 'filed',
      filed_on: input.filedOn,
      summary: input.summary,
      limit_date: limitDate(input.filedOn, s.caseLimitDays, 0),
      decision_no: null,
      decision_year: null,
      decision_seq: null,
      decided_on: null,
      outcome: null,
      legal_basis_id: null,
      legal_basis: null,
      outcome_reason: null,
      closed_on: null,
      created_by: actor.username,
      created_at: now,
      updated_at: now,
    });
    await event(trx, ctx, actor, caseId, 'filed', input.filedOn, { text: input.summary });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'case_created',
        entityType: 'case',
        entityId: String(caseId),
        data: { caseNo, findingId: f.id, code: f.code, filedOn: input.filedOn },
      },
      f.orgId,
    );
    return caseId;
  });
  return getCase(ctx, actor, id);
}

/** An investigation note or a piece of evidence (dated between 立案 and today). */
export async function addNote(ctx: AppContext, actor: Actor, id: number, input: { kind: 'note' | 'evidence'; date: string; text: string }) {
  requirePermission(actor, 'case.write');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.stage as CaseStage, 'note')) throw illegal(r.stage, 'note');
    checkDate('eventDate', input.date, { date: r.filed_on, name: 'filedOn' }, today(ctx));
    await event(trx, ctx, actor, id, input.kind, input.date, { text: input.text });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'case_note_created', entityType: 'case', entityId: String(id), data: { ...input } },
      Number(r.org_id),
    );
  });
  return getCase(ctx, actor, id);
}

/** Extends the time limit: the first up to the configured days, any further one by collective decision. */
export async function extendCase(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { days: number; approvedOn: string; reason: string; collective: boolean },
) {
  requirePermission(actor, 'case.write');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.stage as CaseStage, 'extend')) throw illegal(r.stage, 'extend');
    checkDate('approvedOn', input.approvedOn, { date: r.filed_on, name: 'filedOn' }, today(ctx));
    const s = await getEnforcementSettings(trx);
    checkExtension(Number(r.extension_count), input.days, input.collective, s.caseExtensionDays);
    const extensionDays = Number(r.extension_days) + input.days;
    const limit = limitDate(r.filed_on, s.caseLimitDays, extensionDays);
    const ok = await repo.updateCase(trx, id, 'filed', {
      extension_days: extensionDays,
      extension_count: Number(r.extension_count) + 1,
      limit_date: limit,
      updated_at: nowIso(ctx),
    });
    if (!ok) throw illegal(r.stage, 'extend');
    await event(trx, ctx, actor, id, 'extension', input.approvedOn, { text: input.reason, days: input.days, collective: input.collective });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'case_extended',
        entityType: 'case',
        entityId: String(id),
        data: {
          changes: { limitDate: { before: r.limit_date, after: limit } },
          days: input.days,
          collective: input.collective,
          reason: input.reason,
        },
      },
      Number(r.org_id),
    );
  });
  return getCase(ctx, actor, id);
}

/** The decision (处罚决定): checked, numbered, and for a penalty published on the disclosure in the same transaction. */
export async function decideCase(ctx: AppContext, actor: Actor, id: number, input: TCaseDecisionRequest) {
  requirePermission(actor, 'case.write');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.stage as CaseStage, 'decide')) throw illegal(r.stage, 'decide');
    checkDate('decidedOn', input.decidedOn, { date: r.filed_on, name: 'filedOn' }, today(ctx));
    const s = await getEnforcementSettings(trx);
    const v = violationOf(s, r.code as ViolationCode);
    const basis = checkDecision(v, s, input);
    const year = Number(input.decidedOn.slice(0, 4));
    const seq = await repo.nextDecisionSeq(trx, year);
    const decisionNo = formatNumber(s.decisionNumberFormat, year, seq);
    const fineFen = toFen(input.fine ?? 0);
    const gainsFen = toFen(input.gains ?? 0);
    const ok = await repo.updateCase(trx, id, 'filed', {
      stage: 'decided',
      decision_no: decisionNo,
      decision_year: year,
      decision_seq: seq,
      decided_on: input.decidedOn,
      outcome: input.outcome,
      legal_basis_id: basis.id,
      legal_basis: basis.text,
      fine_fen: fineFen,
      gains_fen: gainsFen,
      outcome_reason: input.reason ?? null,
      updated_at: nowIso(ctx),
    });
    if (!ok) throw illegal(r.stage, 'decide');
    await event(trx, ctx, actor, id, 'decided', input.decidedOn, { text: `${decisionNo} ${enumLabel('caseOutcome', input.outcome)}` });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'case_decided',
        entityType: 'case',
        entityId: String(id),
        data: {
          changes: { stage: { before: 'filed', after: 'decided' } },
          decisionNo,
          decidedOn: input.decidedOn,
          outcome: input.outcome,
          legalBasisId: basis.id,
          fineFen,
          gainsFen,
        },
      },
      Number(r.org_id),
    );
    if (input.outcome === 'penalty' || input.outcome === 'mitigated') {
      const total = (fineFen + gainsFen) / 100;
      await publish(ctx, trx, actor, {
        kind: 'penalty_decision',
        itemId: id,
        orgId: Number(r.org_id),
        documentNo: decisionNo,
        title: t('report.case.title'),
        partyName: r.org_name,
        partyCreditCode: r.org_credit_code,
        fields: {
          violation: enumLabel('violation', r.code),
          basis: basis.text,
          content: penaltyContent(toYuan(fineFen), toYuan(gainsFen)),
          decidedOn: input.decidedOn,
        },
        authority: s.authorityName,
        publishedOn: input.decidedOn,
        months: total >= s.seriousFrom ? s.disclosureMonths.penaltySerious : s.disclosureMonths.penaltyGeneral,
      });
    }
  });
  return getCase(ctx, actor, id);
}

/** 罚款 X 元，没收违法所得 Y 元 (the parts that are not zero). */
export function penaltyContent(fine: number, gains: number): string {
  const parts: string[] = [];
  if (fine > 0) parts.push(t('disclosure.fineText', { fine: fine.toFixed(2) }));
  if (gains > 0) parts.push(t('disclosure.gainsText', { gains: gains.toFixed(2) }));
  return parts.join(t('disclosure.separator'));
}

/** 结案 after the decision (closing date between the decision and today). */
export async function closeCase(ctx: AppContext, actor: Actor, id: number, input: { closedOn: string; note?: string }) {
  requirePermission(actor, 'case.write');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.stage as CaseStage, 'close')) throw illegal(r.stage, 'close');
    checkDate('closedOn', input.closedOn, { date: r.decided_on ?? r.filed_on, name: 'decidedOn' }, today(ctx));
    const ok = await repo.updateCase(trx, id, 'decided', { stage: 'closed', closed_on: input.closedOn, updated_at: nowIso(ctx) });
    if (!ok) throw illegal(r.stage, 'close');
    await event(trx, ctx, actor, id, 'closed', input.closedOn, { text: input.note ?? null });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'case_closed',
        entityType: 'case',
        entityId: String(id),
        data: { changes: { stage: { before: 'decided', after: 'closed' } }, closedOn: input.closedOn },
      },
      Number(r.org_id),
    );
  });
  return getCase(ctx, actor, id);
}

/** Cases opened per user name (the talent pool's computed activity, docs/TALENT.md; no scope: the caller's). */
export function caseCountsByCreator(ctx: AppContext, usernames: readonly string[]): Promise<Map<string, number>> {
  return repo.caseCountsByCreator(ctx.db, usernames);
}
