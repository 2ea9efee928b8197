import { ZDisclosure, ZDisclosureListQuery, ZIdParams, ZPage } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { renderPublicDecision } from '../documents/enforcement.documents.js';
import { getPublic, listPublic } from './disclosure.service.js';

/** /api/v1/public/disclosures: the public disclosure (公示), no login (docs/ENFORCEMENT.md). */
export const disclosureRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['public'];
  app.get(
    '/public/disclosures',
    { config: { public: true }, schema: { tags, querystring: ZDisclosureListQuery, response: { 200: ZPage(ZDisclosure) } } },
    async (req) => listPublic(ctx, req.query),
  );
  app.get(
    '/public/disclosures/:id',
    { config: { public: true }, schema: { tags, params: ZIdParams, response: { 200: ZDisclosure } } },
    async (req) => getPublic(ctx, req.params.id),
  );
  app.get('/public/disclosures/:id/document.pdf', { config: { public: true }, schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const pdf = await renderPublicDecision(ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="disclosure-${req.params.id}.pdf"`).send(pdf);
  });
};
