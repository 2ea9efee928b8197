import type {
  Role,
  TCreateOrganizationRequest,
  TCreateSiteRequest,
  TCreateUserRequest,
  TOrganization,
  TSite,
  TUpdateOrganizationRequest,
  TUser,
} from '@qiangjian/shared';
import { api, type Page, type RequestOptions } from './api.js';

/** Filters of GET /organizations (URL strings; the server validates them). */
export type OrgListQuery = { q?: string; kind?: string; regionCode?: string };
export type PageParams = { page?: number; pageSize?: number };

export const listOrganizations = (q: OrgListQuery & PageParams, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.get<Page<TOrganization>>('/organizations', q, opts);

export const getOrganization = (id: number, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.get<TOrganization>(`/organizations/${id}`, undefined, opts);

/** Form calls: errors go to the form (`applyFormError`). */
export const createOrganization = (body: TCreateOrganizationRequest) =>
  api.post<TOrganization>('/organizations', body, { skipErrorHandler: true });
export const updateOrganization = (id: number, body: TUpdateOrganizationRequest) =>
  api.patch<TOrganization>(`/organizations/${id}`, body, { skipErrorHandler: true });

/** Filters of GET /users. */
export type UserListQuery = { q?: string; role?: string; orgId?: string };

export const listUsers = (q: UserListQuery & PageParams) => api.get<Page<TUser>>('/users', q);

export interface UpdateUserBody {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  resetPassword?: string;
  /** turns the user's TOTP second factor off (lost phone) */
  resetTotp?: true;
}
export const createUser = (body: TCreateUserRequest) => api.post<TUser>('/users', body, { skipErrorHandler: true });
export const updateUser = (id: number, body: UpdateUserBody) => api.patch<TUser>(`/users/${id}`, body, { skipErrorHandler: true });

/** Filters of GET /sites (URL strings; the server validates them). */
export type SiteListQuery = { orgId?: string; townCode?: string; q?: string };
export const listSitePage = (q: SiteListQuery & PageParams) => api.get<Page<TSite>>('/sites', q);
export const createSite = (body: TCreateSiteRequest) => api.post<TSite>('/sites', body, { skipErrorHandler: true });
export const updateSite = (id: number, body: Partial<Omit<TCreateSiteRequest, 'orgId'>>) =>
  api.patch<TSite>(`/sites/${id}`, body, { skipErrorHandler: true });
