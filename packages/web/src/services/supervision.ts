import type { TDrawSummary, TInspector, TPublishedDraw, TTarget } from '@qiangjian/shared';
import { api, type Page } from './api.js';
import type { PageParams } from './orgs.js';

/** Supervision registers and draws (docs/SUPERVISION.md). */

export type TargetListQuery = { q?: string; kind?: string; townCode?: string; sort?: string };
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
