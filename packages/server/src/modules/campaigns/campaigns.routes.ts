import {
  SELF_INSPECTION_FILE_MAX_BYTES,
  ZCampaign,
  ZCampaignListQuery,
  ZCampaignOrgParams,
  ZCreateCampaignRequest,
  ZCurrentCampaign,
  ZIdParams,
  ZPage,
  ZParticipant,
  ZParticipantListQuery,
  ZRecheckDraw,
  ZRemindRequest,
  ZRemindResult,
  ZSaveSelfInspectionRequest,
  ZSelfInspection,
  ZSelfInspectionCorrectionRequest,
  ZSelfInspectionFile,
  ZSelfInspectionFileParams,
  ZSetParticipantsRequest,
  ZUpdateCampaignRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import { uploadedFile } from '../../http/upload.js';
import * as campaigns from './campaigns.service.js';
import * as recheck from './self-inspection/recheck.service.js';
import * as reports from './self-inspection/self-inspection.service.js';

/** Attachments of a self-inspection: PDF or an image, at most SELF_INSPECTION_FILE_MAX_BYTES each. */
const ATTACHMENT_UPLOAD = { maxBytes: SELF_INSPECTION_FILE_MAX_BYTES, types: ['pdf', 'png', 'jpeg'] as const };
const MIME: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };

/** /api/v1/campaigns: campaigns, participants, self-inspections, reminders and the re-check draw (docs/CAMPAIGNS.md). */
export const campaignsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['campaigns'];
  app.get('/campaigns', { schema: { tags, querystring: ZCampaignListQuery, response: { 200: ZPage(ZCampaign) } } }, async (req) =>
    campaigns.listCampaigns(ctx, actorOf(req), req.query),
  );
  app.post('/campaigns', { schema: { tags, body: ZCreateCampaignRequest, response: { 201: ZCampaign } } }, async (req, reply) =>
    reply.code(201).send(await campaigns.createCampaign(ctx, actorOf(req), req.body)),
  );
  app.get('/campaigns/current', { schema: { tags, response: { 200: ZCurrentCampaign } } }, async (req) =>
    campaigns.currentCampaign(ctx, actorOf(req)),
  );
  app.get('/campaigns/:id', { schema: { tags, params: ZIdParams, response: { 200: ZCampaign } } }, async (req) =>
    campaigns.getCampaign(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/campaigns/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateCampaignRequest, response: { 200: ZCampaign } } },
    async (req) => campaigns.updateCampaign(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/campaigns/:id/participants',
    { schema: { tags, params: ZIdParams, querystring: ZParticipantListQuery, response: { 200: ZPage(ZParticipant) } } },
    async (req) => reports.listParticipants(ctx, actorOf(req), req.params.id, req.query),
  );
  app.put(
    '/campaigns/:id/participants',
    { schema: { tags, params: ZIdParams, body: ZSetParticipantsRequest, response: { 200: ZCampaign } } },
    async (req) => campaigns.setParticipants(ctx, actorOf(req), req.params.id, req.body.orgIds),
  );
  app.post(
    '/campaigns/:id/reminders',
    { schema: { tags, params: ZIdParams, body: ZRemindRequest, response: { 200: ZRemindResult } } },
    async (req) => reports.remind(ctx, actorOf(req), req.params.id, req.body.orgIds),
  );

  // ---- the actor's own self-inspection ----
  app.get('/campaigns/:id/self-inspection', { schema: { tags, params: ZIdParams, response: { 200: ZSelfInspection } } }, async (req) =>
    reports.myReport(ctx, actorOf(req), req.params.id),
  );
  app.put(
    '/campaigns/:id/self-inspection',
    { schema: { tags, params: ZIdParams, body: ZSaveSelfInspectionRequest, response: { 200: ZSelfInspection } } },
    async (req) => reports.saveDraft(ctx, actorOf(req), req.params.id, req.body.form),
  );
  app.post(
    '/campaigns/:id/self-inspection/submit',
    { schema: { tags, params: ZIdParams, response: { 200: ZSelfInspection } } },
    async (req) => reports.submitReport(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/campaigns/:id/self-inspection/correction',
    { schema: { tags, params: ZIdParams, body: ZSelfInspectionCorrectionRequest, response: { 200: ZSelfInspection } } },
    async (req) => reports.startCorrection(ctx, actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/campaigns/:id/self-inspection/files',
    { schema: { tags, params: ZIdParams, response: { 201: ZSelfInspectionFile } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const file = await uploadedFile(req, ATTACHMENT_UPLOAD);
      return reply.code(201).send(await reports.addFile(ctx, actor, req.params.id, file));
    },
  );

  // ---- a participant's self-inspection (regulator, office; the organization itself) ----
  app.get(
    '/campaigns/:id/self-inspections/:orgId',
    { schema: { tags, params: ZCampaignOrgParams, response: { 200: ZSelfInspection } } },
    async (req) => reports.getReport(ctx, actorOf(req), req.params.id, req.params.orgId),
  );
  app.get(
    '/campaigns/:id/self-inspections/:orgId/files/:fileId',
    { schema: { tags, params: ZSelfInspectionFileParams } },
    async (req, reply) => {
      const f = await reports.fileContent(ctx, actorOf(req), req.params.id, req.params.orgId, req.params.fileId);
      return reply
        .type(MIME[f.type] ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="attachment-${req.params.fileId}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        )
        .send(f.content);
    },
  );

  // ---- re-check draw ----
  app.get('/campaigns/:id/recheck-draw', { schema: { tags, params: ZIdParams, response: { 200: ZRecheckDraw } } }, async (req) =>
    recheck.getRecheckDraw(ctx, actorOf(req), req.params.id),
  );
  app.post('/campaigns/:id/recheck-draw', { schema: { tags, params: ZIdParams, response: { 201: ZRecheckDraw } } }, async (req, reply) =>
    reply.code(201).send(await recheck.commitRecheckDraw(ctx, actorOf(req), req.params.id)),
  );
  app.post('/campaigns/:id/recheck-draw/run', { schema: { tags, params: ZIdParams, response: { 200: ZRecheckDraw } } }, async (req) =>
    recheck.runRecheckDraw(ctx, actorOf(req), req.params.id),
  );
};
