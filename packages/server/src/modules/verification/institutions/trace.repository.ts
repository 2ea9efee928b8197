import { orgScopeFilter, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';

/** Verifications made with a standard, with their instrument: what a reverse trace lists and what a faulty standard reopens. */
function standardUses(db: DbOrTrx, standardId: number) {
  return db
    .selectFrom('verifications as v')
    .innerJoin('instruments as i', 'i.id', 'v.instrument_id')
    .where('v.standard_id', '=', standardId);
}

/** One page of the verifications made with a standard in [from, to], with owner; by date. */
export async function usesPage(db: DbOrTrx, standardId: number, q: { page: number; pageSize: number; from?: string; to?: string }) {
  let base = standardUses(db, standardId).innerJoin('organizations as o', 'o.id', 'v.org_id');
  if (q.from) base = base.where('v.date', '>=', q.from);
  if (q.to) base = base.where('v.date', '<=', q.to);
  const total = await countRows(base);
  const rows = await base
    .select([
      'v.id',
      'v.date',
      'v.certificate_no',
      'v.conclusion',
      'v.instrument_id',
      'v.nozzle_no',
      'i.serial_no',
      'i.category',
      'v.org_id',
      'o.name as org_name',
    ])
    .orderBy('v.date')
    .orderBy('v.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

export async function countTasks(db: DbOrTrx, standardId: number): Promise<number> {
  return countRows(db.selectFrom('reverification_tasks').where('standard_id', '=', standardId));
}

/** One open task per verification made with the standard (since `since`) on an instrument still in service; existing ones stay. */
export async function openTasks(db: DbOrTrx, standardId: number, since: string | undefined, now: string): Promise<void> {
  let src = standardUses(db, standardId)
    .select((eb) => [
      'v.org_id',
      'v.instrument_id',
      eb.val(standardId).as('standard_id'),
      'v.id as verification_id',
      eb.val('open').as('status'),
      eb.val(now).as('created_at'),
    ])
    .where('i.removal_date', 'is', null);
  if (since) src = src.where('v.date', '>=', since);
  await db
    .insertInto('reverification_tasks')
    .columns(['org_id', 'instrument_id', 'standard_id', 'verification_id', 'status', 'created_at'])
    .expression(src)
    .onConflict((oc) => oc.columns(['standard_id', 'verification_id']).doNothing())
    .execute();
}

/** Whose tasks: an institution's standards, an enterprise's instruments, or the orgs in a scope. */
export type TaskFilter = { kind: 'institution'; orgId: number } | { kind: 'owner'; orgId: number } | { kind: 'scope'; scope: Scope };

export async function tasksPage(db: DbOrTrx, who: TaskFilter, q: { page: number; pageSize: number; standardId?: number; status?: string }) {
  let base = db
    .selectFrom('reverification_tasks as t')
    .innerJoin('instruments as i', 'i.id', 't.instrument_id')
    .innerJoin('organizations', 'organizations.id', 't.org_id')
    .innerJoin('measurement_standards as s', 's.id', 't.standard_id');
  if (who.kind === 'institution') base = base.where('s.org_id', '=', who.orgId);
  else if (who.kind === 'owner') base = base.where('t.org_id', '=', who.orgId);
  else base = base.where(orgScopeFilter(who.scope));
  if (q.standardId) base = base.where('t.standard_id', '=', q.standardId);
  if (q.status) base = base.where('t.status', '=', q.status);
  const total = await countRows(base);
  const rows = await base
    .select([
      't.id',
      't.org_id',
      'organizations.name as org_name',
      't.instrument_id',
      'i.serial_no',
      't.standard_id',
      't.verification_id',
      't.status',
      't.created_at',
    ])
    .orderBy('t.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}
