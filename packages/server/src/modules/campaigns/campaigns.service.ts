import {
  CAMPAIGN_PARTICIPANT_KINDS,
  diffDays,
  type TCampaign,
  type TCampaignPhase,
  type TCreateCampaignRequest,
  type TCurrentCampaign,
  type TUpdateCampaignRequest,
  t,
} from '@qiangjian/shared';
import { CAMPAIGN_TEMPLATES, type CampaignTemplate, DEFAULT_CAMPAIGN_TEMPLATE_ID } from '@qiangjian/shared/data';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, regionPrefix, requirePermission } from '../../auth/actor.js';
import { codeInScope, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import type { CampaignRow } from '../../db/schema-campaigns.js';
import { AppError, notFound } from '../../errors.js';
import * as repo from './campaigns.repository.js';
import { type CampaignDates, campaignProblem, datesFromTemplate, participantStatus, phaseAt } from './campaigns.rules.js';
import * as reports from './self-inspection/self-inspection.repository.js';

/**
 * Campaigns (专项整治, docs/CAMPAIGNS.md): created from a template for a year and a region (docs/domain/regulations.md
 * §7), their dates, targets and participants edited by the regulator, and the current campaign with its phase and
 * days left for everyone taking part.
 */

export function datesOf(c: CampaignRow): CampaignDates {
  return {
    phases: JSON.parse(c.phases) as TCampaignPhase[],
    reportingDays: JSON.parse(c.reporting_days) as number[],
    finalReportDate: c.final_report_date,
    selfInspectionDue: c.self_inspection_due,
  };
}

async function present(db: DbOrTrx, c: CampaignRow, participants?: number): Promise<TCampaign> {
  const id = Number(c.id);
  const n = participants ?? (await repo.participantCounts(db, [id])).get(id) ?? 0;
  const submittedOrgs = new Set(
    (await reports.reportsOfCampaign(db, id)).filter((r) => r.state === 'submitted').map((r) => Number(r.org_id)),
  );
  return {
    id,
    name: c.name,
    year: Number(c.year),
    regionCode: c.region_code,
    regionName: await repo.regionName(db, c.region_code),
    templateId: c.template_id,
    templateVersion: Number(c.template_version),
    ...datesOf(c),
    targets: JSON.parse(c.targets) as TCampaign['targets'],
    participants: n,
    submitted: submittedOrgs.size,
    createdAt: c.created_at,
    createdBy: c.created_by,
    updatedAt: c.updated_at,
  };
}

/** Whether the actor sees a campaign: its region lies in the actor's region, one of its towns lies in the campaign's
 * region (an office), or the actor's organization takes part (an enterprise, an institution). */
async function visible(db: DbOrTrx, actor: Actor, c: CampaignRow): Promise<boolean> {
  const s = scopeOf(actor);
  switch (s.kind) {
    case 'all':
      return true;
    case 'region':
      return codeInScope(s, c.region_code);
    case 'towns': {
      const p = regionPrefix(c.region_code);
      return s.towns.some((town) => town.startsWith(p));
    }
    case 'org':
      return repo.isParticipant(db, Number(c.id), s.orgId);
  }
}

/** A campaign the actor sees, else not_found (404). */
export async function loadCampaign(db: DbOrTrx, actor: Actor, id: number): Promise<CampaignRow> {
  const c = await repo.campaignById(db, id);
  if (!c || !(await visible(db, actor, c))) throw notFound('campaign', id);
  return c;
}

async function visibleCampaigns(db: DbOrTrx, actor: Actor, year?: number): Promise<CampaignRow[]> {
  const s = scopeOf(actor);
  if (s.kind === 'org') return (await repo.campaignsOfOrg(db, s.orgId)).filter((c) => year === undefined || Number(c.year) === year);
  const out: CampaignRow[] = [];
  for (const c of await repo.allCampaigns(db, year)) if (await visible(db, actor, c)) out.push(c);
  return out;
}

export async function listCampaigns(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; year?: number }) {
  requirePermission(actor, 'campaign.read');
  const all = await visibleCampaigns(ctx.db, actor, q.year);
  const page = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const counts = await repo.participantCounts(
    ctx.db,
    page.map((c) => Number(c.id)),
  );
  const items: TCampaign[] = [];
  for (const c of page) items.push(await present(ctx.db, c, counts.get(Number(c.id)) ?? 0));
  return { items, total: all.length, page: q.page, pageSize: q.pageSize };
}

