/**
 * The double-random draw (双随机) algorithm `hmac-sha256-rank-v1` (docs/SUPERVISION.md, "The draw algorithm"). Pure and
 * written over Web Crypto (`crypto.subtle`) only, so the server, the CLI and the public page's "verify in your browser"
 * button run this one implementation: anyone re-running a published record gets the same drawn lists and assignments.
 */

export const DRAW_ALGORITHM = 'hmac-sha256-rank-v1';

export interface DrawStratumSpec {
  /** `kind` or `kind/town` */
  key: string;
  /** sampling ratio in basis points (1 % = 100) */
  ratioBp: number;
  /** minimum number of targets drawn in the stratum (capped by the candidates) */
  min: number;
  /** target keys (统一社会信用代码, or `creditCode/siteCode`) */
  candidates: string[];
  /** inspector keys (执法证号) */
  pool: string[];
  /**
   * Optional high-risk sampling (docs/SUPERVISION.md, "High-risk ratio"): the candidates whose risk score was at least
   * `highRiskThreshold` at the commit, drawn at `highRiskRatioBp` instead of `ratioBp`. All three or none.
   */
  highRiskRatioBp?: number;
  highRiskThreshold?: number;
  highRisk?: string[];
}

export interface DrawRecusal {
  inspectorKey: string;
  targetKey: string;
}

export interface DrawSpec {
  inspectorsPerTarget: number;
  maxTargetsPerInspector: number | null;
  strata: DrawStratumSpec[];
  recusals: DrawRecusal[];
}

export interface DrawAssignment {
  targetKey: string;
  inspectors: string[];
}

export type DrawOutcome =
  | { ok: true; drawn: Record<string, string[]>; assignments: DrawAssignment[] }
  | { ok: false; stratum: string; targetKey: string; eligible: number };

const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(buf)) s += b.toString(16).padStart(2, '0');
  return s;
}

/** SHA-256 of the ASCII of a string, lowercase hex: the commitment of a seed. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** `commitment = SHA-256(ASCII of the seed's 64 lowercase hex characters)`. */
export function drawCommitment(seedHex: string): Promise<string> {
  return sha256Hex(seedHex);
}

/** The HMAC key: the seed hex, or `seedHex + ":" + witness` when a witness was entered at the run. */
export function drawKey(seedHex: string, witness: string | null): string {
  return witness === null ? seedHex : `${seedHex}:${witness}`;
}

/** `score(x) = HMAC-SHA256(key, x)` as lowercase hex, for one key. */
export async function drawScorer(key: string): Promise<(x: string) => Promise<string>> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (x: string) => toHex(await crypto.subtle.sign('HMAC', k, encoder.encode(x)));
}

/** `k = min(n, max(min, ceil(n × ratioBp / 10000)))`, integer arithmetic. */
export function drawCount(n: number, ratioBp: number, min: number): number {
  return Math.min(n, Math.max(min, Math.floor((n * ratioBp + 9999) / 10000)));
}

/** Plain code-unit order (ASCII byte order for the keys used here), never locale order. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ceilBp = (n: number, bp: number) => Math.floor((n * bp + 9999) / 10000);

/**
 * The drawn targets of a stratum from its candidates ranked by ascending score. Plain strata: the first `k`. With a
 * high-risk list: `ceil(|H| × highRiskRatioBp / 10000)` of the high-risk candidates H and `ceil(|R| × ratioBp / 10000)`
 * of the others R (each the smallest scores of its group), topped up to `min` from the undrawn candidates by score;
 * listed by ascending score.
 */
function drawnOf(s: DrawStratumSpec, ranked: string[]): string[] {
  if (s.highRisk === undefined || s.highRiskRatioBp === undefined) return ranked.slice(0, drawCount(ranked.length, s.ratioBp, s.min));
  const high = new Set(s.highRisk);
  const h = ranked.filter((k) => high.has(k));
  const r = ranked.filter((k) => !high.has(k));
  const chosen = new Set([
    ...h.slice(0, Math.min(h.length, ceilBp(h.length, s.highRiskRatioBp))),
    ...r.slice(0, Math.min(r.length, ceilBp(r.length, s.ratioBp))),
  ]);
  for (const k of ranked) {
    if (chosen.size >= s.min) break;
    chosen.add(k);
  }
  return ranked.filter((k) => chosen.has(k));
}

async function ranked(items: string[], score: (x: string) => Promise<string>, prefix: string): Promise<string[]> {
  const scored = await Promise.all(items.map(async (key) => ({ key, s: await score(prefix + key) })));
  scored.sort((a, b) => byCodeUnits(a.s, b.s) || byCodeUnits(a.key, b.key));
  return scored.map((x) => x.key);
}

/**
 * Runs the draw: in every stratum the `k` candidates with the smallest `score("target:" + targetKey)`; then, strata by
 * ascending key and targets by ascending score, the first `inspectorsPerTarget` inspectors of the stratum's pool by
 * ascending `score("inspector:" + targetKey + ":" + inspectorKey)`, skipping recused pairs and inspectors at the cap.
 * A target that cannot get enough inspectors fails the whole run (nothing drawn).
 */
