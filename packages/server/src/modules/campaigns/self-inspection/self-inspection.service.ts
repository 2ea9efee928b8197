import {
  type ParticipantStatus,
  SELF_INSPECTION_MAX_FILES,
  type TGap,
  type TParticipant,
  type TParticipantListQuery,
  type TSelfInspection,
  type TSelfInspectionForm,
  type TSelfInspectionRecords,
} from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import { type Actor, can, requirePermission, SYSTEM_ACTOR } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { CampaignRow, SelfInspectionRow } from '../../../db/schema-campaigns.js';
import { AppError, notFound } from '../../../errors.js';
import type { UploadedFile } from '../../../http/upload.js';
import { listInstruments } from '../../ledger/instruments.service.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { statusCounts } from '../../status/status.api.js';
import * as campaignsRepo from '../campaigns.repository.js';
import { formKindOf, gapsOf, isLate, participantStatus, prefillForm, type ReportState, recordsFrom } from '../campaigns.rules.js';
import { loadCampaign } from '../campaigns.service.js';
import { drawnOrgIds } from './recheck.service.js';
import * as repo from './self-inspection.repository.js';

/**
 * Self-inspection (自查自纠, docs/CAMPAIGNS.md): each participant's report, prefilled from its own ledger and statuses
 * on the due date (the status module's face and the ledger's service), saved as a draft, submitted (late when after
 * the due date, never refused) and then frozen; a correction is a new version with its reason. The regulator's list
 * of participants with their status, the gaps between the reported figures and the records, and reminders.
 */

/** The records on a date: instruments in service by status (status engine) and those still in draft (ledger). */
export async function recordsAt(ctx: AppContext, orgId: number, asOf: string): Promise<TSelfInspectionRecords> {
  const { counts } = await statusCounts(ctx, SYSTEM_ACTOR, { orgId }, asOf);
  const drafts = await listInstruments(ctx, SYSTEM_ACTOR, {
    orgId,
    ledgerState: 'draft',
    page: 1,
    pageSize: 1,
    sort: 'serialNo',
    order: 'asc',
  });
  return recordsFrom(asOf, counts, drafts.total);
}

const stateOf = (r: SelfInspectionRow | undefined): ReportState | null =>
  r ? { state: r.state, late: Number(r.late) === 1, version: Number(r.version) } : null;

interface Summary {
  status: ParticipantStatus;
  latest: SelfInspectionRow | undefined;
  lastSubmitted: SelfInspectionRow | undefined;
  gaps: TGap[];
}

function summarize(versions: SelfInspectionRow[]): Summary {
  const latest = versions[versions.length - 1];
  const submitted = versions.filter((r) => r.state === 'submitted');
  const lastSubmitted = submitted[submitted.length - 1];
  const gaps = lastSubmitted
    ? gapsOf(
        JSON.parse(lastSubmitted.form) as TSelfInspectionForm,
        lastSubmitted.records ? (JSON.parse(lastSubmitted.records) as TSelfInspectionRecords) : null,
      )
    : [];
  return { status: participantStatus(stateOf(latest), stateOf(lastSubmitted)), latest, lastSubmitted, gaps };
}

/** The participant organization of a campaign the actor may read (its own, or in its scope with self_inspection.read). */
async function participantOrg(db: DbOrTrx, actor: Actor, c: CampaignRow, orgId: number) {
  const own = actor.orgId === orgId && can(actor, 'self_inspection.submit');
  if (!own && !can(actor, 'self_inspection.read')) {
    // a participant asking for another organization's report: the same answer as for one that does not exist
    if (can(actor, 'self_inspection.submit')) throw notFound('self_inspection', orgId);
    throw new AppError('forbidden', { details: { permission: 'self_inspection.read' } });
  }
  const org = await findOrgInScope(db, actor, orgId);
  if (!(await campaignsRepo.isParticipant(db, Number(c.id), orgId))) throw notFound('self_inspection', orgId);
  return org;
}