export async function getCampaign(ctx: AppContext, actor: Actor, id: number): Promise<TCampaign> {
  requirePermission(actor, 'campaign.read');
  return present(ctx.db, await loadCampaign(ctx.db, actor, id));
}

/** The zh-CN name of a campaign field (`phases[1].end` → 第2阶段的结束日期). */
function fieldLabel(field: string): string {
  const m = /^(phases|reportingDays)\[(\d+)\](?:\.(start|end))?$/.exec(field);
  if (m) {
    const n = Number(m[2]) + 1;
    if (m[1] === 'reportingDays') return t('campaigns.field.reportingDay', { n });
    return t(m[3] === 'start' ? 'campaigns.field.phaseStart' : 'campaigns.field.phaseEnd', { n });
  }
  return t(`campaigns.field.${field}`);
}

function problemError(p: NonNullable<ReturnType<typeof campaignProblem>>): AppError {
  return new AppError(p.code, { params: { field: fieldLabel(p.field) }, details: { field: p.field } });
}

function templateOf(id: string | undefined): CampaignTemplate {
  const tpl = CAMPAIGN_TEMPLATES.find((x) => x.id === (id ?? DEFAULT_CAMPAIGN_TEMPLATE_ID));
  if (!tpl)
    throw new AppError('campaign_unknown_template', { params: { parameter: 'templateId' }, details: { parameter: 'templateId', id } });
  return tpl;
}

/**
 * Creates a campaign for a year and a region from a template (dates computed for that year) with its default
 * participants: every utility, gas station and verification institution of the region.
 */
export async function createCampaign(ctx: AppContext, actor: Actor, input: TCreateCampaignRequest): Promise<TCampaign> {
  requirePermission(actor, 'campaign.manage');
  if (!codeInScope(scopeOf(actor), input.regionCode)) throw notFound('region', input.regionCode);
  const tpl = templateOf(input.templateId);
  const dates = datesFromTemplate(tpl, input.year);
  const at = nowIso(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.regionName(trx, input.regionCode))) throw notFound('region', input.regionCode);
    if (await repo.campaignByYearRegion(trx, input.year, input.regionCode))
      throw new AppError('campaign_exists', { params: { year: input.year }, details: { year: input.year, regionCode: input.regionCode } });
    const name = input.name ?? tpl.name.replace('{year}', String(input.year));
    const id = await repo.insertCampaign(trx, {
      name,
      year: input.year,
      region_code: input.regionCode,
      template_id: tpl.id,
      template_version: tpl.version,
      phases: JSON.stringify(dates.phases),
      reporting_days: JSON.stringify(dates.reportingDays),
      final_report_date: dates.finalReportDate,
      self_inspection_due: dates.selfInspectionDue,
      targets: JSON.stringify(tpl.targets),
      created_by: actor.username,
      created_at: at,
      updated_at: at,
    });
    const orgs = await repo.orgsInRegion(trx, regionPrefix(input.regionCode), CAMPAIGN_PARTICIPANT_KINDS);
    await repo.addParticipants(
      trx,
      id,
      orgs.map((o) => Number(o.id)),
      at,
    );
    await recordAudit(ctx, trx, actor, {
      action: 'campaign_created',
      entityType: 'campaign',
      entityId: String(id),
      data: {
        name,
        year: input.year,
        regionCode: input.regionCode,
        template: `${tpl.id}@${tpl.version}`,
        ...dates,
        participants: orgs.length,
      },
    });
    return id;
  });
  return getCampaign(ctx, actor, id);
}

