import type { ViolationCode } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { can, requirePermission, SYSTEM_ACTOR } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import * as repo from './findings.repository.js';

/**
 * Findings (违法行为记录, docs/domain/product.md §3.4) of the supervision module: `system` findings recorded by other modules
 * (verification: overdue acceptance, unverified instruments…) and, in wave 2, the inspectors' own.
 */

export interface SystemFinding {
  orgId: number;
  code: ViolationCode;
  date: string;
  refs: { instrumentIds?: number[]; applicationIds?: number[]; versions?: number[] };
  note: string | null;
  /** Idempotency key: the same key never records twice. */
  dedupeKey: string;
}

/** Records a `system` finding (docs/domain/product.md §3.4) once per dedupe key, audited on the party's chain. */
export async function recordSystemFinding(ctx: AppContext, trx: Trx, f: SystemFinding): Promise<number | null> {
  const id = await repo.insertFindingOnce(trx, {
    org_id: f.orgId,
    code: f.code,
    date: f.date,
    source: 'system',
    refs: JSON.stringify(f.refs),
    note: f.note,
    dedupe_key: f.dedupeKey,
    created_at: nowIso(ctx),
  });
  if (id === null) return null;
  await recordAudit(
    ctx,
    trx,
    SYSTEM_ACTOR,
    { action: 'finding_created', entityType: 'finding', entityId: String(id), data: { ...f } },
    f.orgId,
  );
  return id;
}

/** An inspector's finding (`source: inspection`, docs/SUPERVISION.md Inspections), confirmed from a record's proposal; audited. */
export async function recordInspectionFinding(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  f: {
    orgId: number;
    code: ViolationCode;
    date: string;
    instrumentIds: number[];
    inspectionId: number;
    note: string | null;
    dedupeKey: string;
  },
): Promise<number | null> {
  const refs = { instrumentIds: f.instrumentIds, inspectionIds: [f.inspectionId] };
  const id = await repo.insertFindingOnce(trx, {
    org_id: f.orgId,
    code: f.code,
    date: f.date,
    source: 'inspection',
    refs: JSON.stringify(refs),
    note: f.note,
    dedupe_key: f.dedupeKey,
    created_at: nowIso(ctx),
  });
  if (id === null) return null;
  await recordAudit(ctx, trx, actor, { action: 'finding_created', entityType: 'finding', entityId: String(id), data: { ...f } }, f.orgId);
  return id;
}

/** Findings against organizations in the actor's scope (an institution sees its own). */
export async function listFindings(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; orgId?: number; code?: string; source?: string; from?: string; to?: string },
) {
  // finding.read: every finding in the actor's scope; finding.read_own: those against its own organization
  const own = !can(actor, 'finding.read');
  if (own) requirePermission(actor, 'finding.read_own');
  const { rows, total } = await repo.listFindings(
    ctx.db,
    own ? { ownOrgId: actor.orgId ?? -1 } : { orgFilter: orgScopeFilter(scopeOf(actor)) },
    { orgId: q.orgId, code: q.code, source: q.source, from: q.from, to: q.to },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      orgId: Number(r.org_id),
      orgName: r.org_name,
      code: r.code as ViolationCode,
      date: r.date,
      source: r.source as 'inspection' | 'system',
      refs: JSON.parse(r.refs) as Record<string, number[]>,
      note: r.note,
      createdAt: r.created_at,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export interface FindingRef {
  id: number;
  orgId: number;
  orgName: string;
  orgCreditCode: string;
  code: ViolationCode;
  date: string;
  source: 'inspection' | 'system';
  note: string | null;
}

/** A finding the actor may act on (its organization in the actor's scope), else not_found (404). */
export async function findingInScope(ctx: AppContext, actor: Actor, id: number, db: DbOrTrx = ctx.db): Promise<FindingRef> {
  const r = await repo.findFindingInScope(db, id, orgScopeFilter(scopeOf(actor)));
  if (!r) throw new AppError('not_found', { details: { entity: 'finding', field: 'findingId', id } });
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgCreditCode: r.org_credit_code,
    code: r.code as ViolationCode,
    date: r.date,
    source: r.source as 'inspection' | 'system',
    note: r.note,
  };
}

/** Records an inspector's finding (source `inspection`) that no inspection record carries (the enforcement demo), audited. */
export async function recordFindingWithoutRecord(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  f: { orgId: number; code: ViolationCode; date: string; refs: Record<string, unknown>; note: string | null },
): Promise<number> {
  const id = await repo.insertFinding(trx, {
    org_id: f.orgId,
    code: f.code,
    date: f.date,
    source: 'inspection',
    refs: JSON.stringify(f.refs),
    note: f.note,
    dedupe_key: null,
    created_at: nowIso(ctx),
  });
  await recordAudit(ctx, trx, actor, { action: 'finding_created', entityType: 'finding', entityId: String(id), data: { ...f } }, f.orgId);
  return id;
}
