import { createHash } from 'node:crypto';
import {
  DEFAULT_INSPECTION_SETTINGS,
  type InspectionOrigin,
  type InspectionState,
  type ProposalState,
  type SignatureRole,
  type TargetKind,
  type TCorrectionRequest,
  type TCreateInspectionRequest,
  type TInspectionDetail,
  type TInspectionItem,
  type TInspectionItemInput,
  type TInspectionSettings,
  type TInspectionSummary,
  type TProposal,
  type TUpdateInspectionRequest,
  t,
  type ViolationCode,
  ZInspectionSettings,
} from '@qiangjian/shared';
import { checklistGroupOf, INSPECTION_CHECKLISTS } from '@qiangjian/shared/data';
import { diffFields } from '../../../audit/audit.rules.js';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, can, requirePermission, SYSTEM_ACTOR } from '../../../auth/actor.js';
import { codeInScope, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { AppError, notFound } from '../../../errors.js';
import { dateInZone } from '../../../time.js';
import { statusesAsOf } from '../../status/status.api.js';
import { taskDue } from '../dashboard/dashboard.rules.js';
import { recordInspectionFinding } from '../findings/findings.service.js';
import { setLastInspection } from '../registers/registers.repository.js';
import { checkImage, judgeOnsiteTest, missingToFinish, type ProposedFinding, proposeFindings } from './inspection.rules.js';
import * as repo from './inspections.repository.js';

/**
 * Inspection records (现场检查, docs/SUPERVISION.md Inspections): a draft written on a phone by its inspectors (≥ 2),
 * finished (then frozen; changed only by an audited correction that keeps the original), with the findings its data
 * imply proposed and each confirmed (→ `findings`, source inspection) or dismissed; photos and signatures with their
 * SHA-256; the party sees its finished visits (执法证号, origin, draw) and rates them.
 */

const SETTINGS_KEY = 'inspections';

export async function getInspectionSettings(db: DbOrTrx): Promise<TInspectionSettings> {
  const v = await repo.settingValue(db, SETTINGS_KEY);
  if (v === undefined) return DEFAULT_INSPECTION_SETTINGS;
  const ok = ZInspectionSettings.safeParse({ ...DEFAULT_INSPECTION_SETTINGS, ...(JSON.parse(v) as object) });
  return ok.success ? ok.data : DEFAULT_INSPECTION_SETTINGS;
}

export async function readInspectionSettings(ctx: AppContext, actor: Actor): Promise<TInspectionSettings> {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.write');
  return getInspectionSettings(ctx.db);
}

/** Admin edit of the on-site MPE, the photo size limit and the repeated-visit flag (audited). */
export async function updateInspectionSettings(ctx: AppContext, actor: Actor, patch: Partial<TInspectionSettings>) {
  requirePermission(actor, 'settings.update');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getInspectionSettings(trx);
    const parsed = ZInspectionSettings.safeParse({ ...before, ...patch });
    if (!parsed.success) {
      const name = String(parsed.error.issues[0]?.path[0] ?? '');
      throw new AppError('inspection_setting_invalid', { params: { name }, details: { name } });
    }
    await repo.upsertSetting(trx, SETTINGS_KEY, JSON.stringify(parsed.data), nowIso(ctx));
    await recordAudit(ctx, trx, actor, {
      action: 'inspection_settings_updated',
      entityType: 'setting',
      entityId: SETTINGS_KEY,
      data: { changes: diffFields(before as unknown as Record<string, unknown>, parsed.data as unknown as Record<string, unknown>) },
    });
    return parsed.data;
  });
}

// ---- helpers ----

interface StoredItem extends TInspectionItem {}
type Representative = { name: string; title: string | null; phone: string | null };

