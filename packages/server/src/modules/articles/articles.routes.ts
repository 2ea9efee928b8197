import {
  ZArticle,
  ZArticleListQuery,
  ZArticlePreview,
  ZArticlePreviewRequest,
  ZArticleRequest,
  ZIdParams,
  ZPage,
  ZPublicArticle,
  ZPublicArticleItem,
  ZPublicArticleListQuery,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import * as articles from './articles.service.js';

/**
 * /api/v1/articles: the bureau's notices and articles (staff, `article.manage`); /api/v1/public/articles: the
 * published ones on the portal, no login (docs/PORTAL.md).
 */
export const articlesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['articles'];
  app.get('/articles', { schema: { tags, querystring: ZArticleListQuery, response: { 200: ZPage(ZArticle) } } }, async (req) =>
    articles.listArticles(ctx, actorOf(req), req.query),
  );
  app.post('/articles', { schema: { tags, body: ZArticleRequest, response: { 201: ZArticle } } }, async (req, reply) =>
    reply.code(201).send(await articles.createArticle(ctx, actorOf(req), req.body)),
  );
  app.post('/articles/preview', { schema: { tags, body: ZArticlePreviewRequest, response: { 200: ZArticlePreview } } }, async (req) =>
    articles.previewArticle(actorOf(req), req.body.body),
  );
  app.get('/articles/:id', { schema: { tags, params: ZIdParams, response: { 200: ZArticle } } }, async (req) =>
    articles.getArticle(ctx, actorOf(req), req.params.id),
  );
  app.put('/articles/:id', { schema: { tags, params: ZIdParams, body: ZArticleRequest, response: { 200: ZArticle } } }, async (req) =>
    articles.updateArticle(ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete('/articles/:id', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    await articles.deleteArticle(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  const ptags = ['public'];
  app.get(
    '/public/articles',
    {
      config: { public: true },
      schema: { tags: ptags, querystring: ZPublicArticleListQuery, response: { 200: ZPage(ZPublicArticleItem) } },
    },
    async (req) => articles.listPublicArticles(ctx, req.query),
  );
  app.get(
    '/public/articles/:id',
    { config: { public: true }, schema: { tags: ptags, params: ZIdParams, response: { 200: ZPublicArticle } } },
    async (req) => articles.getPublicArticle(ctx, req.params.id),
  );
};
