import {
  type ApplicationState,
  type Category,
  type Conclusion,
  DUE_LIST_DEFAULT_STATUSES,
  enumLabel,
  type ReturnReason,
  type SubmissionMode,
  type TApplication,
  type TApplicationCandidate,
  type TApplicationCandidatesQuery,
  type TApplicationDetail,
  type TApplicationFilter,
  type TApplicationListQuery,
  type TApplicationOptions,
  type TApplicationOptionsBody,
  type TContact,
  type TCreateApplication,
  type TResubmitApplication,
  type TReturnApplication,
  t,
} from '@qiangjian/shared';
import type { FieldDiff } from '../../../audit/audit.rules.js';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { AppError, invalidParameter } from '../../../errors.js';
import { dateInZone } from '../../../time.js';
import { qrSheetOfIds } from '../../ledger/public.service.js';
import { regionNames } from '../../regions/regions.service.js';
import { ensureRefreshedToday } from '../../status/status.api.js';
import { recordSystemFinding } from '../../supervision/findings/findings.service.js';
import { getSettings, loadCalendar } from '../calendar/settings.service.js';
import { acceptDeadline, workingDaysBetween } from '../calendar/working-days.js';
import { coverage } from '../institutions/coverage.js';
import { authorizationsOf, authorizationsOfOrgs, findLiveOrg, liveInstitutions } from '../institutions/oversight.repository.js';
import { resultKeys } from '../results/results.repository.js';
import * as repo from './applications.repository.js';
import { coverageOf, defaultMode, pairsOf, regionName } from './applications.rules.js';

type Action = 'accept' | 'return' | 'resubmit' | 'withdraw' | 'result';

/** Allowed transitions (docs/domain/forms.md §2): from-states per action. */
const FROM: Record<Action, readonly ApplicationState[]> = {
  accept: ['submitted'],
  return: ['submitted'],
  withdraw: ['submitted', 'returned'],
  resubmit: ['returned'],
  result: ['accepted', 'in_progress'],
};

export function assertTransition(status: string, action: Action): void {
  if (!FROM[action].includes(status as ApplicationState)) {
    throw new AppError('application_illegal_transition', {
      params: { status: enumLabel('applicationStatus', status), action: enumLabel('applicationAction', action) },
      details: { status, action },
    });
  }
}

/** The application scope of an actor (enterprise: applicant; institution: addressee; others: applicant's region). */
export function appScopeOf(actor: Actor): repo.AppScope {
  if (actor.role === 'enterprise') return { kind: 'applicant', orgId: actor.orgId ?? -1 };
  if (actor.role === 'institution') return { kind: 'institution', orgId: actor.orgId ?? -1 };
  return { kind: 'orgs', scope: scopeOf(actor) };
}

function presentVersionFields(v: repo.VersionRow) {
  return {
    mode: v.mode as SubmissionMode,
    preferredDate: v.preferred_date,
    contact: JSON.parse(v.contact) as TContact,
    instrumentIds: JSON.parse(v.instrument_ids) as number[],
    submittedAt: v.submitted_at,
    acceptDeadline: v.accept_deadline,
    respondedAt: v.responded_at,
    reasonCode: v.reason_code as ReturnReason | null,
    note: v.note,
    phonedAt: v.phoned_at,
  };
}

