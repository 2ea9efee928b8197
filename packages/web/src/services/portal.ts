import type { TArticle, TArticleRequest, TPublicArticle, TPublicArticleItem } from '@qiangjian/shared';
import { api, type Page, request } from './api.js';
import type { PageParams } from './orgs.js';

/** The public portal's notices and articles (docs/PORTAL.md): the portal (no login) and the staff editor. */

export const listPublicArticles = (q: { kind?: string } & PageParams) => api.get<Page<TPublicArticleItem>>('/public/articles', q);
export const getPublicArticle = (id: number | string) =>
  api.get<TPublicArticle>(`/public/articles/${id}`, undefined, { skipErrorHandler: true });

export type ArticleListQuery = { kind?: string; state?: string; q?: string };
export const listArticles = (q: ArticleListQuery & PageParams) => api.get<Page<TArticle>>('/articles', q);
export const getArticle = (id: number | string) => api.get<TArticle>(`/articles/${id}`);
/** Errors go to the form. */
export const createArticle = (body: TArticleRequest) => api.post<TArticle>('/articles', body, { skipErrorHandler: true });
/** Errors go to the form. */
export const updateArticle = (id: number, body: TArticleRequest) =>
  request<TArticle>('PUT', `/articles/${id}`, { body, skipErrorHandler: true });
export const deleteArticle = (id: number) => api.del<void>(`/articles/${id}`);
export const previewArticle = (body: string) => api.post<{ bodyHtml: string; summary: string }>('/articles/preview', { body });
