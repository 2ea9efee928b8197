import type { FastifyInstance } from 'fastify';

/**
 * Response headers every answer carries (等级保护 2.0 application controls: no framing, no MIME sniffing, no
 * referrer to other sites, scripts only from this origin). The web UI's styles are injected at run time by Ant
 * Design, so styles may be inline; scripts may not. The OpenAPI UI under /api/docs keeps its own page rules.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `https`: always send HSTS (QIANGJIAN_SECURE_COOKIE); otherwise only on requests that came over HTTPS (a trusted proxy says so). */
export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    // API answers carry personal and scoped data: no shared or browser cache keeps them
    if (req.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (opts.https || req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
