import type { Actor } from '../auth/actor.js';
import { actorLabel, requirePermission } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';
import type { Trx } from '../db/database.js';
import { appendEntry, chainPage, listChains, listEntries } from './audit.repository.js';
import {
  type AuditEvent,
  type ChainProblem,
  canonicalJson,
  GENESIS_HASH,
  orgChain,
  PLATFORM_CHAIN,
  type StoredEntry,
  verifyChain,
} from './audit.rules.js';

/**
 * Writes one audit entry inside the caller's transaction. Org-scoped events go to the org's chain,
 * everything else to the platform chain.
 */
export async function recordAudit(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  event: AuditEvent,
  orgId: number | null = null,
): Promise<number> {
  return appendEntry(
    trx,
    {
      chain: orgId === null ? PLATFORM_CHAIN : orgChain(orgId),
      at: nowIso(ctx),
      actor: actorLabel(actor),
      actorUserId: actor.userId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      orgId,
      data: canonicalJson(event.data ?? {}),
    },
    ctx.engine === 'postgres',
  );
}

/** Convenience: a transaction holding just one audit entry (login events, exports). */
export async function recordAuditAlone(ctx: AppContext, actor: Actor, event: AuditEvent, orgId: number | null = null) {
  return ctx.db.transaction().execute((trx) => recordAudit(ctx, trx, actor, event, orgId));
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  entries: number;
  failure?: { chain: string; seq: number | null; id: number | null; problem: ChainProblem };
  heads: { chain: string; seq: number; hash: string }[];
}

function toStored(r: Awaited<ReturnType<typeof chainPage>>[number]): StoredEntry {
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
  };
}

/** Walks every chain page by page and names the first entry whose content, order or presence changed. */
export async function verifyAudit(ctx: AppContext, actor: Actor): Promise<VerifyResult> {
  requirePermission(actor, 'audit.verify');
  const heads = await listChains(ctx.db);
  let entries = 0;
  for (const head of heads) {
    const state = { expectedSeq: 1, prevHash: GENESIS_HASH, last: null as StoredEntry | null };
    let after = 0;
    for (;;) {
      const page = (await chainPage(ctx.db, head.chain, after, 2000)).map(toStored);
      if (page.length === 0) break;
      const bad = verifyChain(page, state);
      if (bad) {
        return {
          ok: false,
          chains: heads.length,
          entries,
          failure: { chain: head.chain, seq: bad.entry?.seq ?? null, id: bad.entry?.id ?? null, problem: bad.problem },
          heads,
        };
      }
      entries += page.length;
      after = (page[page.length - 1] as StoredEntry).seq;
    }
    if (head.seq === -1) {
      return {
        ok: false,
        chains: heads.length,
        entries,
        failure: { chain: head.chain, seq: null, id: null, problem: 'head_missing' },
        heads,
      };
    }
    const lastSeq = state.last?.seq ?? 0;
    const lastHash = state.last?.hash ?? GENESIS_HASH;
    if (lastSeq !== head.seq || lastHash !== head.hash) {
      return {
        ok: false,
        chains: heads.length,
        entries,
        failure: { chain: head.chain, seq: head.seq, id: null, problem: 'head_mismatch' },
        heads,
      };
    }
  }
  return { ok: true, chains: heads.length, entries, heads };
}

export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; action?: string; entityType?: string; entityId?: string; orgId?: number },
) {
  requirePermission(actor, 'audit.read');
  const { rows, total } = await listEntries(ctx.db, q);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      chain: r.chain,
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgId: r.org_id === null ? null : Number(r.org_id),
      data: JSON.parse(r.data) as unknown,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
