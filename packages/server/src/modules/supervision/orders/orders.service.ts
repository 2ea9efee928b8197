import type { OrderReviewMethod, OrderState, TCreateOrderRequest, TOrder, TReviewOrderRequest, ViolationCode } from '@qiangjian/shared';
import { ORDER_MAX_FILES, t } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, can, requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError, notFound } from '../../../errors.js';
import type { UploadedFile } from '../../../http/upload.js';
import { loadCalendar } from '../../verification/calendar/settings.service.js';
import { findingInScope } from '../findings/findings.service.js';
import { formatNumber, getEnforcementSettings, violationOf } from './enforcement-settings.service.js';
import * as repo from './orders.repository.js';
import { canDo, isOverdue, type OrderAction, orderDeadline } from './orders.rules.js';

/**
 * Rectification orders (责令改正, docs/ENFORCEMENT.md): issued from a finding by a regulator or an office inspector
 * (the finding's organization in its scope), delivered to the enterprise's own list (unread until it opens the order),
 * answered with a text and evidence files, then closed or escalated after a re-inspection or a desk review. Every
 * state change is audited in its transaction on the enterprise's chain. An enterprise reads only its own orders; an
 * order outside the reader's scope answers 404.
 */

function readScope(actor: Actor): repo.OrderScope {
  if (can(actor, 'order.read')) return { orgFilter: orgScopeFilter(scopeOf(actor)) };
  requirePermission(actor, 'order.read_own');
  return { ownOrgId: actor.orgId ?? -1 };
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof repo.findOrder>>> | Awaited<ReturnType<typeof repo.listOrders>>['rows'][number];

function present(r: OrderRow, files: Awaited<ReturnType<typeof repo.filesOf>>, asOf: string): TOrder {
  const state = r.state as OrderState;
  return {
    id: Number(r.id),
    orderNo: r.order_no,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    findingId: Number(r.finding_id),
    code: r.code as ViolationCode,
    requiredActions: r.required_actions,
    issuedOn: r.issued_on,
    deadline: r.deadline,
    deadlineDays: Number(r.deadline_days),
    deadlineUnit: r.deadline_unit as 'working' | 'calendar',
    state,
    overdue: isOverdue(state, r.deadline, asOf),
    repliedLate: r.replied_on !== null && r.replied_on > r.deadline,
    issuedBy: r.issued_by_name ?? r.issued_by,
    replyText: r.reply_text,
    repliedAt: r.replied_at,
    reviewMethod: r.review_method as OrderReviewMethod | null,
    reviewNote: r.review_note,
    reviewedOn: r.reviewed_on,
    reviewedBy: r.reviewed_by_name ?? r.reviewed_by,
    unread: r.read_at === null,
    files: files
      .filter((f) => Number(f.order_id) === Number(r.id))
      .map((f) => ({ id: Number(f.id), fileName: f.file_name, type: f.type, bytes: Number(f.bytes), uploadedAt: f.uploaded_at })),
    createdAt: r.created_at,
  };
}

export async function listOrders(
  ctx: AppContext,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    state?: OrderState;
    orgId?: number;
    code?: ViolationCode;
    overdue?: '0' | '1';
    reinspect?: '0' | '1';
    from?: string;
    to?: string;
  },
) {
  const scope = readScope(actor);
  const asOf = today(ctx);
  const { rows, total } = await repo.listOrders(
    ctx.db,
    scope,
    {
      state: q.state,
      orgId: q.orgId,
      code: q.code,
      overdueBefore: q.overdue === '1' ? asOf : undefined,
      reinspectAsOf: q.reinspect === '1' ? asOf : undefined,
      from: q.from,
      to: q.to,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const files = await repo.filesOf(
    ctx.db,
    rows.map((r) => Number(r.id)),
  );
  return { items: rows.map((r) => present(r, files, asOf)), total, page: q.page, pageSize: q.pageSize };
}

async function load(db: DbOrTrx, actor: Actor, id: number) {
  const r = await repo.findOrder(db, readScope(actor), id);
  if (!r) throw notFound('order', id);
  return r;
}

/** One order; the enterprise opening its own order marks it read. */
export async function getOrder(ctx: AppContext, actor: Actor, id: number): Promise<TOrder> {
  const r = await load(ctx.db, actor, id);
  if (r.read_at === null && actor.orgId !== null && Number(r.org_id) === actor.orgId) {
    await repo.markRead(ctx.db, id, nowIso(ctx));
    r.read_at = nowIso(ctx);
  }
  return present(r, await repo.filesOf(ctx.db, [id]), today(ctx));
}

export async function orderSummary(ctx: AppContext, actor: Actor) {
  return repo.orderCounts(ctx.db, readScope(actor), today(ctx));
}

/** The order with the data its notice prints (scope checked). */
export async function orderForDocument(ctx: AppContext, actor: Actor, id: number) {
  const r = await load(ctx.db, actor, id);
  return { order: present(r, [], today(ctx)), creditCode: r.org_credit_code, findingDate: r.finding_date };
}

export async function issueOrder(ctx: AppContext, actor: Actor, input: TCreateOrderRequest): Promise<TOrder> {
  requirePermission(actor, 'order.issue');
  const asOf = today(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const f = await findingInScope(ctx, actor, input.findingId, trx);
    const settings = await getEnforcementSettings(trx);
    const v = violationOf(settings, f.code);
    const issuedOn = input.issuedOn ?? asOf;
    if (issuedOn > asOf)
      throw new AppError('enforcement_date_future', { params: { field: t('field.label.issuedOn') }, details: { field: 'issuedOn' } });
    if (issuedOn < f.date)
      throw new AppError('enforcement_date_order', {
        params: { field: t('field.label.issuedOn'), after: f.date },
        details: { field: 'issuedOn', after: 'finding.date' },
      });
    const cal = await loadCalendar(trx);
    const deadline = input.deadline ?? orderDeadline(cal, issuedOn, v.orderDays, v.orderUnit);
    if (deadline <= issuedOn) throw new AppError('order_deadline_invalid', { details: { field: 'deadline' } });
    const year = Number(issuedOn.slice(0, 4));
    const seq = await repo.nextSeq(trx, year);
    const now = nowIso(ctx);
    const row = {
      order_no: formatNumber(settings.orderNumberFormat, year, seq),
      no_year: year,
      no_seq: seq,
      org_id: f.orgId,
      finding_id: f.id,
      code: f.code,
      required_actions: input.requiredActions ?? v.orderActions,
      issued_on: issuedOn,
      deadline,
      deadline_days: input.deadline ? 0 : v.orderDays,
      deadline_unit: input.deadline ? 'calendar' : v.orderUnit,
      state: 'issued',
      issued_by: actor.username,
      reply_text: null,
      replied_at: null,
      replied_on: null,
      review_method: null,
      review_note: null,
      reviewed_on: null,
      reviewed_by: null,
      read_at: null,
      created_at: now,
      updated_at: now,
    };
    const orderId = await repo.insertOrder(trx, row);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'order_created',
        entityType: 'rectification_order',
        entityId: String(orderId),
        data: { orderNo: row.order_no, findingId: f.id, code: f.code, issuedOn, deadline },
      },
      f.orgId,
    );
    return orderId;
  });
  return getOrder(ctx, actor, id);
}