const visitDay = (ctx: AppContext, visitedAt: string | null) => (visitedAt ? visitedAt.slice(0, 10) : today(ctx));
const isBypass = (actor: Actor) => actor.kind === 'system' || actor.role === 'admin';
const sealList = (s: string | null) =>
  (s ?? '')
    .split(/[,，、;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function checklistOf(kind: string) {
  return INSPECTION_CHECKLISTS[checklistGroupOf(kind as TargetKind)];
}

async function loadRecord(db: DbOrTrx, actor: Actor, id: number) {
  const r = await repo.getInspection(db, id, scopeOf(actor));
  if (!r) throw notFound('inspection', id);
  return r;
}

/** The write check: the permission, and (except an administrator) the acting user among the record's inspectors. */
async function assertWriter(db: DbOrTrx, actor: Actor, inspectorIds: readonly number[]) {
  requirePermission(actor, 'inspection.write');
  if (isBypass(actor)) return;
  const mine = await repo.inspectorIdsOfUser(db, actor.userId ?? -1);
  if (!mine.some((m) => inspectorIds.includes(m))) throw new AppError('inspection_actor_not_inspector');
}

/** ≥ 2 distinct inspectors, each in the register, active and within its 执法证's validity on the visit day. */
async function validateInspectors(db: DbOrTrx, ids: readonly number[], day: string): Promise<number[]> {
  const uniq = [...new Set(ids.map(Number))];
  if (uniq.length < 2)
    throw new AppError('inspection_inspectors_too_few', { params: { parameter: 'inspectorIds' }, details: { parameter: 'inspectorIds' } });
  const rows = await repo.inspectorsByIds(db, uniq);
  for (const id of uniq) {
    const r = rows.find((x) => Number(x.id) === id);
    if (!r || Number(r.active) !== 1 || r.valid_from > day || r.valid_until < day)
      throw new AppError('inspection_inspector_invalid', {
        params: { parameter: 'inspectorIds', id: r?.cert_no ?? id },
        details: { parameter: 'inspectorIds', id },
      });
  }
  return uniq;
}

type Target = NonNullable<Awaited<ReturnType<typeof repo.targetById>>>;

/** The instruments checked, each at the target, with the status at the visit day and the on-site tests judged. */
async function buildItems(
  ctx: AppContext,
  db: DbOrTrx,
  target: Pick<Target, 'org_id' | 'site_id'>,
  items: readonly TInspectionItemInput[],
  day: string,
  mpePct: number,
): Promise<StoredItem[]> {
  const ids = [...new Set(items.map((i) => Number(i.instrumentId)))];
  const rows = await repo.instrumentsByIds(db, ids);
  for (const id of ids) {
    const r = rows.find((x) => Number(x.id) === id);
    if (!r || Number(r.org_id) !== Number(target.org_id) || (target.site_id !== null && Number(r.site_id) !== Number(target.site_id)))
      throw new AppError('inspection_instrument_not_at_target', {
        params: { instrumentId: id },
        details: { parameter: 'items', instrumentId: id },
      });
  }
  const statuses = await statusesAsOf(ctx, db, ids, day);
  return items.map((i) => {
    const r = rows.find((x) => Number(x.id) === Number(i.instrumentId))!;
    const s = statuses.get(Number(r.id));
    return {
      instrumentId: Number(r.id),
      category: r.category,
      serialNo: r.serial_no,
      publicCode: r.public_code,
      instrumentName: r.instrument_name,
      statusAtVisit: s?.status ?? null,
      reasonCode: s?.reasonCode ?? null,
      reason: s?.reason ?? null,
      ledgerSeals: sealList(r.seal_nos),
      certificatePresent: i.certificatePresent ?? null,
      seals: i.seals ?? [],
      selfLockOn: i.selfLockOn ?? null,
      tests: (i.tests ?? []).map((x) => judgeOnsiteTest({ ...x, stopped: x.stopped ?? false }, mpePct)),
      note: i.note ?? null,
    };
  });
}

function proposalsFrom(kind: string, answers: Record<string, string>, items: readonly StoredItem[]): ProposedFinding[] {
  return proposeFindings({ questions: checklistOf(kind).questions, answers, items });
}

function presentProposal(p: {
  id: number | null;
  key: string;
  code: string;
  instrumentIds: number[];
  basis: string;
  params: Record<string, string>;
  state: ProposalState;
  findingId: number | null;
  note: string | null;
}): TProposal {
  return {
    id: p.id,
    key: p.key,
    code: p.code as ViolationCode,
    instrumentIds: p.instrumentIds,
    basis: p.basis,
    basisText: t(`inspections.basis.${p.basis}`, p.params),
    state: p.state,
    findingId: p.findingId,
    note: p.note,
  };
}

async function summaries(ctx: AppContext, db: DbOrTrx, rows: repo.InspectionRecordRow[]): Promise<TInspectionSummary[]> {
  const settings = await getInspectionSettings(db);
  const since = addDays(today(ctx), -settings.repeatedVisitDays);
  const [inspectors, counts] = await Promise.all([
    repo.inspectorsOfRecords(
      db,
      rows.map((r) => Number(r.id)),
    ),
    repo.adhocVisitCounts(db, [...new Set(rows.map((r) => Number(r.target_id)))], since),
  ]);
  return rows.map((r) => {
    const adhoc = counts.get(Number(r.target_id)) ?? 0;
    return {
      id: Number(r.id),
      state: r.state as InspectionState,
      origin: r.origin as InspectionOrigin,
      drawId: r.draw_id === null ? null : Number(r.draw_id),
      drawTitle: r.draw_title ?? null,
      assignmentId: r.assignment_id === null ? null : Number(r.assignment_id),
      targetId: Number(r.target_id),
      targetKey: r.target_key,
      targetKind: r.target_kind as TargetKind,
      orgId: Number(r.org_id),
      orgName: r.org_name,
      siteName: r.site_name ?? null,
      visitedAt: r.visited_at,
      inspectors: inspectors
        .filter((i) => Number(i.inspection_id) === Number(r.id))
        .map((i) => ({ id: Number(i.id), certNo: i.cert_no, name: i.name })),
      findings: Number(r.findings ?? 0),
      rating: r.rating === null ? null : Number(r.rating),
      adhocVisits: adhoc,
      repeatedVisitFlag: adhoc >= settings.repeatedVisitThreshold,
      finishedAt: r.finished_at,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
    };
  });
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function detailOf(ctx: AppContext, db: DbOrTrx, r: repo.InspectionRecordRow, actor: Actor): Promise<TInspectionDetail> {
  const [summary] = await summaries(ctx, db, [r]);
  const settings = await getInspectionSettings(db);
  const id = Number(r.id);
  const answers = JSON.parse(r.answers) as Record<string, 'yes' | 'no' | 'na'>;
  const items = JSON.parse(r.items) as StoredItem[];
  const [stored, files, corrections] = await Promise.all([repo.proposalsOf(db, id), repo.filesOf(db, id), repo.correctionsOf(db, id)]);
  const proposals =
    r.state === 'draft'
      ? proposalsFrom(r.target_kind, answers, items).map((p) =>
          presentProposal({ ...p, id: null, state: 'proposed', findingId: null, note: null }),
        )
      : stored.map((p) =>
          presentProposal({
            id: Number(p.id),
            key: p.key,
            code: p.code,
            instrumentIds: JSON.parse(p.instrument_ids) as number[],
            basis: p.basis,
            params: JSON.parse(p.basis_params) as Record<string, string>,
            state: p.state as ProposalState,
            findingId: p.finding_id === null ? null : Number(p.finding_id),
            note: p.note,
          }),
        );
  const cl = checklistOf(r.target_kind);
  // the party reads its visit; the proposals' internal deliberation (dismissed ones) stays with the inspectors
  const party = scopeOf(actor).kind === 'org';
  return {
    ...(summary as TInspectionSummary),
    representative: r.representative ? (JSON.parse(r.representative) as Representative) : null,
    answers,
    items,
    note: r.note,
    checklist: {
      group: cl.group,
      title: cl.title,
      questions: cl.questions.map((q) => ({ key: q.key, label: q.label, failCode: q.failCode })),
      categories: [...cl.categories],
      instrumentChecks: [...cl.instrumentChecks],
    },
    proposals: party ? proposals.filter((p) => p.state === 'confirmed') : proposals,
    files: files.map((f) => ({
      id: Number(f.id),
      kind: f.kind as 'photo' | 'signature',
      role: f.role,
      fileName: f.file_name,
      mime: f.mime,
      bytes: Number(f.bytes),
      sha256: f.sha256,
      createdAt: f.created_at,
    })),
    ratingComment: r.rating_comment,
    corrections: corrections.map((c) => ({ id: Number(c.id), reason: c.reason, by: c.created_by, at: c.created_at })),
    mpePct: settings.onsiteMpePct,
  };
}

// ---- reads ----

export async function listInspections(
  ctx: AppContext,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    state?: string;
    mine?: '0' | '1';
    origin?: string;
    repeated?: '0' | '1';
    orgId?: number;
    townCode?: string;
    targetKind?: string;
    from?: string;
    to?: string;
  },
) {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.read_own');
  const settings = await getInspectionSettings(ctx.db);
  const inspectorIds = q.mine === '1' ? await repo.inspectorIdsOfUser(ctx.db, actor.userId ?? -1) : undefined;
  const { rows, total } = await repo.listInspections(
    ctx.db,
    scopeOf(actor),
    {
      state: q.state,
      origin: q.origin,
      orgId: q.orgId,
      townCode: q.townCode,
      targetKind: q.targetKind,
      from: q.from,
      to: q.to,
      inspectorIds,
      repeated:
        q.repeated === '1' ? { since: addDays(today(ctx), -settings.repeatedVisitDays), min: settings.repeatedVisitThreshold } : undefined,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: await summaries(ctx, ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getInspection(ctx: AppContext, actor: Actor, id: number): Promise<TInspectionDetail> {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.read_own');
  return detailOf(ctx, ctx.db, await loadRecord(ctx.db, actor, id), actor);
}

export async function inspectionFile(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.read_own');
  await loadRecord(ctx.db, actor, id);
  const f = await repo.fileContent(ctx.db, id, fileId);
  if (!f) throw notFound('inspection_file', fileId);
  return { fileName: f.file_name, mime: f.mime, content: Buffer.from(f.content), sha256: f.sha256 };
}

/** 我的检查任务: the planned assignments the acting user is an inspector of, with any record started. */
export async function myTasks(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'inspection.write');
  const mine = await repo.inspectorIdsOfUser(ctx.db, actor.userId ?? -1);
  const rows = await repo.assignmentsOfInspectors(ctx.db, mine);
  const asOf = today(ctx);
  const ins = await repo.inspectorsOfAssignments(
    ctx.db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    assignmentId: Number(r.id),
    kind: r.kind,
    drawId: r.draw_id === null ? null : Number(r.draw_id),
    drawTitle: r.draw_title ?? null,
    targetId: r.target_id === null ? null : Number(r.target_id),
    targetKey: r.target_key,
    targetKind: r.target_kind ?? null,
    orgName: r.org_name,
    siteName: r.site_name ?? null,
    inspectors: ins
      .filter((i) => Number(i.assignment_id) === Number(r.id))
      .map((i) => ({ id: Number(i.id), certNo: i.cert_no, name: i.name })),
    inspectionId: r.inspection_id === null ? null : Number(r.inspection_id),
    inspectionState: (r.inspection_state ?? null) as InspectionState | null,
    ...plannedOf(r, asOf, ctx.config.timeZone),
  }));
}

/** A task's planned date (a drawn assignment: the day of the draw's run, in the configured zone) and where it stands. */
function plannedOf(r: { planned_date: string | null; draw_revealed_at: string | null; reason: string | null }, asOf: string, tz: string) {
  const plannedDate = r.planned_date ?? (r.draw_revealed_at ? dateInZone(new Date(r.draw_revealed_at), tz) : null);
  return { plannedDate, due: taskDue(plannedDate, asOf), reason: r.reason };
}

export type TargetInstrumentRow = Awaited<ReturnType<typeof targetInstrumentsOf>>[number];

/** The instruments of a record's target its checklist offers (by public code or serial when `q`), with seals and nozzles. */
export async function targetInstrumentsOf(ctx: AppContext, id: number, q?: string, actor: Actor = SYSTEM_ACTOR) {
  const r = await loadRecord(ctx.db, actor, id);
  const cl = checklistOf(r.target_kind);
  const rows = await repo.instrumentsAtTarget(ctx.db, {
    orgId: Number(r.org_id),
    siteId: r.site_id === null ? null : Number(r.site_id),
    categories: cl.categories,
    q: q || undefined,
  });
  const nozzles = await repo.nozzlesOf(
    ctx.db,
    rows.map((x) => Number(x.id)),
  );
  return rows.map((x) => ({
    id: Number(x.id),
    category: x.category,
    instrumentName: x.instrument_name,
    serialNo: x.serial_no,
    publicCode: x.public_code,
    status: x.status,
    sealNos: sealList(x.seal_nos),
    nozzles: nozzles.filter((n) => Number(n.instrument_id) === Number(x.id)).map((n) => Number(n.nozzle_no)),
  }));
}

/** GET …/:id/instruments: the form's instrument picker and lookup (scan or type a public code or serial). */
export async function targetInstruments(ctx: AppContext, actor: Actor, id: number, q?: string) {
  requirePermission(actor, 'inspection.write');
  return targetInstrumentsOf(ctx, id, q, actor);
}

// ---- writes ----

function contentColumns(c: {
  visitedAt?: string | null;
  representative?: Representative | null;
  answers?: Record<string, string>;
  items?: StoredItem[];
  note?: string | null;
}) {
  const out: Partial<repo.NewInspectionRow> = {};
  if (c.visitedAt !== undefined) out.visited_at = c.visitedAt;
  if (c.representative !== undefined) out.representative = c.representative ? JSON.stringify(c.representative) : null;
  if (c.answers !== undefined) out.answers = JSON.stringify(c.answers);
  if (c.items !== undefined) out.items = JSON.stringify(c.items);
  if (c.note !== undefined) out.note = c.note;
  return out;
}

/** Starts a draft for a planned assignment (its target, inspectors, origin and draw) or for a target outside any. */
export async function createInspection(ctx: AppContext, actor: Actor, body: TCreateInspectionRequest): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.write');
  const scope = scopeOf(actor);
  const settings = await getInspectionSettings(ctx.db);
  const id = await ctx.db.transaction().execute(async (trx) => {
    let targetId: number;
    let origin: InspectionOrigin = 'adhoc';
    let drawId: number | null = null;
    let assignmentId: number | null = null;
    let defaultInspectors: number[] = [];
    if (body.assignmentId) {
      const a = await repo.assignmentById(trx, body.assignmentId);
      const tid = a ? await repo.targetIdByKey(trx, a.target_key) : undefined;
      if (!a || !tid) throw notFound('assignment', body.assignmentId);
      targetId = Number(tid.id);
      origin = a.kind as InspectionOrigin;
      drawId = a.draw_id === null ? null : Number(a.draw_id);
      assignmentId = Number(a.id);
      defaultInspectors = await repo.assignmentInspectorIds(trx, assignmentId);
    } else if (body.targetId) {
      targetId = body.targetId;
    } else {
      throw new AppError('invalid_parameter', {
        params: { name: 'targetId', reason: 'required' },
        details: { name: 'targetId', reason: 'required' },
      });
    }
    const target = await repo.targetById(trx, targetId);
    if (!target || !codeInScope(scope, target.region_code) || scope.kind === 'org') throw notFound('target', targetId);
    const day = visitDay(ctx, body.visitedAt ?? null);
    const inspectorIds = await validateInspectors(trx, body.inspectorIds ?? defaultInspectors, day);
    await assertWriter(trx, actor, inspectorIds);
    if (assignmentId !== null && (await repo.getInspectionByAssignment(trx, assignmentId)))
      throw new AppError('inspection_assignment_taken', { details: { assignmentId } });
    const items = await buildItems(ctx, trx, target, body.items ?? [], day, settings.onsiteMpePct);
    const now = nowIso(ctx);
    const inserted = await repo.insertInspection(trx, {
      assignment_id: assignmentId,
      target_id: Number(target.id),
      target_key: target.target_key,
      target_kind: target.kind,
      org_id: Number(target.org_id),
      site_id: target.site_id === null ? null : Number(target.site_id),
      region_code: target.region_code,
      origin,
      draw_id: drawId,
      state: 'draft',
      visited_at: body.visitedAt ?? null,
      representative: body.representative ? JSON.stringify(body.representative) : null,
      answers: JSON.stringify(body.answers ?? {}),
      items: JSON.stringify(items),
      note: body.note ?? null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      rated_by: null,
      created_by: actorLabel(actor),
      created_at: now,
      updated_at: now,
      finished_at: null,
    });
    if (inserted === null) throw new AppError('inspection_assignment_taken', { details: { assignmentId } });
    const newId = inserted;
    await repo.setInspectors(trx, newId, inspectorIds);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_created',
        entityType: 'inspection',
        entityId: String(newId),
        data: { targetKey: target.target_key, origin, drawId, assignmentId, inspectorIds },
      },
      Number(target.org_id),
    );
    return newId;
  });
  return getInspection(ctx, actor, id);
}

