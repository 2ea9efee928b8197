import { t } from '@qiangjian/shared';

/**
 * The one HTTP client of the web UI.
 * - JSON in and out, cookies same-origin, `x-csrf-token` on every non-GET request;
 * - every non-2xx answer becomes an ApiError carrying the server's code, Chinese message and details;
 * - ONE error-display policy (`showError`), applied unless the caller passes `skipErrorHandler`
 *   (forms do that and call `applyFormError` so the message lands on the right field).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not run the global error policy (the caller shows the error itself). */
  skipErrorHandler?: boolean;
  signal?: AbortSignal;
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;

/** Remembered from the login answer or GET /auth/me; sent on non-GET requests. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** Hooks the UI shell installs at start-up (antd message instance, router navigation). */
export interface ErrorPolicyHooks {
  notify: (text: string) => void;
  onUnauthenticated: () => void;
  onPasswordChangeRequired: () => void;
}

let hooks: ErrorPolicyHooks = {
  notify: (text) => console.error(text),
  onUnauthenticated: () => window.location.assign('/login'),
  onPasswordChangeRequired: () => window.location.assign('/change-password'),
};

export function installErrorPolicy(h: Partial<ErrorPolicyHooks>): void {
  hooks = { ...hooks, ...h };
}

/** The error-display policy: 401 → login page, forced password change → that page, else a message. */
export function showError(err: unknown): void {
  if (err instanceof ApiError) {
    if (err.status === 401) {
      hooks.onUnauthenticated();
      return;
    }
    if (err.code === 'password_change_required') {
      hooks.onPasswordChangeRequired();
      return;
    }
    hooks.notify(err.message);
    return;
  }
  if (err instanceof DOMException && err.name === 'AbortError') return;
  hooks.notify(t('pages.common.networkError'));
}

export function buildUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `${url}?${s}` : url;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData (services/upload.ts) sets its own multipart content type
  const isForm = opts.body instanceof FormData;
  if (opts.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : isForm ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    const err = e instanceof DOMException && e.name === 'AbortError' ? e : new ApiError(0, 'network_error', t('pages.common.networkError'));
    if (!opts.skipErrorHandler) showError(err);
    throw err;
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const env = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const err = new ApiError(res.status, env?.code ?? 'internal_error', env?.message ?? t('errors.internal_error'), env?.details);
    if (!opts.skipErrorHandler) showError(err);
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
};

/** A server-side page (ZPage). */
export interface Page<T> {
  items: T[];
  /** the number of matching rows, or the server's count cap when `totalCapped` */
  total: number;
  /** more than `total` rows match (the server counts up to its cap) */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}