export function present(ctx: AppContext, a: repo.ApplicationRow, v: repo.VersionRow, names: Map<number, { name: string }>): TApplication {
  return {
    id: Number(a.id),
    version: Number(a.version),
    status: a.status as ApplicationState,
    orgId: Number(a.org_id),
    orgName: names.get(Number(a.org_id))?.name ?? '',
    institutionId: Number(a.institution_id),
    institutionName: names.get(Number(a.institution_id))?.name ?? '',
    ...presentVersionFields(v),
    overdue: a.status === 'submitted' && nowIso(ctx) > a.accept_deadline,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

async function loadScoped(_ctx: AppContext, db: DbOrTrx, actor: Actor, id: number) {
  const a = await repo.findApplication(db, id, appScopeOf(actor));
  if (!a) throw new AppError('not_found', { details: { entity: 'application', id } });
  return a;
}

/**
 * Checks the instruments of an application: they exist in the applicant's org (else 404), are in
 * service, are not in another open application, and the institution's authorization covers each one's
 * category and region on the submission date.
 */
async function checkInstruments(
  _ctx: AppContext,
  trx: Trx,
  _actor: Actor,
  orgIdOrNull: number | null,
  institutionId: number,
  ids: number[],
  date: string,
  exceptApplicationId: number | null,
) {
  const unique = [...new Set(ids)];
  const rows = await repo.instrumentsByIds(trx, unique);
  const orgId = orgIdOrNull ?? rows[0]?.org_id ?? -1;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const r = byId.get(id);
    if (!r || r.org_id !== orgId) throw new AppError('not_found', { details: { entity: 'instrument', id } });
  }
  for (const r of rows) {
    if (r.removal_date !== null || ['removed', 'scrapped', 'suspended'].includes(r.ledger_state)) {
      throw new AppError('application_instrument_not_in_service', { params: { serialNo: r.serial_no }, details: { instrumentId: r.id } });
    }
  }
  const busy = await repo.busyInstruments(trx, orgId, unique, exceptApplicationId);
  if (busy.length) {
    const b = busy[0] as { instrument_id: number; id: number };
    const r = byId.get(Number(b.instrument_id));
    throw new AppError('application_instrument_busy', {
      params: { serialNo: r?.serial_no ?? String(b.instrument_id), applicationId: Number(b.id) },
      details: { instrumentId: Number(b.instrument_id), applicationId: Number(b.id) },
    });
  }
  const inst = await findLiveOrg(trx, institutionId);
  if (inst?.kind !== 'institution') throw new AppError('application_institution_invalid', { details: { institutionId } });
  const auths = await authorizationsOf(trx, institutionId);
  for (const r of rows) {
    const c = coverage(auths, r.category, r.region, date);
    if (c !== 'ok') {
      const names = await regionNames(trx);
      const params = {
        institution: inst.name,
        serialNo: r.serial_no,
        category: enumLabel('category', r.category),
        town: regionName(r.region, names) ?? t('verification.options.unknownTown'),
        date,
      };
      throw new AppError(c === 'expired' ? 'application_authorization_expired' : 'application_not_authorized', {
        params,
        details: { instrumentId: r.id, serialNo: r.serial_no, category: r.category, region: r.region, institutionId },
      });
    }
  }
  return { orgId, rows };
}

async function deadlineFor(ctx: AppContext, db: DbOrTrx, at: Date) {
  const [cal, settings] = await Promise.all([loadCalendar(db), getSettings(db)]);
  return acceptDeadline(cal, at, settings.acceptDeadlineWorkingDays, ctx.config.timeZone).instant;
}

async function presentOne(ctx: AppContext, db: DbOrTrx, id: number): Promise<TApplication> {
  const a = await repo.getApplication(db, id);
  const v = await repo.currentVersion(db, { id: Number(a.id), version: Number(a.version) });
  const names = await repo.orgNames(db, [Number(a.org_id), Number(a.institution_id)]);
  return present(ctx, a, v, names);
}

export async function createApplication(ctx: AppContext, actor: Actor, input: TCreateApplication): Promise<TApplication> {
  requirePermission(actor, 'application.create');
  if (input.filter) await ensureRefreshedToday(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = nowIso(ctx);
    const date = dateInZone(ctx.clock.now(), ctx.config.timeZone);
    const ownOrg = input.filter ? applicantOrgOf(actor, input.orgId) : actor.role === 'enterprise' ? (actor.orgId ?? -1) : null;
    const ids = await selectionIds(trx, ownOrg, input);
    const { orgId } = await checkInstruments(ctx, trx, actor, ownOrg, input.institutionId, ids, date, null);
    const deadline = await deadlineFor(ctx, trx, ctx.clock.now());
    const appId = await repo.insertApplication(trx, {
      org_id: orgId,
      institution_id: input.institutionId,
      version: 1,
      status: 'submitted',
      submitted_at: now,
      accept_deadline: deadline,
      created_at: now,
      updated_at: now,
    });
    await repo.insertVersion(trx, {
      application_id: appId,
      org_id: orgId,
      institution_id: input.institutionId,
      version: 1,
      status: 'submitted',
      instrument_ids: JSON.stringify(ids),
      filter: input.filter ? JSON.stringify(input.filter) : null,
      mode: input.mode,
      preferred_date: input.preferredDate,
      contact: JSON.stringify(input.contact),
      submitted_at: now,
      accept_deadline: deadline,
      responded_at: null,
      response: null,
      reason_code: null,
      note: null,
      phoned_at: null,
      diff: null,
      created_at: now,
    });
    await repo.setItemsBulk(trx, appId, orgId, ids);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'application_submitted',
        entityType: 'application',
        entityId: String(appId),
        data: { version: 1, ...input, instrumentIds: ids, count: ids.length, acceptDeadline: deadline },
      },
      orgId,
    );
    return appId;
  });
  return presentOne(ctx, ctx.db, id);
}

