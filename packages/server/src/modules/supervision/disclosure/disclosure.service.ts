import type { DisclosureKind, TDisclosure } from '@qiangjian/shared';
import { periodEnd } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import { notFound } from '../../../errors.js';
import * as repo from './disclosure.repository.js';

/**
 * The public disclosure (公示, docs/ENFORCEMENT.md): an item (kind + item id: a penalty decision today, a draw's
 * inspection result later) is published with the text fields the law publishes, frozen at publication, for a period
 * (docs/domain/regulations.md §5). The public endpoint lists items whose period runs today; an expired item leaves it
 * by the date alone and stays in the table (the records).
 */

export interface Publication {
  kind: DisclosureKind;
  itemId: number;
  orgId: number;
  documentNo: string;
  title: string;
  partyName: string;
  partyCreditCode: string;
  fields: Record<string, string>;
  authority: string;
  publishedOn: string;
  months: number;
}

/** Publishes an item inside the caller's transaction (audited on the party's chain); the disclosure id. */
export async function publish(ctx: AppContext, trx: Trx, actor: Actor, p: Publication): Promise<number> {
  const until = periodEnd(p.publishedOn, p.months);
  const id = await repo.insertDisclosure(trx, {
    kind: p.kind,
    item_id: p.itemId,
    org_id: p.orgId,
    document_no: p.documentNo,
    title: p.title,
    party_name: p.partyName,
    party_credit_code: p.partyCreditCode,
    fields: JSON.stringify(p.fields),
    authority: p.authority,
    published_on: p.publishedOn,
    until,
    created_at: nowIso(ctx),
  });
  await recordAudit(
    ctx,
    trx,
    actor,
    {
      action: 'disclosure_created',
      entityType: 'disclosure',
      entityId: String(id),
      data: { kind: p.kind, itemId: p.itemId, publishedOn: p.publishedOn, until },
    },
    p.orgId,
  );
  return id;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findActive>>>;

function present(r: Row): TDisclosure {
  return {
    id: Number(r.id),
    kind: r.kind as DisclosureKind,
    documentNo: r.document_no,
    title: r.title,
    partyName: r.party_name,
    partyCreditCode: r.party_credit_code,
    fields: JSON.parse(r.fields) as Record<string, string>,
    authority: r.authority,
    publishedOn: r.published_on,
    until: r.until,
  };
}

/** The public list (no login): items in their publication period, paginated. */
export async function listPublic(ctx: AppContext, q: { page: number; pageSize: number; kind?: DisclosureKind; q?: string }) {
  const { rows, total } = await repo.listActive(
    ctx.db,
    today(ctx),
    { kind: q.kind, q: q.q },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

/** One public item; an expired (or not yet published) item answers 404. */
export async function getPublic(ctx: AppContext, id: number): Promise<TDisclosure> {
  const r = await repo.findActive(ctx.db, id, today(ctx));
  if (!r) throw notFound('disclosure', id);
  return present(r);
}

/** The publication record of an item (active or expired) with whether it shows today. */
export async function publicationOf(db: DbOrTrx, kind: DisclosureKind, itemId: number, asOf: string) {
  const r = await repo.findForItem(db, kind, itemId);
  if (!r) return null;
  return { id: Number(r.id), publishedOn: r.published_on, until: r.until, active: r.published_on <= asOf && asOf <= r.until };
}
