import {
  type CertificateState,
  ENTERPRISE_ORG_KINDS,
  type OrgKind,
  type TalentSource,
  type TCreateMetrologistRequest,
  type TTalentActivity,
  type TTalentCertificate,
  type TTalentCertificateRequest,
  type TTalentListQuery,
  type TTalentPerson,
  type TTalentProfileRequest,
  type TTalentRecommendation,
  t,
} from '@qiangjian/shared';
import { TALENT_RULES } from '@qiangjian/shared/data';
import { recordAudit, recordAuditAlone } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import { codeInScope, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { isUniqueViolation } from '../../http/error-handler.js';
import { closedComplaintsByHandler } from '../complaints/stats.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { caseCountsByCreator } from '../supervision/cases/cases.service.js';
import { finishedInspectionCounts } from '../supervision/inspections/inspections.service.js';
import { inspectorRecords } from '../supervision/registers/inspectors.service.js';
import { verificationCounts, verifierRecords } from '../verification/institutions/oversight.service.js';
import { recommendationsPdf, recommendationsXlsx } from './recommendations.document.js';
import * as repo from './talent.repository.js';
import { certificateState, comparePeople, matchesFilter, type PersonRef, personKey, worstState } from './talent.rules.js';

/**
 * The metrology talent pool (计量人才, docs/TALENT.md). People are not copied: verifiers come from the verifier register
 * (verification module), inspectors from the inspector register (supervision module), and only enterprise
 * metrologists, who have no register elsewhere, live in the pool's own table. The pool adds specialties, a mark,
 * further certificates and recommendations to the city bureau; what a person did is counted from the records through
 * those modules' services, never typed. Scope: admin everything; regulator and viewer their region (by the person's
 * organization); an institution its own verifiers; everyone else has no `talent.read` (403).
 */

/** A person as the registers give it, before the pool's own facts are added. */
interface Base extends PersonRef {
  key: string;
  name: string;
  orgId: number;
  orgName: string;
  orgRegion: string;
  title: string | null;
  /** the register's own certificate (检定员证, 执法证) */
  registerCertificate: { name: string; certNo: string; validUntil: string } | null;
  /** an inspector's login (cases are recorded by login) */
  username: string | null;
}

/** The people the actor may see (all of them for the system actor). */
async function basesInScope(ctx: AppContext, actor: Actor): Promise<Base[]> {
  const scope = scopeOf(actor);
  const out: Base[] = [];
  const visible = (region: string) => scope.kind !== 'org' && scope.kind !== 'towns' && codeInScope(scope, region);
  const ownInstitution = scope.kind === 'org' && actor.role === 'institution' ? scope.orgId : null;
  if (scope.kind !== 'org' || ownInstitution !== null) {
    for (const v of await verifierRecords(ctx, ownInstitution)) {
      if (ownInstitution === null && !visible(v.orgRegion)) continue;
      out.push({
        source: 'verifier',
        sourceId: v.id,
        key: personKey({ source: 'verifier', sourceId: v.id }),
        name: v.name,
        orgId: v.orgId,
        orgName: v.orgName,
        orgRegion: v.orgRegion,
        title: null,
        registerCertificate: { name: t('talent.certificate.verifier'), certNo: v.certificateNo, validUntil: v.validUntil },
        username: null,
      });
    }
  }
  if (scope.kind === 'org' || scope.kind === 'towns') return out;
  for (const i of await inspectorRecords(ctx)) {
    if (!visible(i.officeRegion)) continue;
    out.push({
      source: 'inspector',
      sourceId: i.id,
      key: personKey({ source: 'inspector', sourceId: i.id }),
      name: i.name,
      orgId: i.officeId,
      orgName: i.officeName,
      orgRegion: i.officeRegion,
      title: null,
      registerCertificate: { name: t('talent.certificate.inspector'), certNo: i.certNo, validUntil: i.validUntil },
      username: i.username,
    });
  }
  for (const m of await repo.metrologists(ctx.db)) {
    if (!visible(m.org_region)) continue;
    const id = Number(m.id);
    out.push({
      source: 'metrologist',
      sourceId: id,
      key: personKey({ source: 'metrologist', sourceId: id }),
      name: m.name,
      orgId: Number(m.org_id),
      orgName: m.org_name,
      orgRegion: m.org_region,
      title: m.title,
      registerCertificate: null,
      username: null,
    });
  }
  return out;
}

/** The pool's own facts about everyone, keyed by person key. */
async function poolFacts(db: DbOrTrx) {
  const profiles = new Map(
    (await repo.profiles(db)).map((p) => [personKey({ source: p.source as TalentSource, sourceId: Number(p.source_id) }), p]),
  );
  const certs = new Map<string, Awaited<ReturnType<typeof repo.certificates>>>();
  for (const c of await repo.certificates(db)) {
    const k = personKey({ source: c.source as TalentSource, sourceId: Number(c.source_id) });
    certs.set(k, [...(certs.get(k) ?? []), c]);
  }
  const standing = new Map<string, repo.TalentRecommendationRow>();
  for (const r of await repo.recommendations(db, 'recommended'))
    standing.set(personKey({ source: r.source as TalentSource, sourceId: Number(r.source_id) }), r);
  return { profiles, certs, standing };
}
type Facts = Awaited<ReturnType<typeof poolFacts>>;

interface Person extends Omit<TTalentPerson, 'activity'> {
  base: Base;
}

function assemble(b: Base, facts: Facts, day: string, names: Map<string, Base>): Person {
  const profile = facts.profiles.get(b.key);
  const state = (until: string): CertificateState => certificateState(until, day, TALENT_RULES.expiringWithinDays);
  const certificates: TTalentCertificate[] = [];
  if (b.registerCertificate)
    certificates.push({ id: null, ...b.registerCertificate, issuer: null, state: state(b.registerCertificate.validUntil) });
  for (const c of facts.certs.get(b.key) ?? [])
    certificates.push({
      id: Number(c.id),
      name: c.name,
      certNo: c.cert_no,
      issuer: c.issuer,
      validUntil: c.valid_until,
      state: state(c.valid_until),
    });
  const rec = facts.standing.get(b.key);
  return {
    base: b,
    key: b.key,
    source: b.source,
    name: b.name,
    orgId: b.orgId,
    orgName: b.orgName,
    title: b.title,
    specialties: profile ? (JSON.parse(profile.specialties) as string[]) : [],
    marked: Number(profile?.marked ?? 0) === 1,
    note: profile?.note ?? null,
    certificates,
    certificateState: worstState(certificates.map((c) => c.state)),
    recommendation: rec ? presentRecommendation(rec, names) : null,
  };
}

/** Who acted, as a reader sees it: the login, or 系统 for the CLI and the system actor (the demo, jobs). */
function byName(username: string): string {
  return username === 'cli' || username === 'system' ? t('talent.actor.system') : username;
}

function presentRecommendation(r: repo.TalentRecommendationRow, names: Map<string, Base>): TTalentRecommendation {
  const key = personKey({ source: r.source as TalentSource, sourceId: Number(r.source_id) });
  const b = names.get(key);
  return {
    id: Number(r.id),
    key,
    name: b?.name ?? key,
    source: r.source as TalentSource,
    orgName: b?.orgName ?? '',
    reason: r.reason,
    state: r.state as TTalentRecommendation['state'],
    recommendedAt: r.recommended_at,
    recommendedBy: byName(r.recommended_by),
    withdrawnAt: r.withdrawn_at,
    withdrawnBy: r.withdrawn_by === null ? null : byName(r.withdrawn_by),
    withdrawReason: r.withdraw_reason,
  };
}

/**
 * What the records say each person did, computed through the owning modules' services: verifications recorded with
 * the verifier (verification), finished inspections the inspector took part in (supervision inspections), cases the
 * inspector opened (supervision cases), complaints handled (complaintsHandled below).
 */
async function activities(ctx: AppContext, people: readonly Base[]): Promise<Map<string, TTalentActivity>> {
  const ids = (s: TalentSource) => people.filter((p) => p.source === s).map((p) => p.sourceId);
  const verifications = await verificationCounts(ctx, ids('verifier'));
  const inspections = await finishedInspectionCounts(ctx, ids('inspector'));
  const cases = await caseCountsByCreator(
    ctx,
    people.flatMap((p) => (p.username ? [p.username] : [])),
  );
  const complaints = await complaintsHandled(ctx, people);
  const out = new Map<string, TTalentActivity>();
  for (const p of people)
    out.set(p.key, {
      verifications: p.source === 'verifier' ? (verifications.get(p.sourceId) ?? 0) : 0,
      inspections: p.source === 'inspector' ? (inspections.get(p.sourceId) ?? 0) : 0,
      cases: p.username ? (cases.get(p.username) ?? 0) : 0,
      complaints: complaints.get(p.key) ?? 0,
    });
  return out;
}

/** Complaints each person closed as the assigned handler (their login), through the complaints module's service. */
async function complaintsHandled(ctx: AppContext, people: readonly Base[]): Promise<Map<string, number>> {
  const byUser = await closedComplaintsByHandler(
    ctx,
    people.flatMap((p) => (p.username ? [p.username] : [])),
  );
  const out = new Map<string, number>();
  for (const p of people) if (p.username && byUser.has(p.username)) out.set(p.key, byUser.get(p.username) as number);
  return out;
}

async function loadPerson(ctx: AppContext, actor: Actor, key: string) {
  const bases = await basesInScope(ctx, actor);
  const b = bases.find((x) => x.key === key);
  if (!b) throw notFound('talent_person', key);
  return { b, bases };
}

async function personOut(ctx: AppContext, actor: Actor, key: string): Promise<TTalentPerson> {
  const { b, bases } = await loadPerson(ctx, actor, key);
  const names = new Map(bases.map((x) => [x.key, x]));
  const p = assemble(b, await poolFacts(ctx.db), today(ctx), names);
  const activity = (await activities(ctx, [b])).get(b.key) as TTalentActivity;
  const { base: _base, ...rest } = p;
  return { ...rest, activity };
}

// ---- reads ----

export async function listPeople(ctx: AppContext, actor: Actor, q: TTalentListQuery) {
  requirePermission(actor, 'talent.read');
  const bases = await basesInScope(ctx, actor);
  const names = new Map(bases.map((x) => [x.key, x]));
  const facts = await poolFacts(ctx.db);
  const day = today(ctx);
  const people = bases
    .map((b) => assemble(b, facts, day, names))
    .filter((p) => matchesFilter({ ...p, recommended: p.recommendation !== null }, q))
    .sort((a, b) => comparePeople({ ...a, recommended: a.recommendation !== null }, { ...b, recommended: b.recommendation !== null }));
  const page = people.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const acts = await activities(
    ctx,
    page.map((p) => p.base),
  );
  return {
    items: page.map(({ base, ...rest }) => ({ ...rest, activity: acts.get(base.key) as TTalentActivity })),
    total: people.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getPerson(ctx: AppContext, actor: Actor, key: string): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.read');
  return personOut(ctx, actor, key);
}

// ---- writes (talent.manage) ----

export async function createMetrologist(ctx: AppContext, actor: Actor, input: TCreateMetrologistRequest): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.manage');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const org = await findOrgInScope(trx, actor, input.orgId);
    if (!ENTERPRISE_ORG_KINDS.includes(org.kind as OrgKind))
      throw new AppError('talent_metrologist_org_kind', { params: { field: 'orgId' }, details: { field: 'orgId' } });
    const now = nowIso(ctx);
    const newId = await repo.insertMetrologist(trx, {
      org_id: input.orgId,
      name: input.name,
      title: input.title,
      created_by: actor.username,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'talent_metrologist_created', entityType: 'talent_person', entityId: `metrologist-${newId}`, data: { ...input } },
      input.orgId,
    );
    return newId;
  });
  return personOut(ctx, actor, `metrologist-${id}`);
}

