import { ZRegion } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import { listRegions } from './regions.service.js';

export const regionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/regions', { schema: { tags: ['regions'], response: { 200: z.array(ZRegion) } } }, async (req) =>
    listRegions(ctx, actorOf(req)),
  );
};
