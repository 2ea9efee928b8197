import { randomBytes } from 'node:crypto';
import {
  type DrawRecusal,
  type DrawStratification,
  type DrawStratumSpec,
  type PublishedDraw,
  type TCreateDrawRequest,
  type TDrawSummary,
  ZCreateDrawRequest,
} from '@qiangjian/shared';
import { recordAudit, recordAuditAlone } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { regionPrefix, requirePermission, SYSTEM_ACTOR } from '../../../auth/actor.js';
import { codeInScope, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import { AppError, invalidParameter, notFound } from '../../../errors.js';
import * as registers from '../registers/registers.repository.js';
import { officeFor } from '../registers/registers.rules.js';
import { refreshTargetsIn } from '../registers/targets.service.js';
import { DRAW_ALGORITHM, drawCommitment, freezePlan, type PlanInspector, publishedRecord, runDraw } from './draw.rules.js';
import * as repo from './draws.repository.js';

/**
 * Double-random draws (双随机, docs/SUPERVISION.md): a plan is frozen and committed at creation (random seed,
 * `commitment = SHA-256(seed hex)`, candidates, pools, recusals, parameters), run once (reveal: the seed, an optional
 * witness, the drawn targets and their inspectors, stored as planned inspection assignments), and published.
 */

interface DrawResult {
  drawn: Record<string, string[]>;
  assignments: { targetKey: string; inspectors: string[] }[];
}

function recordOf(d: repo.DrawRow): PublishedDraw {
  return publishedRecord({
    id: Number(d.id),
    title: d.title,
    algorithm: d.algorithm,
    commitment: d.commitment,
    seed: d.seed,
    witness: d.witness,
    committedAt: d.committed_at,
    revealedAt: d.revealed_at,
    inspectorsPerTarget: Number(d.inspectors_per_target),
    maxTargetsPerInspector: d.max_per_inspector === null ? null : Number(d.max_per_inspector),
    strata: JSON.parse(d.strata) as DrawStratumSpec[],
    recusals: JSON.parse(d.recusals) as DrawRecusal[],
    result: d.result ? (JSON.parse(d.result) as DrawResult) : null,
  });
}

function summaryOf(d: repo.DrawRow): TDrawSummary {
  return {
    id: Number(d.id),
    title: d.title,
    regionCode: d.region_code,
    kinds: JSON.parse(d.kinds) as string[],
    by: d.stratify_by as DrawStratification,
    ratioBp: Number(d.ratio_bp),
    state: d.state as 'committed' | 'revealed',
    commitment: d.commitment,
    committedAt: d.committed_at,
    revealedAt: d.revealed_at,
    candidates: Number(d.candidates),
    drawn: d.drawn === null ? null : Number(d.drawn),
    createdBy: d.created_by,
  };
}

/** The county whose inspectors can serve a draw region (its first six digits). */
const countyPrefix = (region: string) => regionPrefix(region.slice(0, 6));

/** Creates and commits a plan (`qiangjian draw create`, POST /supervision/draws): nothing in it can change afterwards. */
export async function createDraw(ctx: AppContext, actor: Actor, input: TCreateDrawRequest): Promise<{ id: number; commitment: string }> {
  requirePermission(actor, 'draw.manage');
  const p = ZCreateDrawRequest.parse(input);
  if (!codeInScope(scopeOf(actor), p.regionCode)) throw notFound('region', p.regionCode);
  const seed = randomBytes(32).toString('hex');
  const commitment = await drawCommitment(seed);
  const day = today(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    await refreshTargetsIn(ctx, trx);
    const [targets, inspectorRows, towns] = await Promise.all([
      registers.candidateTargets(trx, regionPrefix(p.regionCode), p.kinds),
      registers.inspectorsInRegion(trx, countyPrefix(p.regionCode)),
      registers.officeTowns(trx),
    ]);
    const conflicts = await registers.conflictsOf(
      trx,
      inspectorRows.map((r) => Number(r.id)),
    );
    const extra: { certNo: string; orgId: number }[] = [];
    for (const r of p.recusals) {
      if (!inspectorRows.some((i) => i.cert_no === r.certNo))
        throw new AppError('draw_unknown_key', {
          params: { parameter: 'recusals', key: r.certNo },
          details: { parameter: 'recusals', certNo: r.certNo },
        });
      const org = await registers.orgByCreditCode(trx, r.creditCode);
      if (!org)
        throw new AppError('draw_unknown_key', {
          params: { parameter: 'recusals', key: r.creditCode },
          details: { parameter: 'recusals', creditCode: r.creditCode },
        });
      extra.push({ certNo: r.certNo, orgId: Number(org.id) });
    }
    const inspectors: PlanInspector[] = inspectorRows.map((r) => ({
      certNo: r.cert_no,
      officeId: Number(r.office_id),
      officeKind: r.office_kind,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      active: Number(r.active) === 1,
      conflictOrgIds: conflicts.filter((c) => Number(c.inspector_id) === Number(r.id)).map((c) => Number(c.org_id)),
    }));
    const frozen = freezePlan(
      {
        by: p.by,
        ratioBp: p.ratioBp,
        min: p.min,
        inspectorsPerTarget: p.inspectorsPerTarget,
        strataRatioBp: p.strataRatioBp,
        highRiskRatioBp: p.highRiskRatioBp,
        highRiskThreshold: p.highRiskThreshold,
        extraRecusals: extra,
      },
      targets.map((t) => ({
        targetKey: t.target_key,
        kind: t.kind,
        orgId: Number(t.org_id),
        townCode: t.town_code,
        regionCode: t.region_code,
        riskScore: Number(t.risk_score),
      })),
      inspectors,
      (town) => officeFor(town, towns),
      day,
    );
    if (!frozen.ok) {
      const pr = frozen.problem;
      if (pr.code === 'unknown_stratum') throw invalidParameter('strataRatioBp', `unknown stratum ${pr.stratum}`);
      const stratum = 'stratum' in pr ? pr.stratum : '';
      throw new AppError(pr.code, { params: { parameter: pr.parameter, stratum }, details: pr });
    }
    const at = nowIso(ctx);
    const id = await repo.insertDraw(trx, {
      title: p.title,
      region_code: p.regionCode,
      algorithm: DRAW_ALGORITHM,
      kinds: JSON.stringify(p.kinds),
      stratify_by: p.by,
      ratio_bp: p.ratioBp,
      min_per_stratum: p.min,
      inspectors_per_target: p.inspectorsPerTarget,
      max_per_inspector: p.maxTargetsPerInspector,
      strata: JSON.stringify(frozen.strata),
      recusals: JSON.stringify(frozen.recusals),
      candidates: targets.length,
      seed,
      commitment,
      created_by: actor.username,
      committed_at: at,
    });
    await recordAudit(ctx, trx, actor, {
      action: 'draw_committed',
      entityType: 'draw',
      entityId: String(id),
      data: {
        title: p.title,
        regionCode: p.regionCode,
        kinds: p.kinds,
        by: p.by,
        ratioBp: p.ratioBp,
        min: p.min,
        inspectorsPerTarget: p.inspectorsPerTarget,
        maxTargetsPerInspector: p.maxTargetsPerInspector,
        highRiskRatioBp: p.highRiskRatioBp,
        highRiskThreshold: p.highRiskThreshold,
        commitment,
        candidates: targets.length,
        strata: frozen.strata.length,
        recusals: frozen.recusals.length,
      },
    });
    return id;
  });
  return { id, commitment };
}

