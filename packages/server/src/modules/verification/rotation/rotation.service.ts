import { addMonthsClamped, type Category } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import { scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import { changeState } from '../../ledger/instruments.service.js';
import * as repo from './rotation.repository.js';

/**
 * Rotation of civil meters (`first_only_limited_use`, the mode the status engine stored through the rule
 * it applied: instruments.rule_ref → rule_versions.mode). Lots by make, model, install year and town;
 * a 24-month forecast by stored valid_until; rotation orders to a utility; rotation = removal with
 * reason `rotation` linked to the replacement (through the ledger's state change).
 */
type LotKey = repo.LotKey;

/** Rotation read scope: an enterprise its own org; others their region (instrument division code). */
function readScope(actor: Actor) {
  requirePermission(actor, 'rotation.read');
  return scopeOf(actor);
}

export async function listLots(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number; category?: Category }) {
  const scope = readScope(actor);
  const asOf = today(ctx);
  const in12 = addMonthsClamped(asOf, 12);
  const { rows, total } = await repo.lotsPage(ctx.db, scope, q, asOf, in12);
  return {
    items: rows.map((r) => ({
      orgId: Number(r.org_id),
      orgName: r.org_name,
      category: r.category,
      manufacturer: r.manufacturer,
      model: r.model,
      installYear: r.install_year,
      townCode: r.town_code,
      count: Number(r.n),
      earliestValidUntil: (r.earliest as string | null) ?? null,
      dueWithin12Months: Number(r.due12 ?? 0),
      overdue: Number(r.overdue ?? 0),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** How many limited-use meters fall due per month for the next 24 months (by stored valid_until). */
export async function forecast(ctx: AppContext, actor: Actor, q: { orgId?: number; category?: Category; from?: string }) {
  const scope = readScope(actor);
  const from = `${(q.from ?? today(ctx)).slice(0, 7)}-01`;
  const end = addMonthsClamped(from, 24);
  const due = await repo.dueByMonth(ctx.db, scope, q, from, end);
  const months: { month: string; count: number }[] = [];
  for (let i = 0; i < 24; i++) {
    const m = addMonthsClamped(from, i).slice(0, 7);
    months.push({ month: m, count: Number(due.months.find((r) => r.month === m)?.n ?? 0) });
  }
  return { from, overdueBefore: due.before, months };
}

async function presentOrder(db: DbOrTrx, id: number, asOf: string) {
  const { order: o, total, rotated } = await repo.orderWithProgress(db, id);
  return {
    id: Number(o.id),
    orgId: Number(o.org_id),
    orgName: o.org_name,
    lot: {
      category: o.category as Category,
      manufacturer: o.manufacturer,
      model: o.model,
      installYear: o.install_year,
      townCode: o.town_code,
    },
    deadline: o.deadline,
    note: o.note,
    total,
    rotated,
    overdue: o.deadline < asOf && rotated < total,
    createdAt: o.created_at,
  };
}

/** A rotation order (轮换任务) to a utility for one lot, with a deadline; the lot's meters are frozen into it. */
export async function createOrder(ctx: AppContext, actor: Actor, input: { orgId: number; lot: LotKey; deadline: string; note?: string }) {
  requirePermission(actor, 'rotation.order');
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.orgInScope(trx, scopeOf(actor), input.orgId)))
      throw new AppError('not_found', { details: { entity: 'organization', id: input.orgId } });
    const members = await repo.lotMembers(trx, input.orgId, input.lot);
    if (members.length === 0) throw new AppError('rotation_lot_empty', { details: { lot: input.lot } });
    const now = nowIso(ctx);
    const orderId = await repo.insertOrder(trx, {
      org_id: input.orgId,
      category: input.lot.category,
      manufacturer: input.lot.manufacturer,
      model: input.lot.model,
      install_year: input.lot.installYear,
      town_code: input.lot.townCode,
      deadline: input.deadline,
      note: input.note ?? null,
      created_by: actorLabel(actor),
      created_at: now,
    });
    await repo.insertOrderItems(trx, orderId, input.orgId, members);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'rotation_order_created',
        entityType: 'rotation_order',
        entityId: String(orderId),
        data: { ...input, instruments: members.length },
      },
      input.orgId,
    );
    return orderId;
  });
  return presentOrder(ctx.db, id, today(ctx));
}

export async function listOrders(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number }) {
  requirePermission(actor, 'rotation.read');
  const { ids, total } = await repo.ordersPage(ctx.db, scopeOf(actor), q);
  const asOf = today(ctx);
  const items = [];
  for (const id of ids) items.push(await presentOrder(ctx.db, id, asOf));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The utility rotates one meter of an order: the ledger removes it (reason `rotation`) linked to its replacement. */
export async function rotateInstrument(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  input: { instrumentId: number; replacementId: number; date: string },
) {
  requirePermission(actor, 'instrument.write');
  const order = await repo.findOrder(ctx.db, scopeOf(actor), orderId);
  if (!order) throw new AppError('not_found', { details: { entity: 'rotation_order', id: orderId } });
  const item = await repo.findOrderItem(ctx.db, orderId, input.instrumentId);
  const old = await repo.instrumentState(ctx.db, input.instrumentId);
  if (!item || !old || old.removal_date !== null)
    throw new AppError('rotation_item_invalid', { details: { instrumentId: input.instrumentId } });
  const repl = await repo.instrumentState(ctx.db, input.replacementId);
  if (
    !repl ||
    Number(repl.org_id) !== Number(order.org_id) ||
    repl.category !== order.category ||
    repl.removal_date !== null ||
    input.replacementId === input.instrumentId
  ) {
    throw new AppError('rotation_replacement_invalid', { details: { replacementId: input.replacementId } });
  }
  await changeState(ctx, actor, input.instrumentId, {
    state: 'removed',
    date: input.date,
    reason: 'rotation',
    replacedById: input.replacementId,
  });
  await ctx.db.transaction().execute(async (trx) => {
    await repo.markRotated(trx, orderId, input.instrumentId, input.date, input.replacementId);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'rotation_item_rotated', entityType: 'rotation_order', entityId: String(orderId), data: { ...input } },
      Number(order.org_id),
    );
  });
  return presentOrder(ctx.db, orderId, today(ctx));
}