async function present(ctx: AppContext, c: CampaignRow, org: { id: number; name: string; kind: string }): Promise<TSelfInspection> {
  const orgId = Number(org.id);
  const formKind = formKindOf(org.kind);
  if (!formKind) throw notFound('self_inspection', orgId);
  const versions = await repo.versionsOf(ctx.db, Number(c.id), orgId);
  const s = summarize(versions);
  const shown = s.latest;
  const due = c.self_inspection_due;
  let records: TSelfInspectionRecords | null = null;
  if (formKind !== 'institution')
    records = shown?.records ? (JSON.parse(shown.records) as TSelfInspectionRecords) : await recordsAt(ctx, orgId, due);
  const form = shown ? (JSON.parse(shown.form) as TSelfInspectionForm) : prefillForm(formKind, records);
  const reminders = await campaignsRepo.remindersOf(ctx.db, Number(c.id), orgId);
  const drawn = await drawnOrgIds(ctx.db, Number(c.id));
  return {
    campaignId: Number(c.id),
    orgId,
    orgName: org.name,
    orgKind: org.kind,
    formKind,
    id: shown ? Number(shown.id) : null,
    version: shown ? Number(shown.version) : null,
    state: shown ? (shown.state as 'draft' | 'submitted') : null,
    status: s.status,
    due,
    late: shown ? Number(shown.late) === 1 : false,
    submittedAt: shown?.submitted_at ?? null,
    submittedBy: shown?.submitted_by ?? null,
    correctionReason: shown?.correction_reason ?? null,
    form,
    records,
    gaps: shown?.state === 'submitted' ? gapsOf(form, records) : [],
    files: shown
      ? (await repo.filesOf(ctx.db, Number(shown.id))).map((f) => ({
          id: Number(f.id),
          fileName: f.file_name,
          type: f.type,
          bytes: Number(f.bytes),
          uploadedAt: f.uploaded_at,
        }))
      : [],
    versions: versions.map((v) => ({
      version: Number(v.version),
      state: v.state as 'draft' | 'submitted',
      late: Number(v.late) === 1,
      submittedAt: v.submitted_at,
      correctionReason: v.correction_reason,
    })),
    reminders: reminders.map((r) => ({ at: r.reminded_at, by: r.reminded_by })),
    attachment1: formKind === 'institution' ? null : { orgId, asOf: due },
    recheck: drawn.has(orgId),
  };
}

/** A participant's report (the latest version, or the prefill when nothing is saved yet). */
export async function getReport(ctx: AppContext, actor: Actor, campaignId: number, orgId: number): Promise<TSelfInspection> {
  requirePermission(actor, 'campaign.read');
  const c = await loadCampaign(ctx.db, actor, campaignId);
  const org = await participantOrg(ctx.db, actor, c, orgId);
  return present(ctx, c, { id: Number(org.id), name: org.name, kind: org.kind });
}

/** The actor's own organization's report. */
export async function myReport(ctx: AppContext, actor: Actor, campaignId: number): Promise<TSelfInspection> {
  requirePermission(actor, 'self_inspection.submit');
  if (actor.orgId === null) throw notFound('self_inspection', campaignId);
  return getReport(ctx, actor, campaignId, actor.orgId);
}

async function ownContext(ctx: AppContext, actor: Actor, campaignId: number) {
  requirePermission(actor, 'self_inspection.submit');
  if (actor.orgId === null) throw notFound('self_inspection', campaignId);
  const c = await loadCampaign(ctx.db, actor, campaignId);
  const org = await participantOrg(ctx.db, actor, c, actor.orgId);
  const formKind = formKindOf(org.kind);
  if (!formKind) throw notFound('self_inspection', campaignId);
  return { c, orgId: Number(org.id), formKind };
}

const frozen = () => new AppError('self_inspection_frozen');

/** Saves the draft (creating version 1 the first time); a submitted report is frozen. */
export async function saveDraft(ctx: AppContext, actor: Actor, campaignId: number, form: TSelfInspectionForm): Promise<TSelfInspection> {
  const { c, orgId, formKind } = await ownContext(ctx, actor, campaignId);
  if (form.kind !== formKind)
    throw new AppError('self_inspection_wrong_form', {
      params: { field: 'form.kind' },
      details: { field: 'form.kind', expected: formKind },
    });
  const records = formKind === 'institution' ? null : await recordsAt(ctx, orgId, c.self_inspection_due);
  await ctx.db.transaction().execute(async (trx) => {
    const versions = await repo.versionsOf(trx, campaignId, orgId);
    const latest = versions[versions.length - 1];
    const at = nowIso(ctx);
    let version: number;
    if (latest?.state === 'submitted') throw frozen();
    if (latest) {
      version = Number(latest.version);
      if (
        !(await repo.updateDraft(trx, Number(latest.id), { form: JSON.stringify(form), records: JSON.stringify(records), updated_at: at }))
      )
        throw frozen();
    } else {
      version = 1;
      await repo.insertReport(trx, {
        campaign_id: campaignId,
        org_id: orgId,
        version,
        state: 'draft',
        form_kind: formKind,
        form: JSON.stringify(form),
        records: records === null ? null : JSON.stringify(records),
        late: 0,
        correction_reason: null,
        submitted_at: null,
        submitted_by: null,
        created_by: actor.username,
        created_at: at,
        updated_at: at,
      });
    }
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'self_inspection_saved', entityType: 'self_inspection', entityId: `${campaignId}/${orgId}`, data: { version, form } },
      orgId,
    );
  });
  return myReport(ctx, actor, campaignId);
}

