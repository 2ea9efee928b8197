import type { TMe } from '@qiangjian/shared';
import { API_BASE, ApiError, api, showError } from '../../services/api.js';

/** Multipart upload (the JSON client does not send FormData): same cookie, CSRF header from /auth/me. */
export async function upload<T>(path: string, file: File, query: Record<string, string | number | undefined>): Promise<T> {
  const me = await api.get<TMe>('/auth/me');
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') sp.set(k, String(v));
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await fetch(`${API_BASE}${path}?${sp.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': me.csrfToken ?? '', accept: 'application/json' },
    body: fd,
  });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error?.code ?? 'internal_error', data?.error?.message ?? '', data?.error?.details);
    showError(err);
    throw err;
  }
  return data as T;
}

export function exportUrl(q: Record<string, string | number | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') sp.set(k, String(v));
  return `${API_BASE}/ledger/export?${sp.toString()}`;
}