function illegal(state: string, action: OrderAction): AppError {
  return new AppError('order_illegal_transition', { params: { state }, details: { state, action } });
}

/** The enterprise adds one evidence file to its open order (limits: ORDER_MAX_FILES, the upload's size and types). */
export async function addEvidenceFile(ctx: AppContext, actor: Actor, id: number, file: UploadedFile) {
  requirePermission(actor, 'order.reply');
  return ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.state as OrderState, 'upload')) throw illegal(r.state, 'upload');
    const existing = await repo.filesOf(trx, [id]);
    if (existing.length >= ORDER_MAX_FILES)
      throw new AppError('order_too_many_files', { params: { max: ORDER_MAX_FILES }, details: { field: 'file', max: ORDER_MAX_FILES } });
    const now = nowIso(ctx);
    const fileId = await repo.insertFile(trx, {
      order_id: id,
      org_id: Number(r.org_id),
      file_name: file.fileName,
      type: file.type,
      bytes: file.content.length,
      content: file.content,
      uploaded_at: now,
      uploaded_by: actor.username,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'order_file_created',
        entityType: 'rectification_order',
        entityId: String(id),
        data: { fileId, fileName: file.fileName, type: file.type, bytes: file.content.length },
      },
      Number(r.org_id),
    );
    return { id: fileId, fileName: file.fileName, type: file.type, bytes: file.content.length, uploadedAt: now };
  });
}

