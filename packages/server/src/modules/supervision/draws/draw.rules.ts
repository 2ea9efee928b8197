import { byCodeUnits, type DrawRecusal, type DrawStratification, type DrawStratumSpec, type PublishedDraw } from '@qiangjian/shared';

/**
 * Pure rules of the double-random draws (docs/SUPERVISION.md, "The draw algorithm"). The algorithm itself
 * (`hmac-sha256-rank-v1`: commitment, scores, `k` per stratum, ranking, assignment) lives in packages/shared/src/draw.ts
 * over Web Crypto, so the public page's browser verifier runs the very same code; it is re-exported here. This file adds
 * what happens before the commit: cutting the candidates into strata, choosing each stratum's inspector pool and
 * expanding the recusals, all from plain data.
 */
export {
  DRAW_ALGORITHM,
  drawCommitment,
  drawCount,
  drawKey,
  runDraw,
  verifyPublishedDraw,
} from '@qiangjian/shared';

export interface PlanTarget {
  targetKey: string;
  kind: string;
  orgId: number;
  townCode: string | null;
  regionCode: string;
  /** the risk score at the commit (register refreshed first) */
  riskScore: number;
}
export interface PlanInspector {
  certNo: string;
  officeId: number;
  officeKind: string;
  validFrom: string;
  validUntil: string;
  active: boolean;
  /** organizations the inspector declared a conflict with */
  conflictOrgIds: number[];
}
export interface PlanParams {
  by: DrawStratification;
  ratioBp: number;
  min: number;
  inspectorsPerTarget: number;
  strataRatioBp: Record<string, number>;
  /** optional high-risk sampling, applied to every stratum: both or neither */
  highRiskRatioBp: number | null;
  highRiskThreshold: number | null;
  /** recusals added to the plan: 执法证号 × organization id */
  extraRecusals: { certNo: string; orgId: number }[];
}

export type PlanProblem =
  | { code: 'draw_no_candidates'; parameter: 'kinds' }
  | { code: 'draw_pool_empty'; parameter: 'pool'; stratum: string }
  | { code: 'draw_pool_too_small'; parameter: 'inspectorsPerTarget'; stratum: string; pool: number; needed: number }
  | { code: 'unknown_stratum'; parameter: 'strataRatioBp'; stratum: string };

export type FrozenPlan = { ok: true; strata: DrawStratumSpec[]; recusals: DrawRecusal[] } | { ok: false; problem: PlanProblem };

/** `kind` or `kind/town` (the town, or the organization's region when it has no town). */
export function stratumKey(by: DrawStratification, t: PlanTarget): string {
  return by === 'kind' ? t.kind : `${t.kind}/${t.townCode ?? t.regionCode}`;
}

/** An inspector may be drawn on `day` when active and within the validity of the 执法证. */
export function eligible(i: PlanInspector, day: string): boolean {
  return i.active && i.validFrom <= day && day <= i.validUntil;
}

/**
 * Freezes a plan: strata (keys ascending, candidates ascending), each with its ratio, minimum and pool (the eligible
 * inspectors of the office covering the stratum's town; the bureau pool for a stratum by kind only or a town no office
 * covers), and the recusals: every declared conflict and every pair added to the plan, expanded to each candidate of the
 * organization (its station sites too).
 */