/**
 * Submits the draft: the records on the due date are taken again and stored with it (the gap check compares them),
 * a submission after the due date is marked late (never refused); the version is frozen from then on.
 */
export async function submitReport(ctx: AppContext, actor: Actor, campaignId: number): Promise<TSelfInspection> {
  const { c, orgId, formKind } = await ownContext(ctx, actor, campaignId);
  const records = formKind === 'institution' ? null : await recordsAt(ctx, orgId, c.self_inspection_due);
  const day = today(ctx);
  const late = isLate(day, c.self_inspection_due);
  await ctx.db.transaction().execute(async (trx) => {
    const versions = await repo.versionsOf(trx, campaignId, orgId);
    const latest = versions[versions.length - 1];
    if (!latest) throw new AppError('self_inspection_no_draft');
    if (latest.state !== 'draft') throw frozen();
    const at = nowIso(ctx);
    if (
      !(await repo.updateDraft(trx, Number(latest.id), {
        state: 'submitted',
        records: records === null ? null : JSON.stringify(records),
        late: late ? 1 : 0,
        submitted_at: at,
        submitted_by: actor.username,
        updated_at: at,
      }))
    )
      throw frozen();
    const gaps = gapsOf(JSON.parse(latest.form) as TSelfInspectionForm, records);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'self_inspection_submitted',
        entityType: 'self_inspection',
        entityId: `${campaignId}/${orgId}`,
        data: { version: Number(latest.version), late, due: c.self_inspection_due, records, gaps },
      },
      orgId,
    );
  });
  return myReport(ctx, actor, campaignId);
}

/** Starts a correction of the submitted report: a new draft version (form and files copied) with its reason; the old stays. */
export async function startCorrection(ctx: AppContext, actor: Actor, campaignId: number, reason: string): Promise<TSelfInspection> {
  const { orgId, formKind } = await ownContext(ctx, actor, campaignId);
  await ctx.db.transaction().execute(async (trx) => {
    const versions = await repo.versionsOf(trx, campaignId, orgId);
    const latest = versions[versions.length - 1];
    if (latest?.state !== 'submitted') throw new AppError('self_inspection_not_submitted');
    const at = nowIso(ctx);
    const version = Number(latest.version) + 1;
    const id = await repo.insertReport(trx, {
      campaign_id: campaignId,
      org_id: orgId,
      version,
      state: 'draft',
      form_kind: formKind,
      form: latest.form,
      records: latest.records,
      late: 0,
      correction_reason: reason,
      submitted_at: null,
      submitted_by: null,
      created_by: actor.username,
      created_at: at,
      updated_at: at,
    });
    await repo.copyFiles(trx, Number(latest.id), id);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'self_inspection_correction_started',
        entityType: 'self_inspection',
        entityId: `${campaignId}/${orgId}`,
        data: { version, corrects: Number(latest.version), reason },
      },
      orgId,
    );
  });
  return myReport(ctx, actor, campaignId);
}

/** Attaches a file to the draft (checked by http/upload.ts for size and type), at most SELF_INSPECTION_MAX_FILES. */
export async function addFile(ctx: AppContext, actor: Actor, campaignId: number, file: UploadedFile) {
  const { orgId } = await ownContext(ctx, actor, campaignId);
  return ctx.db.transaction().execute(async (trx) => {
    const versions = await repo.versionsOf(trx, campaignId, orgId);
    const latest = versions[versions.length - 1];
    if (!latest) throw new AppError('self_inspection_no_draft');
    if (latest.state !== 'draft') throw frozen();
    const files = await repo.filesOf(trx, Number(latest.id));
    if (files.length >= SELF_INSPECTION_MAX_FILES)
      throw new AppError('self_inspection_too_many_files', {
        params: { max: SELF_INSPECTION_MAX_FILES },
        details: { field: 'file', max: SELF_INSPECTION_MAX_FILES },
      });
    const at = nowIso(ctx);
    const id = await repo.insertFile(trx, {
      report_id: Number(latest.id),
      org_id: orgId,
      file_name: file.fileName,
      type: file.type,
      bytes: file.content.length,
      content: file.content,
      uploaded_at: at,
      uploaded_by: actor.username,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'self_inspection_file_added',
        entityType: 'self_inspection',
        entityId: `${campaignId}/${orgId}`,
        data: { version: Number(latest.version), fileId: id, fileName: file.fileName, type: file.type, bytes: file.content.length },
      },
      orgId,
    );
    return { id, fileName: file.fileName, type: file.type, bytes: file.content.length, uploadedAt: at };
  });
}

