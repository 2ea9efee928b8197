import type { KpiGrouping, TAttachmentReport, TDrillPage, TKpiReport, TKpiTrend } from '@qiangjian/shared';
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
export interface KpiDrillQuery extends ReportQuery {
  kpi: string;
  part: 'numerator' | 'denominator';
  by?: KpiGrouping;
  group?: string;
  page?: number;
  pageSize?: number;
}
/** The records behind a KPI's numerator or denominator (docs/REPORTS.md). */
export const drillKpi = (q: KpiDrillQuery) => api.get<TDrillPage>('/reports/kpi/drill', { ...q });
/** The KPIs on each past reporting day of a campaign (docs/REPORTS.md). */
export const getKpiTrend = (q: { campaignId: number; by?: KpiGrouping }) => api.get<TKpiTrend>('/reports/kpi/trend', { ...q });
