import type { Category, TAuthorization, TStandard, TVerifier } from '@qiangjian/shared';
import { addDays, diffDays } from '@qiangjian/shared';
import { diffFields } from '../../../audit/audit.rules.js';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import { getSettings } from '../calendar/settings.service.js';
import * as repo from './oversight.repository.js';

/**
 * Institution oversight data: authorizations (授权), measurement standards (计量标准), verifiers (检定员).
 * Institutions write their own; regulators, inspectors and viewers read all; admin and CLI do both.
 */
export type OversightKind = 'authorization' | 'standard' | 'verifier';

function parseCats(s: string): Category[] {
  return JSON.parse(s) as Category[];
}

export function presentAuthorization(r: repo.AuthorizationRow & { org_name: string }): TAuthorization {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    certificateNo: r.certificate_no,
    categories: parseCats(r.categories),
    regionCode: r.region_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export function presentStandard(r: repo.StandardRow & { org_name: string }): TStandard {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    name: r.name,
    certificateNo: r.certificate_no,
    validUntil: r.valid_until,
    categories: parseCats(r.categories),
    faulty: Number(r.faulty) === 1,
    faultySince: r.faulty_since,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export function presentVerifier(r: repo.VerifierRow & { org_name: string }): TVerifier {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    name: r.name,
    certificateNo: r.certificate_no,
    categories: parseCats(r.categories),
    validUntil: r.valid_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Which institution's rows an actor may read: its own org, or all (null). */
export function readOrgFilter(actor: Actor, requested?: number): number | null {
  requirePermission(actor, 'institution_data.read');
  if (
    actor.kind === 'system' ||
    actor.role === 'admin' ||
    actor.role === 'regulator' ||
    actor.role === 'viewer' ||
    actor.role === 'inspector'
  ) {
    return requested ?? null;
  }
  if (requested !== undefined && requested !== actor.orgId) return -1;
  return actor.orgId ?? -1;
}

/** The institution an actor writes for: its own, or (admin/CLI) the given institution. */
async function writeOrg(db: DbOrTrx, actor: Actor, requested?: number): Promise<number> {
  requirePermission(actor, 'institution_data.write');
  let orgId: number;
  if (actor.kind === 'system' || actor.role === 'admin') {
    if (requested === undefined)
      throw new AppError('invalid_parameter', { params: { name: 'orgId', reason: 'required' }, details: { name: 'orgId' } });
    orgId = requested;
  } else {
    if (requested !== undefined && requested !== actor.orgId)
      throw new AppError('not_found', { details: { entity: 'organization', id: requested } });
    orgId = actor.orgId ?? -1;
  }
  const org = await repo.findLiveOrg(db, orgId);
  if (org?.kind !== 'institution') throw new AppError('application_institution_invalid', { details: { orgId } });
  return orgId;
}

/** A row the actor may change: its own institution's (admin/CLI: any). */
function canWriteRow(actor: Actor, orgId: number): boolean {
  return actor.kind === 'system' || actor.role === 'admin' || actor.orgId === orgId;
}

function checkRange(from: string, to: string): void {
  if (to < from)
    throw new AppError('invalid_parameter', { params: { name: 'validTo', reason: '< validFrom' }, details: { name: 'validTo' } });
}

// ---------- authorizations ----------
export async function listAuthorizations(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number }) {
  const orgId = readOrgFilter(actor, q.orgId);
  const { rows, total } = await repo.listAuthorizations(ctx.db, orgId, q);
  return { items: rows.map(presentAuthorization), total, page: q.page, pageSize: q.pageSize };
}

export async function createAuthorization(
  ctx: AppContext,
  actor: Actor,
  input: { orgId?: number; certificateNo?: string | null; categories: Category[]; regionCode: string; validFrom: string; validTo: string },
): Promise<TAuthorization> {
  checkRange(input.validFrom, input.validTo);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const orgId = await writeOrg(trx, actor, input.orgId);
    const now = nowIso(ctx);
    const newId = await repo.insertAuthorization(trx, {
      org_id: orgId,
      certificate_no: input.certificateNo ?? null,
      categories: JSON.stringify([...new Set(input.categories)]),
      region_code: input.regionCode,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'authorization_created', entityType: 'authorization', entityId: String(newId), data: { ...input, orgId } },
      orgId,
    );
    return newId;
  });
  return presentAuthorization((await repo.findAuthorization(ctx.db, id)) as repo.AuthorizationRow & { org_name: string });
}

