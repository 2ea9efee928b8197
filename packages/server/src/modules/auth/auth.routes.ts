import {
  ZAdminApiToken,
  ZAdminTokenListQuery,
  ZApiToken,
  ZChangePasswordRequest,
  ZCreateTokenRequest,
  ZIdParams,
  ZLoginRequest,
  ZMe,
  ZOk,
  ZPage,
  ZSession,
  ZSessionParams,
  ZTotpCode,
  ZTotpEnrolment,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as auth from '../../auth/auth.service.js';
import type { AppContext } from '../../context.js';
import { actorOf, SESSION_COOKIE } from '../../http/request-context.js';

/** The login route is public: its body (a username and a password) never needs more than this. */
const LOGIN_BODY_LIMIT = 4096;
export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const cookieOpts = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.secureCookie,
    maxAge: ctx.config.sessionAbsoluteHours * 3600,
  };

  app.post(
    '/auth/login',
    {
      config: { public: true },
      bodyLimit: LOGIN_BODY_LIMIT,
      schema: { tags: ['auth'], summary: 'Log in', body: ZLoginRequest, response: { 200: ZMe } },
    },
    async (req, reply) => {
      const r = await auth.login(ctx, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      // Secure when configured, or when the request came over HTTPS (through a trusted proxy: req.protocol)
      reply.setCookie(SESSION_COOKIE, r.sessionToken, { ...cookieOpts, secure: cookieOpts.secure || req.protocol === 'https' });
      return r.me;
    },
  );

  app.post(
    '/auth/logout',
    { config: { allowDuringPasswordChange: true }, schema: { tags: ['auth'], response: { 200: ZOk } } },
    async (req, reply) => {
      await auth.logout(ctx, actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get('/auth/me', { config: { allowDuringPasswordChange: true }, schema: { tags: ['auth'], response: { 200: ZMe } } }, async (req) =>
    auth.me(ctx, actorOf(req), req.csrfToken),
  );

  app.post(
    '/auth/change-password',
    { config: { allowDuringPasswordChange: true }, schema: { tags: ['auth'], body: ZChangePasswordRequest, response: { 200: ZOk } } },
    async (req) => {
      await auth.changePassword(ctx, actorOf(req), req.body);
      return { ok: true as const };
    },
  );

  app.get('/auth/tokens', { schema: { tags: ['auth'], response: { 200: z.array(ZApiToken) } } }, async (req) =>
    auth.listTokens(ctx, actorOf(req)),
  );

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        body: ZCreateTokenRequest,
        response: { 200: z.object({ id: z.number(), token: z.string(), expiresAt: z.string().nullable() }) },
      },
    },
    async (req) => auth.createToken(ctx, actorOf(req), req.body),
  );

  app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], params: ZIdParams, response: { 200: ZOk } } }, async (req) => {
    await auth.revokeToken(ctx, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  // administrators: every user's tokens, and revoking any of them (DELETE /auth/tokens/:id)
  app.get(
    '/auth/all-tokens',
    { schema: { tags: ['auth'], querystring: ZAdminTokenListQuery, response: { 200: ZPage(ZAdminApiToken) } } },
    async (req) => auth.listAllTokens(ctx, actorOf(req), req.query),
  );

  // 我的会话: the caller's signed-in browsers; end one, or every other one
  app.get('/auth/sessions', { schema: { tags: ['auth'], response: { 200: z.array(ZSession) } } }, async (req) =>
    auth.listMySessions(ctx, actorOf(req)),
  );
  app.delete('/auth/sessions/:id', { schema: { tags: ['auth'], params: ZSessionParams, response: { 200: ZOk } } }, async (req) => {
    await auth.endMySession(ctx, actorOf(req), req.params.id);
    return { ok: true as const };
  });
  app.post(
    '/auth/sessions/end-others',
    { schema: { tags: ['auth'], response: { 200: z.object({ ended: z.number().int() }) } } },
    async (req) => auth.endOtherSessions(ctx, actorOf(req)),
  );

  // optional TOTP second factor (admin and regulator): enrol (secret + otpauth URI), confirm with a first code, disable
  app.post('/auth/totp/enrol', { schema: { tags: ['auth'], response: { 200: ZTotpEnrolment } } }, async (req) =>
    auth.enrolTotp(ctx, actorOf(req)),
  );
  app.post('/auth/totp/confirm', { schema: { tags: ['auth'], body: ZTotpCode, response: { 200: ZOk } } }, async (req) => {
    await auth.confirmTotp(ctx, actorOf(req), req.body.code);
    return { ok: true as const };
  });
  app.post('/auth/totp/disable', { schema: { tags: ['auth'], body: ZTotpCode, response: { 200: ZOk } } }, async (req) => {
    await auth.disableTotp(ctx, actorOf(req), req.body.code);
    return { ok: true as const };
  });
};
