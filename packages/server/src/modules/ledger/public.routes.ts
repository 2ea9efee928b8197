import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { getPublicInstrument, renderPublicPage, searchPublic } from './public.service.js';
import { isPublicCode } from './public-code.js';

/**
 * `/p/<code>`: the public page behind an instrument's QR label (server-rendered, no login). `/p` without a query and
 * `/p/<anything that is not a public code>` (`/p/articles`, `/p/complaint` …) are pages of the portal (docs/PORTAL.md):
 * with the built web UI they get its index.html, without it the server's own search form or 404 page.
 */
export const ledgerRootRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const portal = () => app.hasDecorator('spaIndexHtml');
  // `/p`: the public search by public code, or serial + organization (docs/LEDGER.md "Public lookup"); without a
  // query: the portal home (web UI), whose look-up form submits here
  app.get(
    '/p',
    {
      config: { public: true },
      schema: { hide: true, querystring: z.object({ q: z.string().max(64).optional(), org: z.string().max(100).optional() }) },
    },
    async (req, reply) => {
      if (req.query.q === undefined && req.query.org === undefined && portal()) return reply.callNotFound();
      const r = await searchPublic(ctx, req.query);
      if ('redirect' in r) return reply.redirect(r.redirect, 303);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(r.html);
    },
  );
  app.get(
    '/p/:code',
    { config: { public: true }, schema: { hide: true, params: z.object({ code: z.string().max(64) }) } },
    async (req, reply) => {
      if (!isPublicCode(req.params.code.toLowerCase()) && portal()) return reply.callNotFound();
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      try {
        return renderPublicPage(await getPublicInstrument(ctx, req.params.code));
      } catch (e) {
        if (e instanceof AppError && e.code === 'not_found') return reply.status(404).send(renderPublicPage(null));
        throw e;
      }
    },
  );
};