export async function updateAuthorization(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { certificateNo?: string | null; categories?: Category[]; regionCode?: string; validFrom?: string; validTo?: string },
): Promise<TAuthorization> {
  requirePermission(actor, 'institution_data.write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findAuthorization(trx, id);
    if (!before || !canWriteRow(actor, Number(before.org_id)))
      throw new AppError('not_found', { details: { entity: 'authorization', id } });
    const patch = {
      certificate_no: input.certificateNo === undefined ? undefined : (input.certificateNo ?? null),
      categories: input.categories ? JSON.stringify([...new Set(input.categories)]) : undefined,
      region_code: input.regionCode,
      valid_from: input.validFrom,
      valid_to: input.validTo,
    };
    checkRange(patch.valid_from ?? before.valid_from, patch.valid_to ?? before.valid_to);
    await writePatch(ctx, trx, actor, 'authorization', id, before, patch);
  });
  return presentAuthorization((await repo.findAuthorization(ctx.db, id)) as repo.AuthorizationRow & { org_name: string });
}

type CertifiedInput = { orgId?: number; name: string; certificateNo: string; validUntil: string; categories: Category[] };
type CertifiedEdit = { name?: string; certificateNo?: string; validUntil?: string; categories?: Category[] };
interface CertifiedRow {
  org_id: number;
  name: string;
  certificate_no: string;
  valid_until: string;
  categories: string;
  created_at: string;
  updated_at: string;
}

/**
 * A standard or a verifier created in the writer's organization: its certificate number unique there, inserted by `insert`
 * (which adds the kind's own columns) and audited in the same transaction.
 */
async function createCertified(
  ctx: AppContext,
  actor: Actor,
  kind: 'standard' | 'verifier',
  input: CertifiedInput,
  insert: (trx: Trx, row: CertifiedRow) => Promise<number>,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const orgId = await writeOrg(trx, actor, input.orgId);
    if (await repo.certificateTaken(trx, kind, orgId, input.certificateNo))
      throw new AppError('conflict', { details: { field: 'certificateNo' } });
    const now = nowIso(ctx);
    const newId = await insert(trx, {
      org_id: orgId,
      name: input.name,
      certificate_no: input.certificateNo,
      valid_until: input.validUntil,
      categories: JSON.stringify([...new Set(input.categories)]),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: `${kind}_created`, entityType: kind, entityId: String(newId), data: { ...input, orgId } },
      orgId,
    );
    return newId;
  });
}

/** An edit of a standard or a verifier the actor may write (otherwise not found), audited with its diff. */
async function updateCertified(ctx: AppContext, actor: Actor, kind: 'standard' | 'verifier', id: number, input: CertifiedEdit) {
  requirePermission(actor, 'institution_data.write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findRow(trx, kind, id);
    if (!before || !canWriteRow(actor, Number(before.org_id))) throw new AppError('not_found', { details: { entity: kind, id } });
    await writePatch(ctx, trx, actor, kind, id, before, certifiedPatch(input));
  });
}

/** The patch of a standard or verifier edit (undefined fields are left as they are). */
function certifiedPatch(input: { name?: string; certificateNo?: string; validUntil?: string; categories?: Category[] }) {
  return {
    name: input.name,
    certificate_no: input.certificateNo,
    valid_until: input.validUntil,
    categories: input.categories ? JSON.stringify([...new Set(input.categories)]) : undefined,
  };
}

/** Writes an already checked patch to one oversight row, audited with its before/after diff in the same transaction. */
async function writePatch(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  kind: OversightKind,
  id: number,
  before: { org_id: number },
  patch: Record<string, unknown>,
): Promise<void> {
  const changes = diffFields(before as unknown as Record<string, unknown>, patch);
  await repo.updateRow(trx, kind, id, { ...patch, updated_at: nowIso(ctx) });
  await recordAudit(
    ctx,
    trx,
    actor,
    { action: `${kind}_updated`, entityType: kind, entityId: String(id), data: { changes } },
    Number(before.org_id),
  );
}

export async function deleteOversight(ctx: AppContext, actor: Actor, kind: OversightKind, id: number): Promise<void> {
  requirePermission(actor, 'institution_data.write');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findRow(trx, kind, id);
    if (!row || !canWriteRow(actor, Number(row.org_id))) throw new AppError('not_found', { details: { entity: kind, id } });
    await repo.deleteRow(trx, kind, id);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: `${kind}_deleted`, entityType: kind, entityId: String(id), data: { ...row } },
      Number(row.org_id),
    );
  });
}

// ---------- standards ----------
export async function listStandards(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number }) {
  const orgId = readOrgFilter(actor, q.orgId);
  const { rows, total } = await repo.listStandards(ctx.db, orgId, q);
  return { items: rows.map(presentStandard), total, page: q.page, pageSize: q.pageSize };
}

