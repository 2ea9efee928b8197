import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Login throttling counts attempts atomically: one row per throttled key (`user:<username>`, `ip:<address>`) holding
// the start of its window and the attempts in it, raised by a single INSERT … ON CONFLICT DO UPDATE … RETURNING before
// the password is checked, so parallel guesses cannot all be evaluated. `refusal_logged` keeps the audit log to one
// entry per locked window.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('refusal_logged', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').ifExists().execute();
}