export async function evidenceFile(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  await load(ctx.db, actor, id);
  const f = await repo.fileContent(ctx.db, id, fileId);
  if (!f) throw notFound('order_file', fileId);
  return { fileName: f.file_name, type: f.type, content: Buffer.from(f.content) };
}

/** The enterprise's reply (text; its files uploaded before): issued → replied. */
export async function replyOrder(ctx: AppContext, actor: Actor, id: number, text: string): Promise<TOrder> {
  requirePermission(actor, 'order.reply');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    if (!canDo(r.state as OrderState, 'reply')) throw illegal(r.state, 'reply');
    const now = nowIso(ctx);
    const ok = await repo.updateOrder(trx, id, 'issued', {
      state: 'replied',
      reply_text: text,
      replied_at: now,
      replied_on: today(ctx),
      updated_at: now,
    });
    if (!ok) throw illegal('replied', 'reply');
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'order_replied',
        entityType: 'rectification_order',
        entityId: String(id),
        data: { changes: { state: { before: 'issued', after: 'replied' } }, late: today(ctx) > r.deadline },
      },
      Number(r.org_id),
    );
  });
  return getOrder(ctx, actor, id);
}

/**
 * Re-inspection or desk review: `close` (rectified) needs a reply; `escalate` (not rectified: the regulator opens a
 * case from the finding) is allowed on a reply or on an issued order past its deadline. The review date lies between
 * the issue date and today.
 */
export async function reviewOrder(ctx: AppContext, actor: Actor, id: number, input: TReviewOrderRequest): Promise<TOrder> {
  requirePermission(actor, 'order.review');
  const asOf = today(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await load(trx, actor, id);
    const state = r.state as OrderState;
    const allowed = input.outcome === 'close' ? state === 'replied' : state === 'replied' || (state === 'issued' && r.deadline < asOf);
    if (!allowed) throw illegal(state, 'review');
    if (input.reviewedOn > asOf)
      throw new AppError('enforcement_date_future', { params: { field: t('field.label.reviewedOn') }, details: { field: 'reviewedOn' } });
    if (input.reviewedOn < r.issued_on)
      throw new AppError('enforcement_date_order', {
        params: { field: t('field.label.reviewedOn'), after: r.issued_on },
        details: { field: 'reviewedOn', after: 'issuedOn' },
      });
    const next = input.outcome === 'close' ? 'closed' : 'escalated';
    const ok = await repo.updateOrder(trx, id, state, {
      state: next,
      review_method: input.method,
      review_note: input.note ?? null,
      reviewed_on: input.reviewedOn,
      reviewed_by: actor.username,
      updated_at: nowIso(ctx),
    });
    if (!ok) throw illegal(state, 'review');
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'order_reviewed',
        entityType: 'rectification_order',
        entityId: String(id),
        data: {
          changes: { state: { before: state, after: next } },
          method: input.method,
          reviewedOn: input.reviewedOn,
          by: actorLabel(actor),
        },
      },
      Number(r.org_id),
    );
  });
  return getOrder(ctx, actor, id);
}
