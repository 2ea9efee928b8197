import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Import jobs under hostile and large files: `runner` (`host:pid` of the process running the job) lets a start find
// the jobs a dead process left running; `file_expired_at` marks a job whose uploaded file the retention job deleted;
// `bytes` of a stored upload counts against its uploader's quota.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('runner', 'text').execute();
  await db.schema.alterTable('import_jobs').addColumn('file_expired_at', 'text').execute();
  await db.schema
    .alterTable('import_job_files')
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('import_jobs_state').on('import_jobs').column('state').execute();
  await db.schema.createIndex('import_jobs_created_by').on('import_jobs').column('created_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('import_jobs_created_by').ifExists().execute();
  await db.schema.dropIndex('import_jobs_state').ifExists().execute();
  await db.schema.alterTable('import_job_files').dropColumn('bytes').execute();
  await db.schema.alterTable('import_jobs').dropColumn('file_expired_at').execute();
  await db.schema.alterTable('import_jobs').dropColumn('runner').execute();
}
