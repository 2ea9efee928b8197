import { addDays, type TAuditListQuery, t } from '@qiangjian/shared';
import type { Actor } from '../auth/actor.js';
import { actorLabel, requirePermission, SYSTEM_ACTOR } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';
import type { DbOrTrx, Trx } from '../db/database.js';
import { invalidParameter } from '../errors.js';
import { zonedInstant } from '../time.js';
import { appendEntry, chainPage, hasEntries, hashAt, listChains, listEntries, lockHeads, rekeyEntry, setHead } from './audit.repository.js';
import {
  type AuditContent,
  type AuditEvent,
  CHAIN_OPENED_ACTION,
  type ChainProblem,
  type ChainState,
  type Checkpoint,
  canonicalJson,
  checkpointAuthentic,
  entryHash,
  GENESIS_HASH,
  orgChain,
  PLATFORM_CHAIN,
  type StoredEntry,
  verifyChain,
} from './audit.rules.js';
import { auditKeyring } from './audit-key.js';

/**
 * Writes one audit entry inside the caller's transaction. Org-scoped events go to the org's chain,
 * everything else to the platform chain. The first entry of a new chain also registers the chain in the platform
 * chain (`audit_chain_opened`), so `audit verify` notices a chain deleted whole.
 */
export async function recordAudit(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  event: AuditEvent,
  orgId: number | null = null,
): Promise<number> {
  const content = {
    chain: orgId === null ? PLATFORM_CHAIN : orgChain(orgId),
    at: nowIso(ctx),
    actor: actorLabel(actor),
    actorUserId: actor.userId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    orgId,
    data: canonicalJson(event.data ?? {}),
  };
  const key = auditKeyring(ctx.config).current;
  const r = await appendEntry(trx, content, ctx.engine === 'postgres', key);
  if (r.opened && content.chain !== PLATFORM_CHAIN) await registerChain(ctx, trx, actor, content.chain, content.at, key);
  return r.id;
}

async function registerChain(ctx: AppContext, trx: Trx, actor: Actor, chain: string, at: string, key: { id: string; key: Buffer }) {
  await appendEntry(
    trx,
    {
      chain: PLATFORM_CHAIN,
      at,
      actor: actorLabel(actor),
      actorUserId: actor.userId,
      action: CHAIN_OPENED_ACTION,
      entityType: 'audit_chain',
      entityId: chain,
      orgId: null,
      data: canonicalJson({ chain }),
    },
    ctx.engine === 'postgres',
    key,
  );
}

/** Convenience: a transaction holding just one audit entry (login events, exports). */
export async function recordAuditAlone(ctx: AppContext, actor: Actor, event: AuditEvent, orgId: number | null = null) {
  return ctx.db.transaction().execute((trx) => recordAudit(ctx, trx, actor, event, orgId));
}

export interface AuditProblem {
  chain: string;
  seq: number | null;
  id: number | null;
  problem: ChainProblem;
  /** key_unknown: the key id the entry names. */
  keyId?: string;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  entries: number;
  /** The first problem (the same as problems[0]). */
  failure?: AuditProblem;
  /** Every chain's first problem, the registry's and the checkpoint's (at most MAX_PROBLEMS). */
  problems: AuditProblem[];
  heads: { chain: string; seq: number; hash: string }[];
}

const MAX_PROBLEMS = 100;
const PAGE = 2000;

/** A stored audit_log row as the chain checks take it. */
export function toStored(r: Awaited<ReturnType<typeof chainPage>>[number]): StoredEntry {
  return {
    id: Number(r.id),
    chain: r.chain,
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgId: r.org_id === null ? null : Number(r.org_id),
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
    keyId: r.key_id,
  };
}

/**
 * Walks one chain page by page. Returns its first problem (or null), the entries read, and, for the platform chain,
 * the chains registered by its verified entries.
 */