export async function updateProfile(ctx: AppContext, actor: Actor, key: string, input: TTalentProfileRequest): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.manage');
  const { b } = await loadPerson(ctx, actor, key);
  const specialties = [...new Set(input.specialties)];
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.profileOf(trx, b.source, b.sourceId);
    await repo.upsertProfile(trx, {
      source: b.source,
      source_id: b.sourceId,
      specialties: JSON.stringify(specialties),
      marked: input.marked ? 1 : 0,
      note: input.note,
      updated_by: actor.username,
      updated_at: nowIso(ctx),
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'talent_profile_updated',
        entityType: 'talent_person',
        entityId: key,
        data: {
          before: before ? { specialties: JSON.parse(before.specialties), marked: Number(before.marked) === 1, note: before.note } : null,
          after: { specialties, marked: input.marked, note: input.note },
        },
      },
      b.orgId,
    );
  });
  return personOut(ctx, actor, key);
}

export async function addCertificate(ctx: AppContext, actor: Actor, key: string, input: TTalentCertificateRequest): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.manage');
  const { b } = await loadPerson(ctx, actor, key);
  await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertCertificate(trx, {
      source: b.source,
      source_id: b.sourceId,
      name: input.name,
      cert_no: input.certNo,
      issuer: input.issuer,
      valid_until: input.validUntil,
      created_by: actor.username,
      created_at: nowIso(ctx),
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'talent_certificate_added', entityType: 'talent_person', entityId: key, data: { certificateId: id, ...input } },
      b.orgId,
    );
  });
  return personOut(ctx, actor, key);
}

