import {
  type Category,
  enumLabel,
  type InstrumentStatus,
  type LedgerState,
  type TCreateInstrumentRequest,
  type TCreateVerificationRequest,
  type TInstrument,
  type TInstrumentDetail,
  type TInstrumentListQuery,
  type TInstrumentStateRequest,
  type TUpdateInstrumentRequest,
  type TVerificationRecord,
  t,
} from '@qiangjian/shared';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import { actorLabel, requirePermission } from '../../auth/actor.js';
import { instrumentScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { InstrumentRow, NewInstrument } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { refreshInstruments } from '../status/status.api.js';
import { CATEGORY_ONLY_FIELDS, catalogueOf, FIELD_COLUMNS, type FieldKey, LEDGER_TRANSITIONS as TRANSITIONS } from './instrument-fields.js';
import * as repo from './instruments.repository.js';
import { newPublicCode } from './public-code.js';

/** Instrument ledger (台账) and filing (备案): entry, edit, state changes, nozzles, verification records. */

export function presentInstrument(r: repo.InstrumentListRow | (InstrumentRow & Partial<repo.InstrumentListRow>)): TInstrument {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name ?? null,
    siteId: r.site_id === null ? null : Number(r.site_id),
    siteName: r.site_name ?? null,
    townCode: r.site_town ?? r.admin_division_code,
    category: r.category as Category,
    serialNo: r.serial_no,
    instrumentName: r.instrument_name,
    catalogueItem: r.catalogue_item,
    catalogueType: r.catalogue_type,
    model: r.model,
    measuringRange: r.measuring_range,
    accuracyClass: r.accuracy_class,
    manufacturer: r.manufacturer,
    origin: r.origin,
    location: r.location,
    quantity: Number(r.quantity),
    purpose: r.purpose,
    submissionMode: r.submission_mode,
    adminDivisionCode: r.admin_division_code,
    caliberDn: r.caliber_dn === null ? null : Number(r.caliber_dn),
    q3: r.q3 === null ? null : Number(r.q3),
    gRating: r.g_rating,
    gasMedium: r.gas_medium,
    fuelGrade: r.fuel_grade,
    sealNos: r.seal_nos,
    typeApprovalNo: r.type_approval_no,
    installDate: r.install_date,
    firstUseDate: r.first_use_date,
    manufactureDate: r.manufacture_date,
    remarks: r.remarks,
    ledgerState: r.ledger_state as LedgerState,
    filedAt: r.filed_at,
    removalDate: r.removal_date,
    removalReason: r.removal_reason,
    replacedById: r.replaced_by_id === null ? null : Number(r.replaced_by_id),
    publicCode: r.public_code,
    status: (r.status as InstrumentStatus | null) ?? null,
    validUntil: r.valid_until,
    dueDate: r.due_date,
    reasonCode: r.reason_code,
    statusAsOf: r.status_as_of,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function presentVerification(v: {
  id: number;
  nozzle_no: number;
  kind: string;
  date: string;
  conclusion: string;
  certificate_no: string | null;
  valid_until: string | null;
  institution_name: string | null;
  source: string;
}): TVerificationRecord {
  return {
    id: Number(v.id),
    nozzleNo: Number(v.nozzle_no),
    kind: v.kind as TVerificationRecord['kind'],
    date: v.date,
    conclusion: v.conclusion as TVerificationRecord['conclusion'],
    certificateNo: v.certificate_no,
    validUntil: v.valid_until,
    institutionName: v.institution_name,
    source: v.source,
  };
}

export async function listInstruments(ctx: AppContext, actor: Actor, q: TInstrumentListQuery) {
  requirePermission(actor, 'instrument.read');
  const { rows, total, totalCapped } = await repo.listInstruments(
    ctx.db,
    instrumentScopeFilter(scopeOf(actor)),
    q,
    ctx.config.listCountCap,
  );
  return { items: rows.map(presentInstrument), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

/** One instrument inside the actor's scope, else not_found (404). */
export async function loadInstrument(db: DbOrTrx, actor: Actor, id: number): Promise<repo.InstrumentListRow> {
  const row = await repo.findInstrument(db, id, instrumentScopeFilter(scopeOf(actor)));
  if (!row) throw new AppError('not_found', { details: { entity: 'instrument', id } });
  return row;
}

/** The columns an import changed, from its journal entry's diff (`{ fields: { model: {…} } }`). */
function importedFields(diff: string | null): string[] {
  if (!diff) return [];
  try {
    const d = JSON.parse(diff) as { fields?: Record<string, unknown> };
    return Object.keys(d.fields ?? {});
  } catch {
    return [];
  }
}

export async function getInstrument(ctx: AppContext, actor: Actor, id: number, db: DbOrTrx = ctx.db): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.read');
  const row = await loadInstrument(db, actor, id);
  const orgId = Number(row.org_id);
  const [nozzles, verifications, changes, links, imports] = await Promise.all([
    repo.listNozzles(db, orgId, id),
    repo.listVerifications(db, orgId, id),
    repo.listStateChanges(db, orgId, id),
    repo.findReplacementLinks(db, row, instrumentScopeFilter(scopeOf(actor))),
    repo.listImportEntries(db, orgId, id),
  ]);
  const ref = (r: { id: number; serial_no: string } | null) => (r ? { id: r.id, serialNo: r.serial_no } : null);
  const usernames = [...new Set([...imports.map((j) => j.created_by), ...changes.map((c) => c.actor)])]
    .filter((a) => a.startsWith('user:'))
    .map((a) => a.slice(5));
  const names = await repo.displayNamesOf(db, usernames);
  const actorName = (label: string) => (label.startsWith('user:') ? (names.get(label.slice(5)) ?? null) : null);
  return {
    ...presentInstrument(row),
    replaces: ref(links.replaces),
    replacedBy: ref(links.replacedBy),
    nozzles: nozzles.map((n) => ({
      id: Number(n.id),
      nozzleNo: Number(n.nozzle_no),
      fuelGrade: n.fuel_grade,
      removalDate: n.removal_date,
      status: n.status,
      validUntil: n.valid_until,
    })),
    verifications: verifications.map((v) => presentVerification({ ...v, id: Number(v.id), nozzle_no: Number(v.nozzle_no) })),
    imports: imports.map((j) => ({
      jobId: Number(j.job_id),
      fileName: j.file_name,
      change: j.change as 'inserted' | 'updated',
      fields: importedFields(j.diff),
      actor: j.created_by,
      actorName: actorName(j.created_by),
      at: j.finished_at ?? '',
    })),
    stateChanges: changes.map((c) => ({
      fromState: c.from_state,
      toState: c.to_state,
      effectiveDate: c.effective_date,
      reason: c.reason,
      note: c.note,
      actor: c.actor,
      actorName: actorName(c.actor),
      at: c.at,
    })),
  };
}

function checkCategoryFields(category: Category, input: Record<string, unknown>): void {
  for (const [field, cats] of Object.entries(CATEGORY_ONLY_FIELDS)) {
    const v = input[field];
    const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    if (present && !(cats as readonly Category[]).includes(category)) {
      const label = t(`ledger.field.${field}`);
      throw new AppError('field_not_for_category', {
        params: { field: label, category: enumLabel('category', category) },
        details: { field, category },
      });
    }
  }
  if (category === 'fuel_dispenser' && input.quantity !== undefined && input.quantity !== 1) {
    throw new AppError('validation_failed', {
      message: t('ledger.validation.quantityDispenser'),
      details: [{ field: 'body.quantity', message: t('ledger.validation.quantityDispenser') }],
    });
  }
}

function toColumns(input: Partial<Record<FieldKey, unknown>>): Partial<NewInstrument> {
  const out: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(FIELD_COLUMNS)) {
    const v = (input as Record<string, unknown>)[k];
    if (v !== undefined) out[col] = typeof v === 'string' && v === '' ? null : v;
  }
  return out as Partial<NewInstrument>;
}

async function siteOf(trx: DbOrTrx, orgId: number, siteId: number | null | undefined) {
  if (!siteId) return null;
  const s = await repo.findSiteRef(trx, siteId);
  if (!s || Number(s.org_id) !== orgId) throw new AppError('site_not_in_org', { details: { field: 'siteId', siteId } });
  return s;
}

export async function createInstrument(ctx: AppContext, actor: Actor, input: TCreateInstrumentRequest): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.write');
  checkCategoryFields(input.category, input);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const org = await findOrgInScope(trx, actor, input.orgId);
    const site = await siteOf(trx, input.orgId, input.siteId);
    const serialNo = input.serialNo.normalize('NFKC').replace(/\s+/g, '');
    if (await repo.findByKey(trx, input.orgId, input.category, serialNo)) {
      throw new AppError('instrument_duplicate', { params: { serialNo }, details: { field: 'serialNo', serialNo } });
    }
    const now = nowIso(ctx);
    const day = today(ctx);
    const cat = catalogueOf(input.category, input.instrumentName);
    const state: LedgerState = input.draft ? 'draft' : 'filed';
    const cols = toColumns({ ...input, serialNo });
    const newId = await repo.insertInstrument(trx, {
      ...cols,
      org_id: input.orgId,
      category: input.category,
      serial_no: serialNo,
      instrument_name: input.instrumentName,
      catalogue_item: cat.item,
      catalogue_type: cat.type,
      quantity: input.quantity ?? 1,
      admin_division_code: input.adminDivisionCode ?? site?.town_code ?? org.region_code,
      ledger_state: state,
      filed_at: state === 'filed' ? day : null,
      public_code: newPublicCode(),
      created_at: now,
      updated_at: now,
    });
    if (input.nozzles?.length) {
      await repo.insertNozzles(
        trx,
        input.nozzles.map((n) => ({
          org_id: input.orgId,
          instrument_id: newId,
          nozzle_no: n.nozzleNo,
          fuel_grade: n.fuelGrade ?? input.fuelGrade ?? null,
          created_at: now,
        })),
      );
    }
    await repo.insertStateChange(trx, {
      org_id: input.orgId,
      instrument_id: newId,
      from_state: null,
      to_state: state,
      effective_date: day,
      reason: null,
      note: null,
      actor: actorLabel(actor),
      at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'instrument_created', entityType: 'instrument', entityId: String(newId), data: { ...input, serialNo, ledgerState: state } },
      input.orgId,
    );
    await refreshInstruments(ctx, trx, [newId]);
    return newId;
  });
  return getInstrument(ctx, actor, id);
}

