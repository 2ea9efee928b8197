import type { KpiGrouping, TAttachmentReport, TDrillPage, TKpiReport } from '@qiangjian/shared';
import { api, buildUrl } from './api.js';

/** Campaign statistics (docs/REPORTS.md): Attachments 2 and 3, drill-downs, KPIs. */
export type AttachmentId = 'attachment2' | 'attachment3';
export interface ReportQuery {
  regionCode: string;
  from: string;
  to: string;
  asOf?: string;
}
export interface DrillQuery extends ReportQuery {
  column: string;
  orgId?: number;
  meterType?: string;
  siteId?: number;
  page?: number;
  pageSize?: number;
}

export const getAttachment = (id: AttachmentId, q: ReportQuery) => api.get<TAttachmentReport>(`/reports/${id}`, { ...q });
export const attachmentDownloadUrl = (id: AttachmentId, q: ReportQuery, format: 'xlsx' | 'pdf') =>
  buildUrl(`/reports/${id}`, { ...q, format });
export const drillAttachment = (id: AttachmentId, q: DrillQuery) => api.get<TDrillPage>(`/reports/${id}/drill`, { ...q });
export const getKpis = (q: ReportQuery & { by?: KpiGrouping }) => api.get<TKpiReport>('/reports/kpi', { ...q });