/** A file of a participant's report (any version), for whoever may read the report. */
export async function fileContent(ctx: AppContext, actor: Actor, campaignId: number, orgId: number, fileId: number) {
  requirePermission(actor, 'campaign.read');
  const c = await loadCampaign(ctx.db, actor, campaignId);
  await participantOrg(ctx.db, actor, c, orgId);
  const versions = await repo.versionsOf(ctx.db, campaignId, orgId);
  const f = await repo.fileOf(
    ctx.db,
    fileId,
    versions.map((v) => Number(v.id)),
  );
  if (!f) throw notFound('self_inspection_file', fileId);
  return { fileName: f.file_name, type: f.type, content: f.content };
}

/** The participants in the actor's scope with their self-inspection status, gaps, reminders and re-check mark. */
export async function listParticipants(ctx: AppContext, actor: Actor, campaignId: number, q: TParticipantListQuery) {
  requirePermission(actor, 'self_inspection.read');
  const c = await loadCampaign(ctx.db, actor, campaignId);
  const orgs = await campaignsRepo.participantOrgs(ctx.db, campaignId, orgScopeFilter(scopeOf(actor)));
  const byOrg = new Map<number, SelfInspectionRow[]>();
  for (const r of await repo.reportsOfCampaign(ctx.db, campaignId)) {
    const list = byOrg.get(Number(r.org_id)) ?? [];
    list.push(r);
    byOrg.set(Number(r.org_id), list);
  }
  const reminders = new Map<number, string[]>();
  for (const r of await campaignsRepo.remindersOf(ctx.db, campaignId)) {
    const list = reminders.get(Number(r.org_id)) ?? [];
    list.push(r.reminded_at);
    reminders.set(Number(r.org_id), list);
  }
  const drawn = await drawnOrgIds(ctx.db, campaignId);
  const pastDue = today(ctx) > c.self_inspection_due;
  const all: TParticipant[] = orgs.map((o) => {
    const id = Number(o.id);
    const s = summarize(byOrg.get(id) ?? []);
    const rem = reminders.get(id) ?? [];
    return {
      orgId: id,
      orgName: o.name,
      orgKind: o.kind,
      creditCode: o.credit_code,
      regionCode: o.region_code,
      status: s.status,
      overdue: pastDue && (s.status === 'not_started' || s.status === 'draft'),
      version: s.latest ? Number(s.latest.version) : null,
      submittedAt: s.lastSubmitted?.submitted_at ?? null,
      reminders: rem.length,
      lastRemindedAt: rem[rem.length - 1] ?? null,
      gaps: s.gaps,
      recheck: drawn.has(id),
    };
  });
  const items = all.filter(
    (p) =>
      (q.status === undefined || p.status === q.status) &&
      (q.kind === undefined || p.orgKind === q.kind) &&
      (q.gap === undefined || p.gaps.length > 0) &&
      (q.overdue === undefined || p.overdue),
  );
  return { items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: items.length, page: q.page, pageSize: q.pageSize };
}

/** Reminds participants in one click: a reminder row and an audit entry (in its own chain) per organization. */
export async function remind(ctx: AppContext, actor: Actor, campaignId: number, orgIds: number[]) {
  requirePermission(actor, 'campaign.manage');
  const at = nowIso(ctx);
  const ids = [...new Set(orgIds)];
  await ctx.db.transaction().execute(async (trx) => {
    await loadCampaign(trx, actor, campaignId);
    const inScope = new Set(
      (await campaignsRepo.participantOrgs(trx, campaignId, orgScopeFilter(scopeOf(actor)))).map((o) => Number(o.id)),
    );
    for (const id of ids) if (!inScope.has(id)) throw notFound('campaign_participant', id);
    await campaignsRepo.insertReminders(trx, campaignId, ids, at, actor.username);
    for (const id of ids)
      await recordAudit(
        ctx,
        trx,
        actor,
        { action: 'self_inspection_reminded', entityType: 'self_inspection', entityId: `${campaignId}/${id}`, data: { at } },
        id,
      );
  });
  return { reminded: ids.length, at };
}
