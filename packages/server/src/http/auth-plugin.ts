import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { authenticateSession, authenticateToken } from '../auth/auth.service.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { CSRF_HEADER, SESSION_COOKIE } from './request-context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor from a Bearer token or the session cookie, enforces the forced password change,
 * and checks the CSRF token on state-changing cookie-authenticated requests.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('mustChangePassword', false);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const cfg = req.routeOptions.config ?? {};
    const authz = req.headers.authorization;
    let viaCookie = false;
    if (authz?.startsWith('Bearer ')) {
      const a = await authenticateToken(opts.ctx, authz.slice(7).trim());
      if (!a) throw new AppError('unauthenticated');
      req.actor = a.actor;
      req.mustChangePassword = a.mustChangePassword;
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const a = await authenticateSession(opts.ctx, token);
        if (a) {
          req.actor = a.actor;
          req.mustChangePassword = a.mustChangePassword;
          req.csrfToken = a.csrfToken;
          viaCookie = true;
        }
      }
    }
    if (cfg.public) return;
    if (!req.actor) throw new AppError('unauthenticated');
    if (viaCookie && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== req.csrfToken) throw new AppError('csrf_invalid');
    }
    if (req.mustChangePassword && !cfg.allowDuringPasswordChange) throw new AppError('password_change_required');
  });
});