/** Saves a draft (any part of its content); a finished record answers 409 inspection_frozen. */
export async function updateInspection(
  ctx: AppContext,
  actor: Actor,
  id: number,
  patch: TUpdateInspectionRequest,
): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.write');
  const settings = await getInspectionSettings(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    if (r.state !== 'draft') throw new AppError('inspection_frozen', { details: { id } });
    const current = (await repo.inspectorsOfRecords(trx, [id])).map((x) => Number(x.id));
    await assertWriter(trx, actor, current);
    const visitedAt = patch.visitedAt !== undefined ? patch.visitedAt : r.visited_at;
    const day = visitDay(ctx, visitedAt);
    if (patch.inspectorIds !== undefined) {
      const ids = await validateInspectors(trx, patch.inspectorIds, day);
      await assertWriter(trx, actor, ids);
      await repo.setInspectors(trx, id, ids);
    }
    const items =
      patch.items !== undefined || patch.visitedAt !== undefined
        ? await buildItems(
            ctx,
            trx,
            { org_id: r.org_id, site_id: r.site_id },
            patch.items ?? (JSON.parse(r.items) as TInspectionItemInput[]),
            day,
            settings.onsiteMpePct,
          )
        : undefined;
    if (!(await repo.updateInState(trx, id, 'draft', { ...contentColumns({ ...patch, items }), updated_at: nowIso(ctx) })))
      throw new AppError('inspection_frozen', { details: { id } });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'inspection_updated', entityType: 'inspection', entityId: String(id), data: { fields: Object.keys(patch) } },
      Number(r.org_id),
    );
  });
  return getInspection(ctx, actor, id);
}

