import type { TCreateInspectorRequest, TInspector } from '@qiangjian/shared';
import { ZCreateInspectorRequest } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { codeInScope, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError, invalidParameter, notFound } from '../../../errors.js';
import * as repo from './registers.repository.js';

/**
 * The inspector register (执法人员名录, docs/SUPERVISION.md, Registers): user, office, 执法证号 (unique: the inspector's
 * stable public key in draws), validity, active flag and declared conflicts of interest (inspector × organization).
 * A regulator maintains it; an inspector reads its own office's.
 */

/** What the actor may read: everything (system, admin), the offices of its region (regulator, viewer), its own office. */
export function inspectorScopeOf(actor: Actor): repo.InspectorScope {
  const s = scopeOf(actor);
  if (s.kind === 'all') return { kind: 'all' };
  if (actor.role === 'inspector') return { kind: 'office', officeId: actor.orgId ?? -1 };
  if (s.kind === 'region') return { kind: 'region', prefix: s.prefix };
  return { kind: 'office', officeId: -1 };
}

async function present(db: DbOrTrx, rows: repo.InspectorRow[]): Promise<TInspector[]> {
  const conflicts = await repo.conflictsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    certNo: r.cert_no,
    userId: Number(r.user_id),
    userName: r.user_name,
    officeId: Number(r.office_id),
    officeName: r.office_name,
    officeKind: r.office_kind,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    active: Number(r.active) === 1,
    conflicts: conflicts
      .filter((c) => Number(c.inspector_id) === Number(r.id))
      .map((c) => ({ orgId: Number(c.org_id), orgName: c.org_name, creditCode: c.credit_code, note: c.note, createdAt: c.created_at })),
  }));
}

export async function listInspectors(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; officeId?: number; q?: string }) {
  requirePermission(actor, 'supervision_register.read');
  const { rows, total } = await repo.listInspectors(ctx.db, inspectorScopeOf(actor), q, q);
  return { items: await present(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

async function loadInspector(db: DbOrTrx, actor: Actor, id: number): Promise<repo.InspectorRow> {
  const r = await repo.getInspector(db, id, inspectorScopeOf(actor));
  if (!r) throw notFound('inspector', id);
  return r;
}

export async function getInspector(ctx: AppContext, actor: Actor, id: number): Promise<TInspector> {
  requirePermission(actor, 'supervision_register.read');
  return (await present(ctx.db, [await loadInspector(ctx.db, actor, id)]))[0] as TInspector;
}

async function checkOffice(db: DbOrTrx, actor: Actor, officeId: number): Promise<void> {
  const office = await repo.orgById(db, officeId);
  if (!office || !codeInScope(scopeOf(actor), office.region_code)) throw notFound('organization', officeId);
  if (office.kind !== 'office' && office.kind !== 'bureau') throw invalidParameter('officeId', 'office or bureau');
}

export async function createInspector(ctx: AppContext, actor: Actor, input: TCreateInspectorRequest): Promise<TInspector> {
  requirePermission(actor, 'supervision_register.manage');
  const body = ZCreateInspectorRequest.parse(input);
  if (body.validUntil < body.validFrom) throw invalidParameter('validUntil', '>= validFrom');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const user = await repo.userById(trx, body.userId);
    if (!user) throw invalidParameter('userId', 'unknown user');
    if (user.role !== 'inspector' && user.role !== 'regulator') throw invalidParameter('userId', 'inspector or regulator');
    const officeId = body.officeId ?? Number(user.org_id);
    await checkOffice(trx, actor, officeId);
    if (await repo.certTaken(trx, body.certNo))
      throw new AppError('inspector_cert_taken', { params: { certNo: body.certNo }, details: { certNo: body.certNo } });
    const id = await repo.insertInspector(trx, {
      user_id: body.userId,
      office_id: officeId,
      cert_no: body.certNo,
      valid_from: body.validFrom,
      valid_until: body.validUntil,
      active: body.active ? 1 : 0,
      created_at: nowIso(ctx),
    });
    await recordAudit(ctx, trx, actor, {
      action: 'inspector_created',
      entityType: 'inspector',
      entityId: String(id),
      data: {
        certNo: body.certNo,
        userId: body.userId,
        officeId,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
        active: body.active,
      },
    });
    return id;
  });
  return getInspector(ctx, actor, id);
}

export async function updateInspector(
  ctx: AppContext,
  actor: Actor,
  id: number,
  body: { officeId?: number; validFrom?: string; validUntil?: string; active?: boolean },
): Promise<TInspector> {
  requirePermission(actor, 'supervision_register.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadInspector(trx, actor, id);
    if (body.officeId !== undefined) await checkOffice(trx, actor, body.officeId);
    const after = {
      officeId: body.officeId ?? Number(before.office_id),
      validFrom: body.validFrom ?? before.valid_from,
      validUntil: body.validUntil ?? before.valid_until,
      active: body.active ?? Number(before.active) === 1,
    };
    if (after.validUntil < after.validFrom) throw invalidParameter('validUntil', '>= validFrom');
    await repo.updateInspector(trx, id, {
      office_id: after.officeId,
      valid_from: after.validFrom,
      valid_until: after.validUntil,
      active: after.active ? 1 : 0,
      updated_at: nowIso(ctx),
    });
    const prev = {
      officeId: Number(before.office_id),
      validFrom: before.valid_from,
      validUntil: before.valid_until,
      active: Number(before.active) === 1,
    };
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const k of Object.keys(after) as (keyof typeof after)[])
      if (after[k] !== prev[k]) changes[k] = { before: prev[k], after: after[k] };
    await recordAudit(ctx, trx, actor, { action: 'inspector_updated', entityType: 'inspector', entityId: String(id), data: { changes } });
  });
  return getInspector(ctx, actor, id);
}

