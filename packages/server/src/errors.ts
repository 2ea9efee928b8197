import { ERROR_HTTP_STATUS, type ErrorCode, type TParams, t } from '@qiangjian/shared';

/** The one application error: a stable code, a Chinese message from the catalog, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly httpStatus: number;
  constructor(code: ErrorCode, opts: { params?: TParams; message?: string; details?: unknown } = {}) {
    super(opts.message ?? t(`errors.${code}`, opts.params));
    this.code = code;
    this.details = opts.details;
    this.httpStatus = ERROR_HTTP_STATUS[code];
  }
}

export function notFound(entity?: string, id?: string | number): AppError {
  return new AppError('not_found', { details: entity ? { entity, id } : undefined });
}

export function invalidParameter(name: string, reason: string): AppError {
  return new AppError('invalid_parameter', { params: { name, reason }, details: { name, reason } });
}
