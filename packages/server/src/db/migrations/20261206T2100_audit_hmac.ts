import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Audit entries are keyed: `key_id` names the HMAC key (kept in a key file outside the database) an entry's hash was
// made with. Entries written before keys existed keep NULL and their plain SHA-256 until the one-time upgrade rekeys
// them; after that an unkeyed entry is reported by `audit verify`.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('key_id').execute();
}