export async function updateInstrument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: TUpdateInstrumentRequest,
): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.write');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadInstrument(trx, actor, id);
    const orgId = Number(row.org_id);
    await findOrgInScope(trx, actor, orgId);
    checkCategoryFields(row.category as Category, input);
    if (input.siteId !== undefined) await siteOf(trx, orgId, input.siteId);
    const patch = toColumns({ ...input, serialNo: input.serialNo?.normalize('NFKC').replace(/\s+/g, '') });
    if (patch.serial_no && patch.serial_no !== row.serial_no && (await repo.findByKey(trx, orgId, row.category, patch.serial_no))) {
      throw new AppError('instrument_duplicate', { params: { serialNo: patch.serial_no }, details: { field: 'serialNo' } });
    }
    if (patch.instrument_name) {
      const cat = catalogueOf(row.category, patch.instrument_name);
      patch.catalogue_item = cat.item;
      patch.catalogue_type = cat.type;
    }
    const fileNow = input.file === true && row.ledger_state === 'draft';
    if (fileNow) {
      patch.ledger_state = 'filed';
      patch.filed_at = today(ctx);
    }
    const changes = diffFields(row as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    if (Object.keys(changes).length === 0) return;
    const now = nowIso(ctx);
    await repo.updateInstrument(trx, id, { ...patch, updated_at: now });
    if (fileNow) {
      await repo.insertStateChange(trx, {
        org_id: orgId,
        instrument_id: id,
        from_state: 'draft',
        to_state: 'filed',
        effective_date: today(ctx),
        reason: null,
        note: null,
        actor: actorLabel(actor),
        at: now,
      });
    }
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'instrument_updated', entityType: 'instrument', entityId: String(id), data: { changes } },
      orgId,
    );
    await refreshInstruments(ctx, trx, [id]);
  });
  return getInstrument(ctx, actor, id);
}