export function freezePlan(
  p: PlanParams,
  targets: readonly PlanTarget[],
  inspectors: readonly PlanInspector[],
  officeOfTown: (town: string) => number | null,
  day: string,
): FrozenPlan {
  if (targets.length === 0) return { ok: false, problem: { code: 'draw_no_candidates', parameter: 'kinds' } };
  const pool = inspectors.filter((i) => eligible(i, day));
  const bureauPool = pool.filter((i) => i.officeKind === 'bureau').map((i) => i.certNo);
  const groups = new Map<string, { town: string | null; candidates: string[]; highRisk: string[] }>();
  for (const t of targets) {
    const key = stratumKey(p.by, t);
    const g = groups.get(key) ?? { town: p.by === 'kind' ? null : t.townCode, candidates: [], highRisk: [] };
    g.candidates.push(t.targetKey);
    if (p.highRiskThreshold !== null && t.riskScore >= p.highRiskThreshold) g.highRisk.push(t.targetKey);
    groups.set(key, g);
  }
  for (const key of Object.keys(p.strataRatioBp))
    if (!groups.has(key)) return { ok: false, problem: { code: 'unknown_stratum', parameter: 'strataRatioBp', stratum: key } };
  const strata: DrawStratumSpec[] = [];
  for (const key of [...groups.keys()].sort(byCodeUnits)) {
    const g = groups.get(key) as { town: string | null; candidates: string[]; highRisk: string[] };
    const office = g.town ? officeOfTown(g.town) : null;
    const certs = (office === null ? bureauPool : pool.filter((i) => i.officeId === office).map((i) => i.certNo)).sort(byCodeUnits);
    if (certs.length === 0) return { ok: false, problem: { code: 'draw_pool_empty', parameter: 'pool', stratum: key } };
    if (certs.length < p.inspectorsPerTarget)
      return {
        ok: false,
        problem: {
          code: 'draw_pool_too_small',
          parameter: 'inspectorsPerTarget',
          stratum: key,
          pool: certs.length,
          needed: p.inspectorsPerTarget,
        },
      };
    strata.push({
      key,
      ratioBp: p.strataRatioBp[key] ?? p.ratioBp,
      min: p.min,
      candidates: [...g.candidates].sort(byCodeUnits),
      pool: certs,
      ...(p.highRiskRatioBp !== null && p.highRiskThreshold !== null
        ? { highRiskRatioBp: p.highRiskRatioBp, highRiskThreshold: p.highRiskThreshold, highRisk: [...g.highRisk].sort(byCodeUnits) }
        : {}),
    });
  }
  const byOrg = new Map<number, string[]>();
  for (const t of targets) byOrg.set(t.orgId, [...(byOrg.get(t.orgId) ?? []), t.targetKey]);
  const pairs = new Set<string>();
  const add = (cert: string, orgId: number) => {
    for (const key of byOrg.get(orgId) ?? []) pairs.add(`${cert}\u0000${key}`);
  };
  for (const i of inspectors) for (const orgId of i.conflictOrgIds) add(i.certNo, orgId);
  for (const r of p.extraRecusals) add(r.certNo, r.orgId);
  const recusals = [...pairs]
    .map((s) => {
      const [inspectorKey, targetKey] = s.split('\u0000') as [string, string];
      return { inspectorKey, targetKey };
    })
    .sort((a, b) => byCodeUnits(a.inspectorKey, b.inspectorKey) || byCodeUnits(a.targetKey, b.targetKey));
  return { ok: true, strata, recusals };
}

/** The published record of a stored plan: before the run without `seed`, `drawn`, `assignments`. */
export function publishedRecord(d: {
  id: number;
  title: string;
  algorithm: string;
  commitment: string;
  seed: string;
  witness: string | null;
  committedAt: string;
  revealedAt: string | null;
  inspectorsPerTarget: number;
  maxTargetsPerInspector: number | null;
  strata: DrawStratumSpec[];
  recusals: DrawRecusal[];
  result: { drawn: Record<string, string[]>; assignments: { targetKey: string; inspectors: string[] }[] } | null;
}): PublishedDraw {
  const base = {
    id: d.id,
    title: d.title,
    algorithm: d.algorithm,
    commitment: d.commitment,
    ...(d.result ? { seed: d.seed } : {}),
    witness: d.witness,
    committedAt: d.committedAt,
    revealedAt: d.revealedAt,
    inspectorsPerTarget: d.inspectorsPerTarget,
    maxTargetsPerInspector: d.maxTargetsPerInspector,
  };
  if (!d.result)
    return {
      ...base,
      strata: d.strata.map(({ key, ratioBp, min, candidates, pool, ...hr }) => ({ key, ratioBp, min, candidates, pool, ...hr })),
      recusals: d.recusals,
    };
  const r = d.result;
  return {
    ...base,
    strata: d.strata.map(({ key, ratioBp, min, candidates, pool, ...hr }) => ({
      key,
      ratioBp,
      min,
      candidates,
      pool,
      drawn: r.drawn[key] ?? [],
      ...hr,
    })),
    recusals: d.recusals,
    assignments: r.assignments,
  };
}
