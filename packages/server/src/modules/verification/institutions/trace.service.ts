import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { findStandard, updateRow } from './oversight.repository.js';
import { presentStandard, readOrgFilter } from './oversight.service.js';
import * as repo from './trace.repository.js';

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
  const { rows, total } = await repo.usesPage(ctx.db, standardId, q);
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
    await updateRow(trx, 'standard', standardId, { faulty: 1, faulty_since: input.since ?? null, updated_at: now });
    const before = await repo.countTasks(trx, standardId);
    await repo.openTasks(trx, standardId, input.since, now);
    const after = await repo.countTasks(trx, standardId);
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
  let who: repo.TaskFilter;
  if (actor.role === 'institution') {
    requirePermission(actor, 'institution_data.read');
    who = { kind: 'institution', orgId: actor.orgId ?? -1 };
  } else if (actor.role === 'enterprise') {
    requirePermission(actor, 'instrument.read');
    who = { kind: 'owner', orgId: actor.orgId ?? -1 };
  } else {
    requirePermission(actor, 'institution_data.read');
    who = { kind: 'scope', scope: scopeOf(actor) };
  }
  const { rows, total } = await repo.tasksPage(ctx.db, who, q);
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