function imageError(kind: 'not_image' | 'too_large' | 'corrupt', fileName: string, maxBytes: number): AppError {
  if (kind === 'not_image')
    return new AppError('inspection_photo_not_image', { params: { fileName }, details: { parameter: 'file', fileName } });
  if (kind === 'too_large') {
    const max = `${Math.round((maxBytes / 1_000_000) * 10) / 10} MB`;
    return new AppError('inspection_photo_too_large', { params: { fileName, max }, details: { parameter: 'file', fileName, maxBytes } });
  }
  return new AppError('inspection_photo_corrupt', { params: { fileName }, details: { parameter: 'file', fileName } });
}

function decodeImage(dataBase64: string, fileName: string, maxBytes: number) {
  const b64 = dataBase64.replace(/^data:[^;,]*;base64,/, '');
  // base64 is 4/3 of the bytes: refuse before decoding what is far over the limit
  if (b64.length > Math.ceil((maxBytes * 4) / 3) + 8) throw imageError('too_large', fileName, maxBytes);
  const buf = Buffer.from(b64, 'base64');
  const c = checkImage(buf, maxBytes);
  if (!c.ok) throw imageError(c.reason, fileName, maxBytes);
  return { buf, mime: c.type === 'png' ? 'image/png' : 'image/jpeg', sha256: createHash('sha256').update(buf).digest('hex') };
}

