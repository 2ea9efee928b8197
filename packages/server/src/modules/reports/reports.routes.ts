import {
  t,
  ZDrillPage,
  ZDrillQuery,
  ZKpiDrillQuery,
  ZKpiQuery,
  ZKpiReport,
  ZKpiTrend,
  ZKpiTrendQuery,
  ZReportQuery,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { contentDisposition, fileNamePart } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import { type AttachmentId, drillAttachment, kpiDrill, kpiReport, kpiTrend, renderAttachment } from './reports.service.js';
import { submissionsRoutes } from './submissions/submissions.routes.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** /api/v1/reports (docs/REPORTS.md): Attachments 2 and 3 (JSON, or `format=xlsx|pdf` as a download), drill-downs, KPIs (drill-down, trend). */
export const reportsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['reports'];
  for (const id of ['attachment2', 'attachment3'] as AttachmentId[]) {
    app.get(`/reports/${id}`, { schema: { tags, querystring: ZReportQuery } }, async (req, reply) => {
      const { format = 'json', ...q } = req.query;
      const r = await renderAttachment(ctx, actorOf(req), id, q, format);
      // the report job checked it against ZAttachmentReport (off the event loop)
      if (r.format === 'json') return reply.send(r.report);
      const base = t('file.attachmentReport', {
        title: t(`file.attachmentReport.${id}`),
        region: fileNamePart(r.report.region.name),
        from: q.from,
        to: q.to,
      });
      return reply
        .type(r.format === 'xlsx' ? XLSX : 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', `${base}.${r.format}`))
        .send(r.bytes);
    });
    app.get(`/reports/${id}/drill`, { schema: { tags, querystring: ZDrillQuery, response: { 200: ZDrillPage } } }, async (req) =>
      drillAttachment(ctx, actorOf(req), id, req.query),
    );
  }
  app.get('/reports/kpi', { schema: { tags, querystring: ZKpiQuery, response: { 200: ZKpiReport } } }, async (req) =>
    kpiReport(ctx, actorOf(req), req.query),
  );
  app.get('/reports/kpi/drill', { schema: { tags, querystring: ZKpiDrillQuery, response: { 200: ZDrillPage } } }, async (req) =>
    kpiDrill(ctx, actorOf(req), req.query),
  );
  app.get('/reports/kpi/trend', { schema: { tags, querystring: ZKpiTrendQuery, response: { 200: ZKpiTrend } } }, async (req) =>
    kpiTrend(ctx, actorOf(req), req.query),
  );
  await submissionsRoutes(app, { ctx });
};
