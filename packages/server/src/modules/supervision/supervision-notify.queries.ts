import type { DbOrTrx } from '../../db/database.js';

/** What the supervision module's notification source reads (docs/NOTIFICATIONS.md): orders and inspection assignments. */

const orderColumns = ['r.id', 'r.order_no', 'r.org_id', 'r.deadline', 'o.name as org_name', 'o.region_code'] as const;

/** Orders issued in [from, to]. */
export function ordersIssued(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('rectification_orders as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(orderColumns)
    .where('r.created_at', '>=', from)
    .where('r.created_at', '<=', to)
    .execute();
}

/** Orders not yet answered (issued) whose deadline is on or before `until` (overdue ones included). */
export function openOrdersDueBy(db: DbOrTrx, until: string) {
  return db
    .selectFrom('rectification_orders as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(orderColumns)
    .where('r.state', '=', 'issued')
    .where('r.deadline', '<=', until)
    .execute();
}

/** Inspections created in [from, to] with the users of their inspectors. */
export function inspectionsCreated(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('inspections as i')
    .innerJoin('inspection_inspectors as ii', 'ii.inspection_id', 'i.id')
    .innerJoin('supervision_inspectors as s', 's.id', 'ii.inspector_id')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 's.user_id', 'o.name as org_name'])
    .where('i.created_at', '>=', from)
    .where('i.created_at', '<=', to)
    .execute();
}

/** Inspection tasks (drawn or planned assignments) created in [from, to] with the users of their inspectors. */
export function assignmentsCreated(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('inspection_assignments as a')
    .innerJoin('inspection_assignment_inspectors as ai', 'ai.assignment_id', 'a.id')
    .innerJoin('supervision_inspectors as s', 's.id', 'ai.inspector_id')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.org_id', 's.user_id', 'o.name as org_name'])
    .where('a.created_at', '>=', from)
    .where('a.created_at', '<=', to)
    .execute();
}
