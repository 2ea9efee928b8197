import type { TLoginRequest, TMe, TSession } from '@qiangjian/shared';
import { api, type Page } from './api.js';

/** Login, password and personal API tokens of the logged-in user (`/auth/*`). */
export const login = (body: TLoginRequest) => api.post<TMe>('/auth/login', body, { skipErrorHandler: true });

export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  api.post<void>('/auth/change-password', body, { skipErrorHandler: true });

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const listTokens = () => api.get<ApiToken[]>('/auth/tokens');
/** The secret is in the answer only (shown once). */
export const createToken = (body: { name: string; expiresInDays?: number }) =>
  api.post<{ id: number; token: string }>('/auth/tokens', body, { skipErrorHandler: true });
export const revokeToken = (id: number) => api.del<void>(`/auth/tokens/${id}`);

/** An API token with its owner (administrators: GET /auth/all-tokens). */
export interface AdminApiToken extends ApiToken {
  userId: number;
  username: string;
  displayName: string;
}

export const listAllTokens = (q: { page: number; pageSize: number; q?: string; active?: '1' }) =>
  api.get<Page<AdminApiToken>>('/auth/all-tokens', q);

/** 我的会话: the signed-in browsers of the logged-in user. */
export const listSessions = () => api.get<TSession[]>('/auth/sessions');
export const endSession = (id: string) => api.del<void>(`/auth/sessions/${id}`);
export const endOtherSessions = () => api.post<{ ended: number }>('/auth/sessions/end-others');

/** Optional TOTP second factor (admin and regulator): a new secret and its otpauth URI, shown once. */
export const enrolTotp = () => api.post<{ secret: string; uri: string }>('/auth/totp/enrol');
export const confirmTotp = (code: string) => api.post<void>('/auth/totp/confirm', { code }, { skipErrorHandler: true });
export const disableTotp = (code: string) => api.post<void>('/auth/totp/disable', { code }, { skipErrorHandler: true });
