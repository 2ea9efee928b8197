import type { SiteKind, TSite, ZCreateSiteRequest, ZSiteListQuery, ZUpdateSiteRequest } from '@qiangjian/shared';
import type { z } from 'zod';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import { requirePermission } from '../../auth/actor.js';
import { orgScopeFilter, scopeOf, siteScopeFilter } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { SiteRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { regionExists } from '../regions/regions.service.js';
import * as orgRepo from './orgs.repository.js';
import * as siteRepo from './sites.repository.js';

export function presentSite(r: SiteRow): TSite {
  return { id: Number(r.id), orgId: Number(r.org_id), name: r.name, kind: r.kind as SiteKind, townCode: r.town_code, address: r.address };
}

export async function listSites(ctx: AppContext, actor: Actor, q: z.infer<typeof ZSiteListQuery>) {
  requirePermission(actor, 'site.read');
  const { rows, total } = await siteRepo.listSites(ctx.db, siteScopeFilter(scopeOf(actor)), q);
  return { items: rows.map((r) => ({ ...presentSite(r), orgName: r.org_name ?? undefined })), total, page: q.page, pageSize: q.pageSize };
}

export async function getSite(ctx: AppContext, actor: Actor, id: number): Promise<TSite> {
  requirePermission(actor, 'site.read');
  const row = await siteRepo.findSite(ctx.db, id, siteScopeFilter(scopeOf(actor)));
  if (!row) throw new AppError('not_found', { details: { entity: 'site', id } });
  return presentSite(row);
}

export async function createSite(ctx: AppContext, actor: Actor, input: z.infer<typeof ZCreateSiteRequest>): Promise<TSite> {
  requirePermission(actor, 'site.write');
  return ctx.db.transaction().execute(async (trx) => {
    const org = await orgRepo.findOrg(trx, input.orgId, orgScopeFilter(scopeOf(actor)));
    if (!org) throw new AppError('not_found', { details: { entity: 'organization', id: input.orgId } });
    if (!(await regionExists(trx, input.townCode))) {
      throw new AppError('unknown_region', { params: { code: input.townCode }, details: { field: 'townCode' } });
    }
    const now = nowIso(ctx);
    const row = await siteRepo.insertSite(trx, {
      org_id: input.orgId,
      name: input.name,
      kind: input.kind,
      town_code: input.townCode,
      address: input.address ?? null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'site_created', entityType: 'site', entityId: String(row.id), data: { ...input } },
      input.orgId,
    );
    return presentSite(row);
  });
}

export async function updateSite(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof ZUpdateSiteRequest>): Promise<TSite> {
  requirePermission(actor, 'site.write');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await siteRepo.findSite(trx, id, siteScopeFilter(scopeOf(actor)));
    if (!before) throw new AppError('not_found', { details: { entity: 'site', id } });
    if (input.townCode && !(await regionExists(trx, input.townCode))) {
      throw new AppError('unknown_region', { params: { code: input.townCode }, details: { field: 'townCode' } });
    }
    const patch = { name: input.name, kind: input.kind, town_code: input.townCode, address: input.address };
    const changes = diffFields(before as unknown as Record<string, unknown>, patch);
    if (Object.keys(changes).length === 0) return presentSite(before);
    const row = await siteRepo.updateSite(trx, id, { ...patch, updated_at: nowIso(ctx) });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'site_updated', entityType: 'site', entityId: String(id), data: { changes } },
      Number(before.org_id),
    );
    return presentSite(row);
  });
}
