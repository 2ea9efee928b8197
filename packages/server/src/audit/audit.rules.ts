import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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

/**
 * An entry's hash: HMAC-SHA256 under the audit key (kept outside the database) over the previous hash and the
 * canonical content; without a key the plain SHA-256 of before keys existed (legacy entries, `key_id` NULL).
 */
export function entryHash(prevHash: string, c: AuditContent, key?: Buffer): string {
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
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prevHash).update('\n').update(body).digest('hex');
}

export type ChainProblem =
  | 'hash_mismatch'
  | 'prev_mismatch'
  | 'seq_gap'
  | 'head_mismatch'
  | 'head_missing'
  /** An entry without a key id once the log is keyed: a rewrite passed off as legacy. */
  | 'unkeyed'
  /** An entry under a key id the key file no longer (or never) held. */
  | 'key_unknown'
  /** A chain the platform chain registered (or a checkpoint holds) has no entries or no head. */
  | 'chain_missing'
  /** A chain with entries that the platform chain never registered. */
  | 'chain_unregistered'
  /** The checkpoint file's MAC does not verify under the audit key it names. */
  | 'checkpoint_forged'
  /** The entry at a checkpoint's sequence number is gone or carries another hash. */
  | 'checkpoint_mismatch';

/** The audit action that registers a new chain in the platform chain (data: { chain }). */
export const CHAIN_OPENED_ACTION = 'audit_chain_opened';

export interface StoredEntry extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
  /** The audit key the hash was made with; null for a legacy (plain SHA-256) entry. */
  keyId: string | null;
}

export interface ChainState {
  expectedSeq: number;
  prevHash: string;
  last: StoredEntry | null;
  /** The first unkeyed entry met while checking keyed (the caller reports it when nothing else broke). */
  unkeyed?: StoredEntry | null;
}

/**
 * Checks one chain's entries (in seq order), continuing from `state`. Returns the first problem or null.
 * The caller compares the final state with the chain head to detect a cut tail.
 * Detects edited content, reordering, deletion in the middle and a cut tail; `keys` (key id → key) checks keyed
 * entries' HMACs, and an unkeyed entry is a problem. `'legacy'` checks the plain SHA-256 of unkeyed entries only
 * (the one-time upgrade).
 */
export function verifyChain(
  entries: Iterable<StoredEntry>,
  state: ChainState = { expectedSeq: 1, prevHash: GENESIS_HASH, last: null },
  keys: ReadonlyMap<string, Buffer> | 'legacy' = 'legacy',
): { problem: ChainProblem; entry: StoredEntry | null } | null {
  for (const e of entries) {
    if (e.seq !== state.expectedSeq) return { problem: 'seq_gap', entry: e };
    if (e.prevHash !== state.prevHash) return { problem: 'prev_mismatch', entry: e };
    if (e.keyId === null) {
      if (entryHash(e.prevHash, e) !== e.hash) return { problem: 'hash_mismatch', entry: e };
      // reported after the walk (`state.unkeyed`), so a break in a legacy chain is named first
      if (keys !== 'legacy') state.unkeyed ??= e;
    } else {
      if (keys === 'legacy') return { problem: 'hash_mismatch', entry: e };
      const key = keys.get(e.keyId);
      if (!key) return { problem: 'key_unknown', entry: e };
      if (!sameHex(entryHash(e.prevHash, e, key), e.hash)) return { problem: 'hash_mismatch', entry: e };
    }
    state.prevHash = e.hash;
    state.expectedSeq++;
    state.last = e;
  }
  return null;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A signed snapshot of every chain head, kept outside the database (`audit checkpoint`). */
export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  at: string;
  keyId: string;
  chains: { chain: string; seq: number; hash: string }[];
  entries: number;
}
export interface Checkpoint extends CheckpointBody {
  mac: string;
}
export const CHECKPOINT_FORMAT = 'qiangjian-audit-checkpoint/1';

/** The checkpoint key is derived from the audit key, so a checkpoint MAC is never an entry hash. */
function checkpointKey(auditKey: Buffer): Buffer {
  return createHmac('sha256', auditKey).update(CHECKPOINT_FORMAT).digest();
}

export function checkpointMac(body: CheckpointBody, auditKey: Buffer): string {
  const { format, at, keyId, chains, entries } = body;
  return createHmac('sha256', checkpointKey(auditKey)).update(canonicalJson({ format, at, keyId, chains, entries })).digest('hex');
}

export function signCheckpoint(body: CheckpointBody, auditKey: Buffer): Checkpoint {
  return { ...body, mac: checkpointMac(body, auditKey) };
}

/** True when the checkpoint's MAC verifies under the key it names (`keys`: key id → key). */
export function checkpointAuthentic(cp: Checkpoint, keys: ReadonlyMap<string, Buffer>): boolean {
  const key = keys.get(cp.keyId);
  return key !== undefined && sameHex(checkpointMac(cp, key), cp.mac);
}