async function loadDraw(ctx: AppContext, actor: Actor, id: number): Promise<repo.DrawRow> {
  const d = await repo.getDraw(ctx.db, id, scopeOf(actor));
  if (!d) throw notFound('draw', id);
  return d;
}

/**
 * Runs (reveals) a committed draw, all or nothing: the drawn targets and their inspectors are stored as planned
 * `random` inspection assignments in one transaction with the result; a target that cannot get enough inspectors
 * fails the run, naming it, and nothing is stored (the failure is audited).
 */
export async function runDrawPlan(ctx: AppContext, actor: Actor, id: number, witness: string | null): Promise<PublishedDraw> {
  requirePermission(actor, 'draw.manage');
  const d = await loadDraw(ctx, actor, id);
  if (d.state !== 'committed') throw new AppError('draw_already_run', { details: { id } });
  const strata = JSON.parse(d.strata) as DrawStratumSpec[];
  const recusals = JSON.parse(d.recusals) as DrawRecusal[];
  const out = await runDraw(
    {
      inspectorsPerTarget: Number(d.inspectors_per_target),
      maxTargetsPerInspector: d.max_per_inspector === null ? null : Number(d.max_per_inspector),
      strata,
      recusals,
    },
    d.seed,
    witness,
  );
  if (!out.ok) {
    await recordAuditAlone(ctx, actor, {
      action: 'draw_run_failed',
      entityType: 'draw',
      entityId: String(id),
      data: { targetKey: out.targetKey, stratum: out.stratum, eligible: out.eligible, witness },
    });
    throw new AppError('draw_insufficient_inspectors', {
      params: { targetKey: out.targetKey, stratum: out.stratum },
      details: { targetKey: out.targetKey, stratum: out.stratum, eligible: out.eligible, needed: Number(d.inspectors_per_target) },
    });
  }
  const result: DrawResult = { drawn: out.drawn, assignments: out.assignments };
  await ctx.db.transaction().execute(async (trx) => {
    const at = nowIso(ctx);
    if (!(await repo.revealDraw(trx, id, { witness, result: JSON.stringify(result), drawn: out.assignments.length, revealed_at: at })))
      throw new AppError('draw_already_run', { details: { id } });
    const keys = out.assignments.map((a) => a.targetKey);
    const targets = new Map((await registers.targetsByKeys(trx, keys)).map((t) => [t.target_key, t]));
    const certs = [...new Set(out.assignments.flatMap((a) => a.inspectors))];
    const inspectors = new Map((await registers.inspectorsByCert(trx, certs)).map((i) => [i.cert_no, Number(i.id)]));
    for (const a of out.assignments) {
      const t = targets.get(a.targetKey);
      if (!t) throw notFound('supervision_target', a.targetKey);
      await repo.insertAssignment(
        trx,
        {
          kind: 'random',
          draw_id: id,
          target_key: a.targetKey,
          org_id: Number(t.org_id),
          site_id: t.site_id === null ? null : Number(t.site_id),
          created_at: at,
        },
        a.inspectors.map((c) => inspectors.get(c) as number),
      );
    }
    await recordAudit(ctx, trx, actor, {
      action: 'draw_revealed',
      entityType: 'draw',
      entityId: String(id),
      data: { seed: d.seed, witness, commitment: d.commitment, drawn: keys, assignments: out.assignments.length },
    });
  });
  return recordOf(await loadDraw(ctx, SYSTEM_ACTOR, id));
}

