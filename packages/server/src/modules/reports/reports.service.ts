/**
 * The reports module's service face (docs/REPORTS.md): Attachments 2 and 3 as JSON, XLSX or PDF, their drill-downs
 * and the KPIs. Routes and the CLI call these; each checks `report.read` and the data scope (attachments/report-context).
 */
import type { ReportFormat, TAttachmentReport, TDrillPage, TDrillQuery, TKpiQuery, TKpiReport } from '@qiangjian/shared';
import { recordAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import { readInWorker } from '../../lib/read-worker.js';
import { computeAttachment2, drillAttachment2 } from './attachments/attachment2.service.js';
import { computeAttachment3, drillAttachment3 } from './attachments/attachment3.service.js';
import { computeKpis } from './attachments/kpi.service.js';
import type { ReportReadInput } from './attachments/report.read.js';
import { type ReportParams, reportContext } from './attachments/report-context.js';
import { attachmentPdf, attachmentXlsx } from './attachments/report-output.js';

export type AttachmentId = 'attachment2' | 'attachment3';

const REPORT_READ = new URL('./attachments/report.read.ts', import.meta.url);

/**
 * Attachment 2 or 3. On a SQLite file the computation runs in a read worker (lib/read-worker.ts: its own read-only
 * connection, one read transaction), so the event loop keeps serving requests; otherwise in the main thread.
 */
export async function attachmentReport(ctx: AppContext, actor: Actor, id: AttachmentId, q: ReportParams): Promise<TAttachmentReport> {
  if (ctx.engine !== 'sqlite' || ctx.handle.location === ':memory:')
    return id === 'attachment2' ? computeAttachment2(ctx, actor, q) : computeAttachment3(ctx, actor, q);
  const rc = await reportContext(ctx, actor, q);
  const input: ReportReadInput = { id, rc, config: ctx.config, nowIso: nowIso(ctx) };
  for await (const [report] of readInWorker<ReportReadInput, TAttachmentReport>(ctx, {
    module: REPORT_READ,
    fn: 'computeReportRead',
    input,
  }))
    if (report) return report;
  throw new Error('report read worker returned nothing');
}

export type RenderedReport =
  | { format: 'json'; report: TAttachmentReport }
  | { format: 'xlsx' | 'pdf'; report: TAttachmentReport; bytes: Buffer };

/** The report in a format; XLSX and PDF refuse a report that breaks an identity (`report_identity_violated`). */
export async function renderAttachment(
  ctx: AppContext,
  actor: Actor,
  id: AttachmentId,
  q: ReportParams,
  format: ReportFormat,
): Promise<RenderedReport> {
  const report = await attachmentReport(ctx, actor, id, q);
  if (format === 'json') return { format, report };
  const bytes = format === 'xlsx' ? await attachmentXlsx(report) : await attachmentPdf(report);
  // exports are audited (docs/SECURITY.md): which table, template version, format, region, period and D
  await recordAuditAlone(ctx, actor, {
    action: 'export',
    entityType: 'report',
    entityId: id,
    data: {
      template: report.template,
      format,
      region: report.region.code,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      asOf: report.asOf,
      rows: report.rows.length,
    },
  });
  return { format, report, bytes };
}

export async function drillAttachment(ctx: AppContext, actor: Actor, id: AttachmentId, q: TDrillQuery): Promise<TDrillPage> {
  return id === 'attachment2' ? drillAttachment2(ctx, actor, q) : drillAttachment3(ctx, actor, q);
}

export async function kpiReport(ctx: AppContext, actor: Actor, q: TKpiQuery): Promise<TKpiReport> {
  return computeKpis(ctx, actor, q);
}