export async function removeCertificate(ctx: AppContext, actor: Actor, key: string, certId: number): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.manage');
  const { b } = await loadPerson(ctx, actor, key);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await repo.certificateById(trx, certId);
    if (!c || c.source !== b.source || Number(c.source_id) !== b.sourceId) throw notFound('talent_certificate', certId);
    await repo.deleteCertificate(trx, certId);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'talent_certificate_removed',
        entityType: 'talent_person',
        entityId: key,
        data: { certificateId: certId, name: c.name, certNo: c.cert_no, validUntil: c.valid_until },
      },
      b.orgId,
    );
  });
  return personOut(ctx, actor, key);
}

/** Recommends a person to the city bureau with a reason (one standing recommendation per person). */
export async function recommend(ctx: AppContext, actor: Actor, key: string, reason: string): Promise<TTalentPerson> {
  requirePermission(actor, 'talent.manage');
  const { b } = await loadPerson(ctx, actor, key);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (await repo.standingRecommendation(trx, b.source, b.sourceId)) throw new AppError('talent_already_recommended');
      const id = await repo.insertRecommendation(trx, {
        source: b.source,
        source_id: b.sourceId,
        org_id: b.orgId,
        region_code: b.orgRegion,
        reason,
        recommended_by: actor.username,
        recommended_at: nowIso(ctx),
      });
      await recordAudit(
        ctx,
        trx,
        actor,
        {
          action: 'talent_recommended',
          entityType: 'talent_recommendation',
          entityId: String(id),
          data: { person: key, name: b.name, reason },
        },
        b.orgId,
      );
    });
  } catch (e) {
    // two recommendations at once: the partial unique index lets one through
    if (isUniqueViolation(e)) throw new AppError('talent_already_recommended');
    throw e;
  }
  return personOut(ctx, actor, key);
}

