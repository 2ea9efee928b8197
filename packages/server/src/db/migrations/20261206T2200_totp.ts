import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Optional second factor (TOTP) of a user: the base32 secret, when the user confirmed it with a first code (until then
// login does not ask for codes), and the last time step whose code was accepted (a code works once).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_totp').ifExists().execute();
}