/** draft → filed → suspended | removed | scrapped; a removal records its date, reason and replacement. */
export async function changeState(ctx: AppContext, actor: Actor, id: number, input: TInstrumentStateRequest): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.write');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadInstrument(trx, actor, id);
    const orgId = Number(row.org_id);
    await findOrgInScope(trx, actor, orgId);
    const from = row.ledger_state as LedgerState;
    const to = input.state;
    if (!TRANSITIONS[from].includes(to)) {
      throw new AppError('invalid_state_transition', {
        params: { from: enumLabel('ledgerState', from), to: enumLabel('ledgerState', to) },
        details: { from, to },
      });
    }
    if (to === 'removed' && !input.reason) {
      throw new AppError('validation_failed', {
        message: t('ledger.validation.removal'),
        details: [{ field: 'body.reason', message: t('ledger.validation.removal') }],
      });
    }
    const date = input.date ?? today(ctx);
    const now = nowIso(ctx);
    const patch: Partial<NewInstrument> = { ledger_state: to, updated_at: now };
    if (to === 'filed') {
      patch.removal_date = null;
      patch.removal_reason = null;
      if (!row.filed_at) patch.filed_at = date;
    } else if (to !== 'draft') {
      patch.removal_date = row.removal_date && from !== 'suspended' ? row.removal_date : date;
      patch.removal_reason = input.reason ?? row.removal_reason ?? (to === 'scrapped' ? 'other' : null);
    }
    if (input.replacedById) {
      const repl = await loadInstrument(trx, actor, input.replacedById);
      if (Number(repl.org_id) !== orgId) throw new AppError('not_found', { details: { entity: 'instrument', id: input.replacedById } });
      patch.replaced_by_id = input.replacedById;
      // the same link seen from the new meter, as an import's `replacesSerial` writes it
      if (repl.replaces_instrument_id === null) await repo.updateInstrument(trx, input.replacedById, { replaces_instrument_id: id });
    }
    await repo.updateInstrument(trx, id, patch);
    await repo.insertStateChange(trx, {
      org_id: orgId,
      instrument_id: id,
      from_state: from,
      to_state: to,
      effective_date: date,
      reason: input.reason ?? null,
      note: input.note ?? null,
      actor: actorLabel(actor),
      at: now,
    });
    const { updated_at: _u, ...audited } = patch;
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'instrument_state_changed',
        entityType: 'instrument',
        entityId: String(id),
        data: { changes: diffFields(row as unknown as Record<string, unknown>, audited), note: input.note ?? null },
      },
      orgId,
    );
    await refreshInstruments(ctx, trx, [id]);
  });
  return getInstrument(ctx, actor, id);
}

