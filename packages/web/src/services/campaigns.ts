import type {
  TCampaign,
  TCampaignPhase,
  TCurrentCampaign,
  TParticipant,
  TRecheckDraw,
  TSelfInspection,
  TSelfInspectionForm,
} from '@qiangjian/shared';
import { api, buildUrl, type Page, request } from './api.js';
import type { PageParams } from './orgs.js';
import { upload } from './upload.js';

/** Campaigns (专项整治) and self-inspection (自查自纠): docs/CAMPAIGNS.md. */

export type CampaignListQuery = { year?: string };
export const listCampaigns = (q: CampaignListQuery & PageParams) => api.get<Page<TCampaign>>('/campaigns', q);
export const getCampaign = (id: number | string) => api.get<TCampaign>(`/campaigns/${id}`);
/** Errors go to the form. */
export const createCampaign = (body: { year: number; regionCode: string; name?: string }) =>
  api.post<TCampaign>('/campaigns', body, { skipErrorHandler: true });
export interface CampaignPatch {
  name?: string;
  phases?: TCampaignPhase[];
  reportingDays?: number[];
  finalReportDate?: string;
  selfInspectionDue?: string;
  targets?: TCampaign['targets'];
}
/** Errors go to the form. */
export const updateCampaign = (id: number, body: CampaignPatch) =>
  api.patch<TCampaign>(`/campaigns/${id}`, body, { skipErrorHandler: true });
export const setParticipants = (id: number, orgIds: number[]) =>
  request<TCampaign>('PUT', `/campaigns/${id}/participants`, { body: { orgIds } });
/** The banner's campaign: errors stay quiet (the home page shows nothing then). */
export const currentCampaign = () => api.get<TCurrentCampaign>('/campaigns/current', undefined, { skipErrorHandler: true });

export type ParticipantListQuery = { status?: string; kind?: string; gap?: string; overdue?: string };
export const listParticipants = (id: number | string, q: ParticipantListQuery & PageParams) =>
  api.get<Page<TParticipant>>(`/campaigns/${id}/participants`, q);
export const remind = (id: number, orgIds: number[]) =>
  api.post<{ reminded: number; at: string }>(`/campaigns/${id}/reminders`, { orgIds });

export const mySelfInspection = (id: number | string) => api.get<TSelfInspection>(`/campaigns/${id}/self-inspection`);
export const selfInspectionOf = (id: number | string, orgId: number | string) =>
  api.get<TSelfInspection>(`/campaigns/${id}/self-inspections/${orgId}`);
/** Errors go to the form. */
export const saveSelfInspection = (id: number, form: TSelfInspectionForm) =>
  request<TSelfInspection>('PUT', `/campaigns/${id}/self-inspection`, { body: { form }, skipErrorHandler: true });
export const submitSelfInspection = (id: number) => api.post<TSelfInspection>(`/campaigns/${id}/self-inspection/submit`);
export const correctSelfInspection = (id: number, reason: string) =>
  api.post<TSelfInspection>(`/campaigns/${id}/self-inspection/correction`, { reason });
export const uploadSelfInspectionFile = (id: number, file: File) => upload<{ id: number }>(`/campaigns/${id}/self-inspection/files`, file);
export const selfInspectionFileUrl = (id: number, orgId: number, fileId: number) =>
  buildUrl(`/campaigns/${id}/self-inspections/${orgId}/files/${fileId}`, {});
/** Attachment 1 of the organization as of the due date (the ledger export). */
export const attachment1Url = (orgId: number, asOf: string) =>
  buildUrl('/ledger/export', { orgId, asOf, format: 'xlsx', layout: 'attachment1' });

/** The re-check draw; a campaign without one answers 404 (shown as "none", not as an error). */
export const getRecheckDraw = (id: number) => api.get<TRecheckDraw>(`/campaigns/${id}/recheck-draw`, undefined, { skipErrorHandler: true });
export const commitRecheckDraw = (id: number) => api.post<TRecheckDraw>(`/campaigns/${id}/recheck-draw`);
export const runRecheckDraw = (id: number) => api.post<TRecheckDraw>(`/campaigns/${id}/recheck-draw/run`);