export async function getStandard(ctx: AppContext, actor: Actor, id: number): Promise<TStandard> {
  const orgId = readOrgFilter(actor);
  const r = await repo.findStandard(ctx.db, id);
  if (!r || (orgId !== null && Number(r.org_id) !== orgId)) throw new AppError('not_found', { details: { entity: 'standard', id } });
  return presentStandard(r);
}

export async function createStandard(ctx: AppContext, actor: Actor, input: CertifiedInput): Promise<TStandard> {
  const id = await createCertified(ctx, actor, 'standard', input, (trx, row) =>
    repo.insertStandard(trx, { ...row, faulty: 0, faulty_since: null }),
  );
  return presentStandard((await repo.findStandard(ctx.db, id)) as repo.StandardRow & { org_name: string });
}

export async function updateStandard(ctx: AppContext, actor: Actor, id: number, input: CertifiedEdit): Promise<TStandard> {
  await updateCertified(ctx, actor, 'standard', id, input);
  return presentStandard((await repo.findStandard(ctx.db, id)) as repo.StandardRow & { org_name: string });
}

// ---------- verifiers ----------
export async function listVerifiers(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; orgId?: number }) {
  const orgId = readOrgFilter(actor, q.orgId);
  const { rows, total } = await repo.listVerifiers(ctx.db, orgId, q);
  return { items: rows.map(presentVerifier), total, page: q.page, pageSize: q.pageSize };
}

export async function createVerifier(ctx: AppContext, actor: Actor, input: CertifiedInput): Promise<TVerifier> {
  const id = await createCertified(ctx, actor, 'verifier', input, (trx, row) => repo.insertVerifier(trx, row));
  return presentVerifier((await repo.findVerifier(ctx.db, id)) as repo.VerifierRow & { org_name: string });
}

export async function updateVerifier(ctx: AppContext, actor: Actor, id: number, input: CertifiedEdit): Promise<TVerifier> {
  await updateCertified(ctx, actor, 'verifier', id, input);
  return presentVerifier((await repo.findVerifier(ctx.db, id)) as repo.VerifierRow & { org_name: string });
}

// ---------- expiry warnings ----------
/** Items expiring within the configured windows (30/60 days by default), or `within` days; soonest first. */
export async function expiryWarnings(ctx: AppContext, actor: Actor, within?: number) {
  const orgId = readOrgFilter(actor);
  const settings = await getSettings(ctx.db);
  const windows = [...settings.expiryWarningDays].sort((a, b) => a - b);
  const max = within ?? (windows[windows.length - 1] as number);
  const asOf = today(ctx);
  const until = addDays(asOf, max);
  const rows = await repo.expiring(ctx.db, orgId, asOf, until);
  return rows.map((r) => {
    const daysLeft = diffDays(asOf, r.validUntil);
    return { ...r, daysLeft, window: windows.find((w) => daysLeft <= w) ?? max };
  });
}

/** Institutions an applicant can choose, with their currently valid authorizations (any role that reads applications). */
export async function listInstitutionChoices(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'application.read');
  const asOf = today(ctx);
  const orgs = await repo.liveInstitutions(ctx.db);
  const auths = await repo.authorizationsValidOn(
    ctx.db,
    orgs.map((o) => Number(o.id)),
    asOf,
  );
  return orgs.map((o) => ({
    id: Number(o.id),
    name: o.name,
    regionCode: o.region_code,
    authorizations: auths
      .filter((a) => Number(a.org_id) === Number(o.id))
      .map((a) => ({ categories: parseCats(a.categories), regionCode: a.region_code, validFrom: a.valid_from, validTo: a.valid_to })),
  }));
}

// ---------- the talent pool's face (docs/TALENT.md) ----------
/** A verifier as the talent pool reads the register. */
export interface VerifierRecord {
  id: number;
  orgId: number;
  orgName: string;
  orgRegion: string;
  name: string;
  certificateNo: string;
  validUntil: string;
  categories: Category[];
}

/** Every verifier (of one institution when `orgId`); no permission check: the talent pool checks its own and its scope. */
export async function verifierRecords(ctx: AppContext, orgId: number | null = null): Promise<VerifierRecord[]> {
  return (await repo.verifierRecords(ctx.db, orgId)).map((r) => ({
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgRegion: r.org_region,
    name: r.name,
    certificateNo: r.certificate_no,
    validUntil: r.valid_until,
    categories: parseCats(r.categories),
  }));
}

/** Verifications recorded per verifier id (the talent pool's computed activity). */
export function verificationCounts(ctx: AppContext, verifierIds: readonly number[]): Promise<Map<number, number>> {
  return repo.verificationCounts(ctx.db, verifierIds);
}
