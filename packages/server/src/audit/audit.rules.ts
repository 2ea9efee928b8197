import { createHash } from 'node:crypto';

/** Pure builders for the hash-chained audit log (docs/ARCHITECTURE.md "Audit trail"). */

export const GENESIS_HASH = '0'.repeat(64);
export const PLATFORM_CHAIN = 'platform';
export function orgChain(orgId: number): string {
  return `org:${orgId}`;
}

/** Typed audit events. `data` carries the diff or summary; never passwords or tokens. */
export type AuditEvent =
  | { action: 'login' | 'logout' | 'password_changed'; entityType: 'user'; entityId: string; data?: Record<string, unknown> }
  | { action: 'login_failed'; entityType: 'user'; entityId: string; data: { username: string; reason: string; ip?: string | null } }
  | { action: `${string}_created` | `${string}_deleted`; entityType: string; entityId: string; data: Record<string, unknown> }
  | {
      action: `${string}_updated` | `${string}_changed`;
      entityType: string;
      entityId: string;
      data: { changes: FieldDiff } & Record<string, unknown>;
    }
  | { action: string; entityType: string | null; entityId: string | null; data: Record<string, unknown> };

export type FieldDiff = Record<string, { before: unknown; after: unknown }>;

/** Before/after diff of the fields that changed. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldDiff {
  const out: FieldDiff = {};
  for (const k of Object.keys(after)) {
    const a = after[k];
    const b = before[k];
    if (a === undefined) continue;
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { before: b ?? null, after: a };
  }
  return out;
}

/** Canonical JSON: object keys sorted, so the hash does not depend on insertion order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export interface AuditContent {
  chain: string;
  seq: number;
  at: string;
  actor: string;
  actorUserId: number | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  orgId: number | null;
  /** Canonical JSON text of the event data, as stored. */
  data: string;
}

export function entryHash(prevHash: string, c: AuditContent): string {
  const body = canonicalJson({
    chain: c.chain,
    seq: c.seq,
    at: c.at,
    actor: c.actor,
    actorUserId: c.actorUserId,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    orgId: c.orgId,
    data: c.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type ChainProblem = 'hash_mismatch' | 'prev_mismatch' | 'seq_gap' | 'head_mismatch' | 'head_missing';

export interface StoredEntry extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
}

/**
 * Checks one chain's entries (in seq order), continuing from `state`. Returns the first problem or null.
 * The caller compares the final state with the chain head to detect a cut tail.
 * Detects edited content, reordering, deletion in the middle and a cut tail.
 */
export function verifyChain(
  entries: Iterable<StoredEntry>,
  state: { expectedSeq: number; prevHash: string; last: StoredEntry | null } = {
    expectedSeq: 1,
    prevHash: GENESIS_HASH,
    last: null,
  },
): { problem: ChainProblem; entry: StoredEntry | null } | null {
  for (const e of entries) {
    if (e.seq !== state.expectedSeq) return { problem: 'seq_gap', entry: e };
    if (e.prevHash !== state.prevHash) return { problem: 'prev_mismatch', entry: e };
    if (entryHash(e.prevHash, e) !== e.hash) return { problem: 'hash_mismatch', entry: e };
    state.prevHash = e.hash;
    state.expectedSeq++;
    state.last = e;
  }
  return null;
}
