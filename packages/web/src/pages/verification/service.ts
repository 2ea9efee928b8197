import type { TApplication, TApplicationDetail } from '@qiangjian/shared';
import { API_BASE, ApiError, showError } from '../../services/api.js';

export type { TApplication, TApplicationDetail };

export interface InstitutionChoice {
  id: number;
  name: string;
  regionCode: string;
  authorizations: { categories: string[]; regionCode: string; validFrom: string; validTo: string }[];
}

/** Hours between now and the deadline (negative when overdue), rounded to one decimal. */
export function hoursLeft(deadline: string, now = Date.now()): number {
  return Math.round(((new Date(deadline).getTime() - now) / 3_600_000) * 10) / 10;
}

/** Local date-time text (browser zone) of an ISO instant: YYYY-MM-DD HH:mm. */
export function localDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Multipart upload with the CSRF header; errors follow the one error policy unless the caller handles them. */
export async function uploadFile<T>(path: string, file: File, csrf: string | null | undefined): Promise<T> {
  const fd = new FormData();
  fd.append('file', file);
  const headers: Record<string, string> = {};
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`${API_BASE}${path}`, { method: 'POST', body: fd, credentials: 'same-origin', headers });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error?.code ?? 'internal_error', data?.error?.message ?? '', data?.error?.details);
    if (err.code !== 'result_import_invalid') showError(err);
    throw err;
  }
  return data as T;
}