async function walkChain(
  db: DbOrTrx,
  head: { chain: string; seq: number; hash: string },
  keys: ReadonlyMap<string, Buffer> | 'legacy',
  onEntry?: (e: StoredEntry) => void,
): Promise<{ problem: AuditProblem | null; entries: number }> {
  const state: ChainState = { expectedSeq: 1, prevHash: GENESIS_HASH, last: null, unkeyed: null };
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = (await chainPage(db, head.chain, after, PAGE)).map(toStored);
    if (page.length === 0) break;
    const bad = verifyChain(page, state, keys);
    if (bad) {
      const e = bad.entry;
      if (onEntry) for (const ok of page) if (e && ok.seq < e.seq) onEntry(ok);
      const p: AuditProblem = { chain: head.chain, seq: e?.seq ?? null, id: e?.id ?? null, problem: bad.problem };
      if (bad.problem === 'key_unknown' && e?.keyId) p.keyId = e.keyId;
      return { problem: p, entries: entries + page.length };
    }
    if (onEntry) for (const e of page) onEntry(e);
    entries += page.length;
    after = (page[page.length - 1] as StoredEntry).seq;
  }
  if (head.seq === -1) return { problem: { chain: head.chain, seq: null, id: null, problem: 'head_missing' }, entries };
  if (state.unkeyed) return { problem: { chain: head.chain, seq: state.unkeyed.seq, id: state.unkeyed.id, problem: 'unkeyed' }, entries };
  const lastSeq = state.last?.seq ?? 0;
  const lastHash = state.last?.hash ?? GENESIS_HASH;
  if (lastSeq !== head.seq || lastHash !== head.hash) {
    return { problem: { chain: head.chain, seq: head.seq, id: null, problem: 'head_mismatch' }, entries };
  }
  return { problem: null, entries };
}

/**
 * Walks every chain (the platform chain first) and names each chain's first entry whose content, order, presence or
 * key is wrong; then checks the registry of chains (every chain the platform chain opened exists, every chain was
 * opened there) and, given a checkpoint, that the checkpoint is authentic and every chain still holds its hash at
 * the checkpoint's sequence number (a wiped log, a cut tail with a mended head, a rewrite).
 */
export async function verifyAudit(ctx: AppContext, actor: Actor, opts: { against?: Checkpoint } = {}): Promise<VerifyResult> {
  requirePermission(actor, 'audit.verify');
  const ring = auditKeyring(ctx.config);
  const heads = (await listChains(ctx.db)).sort((a, b) => Number(b.chain === PLATFORM_CHAIN) - Number(a.chain === PLATFORM_CHAIN));
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const opened = new Set<string>();
  let platformOk = true;
  let entries = 0;
  for (const head of heads) {
    const isPlatform = head.chain === PLATFORM_CHAIN;
    const r = await walkChain(
      ctx.db,
      head,
      ring.byId,
      isPlatform
        ? (e) => {
            if (e.action === CHAIN_OPENED_ACTION && e.entityId) opened.add(e.entityId);
          }
        : undefined,
    );
    entries += r.entries;
    if (r.problem) {
      add(r.problem);
      if (isPlatform) platformOk = false;
    }
  }
  const present = new Map(heads.map((h) => [h.chain, h]));
  for (const chain of opened) {
    const h = present.get(chain);
    if (!h || h.seq < 1) add({ chain, seq: null, id: null, problem: 'chain_missing' });
  }
  if (platformOk) {
    for (const h of heads)
      if (h.chain !== PLATFORM_CHAIN && !opened.has(h.chain)) add({ chain: h.chain, seq: null, id: null, problem: 'chain_unregistered' });
  }
  if (opts.against) {
    const cp = opts.against;
    if (!checkpointAuthentic(cp, ring.byId)) add({ chain: '-', seq: null, id: null, problem: 'checkpoint_forged' });
    for (const c of cp.chains) {
      const h = present.get(c.chain);
      if (!h || h.seq < 1) {
        if (!problems.some((p) => p.chain === c.chain && p.problem === 'chain_missing'))
          add({ chain: c.chain, seq: c.seq, id: null, problem: 'chain_missing' });
        continue;
      }
      const hash = await hashAt(ctx.db, c.chain, c.seq);
      if (hash !== c.hash) add({ chain: c.chain, seq: c.seq, id: null, problem: 'checkpoint_mismatch' });
    }
  }
  const out: VerifyResult = { ok: problems.length === 0, chains: heads.length, entries, problems, heads };
  if (problems[0]) out.failure = problems[0];
  return out;
}

