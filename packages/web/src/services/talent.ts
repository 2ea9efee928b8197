import type { TTalentCertificateRequest, TTalentPerson, TTalentProfileRequest, TTalentRecommendation } from '@qiangjian/shared';
import { api, buildUrl, type Page, request } from './api.js';
import type { PageParams } from './orgs.js';

/** The metrology talent pool (docs/TALENT.md). */

export type TalentListQuery = { q?: string; source?: string; certificate?: string; marked?: string; recommended?: string };
export const listTalent = (q: TalentListQuery & PageParams) => api.get<Page<TTalentPerson>>('/talent/people', q);
export const getTalent = (key: string) => api.get<TTalentPerson>(`/talent/people/${key}`);
/** Errors go to the form. */
export const saveTalentProfile = (key: string, body: TTalentProfileRequest) =>
  request<TTalentPerson>('PUT', `/talent/people/${key}/profile`, { body, skipErrorHandler: true });
/** Errors go to the form. */
export const addTalentCertificate = (key: string, body: TTalentCertificateRequest) =>
  api.post<TTalentPerson>(`/talent/people/${key}/certificates`, body, { skipErrorHandler: true });
export const removeTalentCertificate = (key: string, certId: number) =>
  api.del<TTalentPerson>(`/talent/people/${key}/certificates/${certId}`);
/** Errors go to the form. */
export const createMetrologist = (body: { orgId: number; name: string; title: string | null }) =>
  api.post<TTalentPerson>('/talent/metrologists', body, { skipErrorHandler: true });
/** Errors go to the form. */
export const recommendTalent = (key: string, reason: string) =>
  api.post<TTalentPerson>(`/talent/people/${key}/recommendation`, { reason }, { skipErrorHandler: true });
export const listRecommendations = (q: { state?: string } & PageParams) =>
  api.get<Page<TTalentRecommendation>>('/talent/recommendations', q);
/** Errors go to the form. */
export const withdrawRecommendation = (id: number, reason: string) =>
  api.post<TTalentRecommendation>(`/talent/recommendations/${id}/withdraw`, { reason }, { skipErrorHandler: true });
export const recommendationsExportUrl = (format: 'xlsx' | 'pdf') => buildUrl('/talent/recommendations/export', { format });
