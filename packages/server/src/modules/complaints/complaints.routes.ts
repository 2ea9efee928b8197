import {
  ZArbitrationParams,
  ZArbitrationRequest,
  ZCaseDecisionInput,
  ZChallenge,
  ZComplaintAssign,
  ZComplaintDecision,
  ZComplaintDetail,
  ZComplaintExportQuery,
  ZComplaintFileParams,
  ZComplaintIdParams,
  ZComplaintIntake,
  ZComplaintListItem,
  ZComplaintListQuery,
  ZComplaintPause,
  ZComplaintPersonal,
  ZComplaintReceipt,
  ZComplaintReplyInput,
  ZComplaintSettings,
  ZComplaintStats,
  ZComplaintText,
  ZMediationSessionInput,
  ZPage,
  ZPublicComplaintStatus,
  ZRefundRequest,
  ZSatisfactionInput,
  ZTrackingParams,
  ZUpdateComplaintSettings,
  ZUtilityComplaintReport,
  ZUtilityComplaintReportInput,
  ZUtilityComplaintReportQuery,
} from '@qiangjian/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import { safeFileName, sniffType, type UploadedFile } from '../../http/upload.js';
import * as complaints from './complaints.service.js';
import { startComplaintsExport } from './complaints-export.service.js';
import * as intake from './intake.service.js';
import * as self from './self-report.service.js';
import { getComplaintSettings, readComplaintSettings, updateComplaintSettings } from './settings.service.js';
import { complaintStats } from './stats.service.js';

const MIME: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };
const ATTACHMENT_TYPES = ['pdf', 'png', 'jpeg'] as const;

/**
 * A multipart filing: the form's fields (or one `data` field holding the JSON) and the files `attachments`, each checked
 * by content (PNG, JPEG or PDF), size (settings.attachmentMaxBytes) and count (settings.attachmentMaxCount).
 */
/** The JSON body limit of the public complaint intake (docs/COMPLAINTS.md "Public intake"). */
export const PUBLIC_COMPLAINT_BODY_LIMIT = 16 * 1024;

async function readMultipart(ctx: AppContext, req: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  const s = await getComplaintSettings(ctx.db);
  const fields: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  const parts = req.parts({ limits: { fileSize: s.attachmentMaxBytes, files: s.attachmentMaxCount + 1, fields: 40 } });
  for await (const part of parts) {
    if (part.type === 'field') {
      if (part.fieldname === 'data' && typeof part.value === 'string') {
        try {
          Object.assign(fields, JSON.parse(part.value) as object);
        } catch {
          throw new AppError('complaint_field_invalid', { params: { field: 'data' }, details: { field: 'data' } });
        }
      } else fields[part.fieldname] = part.value;
      continue;
    }
    let content: Buffer;
    try {
      content = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || part.file.truncated)
        throw new AppError('upload_too_large', {
          params: { max: `${Math.round(s.attachmentMaxBytes / 1024)} KB` },
          details: { field: 'attachments' },
        });
      if ((e as { code?: string }).code === 'FST_FILES_LIMIT')
        throw new AppError('complaint_too_many_files', { params: { max: s.attachmentMaxCount }, details: { field: 'attachments' } });
      throw e;
    }
    if (content.length === 0) continue;
    const type = sniffType(content);
    if (type === null || !(ATTACHMENT_TYPES as readonly string[]).includes(type))
      throw new AppError('upload_type_not_allowed', {
        params: { types: 'PNG / JPEG / PDF' },
        details: { field: 'attachments', found: type },
      });
    files.push({ fileName: safeFileName(part.filename, type), content, type });
    if (files.length > s.attachmentMaxCount)
      throw new AppError('complaint_too_many_files', { params: { max: s.attachmentMaxCount }, details: { field: 'attachments' } });
  }
  return { fields, files };
}

