import type {
  TApplication,
  TApplicationCandidate,
  TApplicationDetail,
  TApplicationFilter,
  TApplicationOptions,
  TAuthorization,
  TCalendarDay,
  TCreateRotationOrder,
  TRotationForecast,
  TRotationLot,
  TRotationOrder,
  TStandard,
  TVerifier,
} from '@qiangjian/shared';
import { API_BASE, api, type Page, request } from './api.js';
import type { PageParams } from './orgs.js';
import { upload } from './upload.js';

/** Filters of GET /applications (URL strings). */
export type ApplicationListQuery = { status?: string; overdue?: string };

export const listApplications = (q: ApplicationListQuery & PageParams) => api.get<Page<TApplication>>('/applications', q);
/** How many applications match (the 工作台 card). */
export const countApplications = (q: ApplicationListQuery) => listApplications({ ...q, pageSize: 1 }).then((p) => p.total);
/** One application; `instrumentsPage` pages its instruments (`instrumentsTotal` counts them all). */
export const getApplication = (id: number | string, q: { instrumentsPage?: number; instrumentsPageSize?: number } = {}) =>
  api.get<TApplicationDetail>(`/applications/${id}`, q);

/** Instruments picked by hand, or every candidate matching a filter (resolved by the server). */
export type ApplicationSelection =
  | { instrumentIds: number[]; filter?: undefined }
  | { filter: TApplicationFilter; instrumentIds?: undefined };

export type NewApplicationBody = ApplicationSelection & {
  institutionId: number;
  mode: string;
  preferredDate: string;
  contact: { name: string; phone: string };
};
/** Errors go to the form. */
export const createApplication = (body: NewApplicationBody) => api.post<TApplication>('/applications', body, { skipErrorHandler: true });
/** accept / return / resubmit / withdraw … of one application. */
export const applicationAction = (id: number, action: string, body?: unknown) => api.post<void>(`/applications/${id}/${action}`, body);
export const saveResults = (id: number, results: unknown[]) => api.post<void>(`/applications/${id}/results`, { results });
/** Results sheet (XLSX); the caller shows `result_import_invalid` with its row list and `showError`s the rest. */
export const importResults = (id: number, file: File) =>
  upload<{ imported: number }>(`/applications/${id}/results/import`, file, { skipErrorHandler: true });
export const slipUrl = (id: number) => `${API_BASE}/applications/${id}/slip.pdf`;
/** The A4 QR label sheet of an application's instruments. */
export const applicationQrLabelsUrl = (id: number) => `${API_BASE}/applications/${id}/qr-labels.pdf`;

/** Candidates of a new application (URL strings: lists comma-separated), paged by the server. */
export type CandidateQuery = { q?: string; category?: string; town?: string; status?: string; dueBefore?: string };
export const listCandidates = (q: CandidateQuery & PageParams) => api.get<Page<TApplicationCandidate>>('/applications/candidates', q);
/** What a selection allows before submitting: covering institutions, uncovered category/town pairs, defaults. */
export const applicationOptions = (body: Partial<ApplicationSelection> & { preferredDate?: string }) =>
  api.post<TApplicationOptions>('/applications/options', body);
export const resultNoticeUrl = (id: number, kind: 'result' | 'failure') => `${API_BASE}/applications/${id}/${kind}-notice.pdf`;

export interface InstitutionChoice {
  id: number;
  name: string;
  regionCode: string;
  authorizations: { categories: string[]; regionCode: string; validFrom: string; validTo: string }[];
}
export const listInstitutions = () => api.get<InstitutionChoice[]>('/verification/institutions');

export const listAuthorizations = () => api.get<Page<TAuthorization>>('/verification/authorizations', { pageSize: 200 });
export const listStandards = () => api.get<Page<TStandard>>('/verification/standards', { pageSize: 200 });
export const listVerifiers = () => api.get<Page<TVerifier>>('/verification/verifiers', { pageSize: 200 });
export type InstitutionRecordKind = 'authorizations' | 'standards' | 'verifiers';
export const createInstitutionRecord = (kind: InstitutionRecordKind, body: unknown) => api.post<void>(`/verification/${kind}`, body);
/** Marks a standard faulty: opens re-verification tasks for what it verified. */
export const markStandardFaulty = (id: number) => api.post<{ tasksOpened: number }>(`/verification/standards/${id}/faulty`, {});

export interface ExpiringRecord {
  kind: string;
  id: number;
  orgName: string;
  name: string;
  validUntil: string;
  daysLeft: number;
}
export const listExpiring = () => api.get<ExpiringRecord[]>('/verification/expiring');

export interface VerificationKpi {
  institutionId: number;
  institutionName: string;
  submitted: number;
  answered: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  medianHours: number | null;
  onTime: { numerator: number; denominator: number; rate: number | null };
  returnsWithoutFeedback: number;
  overdueOpen: number;
  unansweredResubmissions: number;
}
export interface OpenVersion {
  applicationId: number;
  version: number;
  orgName: string;
  institutionName: string;
  submittedAt: string;
  acceptDeadline: string;
  overdueWorkingDays: number;
}
export interface VerificationDashboard {
  from: string;
  to: string;
  institutions: VerificationKpi[];
  overdueAcceptances: OpenVersion[];
  unansweredResubmissions: OpenVersion[];
}

/** 预约受理时效 of a period. */
export const getVerificationDashboard = (range: { from: string; to: string }) =>
  api.get<VerificationDashboard>('/verification/dashboard', range);

// ---- working-day calendar and rotation (issue 15) ----
export const listCalendarYear = (year: number) => api.get<TCalendarDay[]>('/verification/calendar', { year });
export const putCalendarDay = (date: string, body: { kind: 'holiday' | 'workday' | 'normal'; name?: string | null }) =>
  request<{ date: string; kind: string; name: string | null }>('PUT', `/verification/calendar/${date}`, { body, skipErrorHandler: true });

export type RotationQuery = { orgId?: string; category?: string };
export const listRotationLots = (q: RotationQuery & { page?: number; pageSize?: number }) =>
  api.get<Page<TRotationLot>>('/rotation/lots', q);
export const listRotationOrders = (q: RotationQuery & { page?: number; pageSize?: number }) =>
  api.get<Page<TRotationOrder>>('/rotation/orders', q);
export const getRotationForecast = (q: RotationQuery & { from?: string }) => api.get<TRotationForecast>('/rotation/forecast', q);
export const createRotationOrder = (body: TCreateRotationOrder) =>
  api.post<TRotationOrder>('/rotation/orders', body, { skipErrorHandler: true });