export async function withdrawRecommendation(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<TTalentRecommendation> {
  requirePermission(actor, 'talent.manage');
  const bases = await basesInScope(ctx, actor);
  const names = new Map(bases.map((x) => [x.key, x]));
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.recommendationById(trx, id);
    const key = r ? personKey({ source: r.source as TalentSource, sourceId: Number(r.source_id) }) : '';
    if (!r || !names.has(key)) throw notFound('talent_recommendation', id);
    if (r.state !== 'recommended') throw new AppError('talent_recommendation_withdrawn');
    await repo.withdrawRecommendation(trx, id, actor.username, nowIso(ctx), reason);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'talent_recommendation_withdrawn',
        entityType: 'talent_recommendation',
        entityId: String(id),
        data: { person: key, reason },
      },
      Number(r.org_id),
    );
  });
  return presentRecommendation((await repo.recommendationById(ctx.db, id)) as repo.TalentRecommendationRow, names);
}

/** Recommendations of the people in scope, newest first. */
export async function listRecommendations(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; state?: 'recommended' | 'withdrawn' },
) {
  requirePermission(actor, 'talent.read');
  const bases = await basesInScope(ctx, actor);
  const names = new Map(bases.map((x) => [x.key, x]));
  const all = (await repo.recommendations(ctx.db, q.state)).map((r) => presentRecommendation(r, names)).filter((r) => names.has(r.key));
  return { items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: all.length, page: q.page, pageSize: q.pageSize };
}

/** The standing recommendations in scope with each person's facts and activity (the export's rows). */
export async function recommendationSheet(ctx: AppContext, actor: Actor): Promise<{ person: TTalentPerson; rec: TTalentRecommendation }[]> {
  requirePermission(actor, 'talent.export');
  const bases = await basesInScope(ctx, actor);
  const names = new Map(bases.map((x) => [x.key, x]));
  const facts = await poolFacts(ctx.db);
  const day = today(ctx);
  const standing = (await repo.recommendations(ctx.db, 'recommended')).filter((r) =>
    names.has(personKey({ source: r.source as TalentSource, sourceId: Number(r.source_id) })),
  );
  const people = standing.map((r) =>
    assemble(names.get(personKey({ source: r.source as TalentSource, sourceId: Number(r.source_id) })) as Base, facts, day, names),
  );
  const acts = await activities(
    ctx,
    people.map((p) => p.base),
  );
  return people.map(({ base, ...rest }, i) => ({
    person: { ...rest, activity: acts.get(base.key) as TTalentActivity },
    rec: presentRecommendation(standing[i] as repo.TalentRecommendationRow, names),
  }));
}

/** The recommendation list as XLSX or PDF (audited as an export). */
export async function exportRecommendations(
  ctx: AppContext,
  actor: Actor,
  format: 'xlsx' | 'pdf',
): Promise<{ bytes: Buffer; fileName: string }> {
  const rows = await recommendationSheet(ctx, actor);
  if (rows.length === 0) throw new AppError('talent_nothing_to_export');
  const day = today(ctx);
  const orgName = actor.orgId === null ? '' : (await findOrgInScope(ctx.db, actor, actor.orgId)).name;
  const header = { orgName, date: day };
  const bytes = format === 'xlsx' ? await recommendationsXlsx(rows, header) : await recommendationsPdf(rows, header);
  await recordAuditAlone(
    ctx,
    actor,
    {
      action: 'talent_recommendations_exported',
      entityType: 'talent_recommendation',
      entityId: 'list',
      data: { format, count: rows.length, ids: rows.map((r) => r.rec.id) },
    },
    actor.orgId,
  );
  return { bytes, fileName: `${t('file.talentRecommendations', { date: day })}.${format}` };
}