export async function runDraw(spec: DrawSpec, seedHex: string, witness: string | null): Promise<DrawOutcome> {
  const score = await drawScorer(drawKey(seedHex, witness));
  const recused = new Set(spec.recusals.map((r) => `${r.inspectorKey}\u0000${r.targetKey}`));
  const strata = [...spec.strata].sort((a, b) => byCodeUnits(a.key, b.key));
  const drawn: Record<string, string[]> = {};
  for (const s of strata) {
    drawn[s.key] = drawnOf(s, await ranked(s.candidates, score, 'target:'));
  }
  const load = new Map<string, number>();
  const assignments: DrawAssignment[] = [];
  for (const s of strata) {
    for (const targetKey of drawn[s.key] ?? []) {
      const order = await ranked(s.pool, score, `inspector:${targetKey}:`);
      const chosen: string[] = [];
      let eligible = 0;
      for (const ins of order) {
        if (recused.has(`${ins}\u0000${targetKey}`)) continue;
        if (spec.maxTargetsPerInspector !== null && (load.get(ins) ?? 0) >= spec.maxTargetsPerInspector) continue;
        eligible++;
        if (chosen.length < spec.inspectorsPerTarget) chosen.push(ins);
      }
      if (chosen.length < spec.inspectorsPerTarget) return { ok: false, stratum: s.key, targetKey, eligible };
      for (const ins of chosen) load.set(ins, (load.get(ins) ?? 0) + 1);
      assignments.push({ targetKey, inspectors: chosen });
    }
  }
  return { ok: true, drawn, assignments };
}

/** A published draw record (GET /api/v1/public/draws/{id}, `qiangjian draw show ID --json`). */
export interface PublishedDraw {
  id: number;
  title: string;
  algorithm: string;
  commitment: string;
  seed?: string;
  witness: string | null;
  committedAt: string;
  revealedAt: string | null;
  inspectorsPerTarget: number;
  maxTargetsPerInspector: number | null;
  strata: {
    key: string;
    ratioBp: number;
    min: number;
    candidates: string[];
    pool: string[];
    drawn?: string[];
    highRiskRatioBp?: number;
    highRiskThreshold?: number;
    highRisk?: string[];
  }[];
  recusals: DrawRecusal[];
  assignments?: DrawAssignment[];
}

export type DrawDifference =
  | { what: 'not_revealed' }
  | { what: 'algorithm'; expected: string; actual: string }
  | { what: 'commitment'; expected: string; actual: string }
  | { what: 'run_failed'; targetKey: string; stratum: string }
  | { what: 'drawn'; stratum: string; expected: string[]; actual: string[] }
  | { what: 'assignments_count'; expected: number; actual: number }
  | { what: 'assignment'; index: number; targetKey: string; expected: DrawAssignment; actual: DrawAssignment | null };

export type DrawVerification = { ok: true } | { ok: false; difference: DrawDifference };

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Re-computes a published record from its own content: the commitment from the seed, then the draw, and compares it
 * with what the record says was drawn and assigned. The first difference is named.
 */
export async function verifyPublishedDraw(r: PublishedDraw): Promise<DrawVerification> {
  if (r.algorithm !== DRAW_ALGORITHM)
    return { ok: false, difference: { what: 'algorithm', expected: DRAW_ALGORITHM, actual: r.algorithm } };
  if (r.seed === undefined || r.assignments === undefined) return { ok: false, difference: { what: 'not_revealed' } };
  const commitment = await drawCommitment(r.seed);
  if (commitment !== r.commitment) return { ok: false, difference: { what: 'commitment', expected: commitment, actual: r.commitment } };
  const out = await runDraw(
    {
      inspectorsPerTarget: r.inspectorsPerTarget,
      maxTargetsPerInspector: r.maxTargetsPerInspector,
      strata: r.strata.map((s) => ({
        key: s.key,
        ratioBp: s.ratioBp,
        min: s.min,
        candidates: s.candidates,
        pool: s.pool,
        ...(s.highRisk !== undefined && s.highRiskRatioBp !== undefined
          ? { highRiskRatioBp: s.highRiskRatioBp, highRiskThreshold: s.highRiskThreshold, highRisk: s.highRisk }
          : {}),
      })),
      recusals: r.recusals,
    },
    r.seed,
    r.witness,
  );
  if (!out.ok) return { ok: false, difference: { what: 'run_failed', targetKey: out.targetKey, stratum: out.stratum } };
  for (const s of [...r.strata].sort((a, b) => byCodeUnits(a.key, b.key))) {
    const expected = out.drawn[s.key] ?? [];
    if (!same(expected, s.drawn ?? []))
      return { ok: false, difference: { what: 'drawn', stratum: s.key, expected, actual: s.drawn ?? [] } };
  }
  for (let i = 0; i < out.assignments.length; i++) {
    const e = out.assignments[i] as DrawAssignment;
    const a = r.assignments[i] ?? null;
    if (!a || a.targetKey !== e.targetKey || !same(a.inspectors, e.inspectors))
      return { ok: false, difference: { what: 'assignment', index: i, targetKey: e.targetKey, expected: e, actual: a } };
  }
  if (r.assignments.length !== out.assignments.length)
    return { ok: false, difference: { what: 'assignments_count', expected: out.assignments.length, actual: r.assignments.length } };
  return { ok: true };
}
