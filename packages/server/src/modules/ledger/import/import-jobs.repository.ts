import type { ExpressionBuilder } from 'kysely';
import type { orgScopeFilter } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

/** Import job bookkeeping (import_jobs, import_job_files, import_job_rejects). */

export async function insertJob(
  db: DbOrTrx,
  j: {
    org_id: number;
    kind: string;
    file_name: string;
    file_hash: string;
    mode: string;
    dry_run: number;
    state: string;
    created_by: string;
    created_at: string;
    runner: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('import_jobs')
    .values({ ...j, progress: 0, result: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateJob(
  db: DbOrTrx,
  id: number,
  patch: {
    state?: string;
    progress?: number;
    result?: string | null;
    finished_at?: string | null;
    mode?: string;
    dry_run?: number;
    runner?: string | null;
    file_expired_at?: string | null;
    committed_rows?: number | null;
  },
): Promise<void> {
  await db.updateTable('import_jobs').set(patch).where('id', '=', id).execute();
}

/** Whether the job's uploaded file is still stored (a column of every job read). */
function withFileKept(eb: ExpressionBuilder<DB, 'import_jobs'>) {
  return eb
    .exists(eb.selectFrom('import_job_files').select('import_job_files.job_id').whereRef('import_job_files.job_id', '=', 'import_jobs.id'))
    .as('file_kept');
}

export async function findJob(db: DbOrTrx, id: number) {
  return db.selectFrom('import_jobs').selectAll().select(withFileKept).where('id', '=', id).executeTakeFirst();
}

export async function listJobs(db: DbOrTrx, orgIds: number[] | null, page: number, pageSize: number) {
  let base = db.selectFrom('import_jobs').where('kind', '=', 'ledger');
  if (orgIds) base = base.where('org_id', 'in', orgIds.length ? orgIds : [-1]);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .select(withFileKept)
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function saveFile(db: DbOrTrx, jobId: number, orgId: number, content: Buffer): Promise<void> {
  await db.insertInto('import_job_files').values({ job_id: jobId, org_id: orgId, content, bytes: content.length }).execute();
}

export async function hasFile(db: DbOrTrx, jobId: number): Promise<boolean> {
  return (await db.selectFrom('import_job_files').select('job_id').where('job_id', '=', jobId).executeTakeFirst()) !== undefined;
}

/** Jobs in one of the states (a start looks for the running ones a dead process left). */
export async function jobsInStates(db: DbOrTrx, states: readonly string[]) {
  return db
    .selectFrom('import_jobs')
    .select(['id', 'state', 'runner', 'committed_rows'])
    .where('state', 'in', [...states])
    .execute();
}

/** Sets a job's state only if it is still in `from` (another process may have moved it on). */
export async function updateJobFrom(
  db: DbOrTrx,
  id: number,
  from: string,
  patch: { state: string; progress?: number; result?: string | null; finished_at?: string | null; runner?: string },
): Promise<boolean> {
  const r = await db.updateTable('import_jobs').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Bytes of the uploaded files still stored for jobs `createdBy` started. */
export async function storedBytesOf(db: DbOrTrx, createdBy: string): Promise<number> {
  const r = await db
    .selectFrom('import_job_files')
    .innerJoin('import_jobs', 'import_jobs.id', 'import_job_files.job_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('import_job_files.bytes'), eb.lit(0)).as('n'))
    .where('import_jobs.created_by', '=', createdBy)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Jobs in one of `states` whose file is still stored and that last changed (finished, or were created) before `before`. */
export async function filesOlderThan(db: DbOrTrx, states: readonly string[], before: string): Promise<number[]> {
  const rows = await db
    .selectFrom('import_job_files')
    .innerJoin('import_jobs', 'import_jobs.id', 'import_job_files.job_id')
    .select('import_jobs.id')
    .where('import_jobs.state', 'in', [...states])
    .where((eb) => eb(eb.fn.coalesce('import_jobs.finished_at', 'import_jobs.created_at'), '<', before))
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function loadFile(db: DbOrTrx, jobId: number): Promise<Buffer | undefined> {
  const r = await db.selectFrom('import_job_files').select('content').where('job_id', '=', jobId).executeTakeFirst();
  return r ? Buffer.from(r.content) : undefined;
}

export async function deleteFile(db: DbOrTrx, jobId: number): Promise<void> {
  await db.deleteFrom('import_job_files').where('job_id', '=', jobId).execute();
}

export async function replaceRejects(db: DbOrTrx, jobId: number, rows: { row_no: number; raw: string; errors: string }[]): Promise<void> {
  await db.deleteFrom('import_job_rejects').where('job_id', '=', jobId).execute();
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('import_job_rejects')
      .values(rows.slice(i, i + 500).map((r) => ({ job_id: jobId, ...r })))
      .execute();
  }
}

export async function rejectsPage(db: DbOrTrx, jobId: number, afterRow: number, limit: number) {
  return db
    .selectFrom('import_job_rejects')
    .select(['row_no', 'raw', 'errors'])
    .where('job_id', '=', jobId)
    .where('row_no', '>', afterRow)
    .orderBy('row_no')
    .limit(limit)
    .execute();
}

export async function countRejects(db: DbOrTrx, jobId: number): Promise<number> {
  const r = await db
    .selectFrom('import_job_rejects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Rejected rows of a job in row order, one page. */
export async function listRejects(db: DbOrTrx, jobId: number, page: number, pageSize: number) {
  return db
    .selectFrom('import_job_rejects')
    .select(['row_no', 'raw', 'errors'])
    .where('job_id', '=', jobId)
    .orderBy('row_no')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
}

/** Whether the job's organisation is within the scope (a job outside it reads as not found). */
export async function orgVisible(db: DbOrTrx, orgId: number, scope: ReturnType<typeof orgScopeFilter>): Promise<boolean> {
  const org = await db.selectFrom('organizations').select('id').where('id', '=', orgId).where(scope).executeTakeFirst();
  return org !== undefined;
}

/** Ids of the organisations within the scope. */
export async function orgIdsInScope(db: DbOrTrx, scope: ReturnType<typeof orgScopeFilter>): Promise<number[]> {
  return (await db.selectFrom('organizations').select('id').where(scope).execute()).map((r) => Number(r.id));
}
