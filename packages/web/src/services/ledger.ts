import type { TImportJob, TImportMapping, TInstrument, TInstrumentDetail, TReconcileResult, TRowIssue, TSite } from '@qiangjian/shared';
import { API_BASE, api, buildUrl, type Page, type Query } from './api.js';
import type { PageParams } from './orgs.js';
import { upload } from './upload.js';

/** Filters and sort of GET /instruments (URL strings; the server validates them). */
export type InstrumentListQuery = {
  orgId?: string;
  category?: string;
  status?: string;
  siteId?: string;
  town?: string;
  ledgerState?: string;
  q?: string;
  sort?: string;
  order?: string;
};

export const listInstruments = (q: InstrumentListQuery & PageParams) => api.get<Page<TInstrument>>('/instruments', q);
/** Form-style call: a 404 (outside the user's scope) is shown by the page. */
export const getInstrument = (id: number | string) =>
  api.get<TInstrumentDetail>(`/instruments/${id}`, undefined, { skipErrorHandler: true });
/** Body as the form builds it (only the fields the category shows); errors go to the form. */
export const createInstrument = (body: Record<string, unknown>) => api.post<TInstrument>('/instruments', body, { skipErrorHandler: true });
export const updateInstrument = (id: number, body: Record<string, unknown>) =>
  api.patch<TInstrument>(`/instruments/${id}`, body, { skipErrorHandler: true });
export const changeInstrumentState = (id: number, body: Record<string, unknown>) =>
  api.post<TInstrumentDetail>(`/instruments/${id}/state`, body, { skipErrorHandler: true });
export const addVerification = (id: number, body: Record<string, unknown>) =>
  api.post<TInstrumentDetail>(`/instruments/${id}/verifications`, body, { skipErrorHandler: true });
/** QR label sheet (A4 PDF) of the given instruments. */
export const qrLabelsUrl = (ids: number[]) => `${API_BASE}/instruments/qr-labels.pdf?ids=${ids.join(',')}`;
/** QR label sheet (A4 PDF) of every instrument matching the list filters. */
export const qrLabelsMatchingUrl = (q: Query) => buildUrl('/instruments/qr-labels.pdf', q);

/** Sites of one organization (or of the user's scope), for pickers. */
export const listSites = (orgId?: number | string) => api.get<Page<TSite>>('/sites', { orgId, page: 1, pageSize: 200 });

/** XLSX/CSV export (a plain link: same-origin cookie). */
export const ledgerExportUrl = (q: Query) => buildUrl('/ledger/export', q);

/** Upload a ledger file: a dry-run job (preview) that `commitImport` writes. */
export const startImport = (file: File, q: { orgId: number; mode: string; mapping?: string }) =>
  upload<TImportJob>('/ledger/imports', file, { query: q });
/** Saves the mapping a preview was run with as the organization's template (docs/LEDGER.md "Column mapping"). */
export const saveImportMapping = (jobId: number, name: string) =>
  api.post<TImportMapping>('/ledger/import-mappings', { jobId, name }, { skipErrorHandler: true });
export const getImportJob = (id: number) => api.get<TImportJob>(`/ledger/imports/${id}`);
export const commitImport = (id: number, mode: string) => api.post<TImportJob>(`/ledger/imports/${id}/commit`, { mode });
/** Runs the preview again from a failed job's kept file (an interrupted job). */
export const retryImport = (id: number) => api.post<TImportJob>(`/ledger/imports/${id}/retry`);
/** Deletes a finished job's uploaded file (the job stays). */
export const deleteImportFile = (id: number) => api.del<TImportJob>(`/ledger/imports/${id}/file`);
export interface ImportRejects {
  columns: string[];
  items: { row: number; raw: string[]; errors: TRowIssue[] }[];
  total: number;
}
export const listImportRejects = (id: number, page: number) =>
  api.get<ImportRejects>(`/ledger/imports/${id}/rejects`, { page, pageSize: 20 });
export const importErrorFileUrl = (id: number) => `${API_BASE}/ledger/imports/${id}/error-file`;

/** Billing roster vs filed ledger. */
export const reconcileRoster = (file: File, q: { orgId: number; asOf?: string }) =>
  upload<TReconcileResult>('/ledger/reconcile', file, { query: q });

/** The import template of a category (XLSX: official headers, a sample row, drop-down lists). */
export const importTemplateUrl = (category: string) => buildUrl('/ledger/import-template.xlsx', { category });
