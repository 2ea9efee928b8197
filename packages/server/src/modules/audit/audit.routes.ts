import { ZAuditEntry, ZAuditListQuery, ZPage } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit, verifyAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';

const ZProblem = z.object({
  chain: z.string(),
  seq: z.number().nullable(),
  id: z.number().nullable(),
  problem: z.string(),
  keyId: z.string().optional(),
});

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/audit', { schema: { tags: ['audit'], querystring: ZAuditListQuery, response: { 200: ZPage(ZAuditEntry) } } }, async (req) =>
    listAudit(ctx, actorOf(req), req.query),
  );
  app.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        response: {
          200: z.object({
            ok: z.boolean(),
            chains: z.number(),
            entries: z.number(),
            failure: ZProblem.optional(),
            problems: z.array(ZProblem),
          }),
        },
      },
    },
    async (req) => {
      const r = await verifyAudit(ctx, actorOf(req));
      return { ok: r.ok, chains: r.chains, entries: r.entries, failure: r.failure, problems: r.problems };
    },
  );
};
