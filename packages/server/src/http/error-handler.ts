import { t } from '@qiangjian/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { type AccessDenials, DENIED_CODES } from './access-denials.js';

/** One error envelope: { error: { code, message, details } } with stable codes and Chinese messages. */
export function registerErrorHandler(app: FastifyInstance, opts: { spaIndexHtml?: Buffer; denials?: AccessDenials } = {}): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      // Denials are counted (and audited per window): 403s, CSRF refusals, and a service's 404 to a signed-in caller.
      if (opts.denials && DENIED_CODES.has(err.code) && (err.code !== 'not_found' || req.actor)) opts.denials.record(req, err.code);
      return reply.status(err.httpStatus).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (isUniqueViolation(err)) {
      return reply.status(409).send({ error: { code: 'conflict', message: t('errors.conflict') } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: [
          err.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: v.message,
      }));
      return reply.status(400).send({ error: { code: 'validation_failed', message: t('errors.validation_failed'), details } });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response serialization failed');
      return reply.status(500).send({ error: { code: 'internal_error', message: t('errors.internal_error') } });
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode < 500) {
      const code = fe.statusCode === 413 ? 'invalid_parameter' : 'validation_failed';
      return reply
        .status(fe.statusCode)
        .send({ error: { code, message: t(`errors.${code}`, { name: 'body', reason: fe.message }), details: { reason: fe.message } } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: t('errors.internal_error') } });
  });
  app.setNotFoundHandler((req, reply) => {
    // SPA fallback: client routes of the built web UI get index.html; API and docs keep their JSON 404.
    if (opts.spaIndexHtml && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').send(opts.spaIndexHtml);
    return reply.status(404).send({ error: { code: 'not_found', message: t('errors.not_found'), details: { path: req.url } } });
  });
}

/** A unique-constraint violation from SQLite or PostgreSQL (a concurrent duplicate): 409, never 500. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