/**
 * The one-time upgrade of a log written before audit keys: when no entry is keyed and every legacy chain verifies,
 * rehashes every entry under the current key, registers the existing chains and records `audit_rekeyed` — one
 * transaction. A log holding any keyed entry is never upgraded (an unkeyed entry there is a rewrite; verify names it).
 */
export async function upgradeLegacyAudit(ctx: AppContext): Promise<{ chains: number; entries: number } | null> {
  // keyed first: on a keyed log the first row answers, so start-up never scans a large log for NULL keys
  if ((await hasEntries(ctx.db, true)) || !(await hasEntries(ctx.db, false))) return null;
  const key = auditKeyring(ctx.config).current;
  const isPg = ctx.engine === 'postgres';
  return ctx.db.transaction().execute(async (trx) => {
    await lockHeads(trx, isPg);
    if (await hasEntries(trx, true)) return null;
    const heads = await listChains(trx);
    for (const h of heads) if ((await walkChain(trx, h, 'legacy')).problem) return null;
    const at = nowIso(ctx);
    let entries = 0;
    for (const h of heads) {
      let prev = GENESIS_HASH;
      let after = 0;
      for (;;) {
        const page = (await chainPage(trx, h.chain, after, PAGE)).map(toStored);
        if (page.length === 0) break;
        for (const e of page) {
          const hash = entryHash(prev, e as AuditContent, key.key);
          await rekeyEntry(trx, e.id, prev, hash, key.id);
          prev = hash;
        }
        entries += page.length;
        after = (page[page.length - 1] as StoredEntry).seq;
      }
      await setHead(trx, h.chain, h.seq, prev, at);
    }
    for (const h of heads) if (h.chain !== PLATFORM_CHAIN) await registerChain(ctx, trx, SYSTEM_ACTOR, h.chain, at, key);
    await recordAudit(ctx, trx, SYSTEM_ACTOR, {
      action: 'audit_rekeyed',
      entityType: null,
      entityId: null,
      data: { chains: heads.length, entries, keyId: key.id },
    });
    return { chains: heads.length, entries };
  });
}

/** The stored actor labels a username filter matches (actorLabel: `user:<name>`; the CLI and the system by their own names). */
function actorLabels(name: string): string[] {
  const labels = [`user:${name}`];
  if (name === 'cli' || name === 'system') labels.push(name);
  return labels;
}

/**
 * One page of the log (audit.read). `from`/`to` are dates in the configured zone, both inclusive; `to` before
 * `from` is refused (invalid_parameter naming `to`).
 */
export async function listAudit(ctx: AppContext, actor: Actor, q: TAuditListQuery) {
  requirePermission(actor, 'audit.read');
  if (q.from && q.to && q.to < q.from) throw invalidParameter('to', t('audit.reason.toBeforeFrom'));
  const tz = ctx.config.timeZone;
  const { rows, total } = await listEntries(ctx.db, {
    page: q.page,
    pageSize: q.pageSize,
    action: q.action,
    entityType: q.entityType,
    entityId: q.entityId,
    orgId: q.orgId,
    fromAt: q.from ? zonedInstant(q.from, '00:00:00', tz).toISOString() : undefined,
    toAt: q.to ? zonedInstant(addDays(q.to, 1), '00:00:00', tz).toISOString() : undefined,
    actors: q.actor ? actorLabels(q.actor) : undefined,
  });
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      chain: r.chain,
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      actorName: r.actor_name ?? null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgId: r.org_id === null ? null : Number(r.org_id),
      orgName: r.org_name ?? null,
      hash: r.hash,
      data: JSON.parse(r.data) as unknown,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
