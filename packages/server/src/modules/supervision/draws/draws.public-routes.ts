import { ZIdParams, ZPublishedDraw } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { publicDraw } from './draws.service.js';

/** GET /public/draws/:id — the published record of a draw, for anyone (no login): docs/SUPERVISION.md, Publication. */
export const drawsPublicRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/public/draws/:id',
    { config: { public: true }, schema: { tags: ['public'], params: ZIdParams, response: { 200: ZPublishedDraw } } },
    async (req) => publicDraw(ctx, req.params.id),
  );
};
