import { t, ZDisclosure, ZDisclosureListQuery, ZDrawDisclosureResult, ZIdParams, ZInspectionDisclosure, ZPage } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { notFound } from '../../../errors.js';
import { contentDisposition } from '../../../http/content-disposition.js';
import { actorOf } from '../../../http/request-context.js';
import { renderPublicDecision } from '../documents/enforcement.documents.js';
import { getPublic, listPublic } from './disclosure.service.js';
import { inspectionDisclosure, publishDrawResults, publishInspectionResult } from './inspection-results.service.js';

/**
 * /api/v1/public/disclosures: the public disclosure (公示), no login (docs/ENFORCEMENT.md); publishing inspection
 * results of random draws (docs/SUPERVISION.md "Disclosure of inspection results").
 */
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
    // only a penalty decision has a document; an inspection result is its fields alone
    if ((await getPublic(ctx, req.params.id)).kind !== 'penalty_decision') throw notFound('disclosure', req.params.id);
    const pdf = await renderPublicDecision(ctx, req.params.id);
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('inline', `${t('file.disclosureDocument', { id: req.params.id })}.pdf`))
      .send(pdf);
  });

  const stags = ['supervision'];
  app.get(
    '/supervision/inspections/:id/disclosure',
    { schema: { tags: stags, params: ZIdParams, response: { 200: ZInspectionDisclosure } } },
    async (req) => inspectionDisclosure(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/supervision/inspections/:id/disclosure',
    { schema: { tags: stags, params: ZIdParams, response: { 200: ZInspectionDisclosure } } },
    async (req) => publishInspectionResult(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/supervision/draws/:id/disclosure',
    { schema: { tags: stags, params: ZIdParams, response: { 200: ZDrawDisclosureResult } } },
    async (req) => publishDrawResults(ctx, actorOf(req), req.params.id),
  );
};