/** Finds whether a response to a version came after its deadline; records `acceptance_delay` once per version. */
async function lateFinding(ctx: AppContext, trx: Trx, a: repo.ApplicationRow, v: repo.VersionRow, respondedAt: string) {
  if (respondedAt <= v.accept_deadline) return;
  const cal = await loadCalendar(trx);
  const late = workingDaysBetween(cal, new Date(v.accept_deadline), new Date(respondedAt), ctx.config.timeZone);
  await recordSystemFinding(ctx, trx, {
    orgId: Number(a.institution_id),
    code: 'acceptance_delay',
    date: dateInZone(new Date(respondedAt), ctx.config.timeZone),
    refs: { applicationIds: [Number(a.id)], versions: [Number(v.version)], instrumentIds: JSON.parse(v.instrument_ids) as number[] },
    note: t('verification.finding.lateResponse', {
      id: Number(a.id),
      version: Number(v.version),
      deadline: v.accept_deadline,
      days: late.toFixed(2),
    }),
    dedupeKey: `acceptance_delay:${Number(a.id)}:${Number(v.version)}`,
  });
}

export async function acceptApplication(ctx: AppContext, actor: Actor, id: number): Promise<TApplication> {
  requirePermission(actor, 'application.process');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockApplication(trx, id, ctx.engine === 'postgres');
    const a = await loadScoped(ctx, trx, actor, id);
    assertTransition(a.status, 'accept');
    const v = await repo.currentVersion(trx, { id, version: Number(a.version) });
    const now = nowIso(ctx);
    await repo.updateApplication(trx, id, { status: 'accepted', updated_at: now });
    await repo.updateVersion(trx, v.id, { status: 'accepted', response: 'accepted', responded_at: now });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'application_accepted',
        entityType: 'application',
        entityId: String(id),
        data: { version: Number(a.version), late: now > v.accept_deadline },
      },
      Number(a.org_id),
    );
    await lateFinding(ctx, trx, a, v, now);
  });
  return presentOne(ctx, ctx.db, id);
}

