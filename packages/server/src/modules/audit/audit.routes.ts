import { t, ZAuditEntry, ZAuditListQuery, ZAuditVerifyResult, ZPage } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit, verifyAudit } from '../../audit/audit.service.js';
import { createCheckpoint } from '../../audit/audit-checkpoint.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';

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
          200: ZAuditVerifyResult,
        },
      },
    },
    async (req) => {
      const r = await verifyAudit(ctx, actorOf(req));
      return { ok: r.ok, chains: r.chains, entries: r.entries, failure: r.failure, problems: r.problems };
    },
  );
  app.get(
    '/audit/checkpoint',
    {
      schema: {
        tags: ['audit'],
        description: 'A signed checkpoint of every chain head, as a download to keep off the database host (`audit verify --against`).',
      },
    },
    async (req, reply) => {
      const cp = await createCheckpoint(ctx, actorOf(req));
      const name = `${t('file.auditCheckpoint', { at: cp.at.replace(/[-:.]/g, '') })}.json`;
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', name))
        .send(`${JSON.stringify(cp, null, 2)}\n`);
    },
  );
};
