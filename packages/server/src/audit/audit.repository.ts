import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../db/database.js';
import { countRows, pageOf } from '../db/paging.queries.js';
import { type AuditContent, entryHash, GENESIS_HASH } from './audit.rules.js';

/**
 * Appends one entry to a chain inside the caller's transaction, moving the chain head with it. The hash is the HMAC
 * under `key`. `opened` is true when this entry started the chain (its head row was created here).
 */
export async function appendEntry(
  trx: Trx,
  content: Omit<AuditContent, 'seq'>,
  isPg: boolean,
  key: { id: string; key: Buffer },
): Promise<{ id: number; opened: boolean }> {
  const created = await trx
    .insertInto('audit_chain_head')
    .values({ chain: content.chain, seq: 0, hash: GENESIS_HASH, updated_at: content.at })
    .onConflict((oc) => oc.column('chain').doNothing())
    .returning('chain')
    .executeTakeFirst();
  let q = trx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('chain', '=', content.chain);
  if (isPg) q = q.forUpdate();
  const head = await q.executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const full: AuditContent = { ...content, seq };
  const hash = entryHash(head.hash, full, key.key);
  const row = await trx
    .insertInto('audit_log')
    .values({
      chain: full.chain,
      seq,
      at: full.at,
      actor: full.actor,
      actor_user_id: full.actorUserId,
      action: full.action,
      entity_type: full.entityType,
      entity_id: full.entityId,
      org_id: full.orgId,
      data: full.data,
      prev_hash: head.hash,
      hash,
      key_id: key.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('audit_chain_head').set({ seq, hash, updated_at: full.at }).where('chain', '=', full.chain).execute();
  return { id: Number(row.id), opened: created !== undefined };
}

/** Whether any entry is keyed / unkeyed (the one-time legacy upgrade runs only on a wholly unkeyed log). */
export async function hasEntries(db: DbOrTrx, keyed: boolean): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('key_id', keyed ? 'is not' : 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Locks every chain head (PostgreSQL) so the legacy upgrade runs alone. */
export async function lockHeads(trx: Trx, isPg: boolean): Promise<void> {
  if (isPg) await trx.selectFrom('audit_chain_head').select('chain').forUpdate().execute();
}

/** Rewrites one legacy entry's hashes under a key (the one-time upgrade). */
export async function rekeyEntry(trx: Trx, id: number, prevHash: string, hash: string, keyId: string): Promise<void> {
  await trx.updateTable('audit_log').set({ prev_hash: prevHash, hash, key_id: keyId }).where('id', '=', id).execute();
}

export async function setHead(trx: Trx, chain: string, seq: number, hash: string, at: string): Promise<void> {
  await trx.updateTable('audit_chain_head').set({ seq, hash, updated_at: at }).where('chain', '=', chain).execute();
}

/** The hash of one chain's entry at a sequence number, or null when there is none. */
export async function hashAt(db: DbOrTrx, chain: string, seq: number): Promise<string | null> {
  const row = await db.selectFrom('audit_log').select('hash').where('chain', '=', chain).where('seq', '=', seq).executeTakeFirst();
  return row ? row.hash : null;
}

export async function listChains(db: DbOrTrx): Promise<{ chain: string; seq: number; hash: string }[]> {
  const heads = await db.selectFrom('audit_chain_head').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  const withEntries = await db.selectFrom('audit_log').select('chain').distinct().execute();
  const known = new Set(heads.map((h) => h.chain));
  const out = heads.map((h) => ({ chain: h.chain, seq: Number(h.seq), hash: h.hash }));
  for (const c of withEntries) if (!known.has(c.chain)) out.push({ chain: c.chain, seq: -1, hash: '' });
  return out;
}

export async function chainPage(db: DbOrTrx, chain: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('chain', '=', chain)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function countEntries(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Filters of the log's list: `fromAt` inclusive and `toAt` exclusive instants (ISO, as `at` is stored). */
export interface EntryFilter {
  page: number;
  pageSize: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  orgId?: number;
  fromAt?: string;
  toAt?: string;
  /** stored actor labels, any of them (`user:<username>`, `cli`, `system`) */
  actors?: string[];
}

/** One page of the log, newest first, filtered by action, entity, organization, time and actor; with the organization's and the user's names. */
export async function listEntries(db: DbOrTrx, q: EntryFilter) {
  let base = db.selectFrom('audit_log');
  if (q.action) base = base.where('audit_log.action', '=', q.action);
  if (q.entityType) base = base.where('audit_log.entity_type', '=', q.entityType);
  if (q.entityId) base = base.where('audit_log.entity_id', '=', q.entityId);
  if (q.orgId) base = base.where('audit_log.org_id', '=', q.orgId);
  if (q.fromAt) base = base.where('audit_log.at', '>=', q.fromAt);
  if (q.toAt) base = base.where('audit_log.at', '<', q.toAt);
  if (q.actors?.length) base = base.where('audit_log.actor', 'in', q.actors);
  const total = await countRows(base);
  const rows = await base
    .leftJoin('organizations', 'organizations.id', 'audit_log.org_id')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .selectAll('audit_log')
    .select(['organizations.name as org_name', 'users.display_name as actor_name'])
    .orderBy('audit_log.id', 'desc')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}
