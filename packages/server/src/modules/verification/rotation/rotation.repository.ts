import type { Category } from '@qiangjian/shared';
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import { instrumentScopeFilter, orgScopeFilter, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';
import type { DB } from '../../../db/schema.js';
import type { RotationOrdersTable } from '../../../db/schema-verification.js';

type IB = ExpressionBuilder<DB, 'instruments'>;

/** A lot: the meters of one org that share category, make, model, install year and town. */
export interface LotKey {
  category: Category;
  manufacturer: string | null;
  model: string | null;
  installYear: string | null;
  townCode: string | null;
}

/** Limited-use meters: the rule the status engine applied (instruments.rule_ref) has mode `first_only_limited_use`. */
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

/** Limited-use meters in service, with their site (for the town): the rows lots, forecasts and orders are made of. */
function meters(db: DbOrTrx, where: (eb: IB) => Expression<SqlBool>) {
  return db
    .selectFrom('instruments')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .where((eb) => eb.and([where(eb), limitedUse(eb), eb('instruments.removal_date', 'is', null)]));
}

/** The meters an actor reads: an enterprise its own org, others their region (instrument division code). */
function metersInScope(db: DbOrTrx, scope: Scope, q: { orgId?: number; category?: Category }) {
  let base = meters(db, (eb) => {
    const parts: Expression<SqlBool>[] = [instrumentScopeFilter(scope)(eb)];
    if (q.orgId) parts.push(eb('instruments.org_id', '=', q.orgId));
    return eb.and(parts);
  });
  if (q.category) base = base.where('instruments.category', '=', q.category);
  return base;
}

/** Lots with their size, earliest valid-until, overdue (< asOf) and due within [asOf, in12]; earliest first. */
export async function lotsPage(
  db: DbOrTrx,
  scope: Scope,
  q: { page: number; pageSize: number; orgId?: number; category?: Category },
  asOf: string,
  in12: string,
) {
  const grouped = metersInScope(db, scope, q)
    .innerJoin('organizations as o', 'o.id', 'instruments.org_id')
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
  const total = await countRows(db.selectFrom(grouped.as('g')));
  const rows = await db.selectFrom(grouped.as('g')).selectAll().orderBy('g.earliest').orderBy('g.org_id').$call(pageOf(q)).execute();
  return { rows, total };
}

/** Meters due before `from`, and per month (YYYY-MM) in [from, end), by stored valid_until. */
export async function dueByMonth(db: DbOrTrx, scope: Scope, q: { orgId?: number; category?: Category }, from: string, end: string) {
  const base = metersInScope(db, scope, q);
  const before = await countRows(base.where('instruments.valid_until', '<', from));
  const months = await base
    .select([sql<string>`substr(instruments.valid_until, 1, 7)`.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('instruments.valid_until', '>=', from)
    .where('instruments.valid_until', '<', end)
    .groupBy(sql`substr(instruments.valid_until, 1, 7)`)
    .execute();
  return { before, months };
}

/** The meters of one lot of an org, in service. */
export async function lotMembers(db: DbOrTrx, orgId: number, lot: LotKey): Promise<number[]> {
  const rows = await meters(db, (eb) =>
    eb.and([
      eb('instruments.org_id', '=', orgId),
      eb('instruments.category', '=', lot.category),
      lot.manufacturer === null ? eb('instruments.manufacturer', 'is', null) : eb('instruments.manufacturer', '=', lot.manufacturer),
      lot.model === null ? eb('instruments.model', 'is', null) : eb('instruments.model', '=', lot.model),
      lot.installYear === null ? sql<SqlBool>`${yearExpr} is null` : sql<SqlBool>`${yearExpr} = ${lot.installYear}`,
      lot.townCode === null ? sql<SqlBool>`${townExpr} is null` : sql<SqlBool>`${townExpr} = ${lot.townCode}`,
    ]),
  )
    .select('instruments.id')
    .execute();
  return rows.map((m) => Number(m.id));
}

/** Whether an organization exists within the scope. */
export async function orgInScope(db: DbOrTrx, scope: Scope, orgId: number): Promise<boolean> {
  return !!(await db.selectFrom('organizations').select('id').where('id', '=', orgId).where(orgScopeFilter(scope)).executeTakeFirst());
}

export async function insertOrder(db: DbOrTrx, v: Insertable<RotationOrdersTable>): Promise<number> {
  return Number((await db.insertInto('rotation_orders').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

/** Freezes the lot's meters into the order (500 rows per statement). */
export async function insertOrderItems(db: DbOrTrx, orderId: number, orgId: number, instrumentIds: readonly number[]): Promise<void> {
  for (let i = 0; i < instrumentIds.length; i += 500) {
    await db
      .insertInto('rotation_order_items')
      .values(
        instrumentIds
          .slice(i, i + 500)
          .map((id) => ({ order_id: orderId, org_id: orgId, instrument_id: id, rotated_at: null, replacement_id: null })),
      )
      .execute();
  }
}

/** An order with its org's name, how many meters it holds and how many were rotated. */
export async function orderWithProgress(db: DbOrTrx, id: number) {
  const order = await db
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
    .where('it.org_id', '=', Number(order.org_id))
    .executeTakeFirstOrThrow();
  return { order, total: Number(counts.total), rotated: Number(counts.rotated ?? 0) };
}

/** Ids of one page of the orders of the orgs in scope, by deadline. */
export async function ordersPage(db: DbOrTrx, scope: Scope, q: { page: number; pageSize: number; orgId?: number }) {
  let base = db
    .selectFrom('rotation_orders')
    .innerJoin('organizations', 'organizations.id', 'rotation_orders.org_id')
    .where(orgScopeFilter(scope));
  if (q.orgId) base = base.where('rotation_orders.org_id', '=', q.orgId);
  const total = await countRows(base);
  const rows = await base
    .select('rotation_orders.id')
    .orderBy('rotation_orders.deadline')
    .orderBy('rotation_orders.id')
    .$call(pageOf(q))
    .execute();
  return { ids: rows.map((r) => Number(r.id)), total };
}

/** An order of an org in scope. */
export async function findOrder(db: DbOrTrx, scope: Scope, orderId: number) {
  return db
    .selectFrom('rotation_orders')
    .selectAll()
    .where('id', '=', orderId)
    .where((eb) => eb('org_id', 'in', eb.selectFrom('organizations').select('id').where(orgScopeFilter(scope))))
    .executeTakeFirst();
}

export async function findOrderItem(db: DbOrTrx, orderId: number, instrumentId: number) {
  return db
    .selectFrom('rotation_order_items')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();
}

/** What a rotation checks of a meter and of its replacement: owner, category, removal. */
export async function instrumentState(db: DbOrTrx, id: number) {
  return db.selectFrom('instruments').select(['id', 'org_id', 'category', 'removal_date']).where('id', '=', id).executeTakeFirst();
}

export async function markRotated(db: DbOrTrx, orderId: number, instrumentId: number, date: string, replacementId: number): Promise<void> {
  await db
    .updateTable('rotation_order_items')
    .set({ rotated_at: date, replacement_id: replacementId })
    .where('order_id', '=', orderId)
    .where('instrument_id', '=', instrumentId)
    .execute();
}
