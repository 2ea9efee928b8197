import {
  ORDER_FILE_MAX_BYTES,
  t,
  ZCreateOrderRequest,
  ZEnforcementSettings,
  ZIdParams,
  ZOrder,
  ZOrderFile,
  ZOrderListQuery,
  ZOrderSummary,
  ZPage,
  ZReplyOrderRequest,
  ZReviewOrderRequest,
  ZUpdateEnforcementSettings,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { contentDisposition } from '../../../http/content-disposition.js';
import { actorOf } from '../../../http/request-context.js';
import { uploadedFile } from '../../../http/upload.js';
import { renderOrderNotice } from '../documents/enforcement.documents.js';
import { readEnforcementSettings, updateEnforcementSettings } from './enforcement-settings.service.js';
import * as orders from './orders.service.js';

/** Evidence: PDF or an image, at most ORDER_FILE_MAX_BYTES each. */
const EVIDENCE_UPLOAD = { maxBytes: ORDER_FILE_MAX_BYTES, types: ['pdf', 'png', 'jpeg'] as const };
const MIME: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ZDocQuery = z.object({ red: z.enum(['0', '1']).optional() });

/** /api/v1/supervision/orders (责令改正) and the enforcement settings (docs/ENFORCEMENT.md). */
export const ordersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['orders'];
  app.get('/supervision/orders', { schema: { tags, querystring: ZOrderListQuery, response: { 200: ZPage(ZOrder) } } }, async (req) =>
    orders.listOrders(ctx, actorOf(req), req.query),
  );
  app.post('/supervision/orders', { schema: { tags, body: ZCreateOrderRequest, response: { 201: ZOrder } } }, async (req, reply) =>
    reply.code(201).send(await orders.issueOrder(ctx, actorOf(req), req.body)),
  );
  app.get('/supervision/orders/summary', { schema: { tags, response: { 200: ZOrderSummary } } }, async (req) =>
    orders.orderSummary(ctx, actorOf(req)),
  );
  app.get('/supervision/orders/:id', { schema: { tags, params: ZIdParams, response: { 200: ZOrder } } }, async (req) =>
    orders.getOrder(ctx, actorOf(req), req.params.id),
  );
  app.post('/supervision/orders/:id/files', { schema: { tags, params: ZIdParams, response: { 201: ZOrderFile } } }, async (req, reply) => {
    const actor = actorOf(req);
    const file = await uploadedFile(req, EVIDENCE_UPLOAD);
    return reply.code(201).send(await orders.addEvidenceFile(ctx, actor, req.params.id, file));
  });
  app.get(
    '/supervision/orders/:id/files/:fileId',
    { schema: { tags, params: z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() }) } },
    async (req, reply) => {
      const f = await orders.evidenceFile(ctx, actorOf(req), req.params.id, req.params.fileId);
      return reply
        .type(MIME[f.type] ?? 'application/octet-stream')
        .header('content-disposition', contentDisposition('attachment', f.fileName))
        .send(f.content);
    },
  );
  app.post(
    '/supervision/orders/:id/reply',
    { schema: { tags, params: ZIdParams, body: ZReplyOrderRequest, response: { 200: ZOrder } } },
    async (req) => orders.replyOrder(ctx, actorOf(req), req.params.id, req.body.text),
  );
  app.post(
    '/supervision/orders/:id/review',
    { schema: { tags, params: ZIdParams, body: ZReviewOrderRequest, response: { 200: ZOrder } } },
    async (req) => orders.reviewOrder(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get('/supervision/orders/:id/notice.pdf', { schema: { tags, params: ZIdParams, querystring: ZDocQuery } }, async (req, reply) => {
    const pdf = await renderOrderNotice(ctx, actorOf(req), req.params.id, 'pdf', req.query.red === '1');
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('inline', `${t('file.orderNotice', { id: req.params.id })}.pdf`))
      .send(pdf);
  });
  app.get('/supervision/orders/:id/notice.docx', { schema: { tags, params: ZIdParams, querystring: ZDocQuery } }, async (req, reply) => {
    const docx = await renderOrderNotice(ctx, actorOf(req), req.params.id, 'docx', req.query.red === '1');
    return reply
      .type(DOCX)
      .header('content-disposition', contentDisposition('attachment', `${t('file.orderNotice', { id: req.params.id })}.docx`))
      .send(docx);
  });

  app.get('/supervision/enforcement-settings', { schema: { tags, response: { 200: ZEnforcementSettings } } }, async (req) =>
    readEnforcementSettings(ctx, actorOf(req)),
  );
  app.put(
    '/supervision/enforcement-settings',
    { schema: { tags, body: ZUpdateEnforcementSettings, response: { 200: ZEnforcementSettings } } },
    async (req) => updateEnforcementSettings(ctx, actorOf(req), req.body),
  );
};