/** Declares a conflict of interest (inspector × organization); it also covers the organization's station sites. */
export async function addConflict(
  ctx: AppContext,
  actor: Actor,
  id: number,
  body: { creditCode: string; note?: string | null },
): Promise<TInspector> {
  requirePermission(actor, 'supervision_register.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const ins = await loadInspector(trx, actor, id);
    const org = await repo.orgByCreditCode(trx, body.creditCode);
    if (!org) throw invalidParameter('creditCode', 'unknown organization');
    const added = await repo.insertConflict(trx, {
      inspector_id: id,
      org_id: Number(org.id),
      note: body.note ?? null,
      created_at: nowIso(ctx),
    });
    if (added)
      await recordAudit(ctx, trx, actor, {
        action: 'inspector_conflict_created',
        entityType: 'inspector',
        entityId: String(id),
        data: { certNo: ins.cert_no, orgId: Number(org.id), creditCode: org.credit_code, note: body.note ?? null },
      });
  });
  return getInspector(ctx, actor, id);
}

export async function removeConflict(ctx: AppContext, actor: Actor, id: number, orgId: number): Promise<TInspector> {
  requirePermission(actor, 'supervision_register.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const ins = await loadInspector(trx, actor, id);
    if (!(await repo.deleteConflict(trx, id, orgId))) throw notFound('conflict', orgId);
    await recordAudit(ctx, trx, actor, {
      action: 'inspector_conflict_deleted',
      entityType: 'inspector',
      entityId: String(id),
      data: { certNo: ins.cert_no, orgId },
    });
  });
  return getInspector(ctx, actor, id);
}

/** Finds an inspector by 执法证号 in the actor's scope (CLI `inspector conflict add --cert`). */
export async function inspectorIdByCert(ctx: AppContext, actor: Actor, certNo: string): Promise<number> {
  requirePermission(actor, 'supervision_register.read');
  const [r] = await repo.inspectorsByCert(ctx.db, [certNo]);
  const scope = inspectorScopeOf(actor);
  if (
    !r ||
    (scope.kind === 'office' && Number(r.office_id) !== scope.officeId) ||
    (scope.kind === 'region' && !r.office_region.startsWith(scope.prefix))
  )
    throw invalidParameter('cert', 'unknown certificate number');
  return Number(r.id);
}

/** An inspector as the talent pool (docs/TALENT.md) reads the register: the caller applies its own permission and scope. */
export interface InspectorRecord {
  id: number;
  userId: number;
  username: string;
  name: string;
  officeId: number;
  officeName: string;
  officeRegion: string;
  certNo: string;
  validUntil: string;
  active: boolean;
}

/** Every inspector of the register (no permission check: the talent pool checks its own and filters by its scope). */
export async function inspectorRecords(ctx: AppContext): Promise<InspectorRecord[]> {
  const rows = await repo.inspectorRecords(ctx.db, { kind: 'all' });
  return rows.map((r) => ({
    id: Number(r.id),
    userId: Number(r.user_id),
    username: r.username,
    name: r.user_name,
    officeId: Number(r.office_id),
    officeName: r.office_name,
    officeRegion: r.office_region,
    certNo: r.cert_no,
    validUntil: r.valid_until,
    active: Number(r.active) === 1,
  }));
}
