import { addMonthsClamped, type Category } from '@qiangjian/shared';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import { instrumentScopeFilter, orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { AppError } from '../../../errors.js';
import { changeState } from '../../ledger/instruments.service.js';

/**
 * Rotation of civil meters (`first_only_limited_use`, the mode the status engine stored through the rule
 * it applied: instruments.rule_ref → rule_versions.mode). Lots by make, model, install year and town;
 * a 24-month forecast by stored valid_until; rotation orders to a utility; rotation = removal with
 * reason `rotation` linked to the replacement (through the ledger's state change).
 */
type IB = ExpressionBuilder<DB, 'instruments'>;

function limitedUse(eb: IB): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('rule_versions as r')
      .select('r.id')
      .where('r.mode', '=', 'first_only_limited_use')
      .where(sql<SqlBool>`instruments.rule_ref = r.rule_key || '@' || cast(r.version as text)`),
  );
}

const townExpr = sql<string | null>`substr(coalesce(instruments.admin_division_code, sites.town_code), 1, 9)`;
const yearExpr = sql<string | null>`substr(instruments.install_date, 1, 4)`;

/** Rotation read scope: an enterprise its own org; others their region (instrument division code). */
function readScope(actor: Actor, orgId?: number) {
  requirePermission(actor, 'rotation.read');
  const scope = scopeOf(actor);
  return (eb: IB): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [instrumentScopeFilter(scope)(eb), limitedUse(eb), eb('instruments.removal_date', 'is', null)];
    if (orgId) parts.push(eb('instruments.org_id', '=', orgId));
    return eb.and(parts);
  };
}

