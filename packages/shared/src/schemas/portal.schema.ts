import { z } from 'zod';
import { ARTICLE_KIND_IDS, ARTICLE_LIMITS } from '../data/portal-articles.js';
import { ZDate, ZName, ZPageQuery } from './common.schema.js';

/** Notices and articles of the public portal (docs/PORTAL.md). */

export const ZArticleKind = z.enum(ARTICLE_KIND_IDS);
/** draft: no publish date; scheduled: publishes later; published: shown on the portal; expired: past its last day */
export const ARTICLE_STATES = ['draft', 'scheduled', 'published', 'expired'] as const;
export const ZArticleState = z.enum(ARTICLE_STATES);
export type ArticleState = z.infer<typeof ZArticleState>;

/** Create or replace an article: the body is HTML in the safe subset; the server sanitizes it before storing. */
export const ZArticleRequest = z.object({
  kind: ZArticleKind,
  title: ZName('articleTitle', { max: ARTICLE_LIMITS.maxTitleChars }),
  author: ZName('articleAuthor', { max: ARTICLE_LIMITS.maxAuthorChars }),
  body: z.string().max(ARTICLE_LIMITS.maxBodyChars),
  /** the first day it is shown on the portal; null: a draft */
  publishOn: ZDate.nullable().default(null),
  /** the last day it is shown; null: no end */
  expireOn: ZDate.nullable().default(null),
});
export type TArticleRequest = z.infer<typeof ZArticleRequest>;

export const ZArticle = z.object({
  id: z.number().int(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  author: z.string(),
  /** the sanitized body */
  bodyHtml: z.string(),
  summary: z.string(),
  publishOn: z.string().nullable(),
  expireOn: z.string().nullable(),
  state: ZArticleState,
  regionCode: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TArticle = z.infer<typeof ZArticle>;

export const ZArticleListQuery = ZPageQuery.extend({
  kind: ZArticleKind.optional(),
  state: ZArticleState.optional(),
  q: z.string().trim().max(50).optional(),
});

export const ZArticlePreviewRequest = z.object({ body: z.string().max(ARTICLE_LIMITS.maxBodyChars) });
export const ZArticlePreview = z.object({ bodyHtml: z.string(), summary: z.string() });

/** What the portal shows of a published article (no state, no staff names). */
export const ZPublicArticleItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  author: z.string(),
  summary: z.string(),
  publishOn: z.string(),
});
export type TPublicArticleItem = z.infer<typeof ZPublicArticleItem>;
export const ZPublicArticle = ZPublicArticleItem.extend({ bodyHtml: z.string(), expireOn: z.string().nullable() });
export type TPublicArticle = z.infer<typeof ZPublicArticle>;
export const ZPublicArticleListQuery = z.object({
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
  kind: ZArticleKind.optional(),
});