export async function listDraws(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; state?: string }) {
  requirePermission(actor, 'draw.read');
  const { rows, total } = await repo.listDraws(ctx.db, scopeOf(actor), q, q);
  return { items: rows.map(summaryOf), total, page: q.page, pageSize: q.pageSize };
}

/** The plan detail: summary, record (the commitment before the run) and names of its targets and inspectors. */
export async function getDraw(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'draw.read');
  const d = await loadDraw(ctx, actor, id);
  const record = recordOf(d);
  const keys = [...new Set([...record.strata.flatMap((s) => s.drawn ?? []), ...record.recusals.map((r) => r.targetKey)])];
  const certs = [...new Set(record.strata.flatMap((s) => s.pool))];
  const targetNames: Record<string, string> = {};
  for (const t of await registers.targetsByKeys(ctx.db, keys))
    targetNames[t.target_key] = t.site_name ? `${t.org_name} ${t.site_name}` : t.org_name;
  const inspectorNames: Record<string, string> = {};
  for (const i of await registers.inspectorsByCert(ctx.db, certs)) inspectorNames[i.cert_no] = i.user_name;
  return { ...summaryOf(d), record, targetNames, inspectorNames };
}

/** The published record, for anyone (GET /api/v1/public/draws/{id}, `qiangjian draw show`). */
export async function publicDraw(ctx: AppContext, id: number): Promise<PublishedDraw> {
  return recordOf(await loadDraw(ctx, SYSTEM_ACTOR, id));
}

/** The planned assignments a draw produced (for the inspections module and tests). */
export async function drawAssignments(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'draw.read');
  await loadDraw(ctx, actor, id);
  const rows = await repo.assignmentsOfDraw(ctx.db, id);
  const out: {
    id: number;
    kind: string;
    targetKey: string;
    orgId: number;
    siteId: number | null;
    status: string;
    inspectorIds: number[];
  }[] = [];
  for (const r of rows) {
    let a = out.find((x) => x.id === Number(r.id));
    if (!a) {
      a = {
        id: Number(r.id),
        kind: r.kind,
        targetKey: r.target_key,
        orgId: Number(r.org_id),
        siteId: r.site_id === null ? null : Number(r.site_id),
        status: r.status,
        inspectorIds: [],
      };
      out.push(a);
    }
    if (r.inspector_id !== null) a.inspectorIds.push(Number(r.inspector_id));
  }
  return out;
}
