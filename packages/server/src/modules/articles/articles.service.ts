import type { TArticle, TArticleRequest, TPublicArticle, TPublicArticleItem } from '@qiangjian/shared';
import { ARTICLE_LIMITS, articleKindLabel } from '@qiangjian/shared/data';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import { codeInScope, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import { AppError, invalidParameter, notFound } from '../../errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import * as repo from './articles.repository.js';
import { articleState } from './articles.rules.js';
import { plainText, sanitizeHtml } from './sanitize.rules.js';

/**
 * Notices and articles of the public portal (docs/PORTAL.md): a bureau's regulator writes them (the body sanitized
 * here, on the server, before it is stored), previews them, sets the first and last day shown; the portal lists and
 * shows only what is published and not expired. Staff see the articles of their region; writes are audited in the
 * writing bureau's chain.
 */

/** The sanitized body and its summary. */
export function sanitizeBody(body: string): { bodyHtml: string; summary: string } {
  const bodyHtml = sanitizeHtml(body, { maxDepth: ARTICLE_LIMITS.maxDepth });
  return { bodyHtml, summary: plainText(bodyHtml, ARTICLE_LIMITS.summaryChars) };
}

function present(r: repo.ArticleRow, day: string): TArticle {
  return {
    id: Number(r.id),
    kind: r.kind,
    kindLabel: articleKindLabel(r.kind),
    title: r.title,
    author: r.author,
    bodyHtml: r.body_html,
    summary: r.summary,
    publishOn: r.publish_on,
    expireOn: r.expire_on,
    state: articleState(r.publish_on, r.expire_on, day),
    regionCode: r.region_code,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The region prefix of the actor's staff lists (null: all). */
function staffPrefix(actor: Actor): string | null {
  const s = scopeOf(actor);
  if (s.kind === 'all') return null;
  if (s.kind === 'region') return s.prefix;
  return '-';
}

async function loadArticle(ctx: AppContext, actor: Actor, id: number): Promise<repo.ArticleRow> {
  const r = await repo.articleById(ctx.db, id);
  if (!r || !codeInScope(scopeOf(actor), r.region_code)) throw notFound('article', id);
  return r;
}

function checkInput(input: TArticleRequest): { bodyHtml: string; summary: string } {
  if (input.publishOn !== null && input.expireOn !== null && input.expireOn < input.publishOn)
    throw new AppError('article_expire_before_publish', { params: { field: 'expireOn' }, details: { field: 'expireOn' } });
  const body = sanitizeBody(input.body);
  if (body.summary.length === 0) throw new AppError('article_body_empty', { params: { field: 'body' }, details: { field: 'body' } });
  return body;
}

export async function listArticles(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; kind?: string; state?: string; q?: string },
) {
  requirePermission(actor, 'article.manage');
  const day = today(ctx);
  const { rows, total } = await repo.listArticles(ctx.db, staffPrefix(actor), day, q);
  return { items: rows.map((r) => present(r, day)), total, page: q.page, pageSize: q.pageSize };
}

export async function getArticle(ctx: AppContext, actor: Actor, id: number): Promise<TArticle> {
  requirePermission(actor, 'article.manage');
  return present(await loadArticle(ctx, actor, id), today(ctx));
}

/** What the portal would show of a body (nothing is stored). */
export function previewArticle(actor: Actor, body: string): { bodyHtml: string; summary: string } {
  requirePermission(actor, 'article.manage');
  return sanitizeBody(body);
}

/** A new article of the actor's bureau (the system actor names the bureau: `orgId`). */
export async function createArticle(
  ctx: AppContext,
  actor: Actor,
  input: TArticleRequest,
  opts: { orgId?: number } = {},
): Promise<TArticle> {
  requirePermission(actor, 'article.manage');
  const body = checkInput(input);
  const orgId = actor.kind === 'system' ? opts.orgId : (actor.orgId ?? undefined);
  if (orgId === undefined) throw invalidParameter('orgId', 'required');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const org = await findOrgInScope(trx, actor, orgId);
    const now = nowIso(ctx);
    const newId = await repo.insertArticle(trx, {
      org_id: orgId,
      region_code: org.region_code,
      kind: input.kind,
      title: input.title,
      author: input.author,
      body_html: body.bodyHtml,
      summary: body.summary,
      publish_on: input.publishOn,
      expire_on: input.expireOn,
      created_by: actor.username,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'article_created',
        entityType: 'article',
        entityId: String(newId),
        data: {
          kind: input.kind,
          title: input.title,
          publishOn: input.publishOn,
          expireOn: input.expireOn,
          bodyChars: body.bodyHtml.length,
        },
      },
      orgId,
    );
    return newId;
  });
  return getArticle(ctx, actor, id);
}

export async function updateArticle(ctx: AppContext, actor: Actor, id: number, input: TArticleRequest): Promise<TArticle> {
  requirePermission(actor, 'article.manage');
  const body = checkInput(input);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.articleById(trx, id);
    if (!before || !codeInScope(scopeOf(actor), before.region_code)) throw notFound('article', id);
    await repo.updateArticle(trx, id, {
      kind: input.kind,
      title: input.title,
      author: input.author,
      body_html: body.bodyHtml,
      summary: body.summary,
      publish_on: input.publishOn,
      expire_on: input.expireOn,
      updated_at: nowIso(ctx),
    });
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    const pairs: [string, unknown, unknown][] = [
      ['kind', before.kind, input.kind],
      ['title', before.title, input.title],
      ['author', before.author, input.author],
      ['publishOn', before.publish_on, input.publishOn],
      ['expireOn', before.expire_on, input.expireOn],
      ['body', before.body_html.length, body.bodyHtml.length],
    ];
    for (const [k, from, to] of pairs) if (from !== to || (k === 'body' && before.body_html !== body.bodyHtml)) changed[k] = { from, to };
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'article_updated', entityType: 'article', entityId: String(id), data: changed },
      Number(before.org_id),
    );
  });
  return getArticle(ctx, actor, id);
}

export async function deleteArticle(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'article.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.articleById(trx, id);
    if (!before || !codeInScope(scopeOf(actor), before.region_code)) throw notFound('article', id);
    await repo.deleteArticle(trx, id);
    await recordAudit(
      ctx,
      trx,
      actor,
      { action: 'article_deleted', entityType: 'article', entityId: String(id), data: { kind: before.kind, title: before.title } },
      Number(before.org_id),
    );
  });
}

// ---- the portal (no login) ----

function presentItem(r: {
  id: number;
  kind: string;
  title: string;
  author: string;
  summary: string;
  publish_on: string | null;
}): TPublicArticleItem {
  return {
    id: Number(r.id),
    kind: r.kind,
    kindLabel: articleKindLabel(r.kind),
    title: r.title,
    author: r.author,
    summary: r.summary,
    publishOn: r.publish_on as string,
  };
}

export async function listPublicArticles(ctx: AppContext, q: { page: number; pageSize: number; kind?: string }) {
  const { rows, total } = await repo.publishedArticles(ctx.db, today(ctx), q);
  return { items: rows.map(presentItem), total, page: q.page, pageSize: q.pageSize };
}

/** A published, unexpired article; anything else (draft, scheduled, expired, missing) is not_found. */
export async function getPublicArticle(ctx: AppContext, id: number): Promise<TPublicArticle> {
  const r = await repo.publishedArticle(ctx.db, id, today(ctx));
  if (!r) throw notFound('article', id);
  return { ...presentItem(r), bodyHtml: r.body_html, expireOn: r.expire_on };
}
