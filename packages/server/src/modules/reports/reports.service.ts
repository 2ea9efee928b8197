/**
 * The reports module's service face (docs/REPORTS.md): Attachments 2 and 3 as JSON, XLSX or PDF, their drill-downs
 * and the KPIs. Routes and the CLI call these; each checks `report.read` and the data scope (attachments/report-context).
 */
import type { ReportFormat, TAttachmentReport, TDrillPage, TDrillQuery, TKpiQuery, TKpiReport } from '@qiangjian/shared';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { computeAttachment2, drillAttachment2 } from './attachments/attachment2.service.js';
import { computeAttachment3, drillAttachment3 } from './attachments/attachment3.service.js';
import { computeKpis } from './attachments/kpi.service.js';
import type { ReportParams } from './attachments/report-context.js';
import { attachmentPdf, attachmentXlsx } from './attachments/report-output.js';

export type AttachmentId = 'attachment2' | 'attachment3';

export async function attachmentReport(ctx: AppContext, actor: Actor, id: AttachmentId, q: ReportParams): Promise<TAttachmentReport> {
  return id === 'attachment2' ? computeAttachment2(ctx, actor, q) : computeAttachment3(ctx, actor, q);
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
  return { format, report, bytes: format === 'xlsx' ? await attachmentXlsx(report) : await attachmentPdf(report) };
}

export async function drillAttachment(ctx: AppContext, actor: Actor, id: AttachmentId, q: TDrillQuery): Promise<TDrillPage> {
  return id === 'attachment2' ? drillAttachment2(ctx, actor, q) : drillAttachment3(ctx, actor, q);
}

export async function kpiReport(ctx: AppContext, actor: Actor, q: TKpiQuery): Promise<TKpiReport> {
  return computeKpis(ctx, actor, q);
}
