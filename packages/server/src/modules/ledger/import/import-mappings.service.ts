/**
 * Saved import column mappings (docs/LEDGER.md "Column mapping"): an organization names the mapping a preview was
 * run with; the next file whose header row has the same signature is read with it automatically.
 */
import type { TImportMapping } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError, invalidParameter } from '../../../errors.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { checkMappingShape } from './column-mapping.rules.js';
import { getImportJob } from './import-jobs.service.js';
import * as repo from './import-mappings.repository.js';

type Row = Awaited<ReturnType<typeof repo.mappingsOf>>[number];

function present(r: Row): TImportMapping {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    name: r.name,
    mapping: JSON.parse(r.mapping) as Record<string, string>,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

/** A mapping sent with an upload (JSON text): parsed and checked (unknown field, two columns to one field → 400). */
export function mappingFromQuery(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw invalidParameter('mapping', 'JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw invalidParameter('mapping', '{ column: field }');
  }
  const mapping = v as Record<string, string>;
  checkMappingShape(mapping);
  return mapping;
}

export async function listImportMappings(ctx: AppContext, actor: Actor, orgId: number): Promise<TImportMapping[]> {
  requirePermission(actor, 'instrument.read');
  await findOrgInScope(ctx.db, actor, orgId);
  return (await repo.mappingsOf(ctx.db, orgId)).map(present);
}

/**
 * Saves the mapping an import job's preview was run with as the organization's template `name` (the same name is
 * overwritten; a template of the same header is replaced, so one header has one template). Audited.
 */
export async function saveImportMapping(
  ctx: AppContext,
  actor: Actor,
  input: { jobId: number; name: string; mapping?: Record<string, string> },
): Promise<TImportMapping> {
  requirePermission(actor, 'instrument.import');
  const job = await getImportJob(ctx, actor, input.jobId);
  const stored = await repo.jobMapping(ctx.db, input.jobId);
  const signature = job.result?.mapping?.signature;
  const mapping = input.mapping ?? (stored?.column_mapping ? (JSON.parse(stored.column_mapping) as Record<string, string>) : null);
  if (!signature || !mapping) throw new AppError('import_job_state', { params: { state: job.state }, details: { state: job.state } });
  checkMappingShape(mapping);
  return ctx.db.transaction().execute(async (trx) => {
    const now = nowIso(ctx);
    const existing = await repo.findMappingByName(trx, job.orgId, input.name);
    let id: number;
    if (existing) {
      id = Number(existing.id);
      await repo.updateMapping(trx, id, { signature, mapping: JSON.stringify(mapping), updated_at: now });
    } else {
      id = await repo.insertMapping(trx, {
        org_id: job.orgId,
        name: input.name,
        signature,
        mapping: JSON.stringify(mapping),
        created_by: actorLabel(actor),
        created_at: now,
      });
    }
    await repo.deleteSameSignature(trx, job.orgId, signature, id);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'import_mapping_saved',
        entityType: 'import_mapping',
        entityId: String(id),
        data: { name: input.name, jobId: input.jobId, mapping },
      },
      job.orgId,
    );
    return present((await repo.findMapping(trx, id)) as Row);
  });
}

export async function deleteImportMapping(ctx: AppContext, actor: Actor, id: number): Promise<{ ok: true }> {
  requirePermission(actor, 'instrument.import');
  const row = await repo.findMapping(ctx.db, id);
  if (!row) throw new AppError('not_found', { details: { entity: 'import_mapping', id } });
  await findOrgInScope(ctx.db, actor, Number(row.org_id)).catch(() => {
    throw new AppError('not_found', { details: { entity: 'import_mapping', id } });
  });
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteMapping(trx, id);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'import_mapping_deleted', entityType: 'import_mapping', entityId: String(id), data: { name: row.name } },
      Number(row.org_id),
    );
  });
  return { ok: true };
}