export async function returnApplication(ctx: AppContext, actor: Actor, id: number, input: TReturnApplication): Promise<TApplication> {
  requirePermission(actor, 'application.process');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockApplication(trx, id, ctx.engine === 'postgres');
    const a = await loadScoped(ctx, trx, actor, id);
    assertTransition(a.status, 'return');
    const v = await repo.currentVersion(trx, { id, version: Number(a.version) });
    const now = nowIso(ctx);
    const phonedAt = input.phonedAt ? new Date(input.phonedAt).toISOString() : null;
    await repo.updateApplication(trx, id, { status: 'returned', updated_at: now });
    await repo.updateVersion(trx, v.id, {
      status: 'returned',
      response: 'returned',
      responded_at: now,
      reason_code: input.reasonCode,
      note: input.note,
      phoned_at: phonedAt,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'application_returned',
        entityType: 'application',
        entityId: String(id),
        data: { version: Number(a.version), reasonCode: input.reasonCode, note: input.note, phonedAt },
      },
      Number(a.org_id),
    );
    await lateFinding(ctx, trx, a, v, now);
    if (!phonedAt) {
      await recordSystemFinding(ctx, trx, {
        orgId: Number(a.institution_id),
        code: 'no_rejection_feedback',
        date: dateInZone(ctx.clock.now(), ctx.config.timeZone),
        refs: { applicationIds: [id], versions: [Number(a.version)], instrumentIds: JSON.parse(v.instrument_ids) as number[] },
        note: t('verification.finding.noPhone', { id, version: Number(a.version) }),
        dedupeKey: `no_rejection_feedback:${id}:${Number(a.version)}`,
      });
    }
  });
  return presentOne(ctx, ctx.db, id);
}

export async function withdrawApplication(ctx: AppContext, actor: Actor, id: number): Promise<TApplication> {
  requirePermission(actor, 'application.create');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockApplication(trx, id, ctx.engine === 'postgres');
    const a = await loadScoped(ctx, trx, actor, id);
    assertTransition(a.status, 'withdraw');
    const v = await repo.currentVersion(trx, { id, version: Number(a.version) });
    const now = nowIso(ctx);
    await repo.updateApplication(trx, id, { status: 'withdrawn', updated_at: now });
    await repo.updateVersion(
      trx,
      v.id,
      a.status === 'submitted' ? { status: 'withdrawn', response: 'withdrawn', responded_at: now } : { status: 'withdrawn' },
    );
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'application_withdrawn',
        entityType: 'application',
        entityId: String(id),
        data: { version: Number(a.version), from: a.status },
      },
      Number(a.org_id),
    );
  });
  return presentOne(ctx, ctx.db, id);
}

export async function resubmitApplication(ctx: AppContext, actor: Actor, id: number, input: TResubmitApplication): Promise<TApplication> {
  requirePermission(actor, 'application.create');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockApplication(trx, id, ctx.engine === 'postgres');
    const a = await loadScoped(ctx, trx, actor, id);
    assertTransition(a.status, 'resubmit');
    const prev = await repo.currentVersion(trx, { id, version: Number(a.version) });
    const before = presentVersionFields(prev);
    const after = {
      instrumentIds: input.instrumentIds ? [...new Set(input.instrumentIds)] : before.instrumentIds,
      mode: input.mode ?? before.mode,
      preferredDate: input.preferredDate ?? before.preferredDate,
      contact: input.contact ?? before.contact,
    };
    const diff: FieldDiff = {};
    for (const k of ['instrumentIds', 'mode', 'preferredDate', 'contact'] as const) {
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) diff[k] = { before: before[k], after: after[k] };
    }
    if (diff.instrumentIds) {
      const b = new Set(before.instrumentIds);
      const n = new Set(after.instrumentIds);
      diff.instrumentIds = { before: before.instrumentIds, after: after.instrumentIds };
      Object.assign(diff.instrumentIds, {
        added: after.instrumentIds.filter((x) => !b.has(x)),
        removed: before.instrumentIds.filter((x) => !n.has(x)),
      });
    }
    const date = dateInZone(ctx.clock.now(), ctx.config.timeZone);
    await checkInstruments(ctx, trx, actor, Number(a.org_id), Number(a.institution_id), after.instrumentIds, date, id);
    const now = nowIso(ctx);
    const deadline = await deadlineFor(ctx, trx, ctx.clock.now());
    const version = Number(a.version) + 1;
    await repo.insertVersion(trx, {
      application_id: id,
      org_id: Number(a.org_id),
      institution_id: Number(a.institution_id),
      version,
      status: 'submitted',
      instrument_ids: JSON.stringify(after.instrumentIds),
      filter: input.instrumentIds ? null : prev.filter,
      mode: after.mode,
      preferred_date: after.preferredDate,
      contact: JSON.stringify(after.contact),
      submitted_at: now,
      accept_deadline: deadline,
      responded_at: null,
      response: null,
      reason_code: null,
      note: null,
      phoned_at: null,
      diff: JSON.stringify(diff),
      created_at: now,
    });
    await repo.updateApplication(trx, id, { status: 'submitted', version, submitted_at: now, accept_deadline: deadline, updated_at: now });
    await repo.setItemsBulk(trx, id, Number(a.org_id), after.instrumentIds);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'application_resubmitted',
        entityType: 'application',
        entityId: String(id),
        data: { version, changes: diff, acceptDeadline: deadline },
      },
      Number(a.org_id),
    );
  });
  return presentOne(ctx, ctx.db, id);
}

