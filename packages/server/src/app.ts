import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.js';
import { registerAccessDenials } from './http/access-denials.js';
import { authPlugin } from './http/auth-plugin.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { MODULES } from './modules/index.js';
import { checkDatabaseReadable } from './modules/regions/regions.service.js';

export interface BuildOptions {
  ctx: AppContext;
  /** Serve the built web UI from config.webDist when it exists (default true). */
  serveWeb?: boolean;
  logger?: boolean;
  /** Called for every route as it is registered (the authorization matrix test lists them with it). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the Fastify app (API + OpenAPI + web UI). Never listens: tests use inject(). */
export async function build(opts: BuildOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel === 'silent' ? 'silent' : ctx.config.logLevel } : false,
    bodyLimit: 50 * 1024 * 1024,
    // client address and protocol from X-Forwarded-* only when the connection comes from a configured proxy
    trustProxy: ctx.config.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const dist = ctx.config.webDist;
  const webIndex =
    opts.serveWeb !== false && fs.existsSync(path.join(dist, 'index.html')) ? fs.readFileSync(path.join(dist, 'index.html')) : undefined;
  // One not-found handler: JSON 404 for the API, index.html for client routes of the built web UI.
  registerErrorHandler(app, { spaIndexHtml: webIndex, denials: registerAccessDenials(app, ctx) });
  // routes that hand a page to the web UI (the portal's /p) ask whether it is served
  if (webIndex) app.decorate('spaIndexHtml', webIndex);
  registerSecurityHeaders(app, { https: ctx.config.secureCookie });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'qiangjian API', version: '1', description: 'qiangjian — mandatory-verification instrument supervision' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'qj_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { ctx });

  await app.register(
    // biome-ignore lint/nursery/noMisusedPromises: Fastify plugins may be async functions
    async (api) => {
      api.get(
        '/health',
        {
          config: { public: true },
          schema: {
            tags: ['system'],
            response: { 200: z.object({ ok: z.boolean(), engine: z.string(), time: z.string(), demoMode: z.boolean() }) },
          },
        },
        async () => {
          // its own read connection: the check does not queue behind a long write (an import, a status refresh)
          await checkDatabaseReadable(ctx.handle.reader());
          return { ok: true, engine: ctx.engine, time: ctx.clock.now().toISOString(), demoMode: ctx.config.demoMode };
        },
      );
      for (const m of MODULES) if (m.routes) await api.register(m.routes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  for (const m of MODULES) if (m.rootRoutes) await app.register(m.rootRoutes, { ctx });

  if (webIndex) {
    await app.register(fastifyStatic, { root: ctx.config.webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}
