import {
  ZCreateOrganizationRequest,
  ZCreateSiteRequest,
  ZIdParams,
  ZOk,
  ZOrganization,
  ZOrganizationListQuery,
  ZPage,
  ZSite,
  ZSiteListQuery,
  ZUpdateOrganizationRequest,
  ZUpdateSiteRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import * as orgs from './orgs.service.js';
import * as sites from './sites.service.js';

export const orgRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/organizations',
    { schema: { tags: ['organizations'], querystring: ZOrganizationListQuery, response: { 200: ZPage(ZOrganization) } } },
    async (req) => orgs.listOrgs(ctx, actorOf(req), req.query),
  );
  app.get('/organizations/:id', { schema: { tags: ['organizations'], params: ZIdParams, response: { 200: ZOrganization } } }, async (req) =>
    orgs.getOrg(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/organizations',
    { schema: { tags: ['organizations'], body: ZCreateOrganizationRequest, response: { 201: ZOrganization } } },
    async (req, reply) => {
      reply.status(201);
      return orgs.createOrg(ctx, actorOf(req), req.body);
    },
  );
  app.patch(
    '/organizations/:id',
    { schema: { tags: ['organizations'], params: ZIdParams, body: ZUpdateOrganizationRequest, response: { 200: ZOrganization } } },
    async (req) => orgs.updateOrg(ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete('/organizations/:id', { schema: { tags: ['organizations'], params: ZIdParams, response: { 200: ZOk } } }, async (req) => {
    await orgs.deleteOrg(ctx, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.get('/sites', { schema: { tags: ['sites'], querystring: ZSiteListQuery, response: { 200: ZPage(ZSite) } } }, async (req) =>
    sites.listSites(ctx, actorOf(req), req.query),
  );
  app.get('/sites/:id', { schema: { tags: ['sites'], params: ZIdParams, response: { 200: ZSite } } }, async (req) =>
    sites.getSite(ctx, actorOf(req), req.params.id),
  );
  app.post('/sites', { schema: { tags: ['sites'], body: ZCreateSiteRequest, response: { 201: ZSite } } }, async (req, reply) => {
    reply.status(201);
    return sites.createSite(ctx, actorOf(req), req.body);
  });

  app.patch(
    '/sites/:id',
    { schema: { tags: ['sites'], params: ZIdParams, body: ZUpdateSiteRequest, response: { 200: ZSite } } },
    async (req) => sites.updateSite(ctx, actorOf(req), req.params.id, req.body),
  );
};