export async function addNozzle(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { nozzleNo: number; fuelGrade?: string | null },
): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.write');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadInstrument(trx, actor, id);
    const orgId = Number(row.org_id);
    await findOrgInScope(trx, actor, orgId);
    if (row.category !== 'fuel_dispenser') throw new AppError('nozzles_only_dispensers', { details: { category: row.category } });
    const existing = await repo.listNozzles(trx, orgId, id);
    if (existing.some((n) => Number(n.nozzle_no) === input.nozzleNo))
      throw new AppError('conflict', { details: { field: 'nozzleNo', nozzleNo: input.nozzleNo } });
    await repo.insertNozzles(trx, [
      {
        org_id: orgId,
        instrument_id: id,
        nozzle_no: input.nozzleNo,
        fuel_grade: input.fuelGrade ?? row.fuel_grade,
        created_at: nowIso(ctx),
      },
    ]);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'nozzle_created', entityType: 'instrument', entityId: String(id), data: { ...input } },
      orgId,
    );
    await refreshInstruments(ctx, trx, [id]);
  });
  return getInstrument(ctx, actor, id);
}

/** A manual verification record; identity instrument (or nozzle) + date: the same date updates it. */
export async function recordVerification(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: TCreateVerificationRequest,
): Promise<TInstrumentDetail> {
  requirePermission(actor, 'instrument.write');
  await ctx.db.transaction().execute(async (trx: Trx) => {
    const row = await loadInstrument(trx, actor, id);
    const orgId = Number(row.org_id);
    await findOrgInScope(trx, actor, orgId);
    if (input.nozzleNo > 0) {
      const nozzles = await repo.listNozzles(trx, orgId, id);
      if (!nozzles.some((n) => Number(n.nozzle_no) === input.nozzleNo))
        throw new AppError('not_found', { details: { entity: 'nozzle', nozzleNo: input.nozzleNo } });
    }
    const prev = await repo.findVerification(trx, id, input.nozzleNo, input.date);
    const values = {
      kind: input.kind,
      conclusion: input.conclusion,
      certificate_no: input.certificateNo ?? null,
      valid_until: input.validUntil ?? null,
      institution_name: input.institutionName ?? null,
    };
    if (prev) await repo.updateVerification(trx, Number(prev.id), values);
    else
      await repo.insertVerification(trx, {
        ...values,
        org_id: orgId,
        instrument_id: id,
        nozzle_no: input.nozzleNo,
        date: input.date,
        source: 'manual',
        created_at: nowIso(ctx),
      });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'verification_recorded',
        entityType: 'instrument',
        entityId: String(id),
        data: prev
          ? { changes: diffFields(prev as unknown as Record<string, unknown>, values), date: input.date, nozzleNo: input.nozzleNo }
          : { ...input },
      },
      orgId,
    );
    await refreshInstruments(ctx, trx, [id]);
  });
  return getInstrument(ctx, actor, id);
}
