import {
  ZCreateReportSubmission,
  ZIdParams,
  ZReportChain,
  ZReportCorrection,
  ZReportDayList,
  ZReportDaysQuery,
  ZReportDecision,
  ZReportDocumentQuery,
  ZReportSubmission,
  ZUpdateReportSubmission,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { actorOf } from '../../../http/request-context.js';
import { reportSubmissionDocument } from './submissions.document.js';
import * as svc from './submissions.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** /api/v1/report-submissions (docs/REPORTS-SUBMISSIONS.md): progress and final reports of a campaign. */
export const submissionsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['reports'];
  app.get('/report-submissions', { schema: { tags, querystring: ZReportDaysQuery, response: { 200: ZReportDayList } } }, async (req) =>
    svc.listReportDays(ctx, actorOf(req), req.query.campaignId),
  );
  app.post(
    '/report-submissions',
    { schema: { tags, body: ZCreateReportSubmission, response: { 201: ZReportSubmission } } },
    async (req, reply) => reply.code(201).send(await svc.draftReport(ctx, actorOf(req), req.body.campaignId, req.body.day)),
  );
  app.get('/report-submissions/chain', { schema: { tags, response: { 200: ZReportChain } } }, async (req) =>
    svc.getChain(ctx, actorOf(req)),
  );
  app.put('/report-submissions/chain', { schema: { tags, body: ZReportChain, response: { 200: ZReportChain } } }, async (req) =>
    svc.setChain(ctx, actorOf(req), req.body),
  );
  app.get('/report-submissions/:id', { schema: { tags, params: ZIdParams, response: { 200: ZReportSubmission } } }, async (req) =>
    svc.getReportSubmission(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/report-submissions/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateReportSubmission, response: { 200: ZReportSubmission } } },
    async (req) => svc.updateReport(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/report-submissions/:id/decision',
    { schema: { tags, params: ZIdParams, body: ZReportDecision, response: { 200: ZReportSubmission } } },
    async (req) => svc.decideReport(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/report-submissions/:id/correction',
    { schema: { tags, params: ZIdParams, body: ZReportCorrection, response: { 201: ZReportSubmission } } },
    async (req, reply) => reply.code(201).send(await svc.correctReport(ctx, actorOf(req), req.params.id, req.body.reason)),
  );
  app.get(
    '/report-submissions/:id/document',
    { schema: { tags, params: ZIdParams, querystring: ZReportDocumentQuery } },
    async (req, reply) => {
      const { bytes, name } = await reportSubmissionDocument(ctx, actorOf(req), req.params.id, req.query.format);
      return reply
        .type(req.query.format === 'pdf' ? 'application/pdf' : DOCX)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(bytes);
    },
  );
};
