import {
  ZAddConflictRequest,
  ZCreateInspectorRequest,
  ZIdParams,
  ZInspector,
  ZInspectorListQuery,
  ZPage,
  ZTarget,
  ZTargetListQuery,
  ZUpdateInspectorRequest,
  ZUpdateTargetRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { actorOf } from '../../../http/request-context.js';
import * as inspectors from './inspectors.service.js';
import * as targets from './targets.service.js';

/** The supervision registers: /supervision/targets and /supervision/inspectors (docs/SUPERVISION.md, Registers). */
export const registersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['supervision'];
  app.get('/supervision/targets', { schema: { tags, querystring: ZTargetListQuery, response: { 200: ZPage(ZTarget) } } }, async (req) =>
    targets.listTargets(ctx, actorOf(req), req.query),
  );
  app.post('/supervision/targets/refresh', { schema: { tags, response: { 200: z.object({ targets: z.number().int() }) } } }, async (req) =>
    targets.refreshTargets(ctx, actorOf(req)),
  );
  app.get('/supervision/targets/:id', { schema: { tags, params: ZIdParams, response: { 200: ZTarget } } }, async (req) =>
    targets.getTarget(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/supervision/targets/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateTargetRequest, response: { 200: ZTarget } } },
    async (req) => targets.updateTarget(ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/supervision/inspectors',
    { schema: { tags, querystring: ZInspectorListQuery, response: { 200: ZPage(ZInspector) } } },
    async (req) => inspectors.listInspectors(ctx, actorOf(req), req.query),
  );
  app.post(
    '/supervision/inspectors',
    { schema: { tags, body: ZCreateInspectorRequest, response: { 201: ZInspector } } },
    async (req, reply) => {
      reply.status(201);
      return inspectors.createInspector(ctx, actorOf(req), req.body);
    },
  );
  app.get('/supervision/inspectors/:id', { schema: { tags, params: ZIdParams, response: { 200: ZInspector } } }, async (req) =>
    inspectors.getInspector(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/supervision/inspectors/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateInspectorRequest, response: { 200: ZInspector } } },
    async (req) => inspectors.updateInspector(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/supervision/inspectors/:id/conflicts',
    { schema: { tags, params: ZIdParams, body: ZAddConflictRequest, response: { 200: ZInspector } } },
    async (req) => inspectors.addConflict(ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/supervision/inspectors/:id/conflicts/:orgId',
    { schema: { tags, params: ZIdParams.extend({ orgId: z.coerce.number().int().positive() }), response: { 200: ZInspector } } },
    async (req) => inspectors.removeConflict(ctx, actorOf(req), req.params.id, req.params.orgId),
  );
};
