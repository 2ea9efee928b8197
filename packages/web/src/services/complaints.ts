import type {
  TComplaintDetail,
  TComplaintListItem,
  TComplaintSettings,
  TComplaintStats,
  TPublicComplaintStatus,
  TRefundProposal,
} from '@qiangjian/shared';
import { api, buildUrl, type Page, request } from './api.js';
import type { PageParams } from './orgs.js';

/** Complaints and reports (投诉举报): docs/COMPLAINTS.md. */

export interface Challenge {
  token: string;
  question: string;
  a: number;
  b: number;
  expiresAt: string;
}
/** The instrument the public form names (its public page's data: category, site, town). */
export const publicInstrument = (code: string) =>
  api.get<{ code: string; category: string; categoryLabel: string; siteName: string | null; town: string | null }>(
    `/public/instruments/${encodeURIComponent(code)}`,
    undefined,
    { skipErrorHandler: true },
  );
export const getChallenge = () => api.get<Challenge>('/public/challenge');
export interface Receipt {
  trackingCode: string;
  receivedAt: string;
  decisionDeadline: string;
}
/** The public form: multipart (fields as one `data` JSON part, photos as `attachments`); errors go to the form. */
export function fileComplaint(fields: Record<string, unknown>, files: File[]): Promise<Receipt> {
  const fd = new FormData();
  fd.append('data', JSON.stringify(fields));
  for (const f of files) fd.append('attachments', f, f.name);
  return request<Receipt>('POST', '/public/complaints', { body: fd, skipErrorHandler: true });
}
export const publicStatus = (code: string) =>
  api.get<TPublicComplaintStatus>(`/public/complaints/${encodeURIComponent(code)}`, undefined, { skipErrorHandler: true });

export type ComplaintListQuery = {
  stage?: string;
  type?: string;
  subject?: string;
  townCode?: string;
  orgId?: string;
  flag?: string;
  mine?: string;
  decidedInTime?: string;
  mediation?: string;
};
export const listComplaints = (q: ComplaintListQuery & PageParams) => api.get<Page<TComplaintListItem>>('/complaints', q);
/** The list as XLSX with the same filters (personal data masked as in the list). */
export const complaintsExportUrl = (q: ComplaintListQuery) => buildUrl('/complaints/export.xlsx', q);
export const complaintStats = () => api.get<TComplaintStats>('/complaints/stats');
export const getComplaint = (id: number | string) => api.get<TComplaintDetail>(`/complaints/${id}`);
export const showPersonal = (id: number) => api.post<{ name: string | null; phone: string | null }>(`/complaints/${id}/personal`);
export const complaintAttachmentUrl = (id: number, fileId: number) => buildUrl(`/complaints/${id}/attachments/${fileId}`, {});
const act = (id: number, path: string, body?: unknown) => api.post<TComplaintDetail>(`/complaints/${id}/${path}`, body);
export const decideComplaint = (id: number, body: { accept: true } | { accept: false; reason: string }) => act(id, 'decision', body);
export const assignComplaint = (id: number, body: { officeId?: number; handlerUserId?: number }) => act(id, 'assign', body);
export const addComplaintNote = (id: number, text: string) => act(id, 'notes', { text });
export const addUtilityHandling = (id: number, text: string) => act(id, 'handling', { text });
export const pauseComplaint = (id: number, reason: string) => act(id, 'pause', { reason });
export const resumeComplaint = (id: number) => act(id, 'resume');
export const addMediationSession = (id: number, body: { heldOn: string; parties: string[]; summary: string; outcome: string }) =>
  act(id, 'sessions', body);
export const decideCase = (
  id: number,
  body: { decision: string; note?: string; caseId?: number; targetId?: number; plannedDate?: string; inspectorIds?: number[] },
) => act(id, 'case-decision', body);
export const extendCaseDecision = (id: number) => act(id, 'case-extension');
export const requestArbitration = (
  id: number,
  body: { institutionId: number; preferredDate: string; contactName: string; contactPhone: string },
) => act(id, 'arbitrations', body);
export const proposeRefund = (
  id: number,
  arbitrationId: number,
  body: { billedQuantity: number; billedFrom: string; billedTo: string; errorPct?: number },
) => act(id, `arbitrations/${arbitrationId}/refund`, body);
export const replyComplaint = (id: number, text: string) => act(id, 'reply', { text });
export const recordSatisfaction = (id: number, satisfaction: number) => act(id, 'satisfaction', { satisfaction });

export const complaintSettings = () => api.get<TComplaintSettings>('/complaints/settings');
export interface SelfReport {
  id: number;
  orgId: number;
  orgName: string;
  meterType: string;
  periodStart: string;
  periodEnd: string;
  handled: number;
  metersReplaced: number;
  submittedAt: string;
  submittedBy: string;
}
export const listSelfReports = (q: PageParams) => api.get<Page<SelfReport>>('/complaints/self-reports', q);
export const submitSelfReport = (body: {
  periodStart: string;
  periodEnd: string;
  meterType: string;
  handled: number;
  metersReplaced: number;
}) => request<SelfReport>('PUT', '/complaints/self-reports', { body, skipErrorHandler: true });
export type { TRefundProposal };