async function addFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
  f: { kind: 'photo' | 'signature'; role: SignatureRole | null; fileName: string; dataBase64: string },
) {
  requirePermission(actor, 'inspection.write');
  const settings = await getInspectionSettings(ctx.db);
  const img = decodeImage(f.dataBase64, f.fileName, settings.photoMaxBytes);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    if (r.state !== 'draft') throw new AppError('inspection_frozen', { details: { id } });
    await assertWriter(
      trx,
      actor,
      (await repo.inspectorsOfRecords(trx, [id])).map((x) => Number(x.id)),
    );
    if (f.kind === 'signature' && f.role) await repo.deleteSignature(trx, id, f.role);
    const now = nowIso(ctx);
    const fileId = await repo.insertFile(trx, {
      inspection_id: id,
      kind: f.kind,
      role: f.role,
      file_name: f.fileName,
      mime: img.mime,
      bytes: img.buf.length,
      sha256: img.sha256,
      content: img.buf,
      created_by: actorLabel(actor),
      created_at: now,
    });
    if (!(await repo.updateInState(trx, id, 'draft', { updated_at: now }))) throw new AppError('inspection_frozen', { details: { id } });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: f.kind === 'photo' ? 'inspection_photo_added' : 'inspection_signed',
        entityType: 'inspection',
        entityId: String(id),
        data: { fileId, fileName: f.fileName, role: f.role, sha256: img.sha256, bytes: img.buf.length },
      },
      Number(r.org_id),
    );
    return {
      id: fileId,
      kind: f.kind,
      role: f.role,
      fileName: f.fileName,
      mime: img.mime,
      bytes: img.buf.length,
      sha256: img.sha256,
      createdAt: now,
    };
  });
}

