import type { TReportChain, TReportDayList, TReportSubmission, TUpdateReportSubmission } from '@qiangjian/shared';
import { api, buildUrl, request } from './api.js';

/** Progress and final reports of a campaign (docs/REPORTS-SUBMISSIONS.md). */
export const listReportDays = (campaignId: number) => api.get<TReportDayList>('/report-submissions', { campaignId });
export const draftReport = (campaignId: number, day: string) => api.post<TReportSubmission>('/report-submissions', { campaignId, day });
export const getReportSubmission = (id: number | string) => api.get<TReportSubmission>(`/report-submissions/${id}`);
export const updateReportSubmission = (id: number, body: TUpdateReportSubmission) =>
  api.patch<TReportSubmission>(`/report-submissions/${id}`, body);
export const decideReportSubmission = (id: number, decision: 'approve' | 'return', comment: string) =>
  api.post<TReportSubmission>(`/report-submissions/${id}/decision`, { decision, comment });
export const correctReportSubmission = (id: number, reason: string) =>
  api.post<TReportSubmission>(`/report-submissions/${id}/correction`, { reason });
export const reportDocumentUrl = (id: number, format: 'docx' | 'pdf') => buildUrl(`/report-submissions/${id}/document`, { format });
export const getReportChain = () => api.get<TReportChain>('/report-submissions/chain');
export const setReportChain = (body: TReportChain) => request<TReportChain>('PUT', '/report-submissions/chain', { body });
