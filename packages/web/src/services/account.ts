import type { TLoginRequest, TMe } from '@qiangjian/shared';
import { api } from './api.js';

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