export function addPhoto(ctx: AppContext, actor: Actor, id: number, p: { fileName: string; dataBase64: string }) {
  return addFile(ctx, actor, id, { kind: 'photo', role: null, ...p });
}

export function addSignature(ctx: AppContext, actor: Actor, id: number, p: { role: SignatureRole; dataBase64: string }) {
  return addFile(ctx, actor, id, { kind: 'signature', role: p.role, fileName: `${p.role}.png`, dataBase64: p.dataBase64 });
}

/** Finishes a draft: complete (≥ 2 inspectors, time, representative, 3 signatures), then frozen with its proposals stored. */
export async function finishInspection(ctx: AppContext, actor: Actor, id: number): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.write');
  const settings = await getInspectionSettings(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    if (r.state !== 'draft') throw new AppError('inspection_frozen', { details: { id } });
    const inspectorIds = (await repo.inspectorsOfRecords(trx, [id])).map((x) => Number(x.id));
    await assertWriter(trx, actor, inspectorIds);
    const files = await repo.filesOf(trx, id);
    const rep = r.representative ? (JSON.parse(r.representative) as Representative) : null;
    const missing = missingToFinish({
      inspectorCount: inspectorIds.length,
      visitedAt: r.visited_at,
      representativeName: rep?.name ?? null,
      signatures: files.filter((f) => f.kind === 'signature').map((f) => f.role ?? ''),
    });
    if (missing.length > 0) {
      const label = missing
        .map((m) => (m.startsWith('signature:') ? t(`enum.signatureRole.${m.slice(10)}`) : t(`inspections.missing.${m}`)))
        .join(t('inspections.missing.separator'));
      throw new AppError('inspection_incomplete', { params: { missing: label }, details: { missing } });
    }
    const day = visitDay(ctx, r.visited_at);
    await validateInspectors(trx, inspectorIds, day);
    const items = await buildItems(
      ctx,
      trx,
      { org_id: r.org_id, site_id: r.site_id },
      JSON.parse(r.items) as TInspectionItemInput[],
      day,
      settings.onsiteMpePct,
    );
    const answers = JSON.parse(r.answers) as Record<string, string>;
    const proposals = proposalsFrom(r.target_kind, answers, items);
    const now = nowIso(ctx);
    if (
      !(await repo.updateInState(trx, id, 'draft', { state: 'finished', items: JSON.stringify(items), finished_at: now, updated_at: now }))
    )
      throw new AppError('inspection_frozen', { details: { id } });
    await storeProposals(trx, id, proposals, now);
    if (r.assignment_id !== null) await repo.setAssignmentStatus(trx, Number(r.assignment_id), 'done');
    await setLastInspection(trx, Number(r.target_id), day, now);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_finished',
        entityType: 'inspection',
        entityId: String(id),
        data: { visitedAt: r.visited_at, proposals: proposals.map((p) => ({ code: p.code, instrumentIds: p.instrumentIds })) },
      },
      Number(r.org_id),
    );
  });
  return getInspection(ctx, actor, id);
}

