import {
  t,
  ZCorrectionRequest,
  ZCreateInspectionRequest,
  ZCreatePlannedInspectionRequest,
  ZCreateSampleTestRequest,
  ZFileParams,
  ZIdParams,
  ZInspectionDetail,
  ZInspectionFile,
  ZInspectionListQuery,
  ZInspectionSettings,
  ZInspectionSummary,
  ZInstrumentLookupQuery,
  ZMyTask,
  ZPage,
  ZPhotoUpload,
  ZPlannedInspection,
  ZProposalDecision,
  ZProposalParams,
  ZRatingRequest,
  ZSampleTest,
  ZSampleTestListQuery,
  ZSignatureUpload,
  ZTargetInstrument,
  ZUpdateInspectionRequest,
  ZUpdateInspectionSettings,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { contentDisposition } from '../../../http/content-disposition.js';
import { actorOf } from '../../../http/request-context.js';
import { renderInspectionRecord } from '../documents/inspection-record.document.js';
import * as svc from './inspections.service.js';
import { createPlannedInspection } from './planned.service.js';
import * as samples from './sample-tests.service.js';

/** A photo's JSON body: base64 of at most 20 MB (the setting `photoMaxBytes` is checked in the service). */
const PHOTO_BODY_LIMIT = 28 * 1024 * 1024;

/** /supervision/inspections (records, proposals, photos, signatures, corrections, rating) and /supervision/sample-tests. */
export const inspectionsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['supervision'];
  const base = '/supervision/inspections';
  app.get(base, { schema: { tags, querystring: ZInspectionListQuery, response: { 200: ZPage(ZInspectionSummary) } } }, async (req) =>
    svc.listInspections(ctx, actorOf(req), req.query),
  );
  app.post(base, { schema: { tags, body: ZCreateInspectionRequest, response: { 201: ZInspectionDetail } } }, async (req, reply) => {
    reply.status(201);
    return svc.createInspection(ctx, actorOf(req), req.body);
  });
  app.post(
    `${base}/planned`,
    { schema: { tags, body: ZCreatePlannedInspectionRequest, response: { 201: ZPlannedInspection } } },
    async (req, reply) => {
      reply.status(201);
      return createPlannedInspection(ctx, actorOf(req), req.body);
    },
  );
  app.get(`${base}/tasks`, { schema: { tags, response: { 200: z.array(ZMyTask) } } }, async (req) => svc.myTasks(ctx, actorOf(req)));
  app.get(`${base}/settings`, { schema: { tags, response: { 200: ZInspectionSettings } } }, async (req) =>
    svc.readInspectionSettings(ctx, actorOf(req)),
  );
  app.patch(
    `${base}/settings`,
    { schema: { tags, body: ZUpdateInspectionSettings, response: { 200: ZInspectionSettings } } },
    async (req) => svc.updateInspectionSettings(ctx, actorOf(req), req.body),
  );
  app.get(`${base}/:id`, { schema: { tags, params: ZIdParams, response: { 200: ZInspectionDetail } } }, async (req) =>
    svc.getInspection(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    `${base}/:id`,
    { schema: { tags, params: ZIdParams, body: ZUpdateInspectionRequest, response: { 200: ZInspectionDetail } } },
    async (req) => svc.updateInspection(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    `${base}/:id/instruments`,
    { schema: { tags, params: ZIdParams, querystring: ZInstrumentLookupQuery, response: { 200: z.array(ZTargetInstrument) } } },
    async (req) => svc.targetInstruments(ctx, actorOf(req), req.params.id, req.query.q),
  );
  app.post(
    `${base}/:id/photos`,
    { bodyLimit: PHOTO_BODY_LIMIT, schema: { tags, params: ZIdParams, body: ZPhotoUpload, response: { 201: ZInspectionFile } } },
    async (req, reply) => {
      reply.status(201);
      return svc.addPhoto(ctx, actorOf(req), req.params.id, req.body);
    },
  );
  app.post(
    `${base}/:id/signatures`,
    { bodyLimit: PHOTO_BODY_LIMIT, schema: { tags, params: ZIdParams, body: ZSignatureUpload, response: { 201: ZInspectionFile } } },
    async (req, reply) => {
      reply.status(201);
      return svc.addSignature(ctx, actorOf(req), req.params.id, req.body);
    },
  );
  app.get(`${base}/:id/files/:fileId`, { schema: { tags, params: ZFileParams } }, async (req, reply) => {
    const f = await svc.inspectionFile(ctx, actorOf(req), req.params.id, req.params.fileId);
    reply.header('cache-control', 'private, max-age=3600');
    reply.header('x-content-sha256', f.sha256);
    return reply.type(f.mime).send(f.content);
  });
  app.post(`${base}/:id/finish`, { schema: { tags, params: ZIdParams, response: { 200: ZInspectionDetail } } }, async (req) =>
    svc.finishInspection(ctx, actorOf(req), req.params.id),
  );
  app.post(
    `${base}/:id/proposals/:proposalId`,
    { schema: { tags, params: ZProposalParams, body: ZProposalDecision, response: { 200: ZInspectionDetail } } },
    async (req) => svc.decideProposal(ctx, actorOf(req), req.params.id, req.params.proposalId, req.body),
  );
  app.post(
    `${base}/:id/corrections`,
    { schema: { tags, params: ZIdParams, body: ZCorrectionRequest, response: { 200: ZInspectionDetail } } },
    async (req) => svc.correctInspection(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(`${base}/:id/corrections`, { schema: { tags, params: ZIdParams } }, async (req) =>
    svc.correctionOriginal(ctx, actorOf(req), req.params.id),
  );
  app.post(
    `${base}/:id/rating`,
    { schema: { tags, params: ZIdParams, body: ZRatingRequest, response: { 200: ZInspectionDetail } } },
    async (req) => svc.rateInspection(ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/supervision/sample-tests',
    { schema: { tags, querystring: ZSampleTestListQuery, response: { 200: ZPage(ZSampleTest) } } },
    async (req) => samples.listSampleTests(ctx, actorOf(req), req.query),
  );
  app.post(
    '/supervision/sample-tests',
    { schema: { tags, body: ZCreateSampleTestRequest, response: { 201: ZSampleTest } } },
    async (req, reply) => {
      reply.status(201);
      return samples.recordSampleTest(ctx, actorOf(req), req.body);
    },
  );

  // 现场检查笔录 (docs/SUPERVISION.md "Documents"): scope as the detail
  app.get(`${base}/:id/record.pdf`, { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const pdf = await renderInspectionRecord(ctx, actorOf(req), req.params.id, 'pdf');
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('inline', `${t('file.inspectionRecord', { id: req.params.id })}.pdf`))
      .send(pdf);
  });
  app.get(`${base}/:id/record.docx`, { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const docx = await renderInspectionRecord(ctx, actorOf(req), req.params.id, 'docx');
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', contentDisposition('attachment', `${t('file.inspectionRecord', { id: req.params.id })}.docx`))
      .send(docx);
  });
};
