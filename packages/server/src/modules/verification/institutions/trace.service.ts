import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { findStandard } from './oversight.repository.js';
import { presentStandard, readOrgFilter } from './oversight.service.js';

/** Reverse trace: every certificate and instrument a standard touched in a date window (paginated). */
export async function traceStandard(
  ctx: AppContext,
  actor: Actor,
  standardId: number,
  q: { page: number; pageSize: number; from?: string; to?: string },
) {
  const orgId = readOrgFilter(actor);
  const s = await findStandard(ctx.db, standardId);
  if (!s || (orgId !== null && Number(s.org_id) !== orgId))
    throw new AppError('not_found', { details: { entity: 'standard', id: standardId } });
  let base = ctx.db
    .selectFrom('verifications as v')
    .innerJoin('instruments as i', 'i.id', 'v.instrument_id')
    .innerJoin('organizations as o', 'o.id', 'v.org_id')
    .where('v.standard_id', '=', standardId);
  if (q.from) base = base.where('v.date', '>=', q.from);
  if (q.to) base = base.where('v.date', '<=', q.to);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
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
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({
      verificationId: Number(r.id),
      date: r.date,
      certificateNo: r.certificate_no,
      conclusion: r.conclusion,
      instrumentId: Number(r.instrument_id),
      nozzleNo: Number(r.nozzle_no),
      serialNo: r.serial_no,
      category: r.category,
      orgId: Number(r.org_id),
      orgName: r.org_name,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Marks a standard faulty (from `since`, or for all its use) and opens one re-verification task per
 * verification it touched from then on (idempotent: one task per standard + verification).
 */
export async function markStandardFaulty(ctx: AppContext, actor: Actor, standardId: number, input: { since?: string; note?: string }) {
  requirePermission(actor, 'institution_data.write');
  const tasks = await ctx.db.transaction().execute(async (trx) => {
    const s = await findStandard(trx, standardId);
    const own = actor.kind === 'system' || actor.role === 'admin' || (s && Number(s.org_id) === actor.orgId);
    if (!s || !own) throw new AppError('not_found', { details: { entity: 'standard', id: standardId } });
    const now = nowIso(ctx);
    await trx
      .updateTable('measurement_standards')
      .set({ faulty: 1, faulty_since: input.since ?? null, updated_at: now })
      .where('id', '=', standardId)
      .execute();
    const before = Number(
      (
        await trx
          .selectFrom('reverification_tasks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('standard_id', '=', standardId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    let src = trx
      .selectFrom('verifications as v')
      .innerJoin('instruments as i', 'i.id', 'v.instrument_id')
      .select((eb) => [
        'v.org_id',
        'v.instrument_id',
        eb.val(standardId).as('standard_id'),
        'v.id as verification_id',
        eb.val('open').as('status'),
        eb.val(now).as('created_at'),
      ])
      .where('v.standard_id', '=', standardId)
      .where('i.removal_date', 'is', null);
    if (input.since) src = src.where('v.date', '>=', input.since);
    await trx
      .insertInto('reverification_tasks')
      .columns(['org_id', 'instrument_id', 'standard_id', 'verification_id', 'status', 'created_at'])
      .expression(src)
      .onConflict((oc) => oc.columns(['standard_id', 'verification_id']).doNothing())
      .execute();
    const after = Number(
      (
        await trx
          .selectFrom('reverification_tasks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('standard_id', '=', standardId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'standard_marked_faulty',
        entityType: 'standard',
        entityId: String(standardId),
        data: { since: input.since ?? null, note: input.note ?? null, tasksOpened: after - before },
      },
      Number(s.org_id),
    );
    return after - before;
  });
  const s = await findStandard(ctx.db, standardId);
  return { standard: presentStandard(s as NonNullable<typeof s>), tasksOpened: tasks };
}

export async function listTasks(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; standardId?: number; status?: string },
) {
  let base = ctx.db
    .selectFrom('reverification_tasks as t')
    .innerJoin('instruments as i', 'i.id', 't.instrument_id')
    .innerJoin('organizations', 'organizations.id', 't.org_id')
    .innerJoin('measurement_standards as s', 's.id', 't.standard_id');
  if (actor.role === 'institution') {
    requirePermission(actor, 'institution_data.read');
    base = base.where('s.org_id', '=', actor.orgId ?? -1);
  } else if (actor.role === 'enterprise') {
    requirePermission(actor, 'instrument.read');
    base = base.where('t.org_id', '=', actor.orgId ?? -1);
  } else {
    requirePermission(actor, 'institution_data.read');
    base = base.where(orgScopeFilter(scopeOf(actor)));
  }
  if (q.standardId) base = base.where('t.standard_id', '=', q.standardId);
  if (q.status) base = base.where('t.status', '=', q.status);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
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
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      orgId: Number(r.org_id),
      orgName: r.org_name,
      instrumentId: Number(r.instrument_id),
      serialNo: r.serial_no,
      standardId: Number(r.standard_id),
      verificationId: Number(r.verification_id),
      status: r.status as 'open' | 'done',
      createdAt: r.created_at,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