function storeProposals(trx: Trx, id: number, proposals: readonly ProposedFinding[], now: string) {
  return repo.insertProposals(
    trx,
    proposals.map((p) => ({
      inspection_id: id,
      key: p.key,
      code: p.code,
      instrument_ids: JSON.stringify(p.instrumentIds),
      basis: p.basis,
      basis_params: JSON.stringify(p.params),
      created_at: now,
    })),
  );
}

/** Confirms (→ a finding, source inspection, naming the instruments) or dismisses a proposed finding of a finished record. */
export async function decideProposal(
  ctx: AppContext,
  actor: Actor,
  id: number,
  proposalId: number,
  d: { decision: 'confirm' | 'dismiss'; note?: string | null },
): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.write');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    await assertWriter(
      trx,
      actor,
      (await repo.inspectorsOfRecords(trx, [id])).map((x) => Number(x.id)),
    );
    const p = await repo.getProposal(trx, id, proposalId);
    if (!p) throw notFound('proposal', proposalId);
    if (r.state !== 'finished') throw new AppError('inspection_not_finished', { details: { id } });
    if (p.state !== 'proposed') throw new AppError('inspection_proposal_decided', { details: { id: proposalId, state: p.state } });
    const now = nowIso(ctx);
    let findingId: number | null = null;
    if (d.decision === 'confirm')
      findingId = await recordInspectionFinding(ctx, trx, actor, {
        orgId: Number(r.org_id),
        code: p.code as ViolationCode,
        date: visitDay(ctx, r.visited_at),
        instrumentIds: JSON.parse(p.instrument_ids) as number[],
        inspectionId: id,
        note: d.note ?? null,
        dedupeKey: `inspection:${id}:${p.key}`,
      });
    const ok = await repo.decideProposal(trx, proposalId, {
      state: d.decision === 'confirm' ? 'confirmed' : 'dismissed',
      finding_id: findingId,
      note: d.note ?? null,
      decided_by: actorLabel(actor),
      decided_at: now,
    });
    if (!ok) throw new AppError('inspection_proposal_decided', { details: { id: proposalId } });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_proposal_decided',
        entityType: 'inspection',
        entityId: String(id),
        data: { proposalId, code: p.code, decision: d.decision, findingId, note: d.note ?? null },
      },
      Number(r.org_id),
    );
  });
  return getInspection(ctx, actor, id);
}

/**
 * Corrects a finished record: the content before is kept in `inspection_corrections` with the reason and the changes,
 * audited; the record stays finished; findings the corrected data newly imply are proposed (earlier ones stay).
 */
