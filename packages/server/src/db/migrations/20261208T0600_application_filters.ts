import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// An application created from a due-list filter ("select all N that match", docs/VERIFICATION.md "Applying at
// scale") keeps the filter it was resolved from beside the ids it resolved to: `application_versions.filter` holds
// the filter snapshot as JSON (null when the applicant picked instruments one by one).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('application_versions').addColumn('filter', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('application_versions').dropColumn('filter').execute();
}
