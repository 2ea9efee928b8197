import {
  ZCreateDrawRequest,
  ZCreateDrawResult,
  ZDrawDetail,
  ZDrawListQuery,
  ZDrawSummary,
  ZIdParams,
  ZPage,
  ZPublishedDraw,
  ZRunDrawRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { actorOf } from '../../../http/request-context.js';
import * as draws from './draws.service.js';

/** /supervision/draws: plans (created committed), detail, run (reveal) — docs/SUPERVISION.md. */
export const drawsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['supervision'];
  app.get('/supervision/draws', { schema: { tags, querystring: ZDrawListQuery, response: { 200: ZPage(ZDrawSummary) } } }, async (req) =>
    draws.listDraws(ctx, actorOf(req), req.query),
  );
  app.post(
    '/supervision/draws',
    { schema: { tags, body: ZCreateDrawRequest, response: { 201: ZCreateDrawResult } } },
    async (req, reply) => {
      reply.status(201);
      return draws.createDraw(ctx, actorOf(req), req.body);
    },
  );
  app.get('/supervision/draws/:id', { schema: { tags, params: ZIdParams, response: { 200: ZDrawDetail } } }, async (req) =>
    draws.getDraw(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/supervision/draws/:id/run',
    { schema: { tags, params: ZIdParams, body: ZRunDrawRequest, response: { 200: ZPublishedDraw } } },
    async (req) => draws.runDrawPlan(ctx, actorOf(req), req.params.id, req.body.witness ?? null),
  );
};
