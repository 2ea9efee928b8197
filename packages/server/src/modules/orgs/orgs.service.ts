import {
  type CreditCodeProblem,
  checkCreditCode,
  type OrgKind,
  type OwnershipType,
  type TCreateOrganizationRequest,
  type TOrganization,
  type TOrganizationListQuery,
  type TUpdateOrganizationRequest,
  t,
} from '@qiangjian/shared';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import { requirePermission, SYSTEM_ACTOR } from '../../auth/actor.js';
import { codeInScope, orgScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { OrganizationRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { regionExists } from '../regions/regions.service.js';
import * as repo from './orgs.repository.js';

export function creditCodeMessage(p: CreditCodeProblem): string {
  switch (p.kind) {
    case 'length':
      return t('creditCode.length', { length: p.length });
    case 'char':
      return t('creditCode.char', { position: p.position, char: p.char });
    case 'org_check':
      return t('creditCode.org_check', { expected: p.expected });
    case 'check':
      return t('creditCode.check', { expected: p.expected });
  }
}

/** Validates and normalises a 统一社会信用代码, or throws invalid_credit_code naming the position. */
export function validCreditCode(raw: string): string {
  const r = checkCreditCode(raw);
  if (!r.ok) {
    const reason = creditCodeMessage(r.problem);
    throw new AppError('invalid_credit_code', { params: { reason }, details: { field: 'creditCode', ...r.problem } });
  }
  return r.code;
}

export function presentOrg(r: OrganizationRow, towns: string[] = []): TOrganization {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind as OrgKind,
    creditCode: r.credit_code,
    regionCode: r.region_code,
    address: r.address,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    ownershipType: r.ownership_type as OwnershipType | null,
    townCodes: towns,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The organization row within the actor's scope, else not_found (404) — the door other modules use to reach an
 * organization (no permission check: the caller's own permission governs).
 */
export async function findOrgInScope(db: DbOrTrx, actor: Actor, orgId: number): Promise<OrganizationRow> {
  const org = await repo.findOrg(db, orgId, orgScopeFilter(scopeOf(actor)));
  if (!org) throw new AppError('not_found', { details: { entity: 'organization', id: orgId } });
  return org;
}

/** Reads one organization within the actor's scope; outside scope is not_found. */
export async function getOrg(ctx: AppContext, actor: Actor, id: number, db: DbOrTrx = ctx.db): Promise<TOrganization> {
  requirePermission(actor, 'org.read');
  const row = await repo.findOrg(db, id, orgScopeFilter(scopeOf(actor)));
  if (!row) throw new AppError('not_found', { details: { entity: 'organization', id } });
  const towns = await repo.townsOf(db, [id]);
  return presentOrg(row, towns.get(id) ?? []);
}

export async function getOrgByCreditCode(ctx: AppContext, actor: Actor, creditCode: string): Promise<TOrganization> {
  const row = await repo.findOrgByCreditCode(ctx.db, creditCode.normalize('NFKC').trim().toUpperCase());
  if (!row || row.deleted_at) throw new AppError('not_found', { details: { entity: 'organization', creditCode } });
  return getOrg(ctx, actor, Number(row.id));
}

export async function listOrgs(ctx: AppContext, actor: Actor, q: TOrganizationListQuery) {
  requirePermission(actor, 'org.read');
  const { rows, total } = await repo.listOrgs(ctx.db, orgScopeFilter(scopeOf(actor)), q);
  const towns = await repo.townsOf(
    ctx.db,
    rows.filter((r) => r.kind === 'office').map((r) => Number(r.id)),
  );
  return { items: rows.map((r) => presentOrg(r, towns.get(Number(r.id)) ?? [])), total, page: q.page, pageSize: q.pageSize };
}

async function checkRegionAndTowns(db: DbOrTrx, actor: Actor, regionCode: string, towns: string[]) {
  for (const code of [regionCode, ...towns]) {
    if (!(await regionExists(db, code))) {
      throw new AppError('unknown_region', {
        params: { code },
        details: { field: code === regionCode ? 'regionCode' : 'townCodes', code },
      });
    }
  }
  const scope = scopeOf(actor);
  if (!codeInScope(scope, regionCode) && scope.kind !== 'org') {
    throw new AppError('unknown_region', { params: { code: regionCode }, details: { field: 'regionCode', code: regionCode } });
  }
}

export async function createOrg(ctx: AppContext, actor: Actor, input: TCreateOrganizationRequest): Promise<TOrganization> {
  requirePermission(actor, 'org.create');
  const creditCode = validCreditCode(input.creditCode);
  const towns = input.kind === 'office' ? [...new Set(input.townCodes ?? [])] : [];
  const id = await ctx.db.transaction().execute(async (trx) => {
    await checkRegionAndTowns(trx, actor, input.regionCode, towns);
    if (await repo.findOrgByCreditCode(trx, creditCode)) {
      throw new AppError('duplicate_credit_code', { details: { field: 'creditCode', creditCode } });
    }
    const now = nowIso(ctx);
    const newId = await repo.insertOrg(trx, {
      name: input.name,
      kind: input.kind,
      credit_code: creditCode,
      region_code: input.regionCode,
      address: input.address ?? null,
      contact_name: input.contactName ?? null,
      contact_phone: input.contactPhone ?? null,
      ownership_type: input.ownershipType ?? null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    });
    if (towns.length) await repo.setTowns(trx, newId, towns);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'org_created', entityType: 'organization', entityId: String(newId), data: { ...input, creditCode, townCodes: towns } },
      newId,
    );
    return newId;
  });
  // Presented without the read scope: the creator sees what it just created.
  const row = await repo.findOrgById(ctx.db, id);
  return presentOrg(row as OrganizationRow, towns);
}

export async function updateOrg(ctx: AppContext, actor: Actor, id: number, input: TUpdateOrganizationRequest): Promise<TOrganization> {
  requirePermission(actor, 'org.update');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findOrg(trx, id, orgScopeFilter(scopeOf(actor)));
    if (!before) throw new AppError('not_found', { details: { entity: 'organization', id } });
    const creditCode = input.creditCode !== undefined ? validCreditCode(input.creditCode) : before.credit_code;
    if (creditCode !== before.credit_code) {
      const other = await repo.findOrgByCreditCode(trx, creditCode);
      if (other && Number(other.id) !== id) throw new AppError('duplicate_credit_code', { details: { field: 'creditCode', creditCode } });
    }
    const kind = input.kind ?? before.kind;
    if (kind !== before.kind) {
      // a user's role was chosen for the organization's kind (an enterprise account of a gas station, an inspector of an office)
      const users = await repo.countUsersOfOrg(trx, id);
      if (users > 0) throw new AppError('org_kind_locked', { params: { users }, details: { field: 'kind', users } });
    }
    const oldTowns = (await repo.townsOf(trx, [id])).get(id) ?? [];
    const towns = kind === 'office' ? (input.townCodes ? [...new Set(input.townCodes)] : oldTowns) : [];
    await checkRegionAndTowns(trx, actor, input.regionCode ?? before.region_code, towns);
    const patch = {
      name: input.name,
      kind: input.kind,
      credit_code: creditCode,
      region_code: input.regionCode,
      address: input.address,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      ownership_type: input.ownershipType,
    };
    const changes = diffFields(before as unknown as Record<string, unknown>, patch);
    if (JSON.stringify(oldTowns) !== JSON.stringify([...towns].sort())) changes.town_codes = { before: oldTowns, after: towns };
    if (Object.keys(changes).length === 0) return;
    await repo.updateOrg(trx, id, { ...patch, updated_at: nowIso(ctx) });
    if (changes.town_codes) await repo.setTowns(trx, id, towns);
    await recordAudit(ctx, trx, actor, { action: 'org_updated', entityType: 'organization', entityId: String(id), data: { changes } }, id);
  });
  return getOrg(ctx, actor, id);
}

