import {
  t,
  ZCase,
  ZCaseCloseRequest,
  ZCaseDecisionRequest,
  ZCaseExtensionRequest,
  ZCaseListQuery,
  ZCaseNoteRequest,
  ZCaseSummary,
  ZCreateCaseRequest,
  ZIdParams,
  ZPage,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { contentDisposition } from '../../../http/content-disposition.js';
import { actorOf } from '../../../http/request-context.js';
import { renderDecision } from '../documents/enforcement.documents.js';
import * as cases from './cases.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ZDocQuery = z.object({ red: z.enum(['0', '1']).optional() });

/** /api/v1/supervision/cases (行政处罚案件, docs/ENFORCEMENT.md). */
export const casesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['cases'];
  app.get('/supervision/cases', { schema: { tags, querystring: ZCaseListQuery, response: { 200: ZPage(ZCase) } } }, async (req) =>
    cases.listCases(ctx, actorOf(req), req.query),
  );
  app.post('/supervision/cases', { schema: { tags, body: ZCreateCaseRequest, response: { 201: ZCase } } }, async (req, reply) =>
    reply.code(201).send(await cases.openCase(ctx, actorOf(req), req.body)),
  );
  app.get('/supervision/cases/summary', { schema: { tags, response: { 200: ZCaseSummary } } }, async (req) =>
    cases.caseFigures(ctx, actorOf(req)),
  );
  app.get('/supervision/cases/:id', { schema: { tags, params: ZIdParams, response: { 200: ZCase } } }, async (req) =>
    cases.getCase(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/supervision/cases/:id/notes',
    { schema: { tags, params: ZIdParams, body: ZCaseNoteRequest, response: { 200: ZCase } } },
    async (req) => cases.addNote(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/supervision/cases/:id/extensions',
    { schema: { tags, params: ZIdParams, body: ZCaseExtensionRequest, response: { 200: ZCase } } },
    async (req) => cases.extendCase(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/supervision/cases/:id/decision',
    { schema: { tags, params: ZIdParams, body: ZCaseDecisionRequest, response: { 200: ZCase } } },
    async (req) => cases.decideCase(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/supervision/cases/:id/close',
    { schema: { tags, params: ZIdParams, body: ZCaseCloseRequest, response: { 200: ZCase } } },
    async (req) => cases.closeCase(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get('/supervision/cases/:id/decision.pdf', { schema: { tags, params: ZIdParams, querystring: ZDocQuery } }, async (req, reply) => {
    const pdf = await renderDecision(ctx, actorOf(req), req.params.id, 'pdf', req.query.red === '1');
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('inline', `${t('file.caseDecision', { id: req.params.id })}.pdf`))
      .send(pdf);
  });
  app.get('/supervision/cases/:id/decision.docx', { schema: { tags, params: ZIdParams, querystring: ZDocQuery } }, async (req, reply) => {
    const docx = await renderDecision(ctx, actorOf(req), req.params.id, 'docx', req.query.red === '1');
    return reply
      .type(DOCX)
      .header('content-disposition', contentDisposition('attachment', `${t('file.caseDecision', { id: req.params.id })}.docx`))
      .send(docx);
  });
};