export async function listApplications(ctx: AppContext, actor: Actor, q: TApplicationListQuery) {
  requirePermission(actor, 'application.read');
  const { rows, total } = await repo.listApplications(ctx.db, appScopeOf(actor), {
    ...q,
    overdueAt: q.overdue === 'true' ? nowIso(ctx) : undefined,
  });
  const versions = await repo.versionsOf(
    ctx.db,
    rows.map((r) => Number(r.id)),
  );
  const names = await repo.orgNames(
    ctx.db,
    rows.flatMap((r) => [Number(r.org_id), Number(r.institution_id)]),
  );
  const items = rows.map((a) => {
    const v = versions.find((x) => Number(x.application_id) === Number(a.id) && Number(x.version) === Number(a.version)) as repo.VersionRow;
    return present(ctx, a, v, names);
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** One application with its instruments (nozzles, done flags) and every version with its diff. */
export async function getApplication(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: { instrumentsPage?: number | undefined; instrumentsPageSize?: number } = {},
): Promise<TApplicationDetail> {
  requirePermission(actor, 'application.read');
  const a = await loadScoped(ctx, ctx.db, actor, id);
  const versions = await repo.versionsOf(ctx.db, [id]);
  const cur = versions.find((v) => Number(v.version) === Number(a.version)) as repo.VersionRow;
  const names = await repo.orgNames(ctx.db, [Number(a.org_id), Number(a.institution_id)]);
  const all = JSON.parse(cur.instrument_ids) as number[];
  const size = q.instrumentsPageSize ?? 50;
  const ids = q.instrumentsPage ? all.slice((q.instrumentsPage - 1) * size, q.instrumentsPage * size) : all;
  const inst = new Map((await repo.instrumentsByIds(ctx.db, ids)).map((r) => [r.id, r]));
  const nozzles = await repo.nozzlesOf(ctx.db, ids);
  const done = await coveredInstruments(ctx.db, id, ids);
  const results = await repo.resultsOnInstruments(ctx.db, id, ids);
  return {
    ...present(ctx, a, cur, names),
    instrumentsTotal: all.length,
    resultCounts: await repo.resultCounts(ctx.db, id),
    filter: cur.filter ? (JSON.parse(cur.filter) as TApplicationFilter) : null,
    instruments: ids.map((iid) => {
      const r = inst.get(iid);
      return {
        id: iid,
        serialNo: r?.serial_no ?? '',
        category: r?.category ?? '',
        instrumentName: r?.instrument_name ?? '',
        model: r?.model ?? null,
        siteName: r?.site_name ?? null,
        status: r?.status ?? null,
        validUntil: r?.valid_until ?? null,
        nozzles: nozzles.filter((n) => Number(n.instrument_id) === iid).map((n) => ({ id: Number(n.id), nozzleNo: Number(n.nozzle_no) })),
        done: done.has(iid),
        results: results
          .filter((x) => Number(x.instrument_id) === iid)
          .map((x) => ({
            nozzleNo: Number(x.nozzle_no),
            date: x.date,
            conclusion: x.conclusion as Conclusion,
            certificateNo: x.certificate_no,
            validUntil: x.valid_until,
          })),
      };
    }),
    versions: versions.map((v) => ({
      version: Number(v.version),
      status: v.status as ApplicationState,
      ...presentVersionFields(v),
      diff: v.diff ? (JSON.parse(v.diff) as Record<string, { before: unknown; after: unknown }>) : null,
    })),
  };
}

/** The A4 QR label sheet of an application's instruments (its current version), for whoever may read the application. */
export async function applicationQrSheet(ctx: AppContext, actor: Actor, id: number, baseUrl: string): Promise<Buffer> {
  requirePermission(actor, 'application.read');
  const a = await loadScoped(ctx, ctx.db, actor, id);
  const versions = await repo.versionsOf(ctx.db, [id]);
  const cur = versions.find((v) => Number(v.version) === Number(a.version)) as repo.VersionRow;
  return qrSheetOfIds(ctx, JSON.parse(cur.instrument_ids) as number[], baseUrl);
}

/**
 * Instruments of an application fully covered by its results: any result on a non-dispenser or on a
 * dispenser without nozzles; for a dispenser with nozzles, a whole-dispenser result (nozzle 0) or one
 * result per nozzle in service.
 */
export async function coveredInstruments(db: DbOrTrx, applicationId: number, ids: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  if (ids.length === 0) return out;
  const results = await resultKeys(db, applicationId, ids);
  const nozzles = await repo.nozzlesOf(db, ids);
  for (const id of ids) {
    const rs = results.filter((r) => Number(r.instrument_id) === id);
    if (rs.length === 0) continue;
    const ns = nozzles.filter((n) => Number(n.instrument_id) === id).map((n) => Number(n.nozzle_no));
    if (ns.length === 0 || rs.some((r) => Number(r.nozzle_no) === 0) || ns.every((n) => rs.some((r) => Number(r.nozzle_no) === n)))
      out.add(id);
  }
  return out;
}

export type { Category };

// ---- applying at scale (docs/VERIFICATION.md "Applying at scale") ----

/** The organization applying: an enterprise its own; others (admin) name it with `orgId`. */
function applicantOrgOf(actor: Actor, orgId: number | undefined): number {
  if (actor.role === 'enterprise') return actor.orgId ?? -1;
  if (orgId === undefined) throw invalidParameter('orgId', t('verification.options.orgRequired'));
  return orgId;
}

/** Due, overdue, never verified and failed: what an applicant usually sends. */
const CANDIDATE_STATUSES: readonly string[] = [...DUE_LIST_DEFAULT_STATUSES, 'unverified', 'failed'];

function candidateFilter(orgId: number, f: TApplicationFilter): repo.CandidateFilter {
  return {
    orgId,
    q: f.q || undefined,
    categories: f.categories,
    town: f.town,
    statuses: f.statuses?.length ? f.statuses : CANDIDATE_STATUSES,
    dueBefore: f.dueBefore,
  };
}

function tooMany(count: number, limit: number): AppError {
  return new AppError('application_too_many_instruments', {
    params: { count, limit, setting: t('verification.setting.maxInstrumentsPerApplication') },
    details: { count, limit, setting: 'maxInstrumentsPerApplication' },
  });
}

/**
 * The ids of a create request: the hand-picked ids, or the filter resolved now (inside the caller's transaction).
 * Refuses more than the `maxInstrumentsPerApplication` setting and a filter that matches nothing.
 */
async function selectionIds(trx: Trx, orgId: number | null, input: TCreateApplication): Promise<number[]> {
  const { maxInstrumentsPerApplication: limit } = await getSettings(trx);
  if (!input.filter) {
    const ids = [...new Set(input.instrumentIds ?? [])];
    if (ids.length > limit) throw tooMany(ids.length, limit);
    return ids;
  }
  const f = candidateFilter(orgId ?? -1, input.filter);
  const ids = await repo.candidateIds(trx, f, limit);
  if (ids.length > limit) throw tooMany(await repo.candidateCount(trx, f), limit);
  if (ids.length === 0) throw new AppError('application_selection_empty', { details: { filter: input.filter } });
  return ids;
}

/** One page of what the applicant may put in an application: in service, matching the filter, in no open application. */
export async function listCandidates(ctx: AppContext, actor: Actor, q: TApplicationCandidatesQuery) {
  requirePermission(actor, 'application.create');
  const orgId = applicantOrgOf(actor, q.orgId);
  await ensureRefreshedToday(ctx);
  const f = candidateFilter(orgId, {
    q: q.q,
    categories: q.category as Category[] | undefined,
    town: q.town,
    statuses: q.status as TApplicationFilter['statuses'],
    dueBefore: q.dueBefore,
  });
  const { rows, total } = await repo.candidatesPage(ctx.db, f, q);
  const names = await regionNames(ctx.db);
  const items: TApplicationCandidate[] = rows.map((r) => ({
    instrumentId: Number(r.id),
    serialNo: r.serial_no,
    instrumentName: r.instrument_name,
    category: r.category as Category,
    siteName: r.site_name,
    townCode: r.region,
    townName: regionName(r.region, names),
    status: r.status,
    validUntil: r.valid_until,
    dueDate: r.due_date,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/**
 * What a selection allows before submitting: its size against the limit, the institutions authorized for every
 * category and town of it today and on the preferred date, the (category, town) pairs no institution covers (with
 * the sentence naming both in Chinese), and the defaults (contact of the organization, mode of the categories).
 */
export async function applicationOptions(ctx: AppContext, actor: Actor, body: TApplicationOptionsBody): Promise<TApplicationOptions> {
  requirePermission(actor, 'application.create');
  const orgId = applicantOrgOf(actor, body.orgId);
  const { maxInstrumentsPerApplication: limit } = await getSettings(ctx.db);
  let count: number;
  let pairs: { category: string; region: string | null }[];
  if (body.filter) {
    await ensureRefreshedToday(ctx);
    const f = candidateFilter(orgId, body.filter);
    count = await repo.candidateCount(ctx.db, f);
    pairs = await repo.candidatePairs(ctx.db, f);
  } else {
    const rows = (await repo.instrumentsByIds(ctx.db, [...new Set(body.instrumentIds ?? [])])).filter((r) => r.org_id === orgId);
    count = rows.length;
    pairs = pairsOf(rows);
  }
  const insts = await liveInstitutions(ctx.db);
  const auths = await authorizationsOfOrgs(
    ctx.db,
    insts.map((i) => Number(i.id)),
  );
  const dates = [dateInZone(ctx.clock.now(), ctx.config.timeZone), ...(body.preferredDate ? [body.preferredDate] : [])];
  const { covering, uncovered } = coverageOf(
    pairs,
    insts.map((i) => ({ id: Number(i.id), auths: auths.filter((a) => Number(a.org_id) === Number(i.id)) })),
    dates,
  );
  const names = await regionNames(ctx.db);
  const contact = await repo.orgContact(ctx.db, orgId);
  const categories = [...new Set(pairs.map((p) => p.category))];
  return {
    count,
    limit,
    categories,
    institutions: insts.filter((i) => covering.includes(Number(i.id))).map((i) => ({ id: Number(i.id), name: i.name })),
    uncovered: uncovered.map((p) => {
      const town = regionName(p.region, names) ?? t('verification.options.unknownTown');
      return {
        category: p.category,
        townCode: p.region,
        townName: town,
        message: t('verification.options.uncovered', { category: enumLabel('category', p.category), town }),
      };
    }),
    defaults: { mode: defaultMode(categories), contactName: contact?.contact_name ?? null, contactPhone: contact?.contact_phone ?? null },
  };
}
