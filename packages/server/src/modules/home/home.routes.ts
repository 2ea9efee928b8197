import { ZHome } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import { home } from './home.service.js';

/** GET /home: the figures of the actor's role home page (docs/HOME.md). */
export const homeRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/home', { schema: { tags: ['home'], response: { 200: ZHome } } }, async (req) => home(ctx, actorOf(req)));
};
