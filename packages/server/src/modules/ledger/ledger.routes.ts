import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import {
  CATEGORIES,
  IMPORT_MODES,
  t,
  ZCreateInstrumentRequest,
  ZCreateVerificationRequest,
  ZExportQuery,
  ZIdParams,
  ZImportJob,
  ZImportMapping,
  ZImportUploadQuery,
  ZInstrument,
  ZInstrumentDetail,
  ZInstrumentListQuery,
  ZInstrumentStateRequest,
  ZOk,
  ZPage,
  ZPageQuery,
  ZPublicInstrument,
  ZQrLabelQuery,
  ZQrSheetQuery,
  ZQueryFlag,
  ZReconcileResult,
  ZRowIssue,
  ZSaveImportMapping,
  ZUpdateInstrumentRequest,
} from '@qiangjian/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppContext, today } from '../../context.js';
import { AppError } from '../../errors.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import { uploadedFile } from '../../http/upload.js';
import { exportFileName, exportLedger } from './export/ledger-export.service.js';
import * as importJobs from './import/import-jobs.service.js';
import * as mappings from './import/import-mappings.service.js';
import { mappingFromQuery } from './import/import-mappings.service.js';
import { importTemplate } from './import/import-template.js';
import * as svc from './instruments.service.js';
import { getPublicInstrument, qrLabels, qrSheet } from './public.service.js';
import { reconcileRoster } from './reconcile/reconcile.service.js';

const tags = ['ledger'];
const ZWait = z.object({ wait: ZQueryFlag.optional() });

/** Ledger files and rosters: XLSX or delimited text (UTF-8/GBK), up to 200 MB (a county ledger is ~60 MB). */
const SHEET_UPLOAD = { maxBytes: 200 * 1024 * 1024, types: ['xlsx', 'csv'] } as const;

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

/** A failed job step surfaces as its error envelope when the caller waited for it. */
async function settled(ctx: AppContext, req: FastifyRequest, started: importJobs.StartedJob, wait: boolean | undefined) {
  if (!wait) return started.job;
  await started.done;
  const job = await importJobs.getImportJob(ctx, actorOf(req), started.job.id);
  if (job.state === 'failed' && job.error)
    throw new AppError(job.error.code as never, {
      message: job.error.message,
      details: { ...((job.error.details as object | null | undefined) ?? {}), jobId: job.id },
    });
  return job;
}

