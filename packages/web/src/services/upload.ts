import { type Query, type RequestOptions, request } from './api.js';

/**
 * Multipart upload of one file (field `file`) through the one HTTP client: same cookie, CSRF header, ApiError and
 * error policy as every JSON call. Pass `skipErrorHandler` to show some errors yourself (then call `showError` for
 * the others).
 */
export function upload<T>(path: string, file: File, opts: { query?: Query } & Pick<RequestOptions, 'skipErrorHandler'> = {}): Promise<T> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return request<T>('POST', path, { query: opts.query, body: fd, skipErrorHandler: opts.skipErrorHandler });
}