/** /api/v1/public/complaints and /api/v1/complaints (docs/COMPLAINTS.md). */
export const complaintsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const pub = ['public'];
  app.get(
    '/public/challenge',
    {
      config: { public: true },
      schema: {
        tags: pub,
        description:
          'An arithmetic challenge for the complaint form: answer a + b as challengeAnswer with challengeToken (single use, expires).',
        response: { 200: ZChallenge },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'no-store').send(await intake.issueChallenge(ctx)),
  );
  app.post(
    '/public/complaints',
    {
      config: { public: true },
      // a JSON complaint: 2,000 characters of text (up to 6 bytes each when escaped) and short fields; a multipart one is
      // streamed and limited per file and in count by the complaint settings (readMultipart), not by this limit
      bodyLimit: PUBLIC_COMPLAINT_BODY_LIMIT,
      // the body is checked by the service field by field (JSON or multipart: the same checks, the field named)
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags: pub,
        description:
          'File a complaint (type complaint) or report (type report). JSON body as below, or multipart/form-data with the same fields (or one `data` field holding the JSON) and image/PDF files `attachments`.',
        body: ZComplaintIntake,
        response: { 201: ZComplaintReceipt },
      },
    },
    async (req, reply) => {
      const { fields, files } = req.isMultipart() ? await readMultipart(ctx, req) : { fields: req.body as unknown, files: [] };
      return reply.code(201).send(await intake.fileComplaint(ctx, fields, files, { ip: req.ip }));
    },
  );
  app.get(
    '/public/complaints/:trackingCode',
    { config: { public: true }, schema: { tags: pub, params: ZTrackingParams, response: { 200: ZPublicComplaintStatus } } },
    async (req, reply) =>
      reply.header('cache-control', 'no-store').send(await intake.publicStatus(ctx, req.params.trackingCode, { ip: req.ip })),
  );

  const tags = ['complaints'];
  app.get(
    '/complaints',
    { schema: { tags, querystring: ZComplaintListQuery, response: { 200: ZPage(ZComplaintListItem) } } },
    async (req) => complaints.listComplaints(ctx, actorOf(req), req.query),
  );
  app.get(
    '/complaints/export.xlsx',
    {
      schema: {
        tags,
        description: 'The complaint list as XLSX: the same filters and data scope as GET /complaints, name and phone masked.',
        querystring: ZComplaintExportQuery,
      },
    },
    async (req, reply) => {
      const { stream, fileName } = await startComplaintsExport(ctx, actorOf(req), req.query);
      reply.header('content-disposition', contentDisposition('attachment', fileName));
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(stream);
    },
  );
  app.get(
    '/complaints/stats',
    {
      schema: {
        tags,
        querystring: z.object({ from: z.string().max(30).optional(), to: z.string().max(30).optional() }),
        response: { 200: ZComplaintStats },
      },
    },
    async (req) => complaintStats(ctx, actorOf(req), req.query),
  );
  app.get('/complaints/settings', { schema: { tags, response: { 200: ZComplaintSettings } } }, async (req) =>
    readComplaintSettings(ctx, actorOf(req)),
  );
  app.patch(
    '/complaints/settings',
    { schema: { tags, body: ZUpdateComplaintSettings, response: { 200: ZComplaintSettings } } },
    async (req) => updateComplaintSettings(ctx, actorOf(req), req.body),
  );
  app.get(
    '/complaints/self-reports',
    { schema: { tags, querystring: ZUtilityComplaintReportQuery, response: { 200: ZPage(ZUtilityComplaintReport) } } },
    async (req) => self.listSelfReports(ctx, actorOf(req), req.query),
  );
  app.put(
    '/complaints/self-reports',
    { schema: { tags, body: ZUtilityComplaintReportInput, response: { 200: ZUtilityComplaintReport } } },
    async (req) => self.submitSelfReport(ctx, actorOf(req), req.body),
  );
  app.get('/complaints/:id', { schema: { tags, params: ZComplaintIdParams, response: { 200: ZComplaintDetail } } }, async (req) =>
    complaints.getComplaint(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/complaints/:id/personal',
    { schema: { tags, params: ZComplaintIdParams, response: { 200: ZComplaintPersonal } } },
    async (req) => complaints.showPersonal(ctx, actorOf(req), req.params.id),
  );
  app.get('/complaints/:id/attachments/:fileId', { schema: { tags, params: ZComplaintFileParams } }, async (req, reply) => {
    const f = await complaints.attachmentContent(ctx, actorOf(req), req.params.id, req.params.fileId);
    return reply
      .type(MIME[f.type] ?? 'application/octet-stream')
      .header(
        'content-disposition',
        `attachment; filename="attachment-${req.params.fileId}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      )
      .send(f.content);
  });
  const detail = { 200: ZComplaintDetail };
  app.post(
    '/complaints/:id/decision',
    { schema: { tags, params: ZComplaintIdParams, body: ZComplaintDecision, response: detail } },
    async (req) => complaints.decide(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/complaints/:id/assign',
    { schema: { tags, params: ZComplaintIdParams, body: ZComplaintAssign, response: detail } },
    async (req) => complaints.assign(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/complaints/:id/notes', { schema: { tags, params: ZComplaintIdParams, body: ZComplaintText, response: detail } }, async (req) =>
    complaints.addNote(ctx, actorOf(req), req.params.id, req.body.text),
  );
  app.post(
    '/complaints/:id/handling',
    { schema: { tags, params: ZComplaintIdParams, body: ZComplaintText, response: detail } },
    async (req) => complaints.addUtilityHandling(ctx, actorOf(req), req.params.id, req.body.text),
  );
  app.post(
    '/complaints/:id/pause',
    { schema: { tags, params: ZComplaintIdParams, body: ZComplaintPause, response: detail } },
    async (req) => complaints.pause(ctx, actorOf(req), req.params.id, req.body.reason),
  );
  app.post('/complaints/:id/resume', { schema: { tags, params: ZComplaintIdParams, response: detail } }, async (req) =>
    complaints.resume(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/complaints/:id/sessions',
    { schema: { tags, params: ZComplaintIdParams, body: ZMediationSessionInput, response: detail } },
    async (req) => complaints.addSession(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/complaints/:id/case-decision',
    { schema: { tags, params: ZComplaintIdParams, body: ZCaseDecisionInput, response: detail } },
    async (req) => complaints.decideCase(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/complaints/:id/case-extension', { schema: { tags, params: ZComplaintIdParams, response: detail } }, async (req) =>
    complaints.extendCaseDecision(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/complaints/:id/arbitrations',
    { schema: { tags, params: ZComplaintIdParams, body: ZArbitrationRequest, response: detail } },
    async (req) => complaints.requestArbitration(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/complaints/:id/arbitrations/:arbitrationId/refund',
    { schema: { tags, params: ZArbitrationParams, body: ZRefundRequest, response: detail } },
    async (req) => complaints.proposeRefund(ctx, actorOf(req), req.params.id, req.params.arbitrationId, req.body),
  );
  app.post(
    '/complaints/:id/reply',
    { schema: { tags, params: ZComplaintIdParams, body: ZComplaintReplyInput, response: detail } },
    async (req) => complaints.reply(ctx, actorOf(req), req.params.id, req.body.text),
  );
  app.post(
    '/complaints/:id/satisfaction',
    { schema: { tags, params: ZComplaintIdParams, body: ZSatisfactionInput, response: detail } },
    async (req) => complaints.recordSatisfaction(ctx, actorOf(req), req.params.id, req.body.satisfaction),
  );
};