export const ledgerRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/instruments', { schema: { tags, querystring: ZInstrumentListQuery, response: { 200: ZPage(ZInstrument) } } }, async (req) =>
    svc.listInstruments(ctx, actorOf(req), req.query),
  );
  app.get('/instruments/qr-labels', { schema: { tags, querystring: ZQrLabelQuery } }, async (req, reply) => {
    const r = await qrLabels(ctx, actorOf(req), req.query.ids.split(',').map(Number), req.query.format, baseUrl(req));
    return reply.type(r.contentType).send(r.body);
  });
  app.get('/instruments/qr-labels.pdf', { schema: { tags, querystring: ZQrSheetQuery } }, async (req, reply) => {
    const pdf = await qrSheet(ctx, actorOf(req), req.query, baseUrl(req));
    const name = `${t('file.qrSheet', { date: today(ctx) })}.pdf`;
    return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', name)).send(pdf);
  });
  app.get('/instruments/:id', { schema: { tags, params: ZIdParams, response: { 200: ZInstrumentDetail } } }, async (req) =>
    svc.getInstrument(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/instruments',
    { schema: { tags, body: ZCreateInstrumentRequest, response: { 201: ZInstrumentDetail } } },
    async (req, reply) => {
      reply.status(201);
      return svc.createInstrument(ctx, actorOf(req), req.body);
    },
  );
  app.patch(
    '/instruments/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateInstrumentRequest, response: { 200: ZInstrumentDetail } } },
    async (req) => svc.updateInstrument(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/instruments/:id/state',
    { schema: { tags, params: ZIdParams, body: ZInstrumentStateRequest, response: { 200: ZInstrumentDetail } } },
    async (req) => svc.changeState(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/instruments/:id/nozzles',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z.object({ nozzleNo: z.number().int().min(1).max(99), fuelGrade: z.string().trim().max(50).nullish() }),
        response: { 200: ZInstrumentDetail },
      },
    },
    async (req) => svc.addNozzle(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/instruments/:id/verifications',
    { schema: { tags, params: ZIdParams, body: ZCreateVerificationRequest, response: { 200: ZInstrumentDetail } } },
    async (req) => svc.recordVerification(ctx, actorOf(req), req.params.id, req.body),
  );

  // ---- import jobs: upload → preview (dry run) → commit ----
  app.post(
    '/ledger/imports',
    { schema: { tags, querystring: ZImportUploadQuery.extend(ZWait.shape), response: { 202: ZImportJob, 200: ZImportJob } } },
    async (req, reply) => {
      const started = await importJobs.startImportJob(ctx, actorOf(req), {
        ...(await uploadedFile(req, SHEET_UPLOAD)),
        orgId: req.query.orgId,
        mode: req.query.mode,
        sheet: req.query.sheet,
        mapping: mappingFromQuery(req.query.mapping),
      });
      reply.status(req.query.wait ? 200 : 202);
      return settled(ctx, req, started, req.query.wait);
    },
  );
  // ---- import templates (docs/LEDGER.md "Import templates") ----
  app.get(
    '/ledger/import-template.xlsx',
    { schema: { tags, querystring: z.object({ category: z.enum(CATEGORIES) }) } },
    async (req, reply) => {
      const { bytes, fileName } = await importTemplate(actorOf(req), req.query.category);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', fileName))
        .send(bytes);
    },
  );
  // ---- saved column mappings (docs/LEDGER.md "Column mapping") ----
  app.get(
    '/ledger/import-mappings',
    { schema: { tags, querystring: z.object({ orgId: z.coerce.number().int().positive() }), response: { 200: z.array(ZImportMapping) } } },
    async (req) => mappings.listImportMappings(ctx, actorOf(req), req.query.orgId),
  );
  app.post(
    '/ledger/import-mappings',
    { schema: { tags, body: ZSaveImportMapping, response: { 201: ZImportMapping } } },
    async (req, reply) => {
      reply.status(201);
      return mappings.saveImportMapping(ctx, actorOf(req), req.body);
    },
  );
  app.delete('/ledger/import-mappings/:id', { schema: { tags, params: ZIdParams, response: { 200: ZOk } } }, async (req) =>
    mappings.deleteImportMapping(ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/ledger/imports',
    {
      schema: {
        tags,
        querystring: ZPageQuery.extend({ orgId: z.coerce.number().int().positive().optional() }),
        response: { 200: ZPage(ZImportJob) },
      },
    },
    async (req) => importJobs.listImportJobs(ctx, actorOf(req), req.query),
  );
  app.get('/ledger/imports/:id', { schema: { tags, params: ZIdParams, response: { 200: ZImportJob } } }, async (req) =>
    importJobs.getImportJob(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/ledger/imports/:id/commit',
    {
      schema: {
        tags,
        params: ZIdParams,
        querystring: ZWait,
        body: z.object({ mode: z.enum(IMPORT_MODES).optional() }).optional(),
        response: { 202: ZImportJob, 200: ZImportJob },
      },
    },
    async (req, reply) => {
      const started = await importJobs.commitImportJob(ctx, actorOf(req), req.params.id, req.body?.mode);
      reply.status(req.query.wait ? 200 : 202);
      return settled(ctx, req, started, req.query.wait);
    },
  );
  app.post(
    '/ledger/imports/:id/retry',
    { schema: { tags, params: ZIdParams, querystring: ZWait, response: { 202: ZImportJob, 200: ZImportJob } } },
    async (req, reply) => {
      const started = await importJobs.retryImportJob(ctx, actorOf(req), req.params.id);
      reply.status(req.query.wait ? 200 : 202);
      return settled(ctx, req, started, req.query.wait);
    },
  );
  app.delete('/ledger/imports/:id/file', { schema: { tags, params: ZIdParams, response: { 200: ZImportJob } } }, async (req) =>
    importJobs.deleteImportFile(ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/ledger/imports/:id/rejects',
    {
      schema: {
        tags,
        params: ZIdParams,
        querystring: ZPageQuery,
        response: {
          200: ZPage(z.object({ row: z.number().int(), raw: z.array(z.string()), errors: z.array(ZRowIssue) })).extend({
            columns: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => importJobs.listRejects(ctx, actorOf(req), req.params.id, req.query),
  );
  app.get('/ledger/imports/:id/error-file', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const pass = new PassThrough();
    const actor = actorOf(req);
    await importJobs.getImportJob(ctx, actor, req.params.id);
    const done = importJobs.writeJobErrorSheet(ctx, actor, req.params.id, pass);
    done.catch((e: unknown) => pass.destroy(e as Error));
    // a refusal comes before the first byte: answer it as an error envelope, not a broken stream
    await Promise.race([once(pass, 'readable').catch(() => undefined), done]);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition('attachment', `${t('file.importErrors', { id: req.params.id })}.xlsx`));
    return reply.send(pass);
  });

  // ---- export (Attachment 1 / e-CQS), streamed ----
  app.get('/ledger/export', { schema: { tags, querystring: ZExportQuery } }, async (req, reply) => {
    const q = req.query;
    if (!q.orgId && !q.region) throw new AppError('export_scope_required');
    const pass = new PassThrough();
    const done = exportLedger(ctx, actorOf(req), q, pass);
    done.catch((e: unknown) => pass.destroy(e as Error));
    // a refusal (403, 404 out of scope) comes before the first byte: answer it as an error envelope, not a broken stream
    await Promise.race([once(pass, 'readable').catch(() => undefined), done]);
    const types = {
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      csv: 'text/csv; charset=utf-8',
      json: 'application/json; charset=utf-8',
    };
    reply.header('content-type', types[q.format]);
    reply.header('content-disposition', contentDisposition('attachment', `${await exportFileName(ctx, actorOf(req), q)}.${q.format}`));
    return reply.send(pass);
  });

  // ---- roster reconciliation ----
  app.post(
    '/ledger/reconcile',
    {
      schema: {
        tags,
        querystring: z.object({
          orgId: z.coerce.number().int().positive(),
          asOf: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
        response: { 200: ZReconcileResult },
      },
    },
    async (req) =>
      reconcileRoster(ctx, actorOf(req), {
        ...(await uploadedFile(req, SHEET_UPLOAD)),
        orgId: req.query.orgId,
        asOf: req.query.asOf,
        limit: 1000,
      }),
  );

  // ---- public lookup (no login) ----
  app.get(
    '/public/instruments/:code',
    {
      config: { public: true },
      schema: { tags: ['public'], params: z.object({ code: z.string().max(64) }), response: { 200: ZPublicInstrument } },
    },
    async (req) => getPublicInstrument(ctx, req.params.code),
  );
};