/** Edits the name, dates, reporting days and targets; the result must pass the date rules (naming the field). */
export async function updateCampaign(ctx: AppContext, actor: Actor, id: number, patch: TUpdateCampaignRequest): Promise<TCampaign> {
  requirePermission(actor, 'campaign.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, actor, id);
    const before = { name: c.name, ...datesOf(c), targets: JSON.parse(c.targets) as unknown };
    const after = {
      name: patch.name ?? before.name,
      phases: patch.phases ?? before.phases,
      reportingDays: patch.reportingDays ?? before.reportingDays,
      finalReportDate: patch.finalReportDate ?? before.finalReportDate,
      selfInspectionDue: patch.selfInspectionDue ?? before.selfInspectionDue,
      targets: patch.targets ?? before.targets,
    };
    const problem = campaignProblem(after);
    if (problem) throw problemError(problem);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(after) as (keyof typeof after)[])
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { from: before[k], to: after[k] };
    if (Object.keys(changed).length === 0) return;
    await repo.updateCampaign(trx, id, {
      name: after.name,
      phases: JSON.stringify(after.phases),
      reporting_days: JSON.stringify([...after.reportingDays].sort((a, b) => a - b)),
      final_report_date: after.finalReportDate,
      self_inspection_due: after.selfInspectionDue,
      targets: JSON.stringify(after.targets),
      updated_at: nowIso(ctx),
    });
    await recordAudit(ctx, trx, actor, { action: 'campaign_updated', entityType: 'campaign', entityId: String(id), data: { changed } });
  });
  return getCampaign(ctx, actor, id);
}

/**
 * Replaces the participants: each must be a utility, gas station or verification institution of the campaign's
 * region (else campaign_participant_kind naming it). Reports already made stay stored.
 */
export async function setParticipants(ctx: AppContext, actor: Actor, id: number, orgIds: number[]): Promise<TCampaign> {
  requirePermission(actor, 'campaign.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, actor, id);
    const wanted = [...new Set(orgIds)];
    const orgs = new Map((await repo.orgsByIds(trx, wanted)).map((o) => [Number(o.id), o]));
    const prefix = regionPrefix(c.region_code);
    for (const orgId of wanted) {
      const o = orgs.get(orgId);
      if (!o || !(CAMPAIGN_PARTICIPANT_KINDS as readonly string[]).includes(o.kind) || !o.region_code.startsWith(prefix))
        throw new AppError('campaign_participant_kind', {
          params: { org: o?.name ?? String(orgId) },
          details: { field: 'orgIds', orgId },
        });
    }
    const current = new Set(await repo.participantIds(trx, id));
    const added = wanted.filter((x) => !current.has(x));
    const removed = [...current].filter((x) => !wanted.includes(x));
    if (added.length === 0 && removed.length === 0) return;
    await repo.addParticipants(trx, id, added, nowIso(ctx));
    await repo.removeParticipants(trx, id, removed);
    await recordAudit(ctx, trx, actor, {
      action: 'campaign_participants_updated',
      entityType: 'campaign',
      entityId: String(id),
      data: { added, removed },
    });
  });
  return getCampaign(ctx, actor, id);
}

/**
 * The actor's current campaign: of this year when there is one, else the newest it sees; with the phase and days
 * left today, and for a participant its own self-inspection status and the last reminder (已催报).
 */
export async function currentCampaign(ctx: AppContext, actor: Actor): Promise<TCurrentCampaign> {
  requirePermission(actor, 'campaign.read');
  const day = today(ctx);
  const year = Number(day.slice(0, 4));
  const all = await visibleCampaigns(ctx.db, actor);
  const c = all.find((x) => Number(x.year) === year) ?? all[0];
  if (!c) return { today: day, campaign: null, now: null, mine: null };
  const dates = datesOf(c);
  let mine: TCurrentCampaign['mine'] = null;
  if (actor.orgId !== null && (await repo.isParticipant(ctx.db, Number(c.id), actor.orgId))) {
    const versions = await reports.versionsOf(ctx.db, Number(c.id), actor.orgId);
    const state = (r: (typeof versions)[number] | undefined) =>
      r ? { state: r.state, late: Number(r.late) === 1, version: Number(r.version) } : null;
    const submitted = versions.filter((r) => r.state === 'submitted');
    const lastSubmitted = submitted[submitted.length - 1];
    const reminders = await repo.remindersOf(ctx.db, Number(c.id), actor.orgId);
    mine = {
      status: participantStatus(state(versions[versions.length - 1]), state(lastSubmitted)),
      due: dates.selfInspectionDue,
      daysToDue: diffDays(day, dates.selfInspectionDue),
      submittedAt: lastSubmitted?.submitted_at ?? null,
      lastRemindedAt: reminders[reminders.length - 1]?.reminded_at ?? null,
    };
  }
  return { today: day, campaign: await present(ctx.db, c), now: phaseAt(dates, day), mine };
}
