import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/** The stored statuses the notifications digest reads (docs/NOTIFICATIONS.md): per organization, due soon and overdue units. */
export async function dueUnitsByOrg(db: DbOrTrx) {
  const rows = await db
    .selectFrom('instruments')
    .innerJoin('organizations', 'organizations.id', 'instruments.org_id')
    .select([
      'instruments.org_id',
      'organizations.name',
      sql<number>`sum(case when instruments.status = 'due_soon' then instruments.quantity else 0 end)`.as('due_soon'),
      sql<number>`sum(case when instruments.status <> 'due_soon' then instruments.quantity else 0 end)`.as('overdue'),
    ])
    .where('instruments.status', 'in', ['due_soon', 'overdue', 'rotation_overdue'])
    .groupBy(['instruments.org_id', 'organizations.name'])
    .execute();
  return rows.map((r) => ({ orgId: Number(r.org_id), name: r.name, dueSoon: Number(r.due_soon), overdue: Number(r.overdue) }));
}
