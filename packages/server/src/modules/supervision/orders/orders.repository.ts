/** All SQL of rectification orders (docs/ENFORCEMENT.md): `rectification_orders` and `order_files`. */
import type { Expression, ExpressionBuilder, SqlBool, Updateable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import type { RectificationOrdersTable } from '../../../db/schema-enforcement.js';

export type OrderScope = { ownOrgId: number } | { orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool> };

export interface OrderFilter {
  state?: string;
  orgId?: number;
  code?: string;
  /** issued with the deadline before this date */
  overdueBefore?: string;
  /** awaiting re-inspection on this date: replied, or issued with the deadline before it; sorted by deadline */
  reinspectAsOf?: string;
  /** issued on or after / on or before */
  from?: string;
  to?: string;
}

/** The display names of the users who issued and reviewed an order (the rows keep their login names). */
function actorNames(eb: ExpressionBuilder<DB, 'rectification_orders'>) {
  return [
    eb
      .selectFrom('users')
      .select('users.display_name')
      .whereRef('users.username', '=', 'rectification_orders.issued_by')
      .as('issued_by_name'),
    eb
      .selectFrom('users')
      .select('users.display_name')
      .whereRef('users.username', '=', 'rectification_orders.reviewed_by')
      .as('reviewed_by_name'),
  ];
}

function base(db: DbOrTrx, scope: OrderScope) {
  let q = db.selectFrom('rectification_orders').innerJoin('organizations', 'organizations.id', 'rectification_orders.org_id');
  if ('ownOrgId' in scope) q = q.where('rectification_orders.org_id', '=', scope.ownOrgId);
  else q = q.where(scope.orgFilter);
  return q;
}

export async function listOrders(db: DbOrTrx, scope: OrderScope, f: OrderFilter, page: { limit: number; offset: number }) {
  let q = base(db, scope);
  if (f.state) q = q.where('rectification_orders.state', '=', f.state);
  if (f.orgId) q = q.where('rectification_orders.org_id', '=', f.orgId);
  if (f.code) q = q.where('rectification_orders.code', '=', f.code);
  if (f.overdueBefore)
    q = q.where('rectification_orders.state', '=', 'issued').where('rectification_orders.deadline', '<', f.overdueBefore);
  const asOf = f.reinspectAsOf;
  if (asOf)
    q = q.where((eb) =>
      eb.or([
        eb('rectification_orders.state', '=', 'replied'),
        eb.and([eb('rectification_orders.state', '=', 'issued'), eb('rectification_orders.deadline', '<', asOf)]),
      ]),
    );
  if (f.from) q = q.where('rectification_orders.issued_on', '>=', f.from);
  if (f.to) q = q.where('rectification_orders.issued_on', '<=', f.to);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll('rectification_orders')
    .select('organizations.name as org_name')
    .select(actorNames)
    .$if(asOf !== undefined, (b) => b.orderBy('rectification_orders.deadline').orderBy('rectification_orders.id'))
    .orderBy('rectification_orders.issued_on', 'desc')
    .orderBy('rectification_orders.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total };
}

export async function findOrder(db: DbOrTrx, scope: OrderScope, id: number) {
  return base(db, scope)
    .innerJoin('findings', 'findings.id', 'rectification_orders.finding_id')
    .selectAll('rectification_orders')
    .select([
      'organizations.name as org_name',
      'organizations.credit_code as org_credit_code',
      'organizations.address as org_address',
      'findings.date as finding_date',
    ])
    .select(actorNames)
    .where('rectification_orders.id', '=', id)
    .executeTakeFirst();
}

/** Counts for the dashboard: open (issued), replied, overdue (issued, deadline before `today`), unread. */
export async function orderCounts(db: DbOrTrx, scope: OrderScope, today: string) {
  const rows = await base(db, scope)
    .select(['rectification_orders.state', 'rectification_orders.deadline', 'rectification_orders.read_at'])
    .where('rectification_orders.state', 'in', ['issued', 'replied'])
    .execute();
  return {
    open: rows.filter((r) => r.state === 'issued').length,
    replied: rows.filter((r) => r.state === 'replied').length,
    overdue: rows.filter((r) => r.state === 'issued' && r.deadline < today).length,
    unread: rows.filter((r) => r.read_at === null).length,
  };
}

export async function nextSeq(trx: Trx, year: number): Promise<number> {
  const r = await trx
    .selectFrom('rectification_orders')
    .select((eb) => eb.fn.max('no_seq').as('m'))
    .where('no_year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertOrder(trx: Trx, row: Omit<RectificationOrdersTable, 'id'>): Promise<number> {
  const r = await trx.insertInto('rectification_orders').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Updates an order if it is still in `fromState` (optimistic): whether it did. */
export async function updateOrder(trx: Trx, id: number, fromState: string, set: Updateable<RectificationOrdersTable>): Promise<boolean> {
  const r = await trx.updateTable('rectification_orders').set(set).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markRead(db: DbOrTrx, id: number, at: string): Promise<void> {
  await db.updateTable('rectification_orders').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}

export async function filesOf(db: DbOrTrx, orderIds: readonly number[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_files')
    .select(['id', 'order_id', 'file_name', 'type', 'bytes', 'uploaded_at'])
    .where('order_id', 'in', orderIds)
    .orderBy('id')
    .execute();
}

export async function insertFile(
  trx: Trx,
  row: {
    order_id: number;
    org_id: number;
    file_name: string;
    type: string;
    bytes: number;
    content: Buffer;
    uploaded_at: string;
    uploaded_by: string;
  },
): Promise<number> {
  const r = await trx.insertInto('order_files').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function fileContent(db: DbOrTrx, orderId: number, fileId: number) {
  return db
    .selectFrom('order_files')
    .select(['file_name', 'type', 'content'])
    .where('order_id', '=', orderId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}
