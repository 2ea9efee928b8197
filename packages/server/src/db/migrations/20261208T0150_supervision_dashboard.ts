import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Planned inspections created beside the draws (docs/SUPERVISION.md "Dashboard"): a risk-targeted or complaint-triggered
// assignment carries its planned date, its reason (or the complaint's reference) and who created it. Draw assignments
// keep them null (their planned date is the draw's run date).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inspection_assignments').addColumn('planned_date', 'text').execute();
  await db.schema.alterTable('inspection_assignments').addColumn('reason', 'text').execute();
  await db.schema.alterTable('inspection_assignments').addColumn('created_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['created_by', 'reason', 'planned_date']) await db.schema.alterTable('inspection_assignments').dropColumn(c).execute();
}