export async function correctInspection(ctx: AppContext, actor: Actor, id: number, body: TCorrectionRequest): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.write');
  const settings = await getInspectionSettings(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    if (r.state !== 'finished') throw new AppError('inspection_not_finished', { details: { id } });
    const before = (await repo.inspectorsOfRecords(trx, [id])).map((x) => Number(x.id));
    await assertWriter(trx, actor, before);
    const { reason, ...patch } = body;
    const original = {
      inspectorIds: before,
      visitedAt: r.visited_at,
      representative: r.representative ? (JSON.parse(r.representative) as Representative) : null,
      answers: JSON.parse(r.answers) as Record<string, string>,
      items: JSON.parse(r.items) as StoredItem[],
      note: r.note,
    };
    const visitedAt = patch.visitedAt !== undefined ? patch.visitedAt : r.visited_at;
    const day = visitDay(ctx, visitedAt);
    if (patch.inspectorIds !== undefined) await repo.setInspectors(trx, id, await validateInspectors(trx, patch.inspectorIds, day));
    const items =
      patch.items !== undefined || patch.visitedAt !== undefined
        ? await buildItems(
            ctx,
            trx,
            { org_id: r.org_id, site_id: r.site_id },
            patch.items ?? (original.items as TInspectionItemInput[]),
            day,
            settings.onsiteMpePct,
          )
        : original.items;
    const now = nowIso(ctx);
    await repo.updateInspection(trx, id, { ...contentColumns({ ...patch, items }), updated_at: now });
    const correctionId = await repo.insertCorrection(trx, {
      inspection_id: id,
      reason,
      original: JSON.stringify(original),
      changes: JSON.stringify(patch),
      created_by: actorLabel(actor),
      created_at: now,
    });
    await storeProposals(trx, id, proposalsFrom(r.target_kind, patch.answers ?? original.answers, items), now);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_corrected',
        entityType: 'inspection',
        entityId: String(id),
        data: { correctionId, reason, fields: Object.keys(patch) },
      },
      Number(r.org_id),
    );
  });
  return getInspection(ctx, actor, id);
}

/** The original content kept by a correction (for the detail's history). */
export async function correctionOriginal(ctx: AppContext, actor: Actor, id: number) {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.read_own');
  await loadRecord(ctx.db, actor, id);
  return (await repo.correctionsOf(ctx.db, id)).map((c) => ({
    id: Number(c.id),
    reason: c.reason,
    original: JSON.parse(c.original) as unknown,
    changes: JSON.parse(c.changes) as unknown,
    by: c.created_by,
    at: c.created_at,
  }));
}

/** The inspected party rates a finished visit once (1–5 stars, a comment). */
export async function rateInspection(
  ctx: AppContext,
  actor: Actor,
  id: number,
  body: { stars: number; comment?: string | null },
): Promise<TInspectionDetail> {
  requirePermission(actor, 'inspection.read_own');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadRecord(trx, actor, id);
    if (Number(r.org_id) !== actor.orgId) throw notFound('inspection', id);
    if (r.rating !== null) throw new AppError('inspection_already_rated', { details: { id } });
    const now = nowIso(ctx);
    if (
      !(await repo.rateOnce(trx, id, {
        rating: body.stars,
        rating_comment: body.comment ?? null,
        rated_at: now,
        rated_by: actorLabel(actor),
      }))
    )
      throw new AppError('inspection_already_rated', { details: { id } });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'inspection_rated',
        entityType: 'inspection',
        entityId: String(id),
        data: { stars: body.stars, comment: body.comment ?? null },
      },
      Number(r.org_id),
    );
  });
  return getInspection(ctx, actor, id);
}

// ---- documents and disclosure (docs/SUPERVISION.md "Documents", "Disclosure of inspection results") ----

/** A record (scope and permission as its detail) with what its 笔录 prints: the party's code and address, the signatures. */
export async function inspectionForDocument(ctx: AppContext, actor: Actor, id: number) {
  const detail = await getInspection(ctx, actor, id);
  const [party, signatures] = await Promise.all([repo.recordParty(ctx.db, id), repo.signatureContents(ctx.db, id)]);
  return {
    detail,
    creditCode: party?.credit_code ?? '',
    address: party?.site_address ?? party?.org_address ?? null,
    townCode: party?.site_town ?? party?.region_code ?? null,
    signatures: signatures.map((s) => ({ role: s.role as SignatureRole | null, mime: s.mime, content: Buffer.from(s.content) })),
  };
}

/** The finished records of a draw (ids; the caller checks each one's scope through `inspectionForDocument`). */
export function finishedInspectionsOfDraw(ctx: AppContext, drawId: number): Promise<number[]> {
  return repo.finishedIdsOfDraw(ctx.db, drawId);
}

/** Finished inspections per inspector id (the talent pool's computed activity, docs/TALENT.md; no scope: the caller's). */
export function finishedInspectionCounts(ctx: AppContext, inspectorIds: readonly number[]): Promise<Map<number, number>> {
  return repo.finishedInspectionCounts(ctx.db, inspectorIds);
}