export async function listLots(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number; category?: Category }) {
  const asOf = today(ctx);
  const in12 = addMonthsClamped(asOf, 12);
  let base = ctx.db
    .selectFrom('instruments')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .innerJoin('organizations as o', 'o.id', 'instruments.org_id')
    .where(readScope(actor, q.orgId));
  if (q.category) base = base.where('instruments.category', '=', q.category);
  const grouped = base
    .select([
      'instruments.org_id',
      'o.name as org_name',
      'instruments.category',
      'instruments.manufacturer',
      'instruments.model',
      yearExpr.as('install_year'),
      townExpr.as('town_code'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.min('instruments.valid_until').as('earliest'),
      sql<number>`sum(case when instruments.valid_until < ${asOf} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when instruments.valid_until >= ${asOf} and instruments.valid_until <= ${in12} then 1 else 0 end)`.as('due12'),
    ])
    .groupBy(['instruments.org_id', 'o.name', 'instruments.category', 'instruments.manufacturer', 'instruments.model', yearExpr, townExpr]);
  const total = Number(
    (
      await ctx.db
        .selectFrom(grouped.as('g'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows = await ctx.db
    .selectFrom(grouped.as('g'))
    .selectAll()
    .orderBy('g.earliest')
    .orderBy('g.org_id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
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
  const from = `${(q.from ?? today(ctx)).slice(0, 7)}-01`;
  const end = addMonthsClamped(from, 24);
  let base = ctx.db.selectFrom('instruments').leftJoin('sites', 'sites.id', 'instruments.site_id').where(readScope(actor, q.orgId));
  if (q.category) base = base.where('instruments.category', '=', q.category);
  const before = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('instruments.valid_until', '<', from)
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([sql<string>`substr(instruments.valid_until, 1, 7)`.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('instruments.valid_until', '>=', from)
    .where('instruments.valid_until', '<', end)
    .groupBy(sql`substr(instruments.valid_until, 1, 7)`)
    .execute();
  const months: { month: string; count: number }[] = [];
  for (let i = 0; i < 24; i++) {
    const m = addMonthsClamped(from, i).slice(0, 7);
    months.push({ month: m, count: Number(rows.find((r) => r.month === m)?.n ?? 0) });
  }
  return { from, overdueBefore: Number(before.n), months };
}

interface LotKey {
  category: Category;
  manufacturer: string | null;
  model: string | null;
  installYear: string | null;
  townCode: string | null;
}

function lotFilter(orgId: number, lot: LotKey) {
  return (eb: IB): Expression<SqlBool> =>
    eb.and([
      eb('instruments.org_id', '=', orgId),
      eb('instruments.category', '=', lot.category),
      lot.manufacturer === null ? eb('instruments.manufacturer', 'is', null) : eb('instruments.manufacturer', '=', lot.manufacturer),
      lot.model === null ? eb('instruments.model', 'is', null) : eb('instruments.model', '=', lot.model),
      lot.installYear === null ? sql<SqlBool>`${yearExpr} is null` : sql<SqlBool>`${yearExpr} = ${lot.installYear}`,
      lot.townCode === null ? sql<SqlBool>`${townExpr} is null` : sql<SqlBool>`${townExpr} = ${lot.townCode}`,
      limitedUse(eb),
      eb('instruments.removal_date', 'is', null),
    ]);
}

async function presentOrder(db: DbOrTrx, id: number, asOf: string) {
  const o = await db
    .selectFrom('rotation_orders')
    .innerJoin('organizations', 'organizations.id', 'rotation_orders.org_id')
    .selectAll('rotation_orders')
    .select('organizations.name as org_name')
    .where('rotation_orders.id', '=', id)
    .executeTakeFirstOrThrow();
  const counts = await db
    .selectFrom('rotation_order_items as it')
    .innerJoin('instruments as i', 'i.id', 'it.instrument_id')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`sum(case when i.removal_reason = 'rotation' and i.removal_date is not null then 1 else 0 end)`.as('rotated'),
    ])
    .where('it.order_id', '=', id)
    .where('it.org_id', '=', Number(o.org_id))
    .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  const rotated = Number(counts.rotated ?? 0);
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
    const org = await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.orgId)
      .where(orgScopeFilter(scopeOf(actor)))
      .executeTakeFirst();
    if (!org) throw new AppError('not_found', { details: { entity: 'organization', id: input.orgId } });
    const members = await trx
      .selectFrom('instruments')
      .leftJoin('sites', 'sites.id', 'instruments.site_id')
      .select('instruments.id')
      .where(lotFilter(input.orgId, input.lot))
      .execute();
    if (members.length === 0) throw new AppError('rotation_lot_empty', { details: { lot: input.lot } });
    const now = nowIso(ctx);
    const r = await trx
      .insertInto('rotation_orders')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orderId = Number(r.id);
    for (let i = 0; i < members.length; i += 500) {
      await trx
        .insertInto('rotation_order_items')
        .values(
          members
            .slice(i, i + 500)
            .map((m) => ({ order_id: orderId, org_id: input.orgId, instrument_id: Number(m.id), rotated_at: null, replacement_id: null })),
        )
        .execute();
    }
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
  let base = ctx.db
    .selectFrom('rotation_orders')
    .innerJoin('organizations', 'organizations.id', 'rotation_orders.org_id')
    .where(orgScopeFilter(scopeOf(actor)));
  if (q.orgId) base = base.where('rotation_orders.org_id', '=', q.orgId);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const ids = await base
    .select('rotation_orders.id')
    .orderBy('rotation_orders.deadline')
    .orderBy('rotation_orders.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const asOf = today(ctx);
  const items = [];
  for (const r of ids) items.push(await presentOrder(ctx.db, Number(r.id), asOf));
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
  const order = await ctx.db
    .selectFrom('rotation_orders')
    .selectAll()
    .where('id', '=', orderId)
    .where((eb) =>
      eb(
        'org_id',
        'in',
        eb
          .selectFrom('organizations')
          .select('id')
          .where(orgScopeFilter(scopeOf(actor))),
      ),
    )
    .executeTakeFirst();
  if (!order) throw new AppError('not_found', { details: { entity: 'rotation_order', id: orderId } });
  const item = await ctx.db
    .selectFrom('rotation_order_items')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('instrument_id', '=', input.instrumentId)
    .executeTakeFirst();
  const old = await ctx.db.selectFrom('instruments').select(['id', 'removal_date']).where('id', '=', input.instrumentId).executeTakeFirst();
  if (!item || !old || old.removal_date !== null)
    throw new AppError('rotation_item_invalid', { details: { instrumentId: input.instrumentId } });
  const repl = await ctx.db
    .selectFrom('instruments')
    .select(['org_id', 'category', 'removal_date'])
    .where('id', '=', input.replacementId)
    .executeTakeFirst();
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
    await trx
      .updateTable('rotation_order_items')
      .set({ rotated_at: input.date, replacement_id: input.replacementId })
      .where('order_id', '=', orderId)
      .where('instrument_id', '=', input.instrumentId)
      .execute();
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
