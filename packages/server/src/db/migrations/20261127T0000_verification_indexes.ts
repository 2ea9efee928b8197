import { type Kysely, sql } from 'kysely';

// Frozen migration: never import application code here.
//
// Verification-record indexes follow the queries that exist: no query filters verifications by
// (org_id, date) — every read goes by instrument (verifications_instrument), by application (results of
// an application) or by measurement standard (reverse trace), and the last two had no index. Both are
// partial: imported and manually entered records carry neither, so bulk imports do not maintain them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('verifications_org').ifExists().execute();
  await sql`create index verifications_application on verifications (application_id) where application_id is not null`.execute(db);
  await sql`create index verifications_standard on verifications (standard_id, date) where standard_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('verifications_standard').ifExists().execute();
  await db.schema.dropIndex('verifications_application').ifExists().execute();
  await db.schema.createIndex('verifications_org').on('verifications').columns(['org_id', 'date']).execute();
}
