import {
  ZAsOfQuery,
  ZDueListPage,
  ZDueListQuery,
  ZIdParams,
  ZInstrumentStatusExplain,
  ZRule,
  ZRuleListQuery,
  ZStatusSetting,
  ZUpdateRuleRequest,
  ZUpdateStatusSettingRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import { dueList, startDueListExport } from './due-list.service.js';
import * as svc from './status.service.js';

export const statusRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/rules', { schema: { tags: ['rules'], querystring: ZRuleListQuery, response: { 200: z.array(ZRule) } } }, async (req) =>
    svc.listRules(ctx, actorOf(req), req.query),
  );
  app.patch(
    '/rules/:id',
    { schema: { tags: ['rules'], params: ZIdParams, body: ZUpdateRuleRequest, response: { 200: ZRule } } },
    async (req) => svc.updateRule(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get('/rule-settings', { schema: { tags: ['rules'], response: { 200: z.array(ZStatusSetting) } } }, async (req) =>
    svc.listStatusSettings(ctx, actorOf(req)),
  );
  app.patch(
    '/rule-settings/:key',
    {
      schema: {
        tags: ['rules'],
        params: z.object({ key: z.string().min(1) }),
        body: ZUpdateStatusSettingRequest,
        response: { 200: ZStatusSetting },
      },
    },
    async (req) => svc.updateStatusSetting(ctx, actorOf(req), req.params.key, req.body.value),
  );
  app.get(
    '/instruments/:id/status',
    { schema: { tags: ['status'], params: ZIdParams, querystring: ZAsOfQuery, response: { 200: ZInstrumentStatusExplain } } },
    async (req) => svc.explainStatus(ctx, actorOf(req), req.params.id, req.query.asOf),
  );
  app.get('/due-list', { schema: { tags: ['status'], querystring: ZDueListQuery, response: { 200: ZDueListPage } } }, async (req) =>
    dueList(ctx, actorOf(req), req.query),
  );
  app.get('/due-list.xlsx', { schema: { tags: ['status'], querystring: ZDueListQuery } }, async (req, reply) => {
    const { stream, fileName } = await startDueListExport(ctx, actorOf(req), req.query);
    reply.header('content-disposition', contentDisposition('attachment', fileName));
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(stream);
  });
};
