import type { Category, TDueListItem, TInstrumentStatusExplain, TRule, TUpdateRuleRequest } from '@qiangjian/shared';
import { api, buildUrl, type Page } from './api.js';
import type { PageParams } from './orgs.js';

/** Filters of GET /due-list as the URL carries them (lists comma-separated, flags '1'). */
export type DueListQuery = {
  category?: string;
  status?: string;
  town?: string;
  dueFrom?: string;
  dueTo?: string;
  includeUnverified?: string;
};
export type DueListPage = Page<TDueListItem> & { asOf: string | null };

export const listDueList = (q: DueListQuery & PageParams) => api.get<DueListPage>('/due-list', q);
export const dueListExportUrl = (q: DueListQuery) => buildUrl('/due-list.xlsx', q);

/** Status of one instrument with reasons and citations (404 outside the user's scope). */
export const getInstrumentStatus = (instrumentId: number, asOf?: string) =>
  api.get<TInstrumentStatusExplain>(`/instruments/${instrumentId}/status`, { asOf });

/** GET /rule-settings item: the current value and, once edited, every version (1: the value before the first edit). */
export interface StatusSetting {
  key: string;
  value: string;
  updatedAt: string | null;
  history?: { version: number; value: string; recordedAt: string; recordedBy: string }[];
}

/** The rule catalog: current versions, or every version with `history`. */
export const listRules = (q: { category?: Category; history?: boolean } = {}) =>
  api.get<TRule[]>('/rules', { category: q.category, history: q.history ? '1' : undefined });

/** Admin edit of the current version `id`: the server records a new version (409 when `id` is no longer current). */
export const updateRule = (id: number, body: TUpdateRuleRequest) => api.patch<TRule>(`/rules/${id}`, body, { skipErrorHandler: true });

export const listStatusSettings = () => api.get<StatusSetting[]>('/rule-settings');

export const updateStatusSetting = (key: string, value: string) =>
  api.patch<StatusSetting>(`/rule-settings/${encodeURIComponent(key)}`, { value }, { skipErrorHandler: true });
