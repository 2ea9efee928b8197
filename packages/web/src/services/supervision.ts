import type {
  TCase,
  TDisclosure,
  TDrawDisclosureResult,
  TDrawSummary,
  TEnforcementSettings,
  TInspectionDisclosure,
  TInspector,
  TOrder,
  TPublishedDraw,
  TTarget,
} from '@qiangjian/shared';
import { API_BASE, api, type Page } from './api.js';
import type { PageParams } from './orgs.js';
import { upload } from './upload.js';

/** Supervision registers and draws (docs/SUPERVISION.md). */

export type TargetListQuery = { q?: string; kind?: string; townCode?: string; orgId?: string; sort?: string };
export const listTargets = (q: TargetListQuery & PageParams) => api.get<Page<TTarget>>('/supervision/targets', q);
export const refreshTargets = () => api.post<{ targets: number }>('/supervision/targets/refresh', {});

export type InspectorListQuery = { q?: string; officeId?: string };
export const listInspectors = (q: InspectorListQuery & PageParams) => api.get<Page<TInspector>>('/supervision/inspectors', q);
/** Errors go to the form. */
export const addConflict = (id: number, body: { creditCode: string; note?: string | null }) =>
  api.post<TInspector>(`/supervision/inspectors/${id}/conflicts`, body, { skipErrorHandler: true });

export type DrawListQuery = { state?: string };
export const listDraws = (q: DrawListQuery & PageParams) => api.get<Page<TDrawSummary>>('/supervision/draws', q);
export interface NewDrawBody {
  title: string;
  regionCode: string;
  kinds: string[];
  by: 'kind' | 'kind-town';
  ratioBp: number;
  min?: number;
  inspectorsPerTarget?: number;
  maxTargetsPerInspector?: number | null;
  highRiskRatioBp?: number | null;
  highRiskThreshold?: number | null;
  recusals?: { certNo: string; creditCode: string }[];
}
/** Errors go to the form. */
export const createDraw = (body: NewDrawBody) =>
  api.post<{ id: number; commitment: string }>('/supervision/draws', body, { skipErrorHandler: true });
export interface DrawDetail extends TDrawSummary {
  record: TPublishedDraw;
  targetNames: Record<string, string>;
  inspectorNames: Record<string, string>;
}
export const getDraw = (id: number | string) => api.get<DrawDetail>(`/supervision/draws/${id}`);
export const runDraw = (id: number, witness: string | null) => api.post<TPublishedDraw>(`/supervision/draws/${id}/run`, { witness });
/** The published record, no login; the page shows its own not-found. */
export const getPublicDraw = (id: number | string) => api.get<TPublishedDraw>(`/public/draws/${id}`, undefined, { skipErrorHandler: true });
/** Errors go to the form. */
export const createInspector = (body: { userId: number; certNo: string; validFrom: string; validUntil: string; officeId?: number }) =>
  api.post<TInspector>('/supervision/inspectors', body, { skipErrorHandler: true });

/** Findings, rectification orders, cases and the public disclosure (docs/ENFORCEMENT.md). */

export interface TFindingItem {
  id: number;
  orgId: number;
  orgName: string;
  code: string;
  date: string;
  source: string;
  note: string | null;
}
export type FindingListQuery = { code?: string; source?: string; orgId?: string; from?: string; to?: string };
export const listFindings = (q: FindingListQuery & PageParams) => api.get<Page<TFindingItem>>('/findings', q);

export type OrderListQuery = {
  state?: string;
  overdue?: string;
  code?: string;
  orgId?: string;
  reinspect?: string;
  from?: string;
  to?: string;
};
export const listOrders = (q: OrderListQuery & PageParams) => api.get<Page<TOrder>>('/supervision/orders', q);
export const getOrder = (id: number | string) => api.get<TOrder>(`/supervision/orders/${id}`);
export const orderSummary = () =>
  api.get<{ open: number; replied: number; overdue: number; unread: number }>('/supervision/orders/summary');
/** Errors go to the form. */
export const issueOrder = (body: { findingId: number; requiredActions?: string; issuedOn?: string; deadline?: string }) =>
  api.post<TOrder>('/supervision/orders', body, { skipErrorHandler: true });
export const uploadEvidence = (id: number, file: File) => upload<{ id: number }>(`/supervision/orders/${id}/files`, file);
export const replyOrder = (id: number, text: string) =>
  api.post<TOrder>(`/supervision/orders/${id}/reply`, { text }, { skipErrorHandler: true });
export const reviewOrder = (id: number, body: { outcome: 'close' | 'escalate'; method: string; reviewedOn: string; note?: string }) =>
  api.post<TOrder>(`/supervision/orders/${id}/review`, body, { skipErrorHandler: true });
export const orderFileUrl = (id: number, fileId: number) => `${API_BASE}/supervision/orders/${id}/files/${fileId}`;
export const orderNoticeUrl = (id: number, format: 'pdf' | 'docx', red = true) =>
  `${API_BASE}/supervision/orders/${id}/notice.${format}${red ? '?red=1' : ''}`;

export type CaseListQuery = { stage?: string; clock?: string; code?: string; orgId?: string; from?: string; to?: string };
export const listCases = (q: CaseListQuery & PageParams) => api.get<Page<TCase>>('/supervision/cases', q);
export const getCase = (id: number | string) => api.get<TCase>(`/supervision/cases/${id}`);
export const caseSummary = () =>
  api.get<{ byStage: Record<string, number>; warning: number; overdue: number; fines: number; gains: number }>(
    '/supervision/cases/summary',
  );
export const openCase = (body: { findingId: number; filedOn: string; summary: string }) =>
  api.post<TCase>('/supervision/cases', body, { skipErrorHandler: true });
export const caseAction = (id: number, action: 'notes' | 'extensions' | 'decision' | 'close', body: unknown) =>
  api.post<TCase>(`/supervision/cases/${id}/${action}`, body, { skipErrorHandler: true });
export const decisionUrl = (id: number, format: 'pdf' | 'docx', red = true) =>
  `${API_BASE}/supervision/cases/${id}/decision.${format}${red ? '?red=1' : ''}`;
export const getEnforcementSettings = () => api.get<TEnforcementSettings>('/supervision/enforcement-settings');

export type DisclosureQuery = { q?: string; kind?: string };
export const listDisclosures = (q: DisclosureQuery & PageParams) => api.get<Page<TDisclosure>>('/public/disclosures', q);
export const disclosurePdfUrl = (id: number) => `${API_BASE}/public/disclosures/${id}/document.pdf`;

/** 现场检查笔录 and the disclosure of inspection results (docs/SUPERVISION.md "Documents", "Disclosure of inspection results"). */
export const inspectionRecordUrl = (id: number, format: 'pdf' | 'docx') => `${API_BASE}/supervision/inspections/${id}/record.${format}`;
export const getInspectionDisclosure = (id: number) => api.get<TInspectionDisclosure>(`/supervision/inspections/${id}/disclosure`);
export const publishInspectionResult = (id: number) => api.post<TInspectionDisclosure>(`/supervision/inspections/${id}/disclosure`);
export const publishDrawResults = (drawId: number) => api.post<TDrawDisclosureResult>(`/supervision/draws/${drawId}/disclosure`);
