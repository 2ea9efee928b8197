import { ZSupervisionDashboard, ZSupervisionDashboardQuery } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { actorOf } from '../../../http/request-context.js';
import { supervisionDashboard } from './dashboard.service.js';

/** GET /supervision/dashboard (docs/SUPERVISION.md "Dashboard"). */
export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/supervision/dashboard',
    { schema: { tags: ['supervision'], querystring: ZSupervisionDashboardQuery, response: { 200: ZSupervisionDashboard } } },
    async (req) => supervisionDashboard(ctx, actorOf(req), req.query),
  );
};
