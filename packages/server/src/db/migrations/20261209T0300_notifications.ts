import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Notifications (docs/NOTIFICATIONS.md):
// - notifications: one row per recipient user and dedupe key (unique: a notification is never created twice), with
//   its kind, the catalog parameters (JSON), the web route it links to, whether it shows in the inbox and when read;
// - notification_preferences: a user's choice per kind (in-app, e-mail); no row = the defaults;
// - notification_addresses: the e-mail address a user receives notifications at;
// - email_outbox: the durable e-mail queue (pending → sending → sent | failed), claimed with a lease token so a row is
//   sent by one worker only, retried with back-off; at most one row per notification.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

type TB = any;
function withId(db: Kysely<any>, tb: TB): TB {
  return isPg(db)
    ? tb.addColumn('id', 'bigint', (c: TB) => c.primaryKey().generatedByDefaultAsIdentity())
    : tb.addColumn('id', 'integer', (c: TB) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPg(db) ? 'bigint' : 'integer';
  await withId(db, db.schema.createTable('notifications'))
    .addColumn('user_id', bigint, (c: TB) => c.notNull().references('users.id'))
    .addColumn('org_id', bigint)
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('dedupe_key', 'text', (c: TB) => c.notNull())
    .addColumn('params', 'text', (c: TB) => c.notNull())
    .addColumn('link', 'text', (c: TB) => c.notNull())
    .addColumn('in_app', 'integer', (c: TB) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_user_dedupe', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('notifications_user_id').on('notifications').columns(['user_id', 'in_app', 'id']).execute();
  await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', bigint, (c: TB) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c: TB) => c.notNull())
    .addColumn('in_app', 'integer', (c: TB) => c.notNull())
    .addColumn('email', 'integer', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('notification_addresses')
    .addColumn('user_id', bigint, (c: TB) => c.primaryKey().references('users.id'))
    .addColumn('email', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('email_outbox'))
    .addColumn('notification_id', bigint, (c: TB) => c.unique().references('notifications.id'))
    .addColumn('user_id', bigint)
    .addColumn('to_address', 'text', (c: TB) => c.notNull())
    .addColumn('subject', 'text', (c: TB) => c.notNull())
    .addColumn('body', 'text', (c: TB) => c.notNull())
    .addColumn('state', 'text', (c: TB) => c.notNull())
    .addColumn('attempts', 'integer', (c: TB) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c: TB) => c.notNull())
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c: TB) => c.notNull())
    .addColumn('updated_at', 'text', (c: TB) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['state', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('notification_addresses').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
