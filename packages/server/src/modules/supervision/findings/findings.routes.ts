import { ZFinding, ZFindingListQuery, ZPage } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { actorOf } from '../../../http/request-context.js';
import { listFindings } from './findings.service.js';

export const findingsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/findings',
    { schema: { tags: ['findings'], querystring: ZFindingListQuery, response: { 200: ZPage(ZFinding) } } },
    async (req) => listFindings(ctx, actorOf(req), req.query),
  );
};