/** Soft delete: the organization disappears from lists; its records and audit chain remain. */
export async function deleteOrg(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'org.delete');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findOrg(trx, id, orgScopeFilter(scopeOf(actor)));
    if (!before) throw new AppError('not_found', { details: { entity: 'organization', id } });
    await repo.updateOrg(trx, id, { deleted_at: nowIso(ctx) });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'org_deleted', entityType: 'organization', entityId: String(id), data: { name: before.name } },
      id,
    );
  });
}

/** The id of the organization with this credit code (as stored: normalised upper case), for the CLI. */
export async function orgIdByCreditCode(db: DbOrTrx, creditCode: string): Promise<number | undefined> {
  const org = await repo.findOrgByCreditCode(db, creditCode);
  return org ? Number(org.id) : undefined;
}

/** Ownership type of every organization of a kind, by id (for the demo seed). */
export function ownershipOfKind(db: DbOrTrx, kind: string): Promise<Map<number, string | null>> {
  return repo.ownershipOfKind(db, kind);
}

/**
 * The bureau (the oldest one), created by the system when there is none: the organization of the first admin.
 * Runs in the caller's transaction.
 */
export async function ensureBureau(
  ctx: AppContext,
  trx: Trx,
  bureau: { name: string; creditCode: string; regionCode: string },
): Promise<{ id: number; name: string }> {
  const found = await repo.firstOrgOfKind(trx, 'bureau');
  if (found) return found;
  const now = nowIso(ctx);
  const id = await repo.insertOrg(trx, {
    name: bureau.name,
    kind: 'bureau',
    credit_code: bureau.creditCode,
    region_code: bureau.regionCode,
    address: null,
    contact_name: null,
    contact_phone: null,
    ownership_type: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
  await recordAudit(ctx, trx, SYSTEM_ACTOR, { action: 'org_created', entityType: 'organization', entityId: String(id), data: bureau }, id);
  return { id, name: bureau.name };
}
