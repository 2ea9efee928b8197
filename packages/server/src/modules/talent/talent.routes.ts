import {
  ZCreateMetrologistRequest,
  ZIdParams,
  ZPage,
  ZPersonCertificateParams,
  ZPersonKeyParams,
  ZRecommendationExportQuery,
  ZRecommendationListQuery,
  ZRecommendRequest,
  ZTalentCertificateRequest,
  ZTalentListQuery,
  ZTalentPerson,
  ZTalentProfileRequest,
  ZTalentRecommendation,
  ZWithdrawRecommendationRequest,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import * as talent from './talent.service.js';

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

/** /api/v1/talent: the metrology talent pool, recommendations to the city bureau and their export (docs/TALENT.md). */
export const talentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['talent'];
  app.get('/talent/people', { schema: { tags, querystring: ZTalentListQuery, response: { 200: ZPage(ZTalentPerson) } } }, async (req) =>
    talent.listPeople(ctx, actorOf(req), req.query),
  );
  app.get('/talent/people/:key', { schema: { tags, params: ZPersonKeyParams, response: { 200: ZTalentPerson } } }, async (req) =>
    talent.getPerson(ctx, actorOf(req), req.params.key),
  );
  app.post(
    '/talent/metrologists',
    { schema: { tags, body: ZCreateMetrologistRequest, response: { 201: ZTalentPerson } } },
    async (req, reply) => reply.code(201).send(await talent.createMetrologist(ctx, actorOf(req), req.body)),
  );
  app.put(
    '/talent/people/:key/profile',
    { schema: { tags, params: ZPersonKeyParams, body: ZTalentProfileRequest, response: { 200: ZTalentPerson } } },
    async (req) => talent.updateProfile(ctx, actorOf(req), req.params.key, req.body),
  );
  app.post(
    '/talent/people/:key/certificates',
    { schema: { tags, params: ZPersonKeyParams, body: ZTalentCertificateRequest, response: { 201: ZTalentPerson } } },
    async (req, reply) => reply.code(201).send(await talent.addCertificate(ctx, actorOf(req), req.params.key, req.body)),
  );
  app.delete(
    '/talent/people/:key/certificates/:certId',
    { schema: { tags, params: ZPersonCertificateParams, response: { 200: ZTalentPerson } } },
    async (req) => talent.removeCertificate(ctx, actorOf(req), req.params.key, req.params.certId),
  );
  app.post(
    '/talent/people/:key/recommendation',
    { schema: { tags, params: ZPersonKeyParams, body: ZRecommendRequest, response: { 201: ZTalentPerson } } },
    async (req, reply) => reply.code(201).send(await talent.recommend(ctx, actorOf(req), req.params.key, req.body.reason)),
  );
  app.get(
    '/talent/recommendations',
    { schema: { tags, querystring: ZRecommendationListQuery, response: { 200: ZPage(ZTalentRecommendation) } } },
    async (req) => talent.listRecommendations(ctx, actorOf(req), req.query),
  );
  app.post(
    '/talent/recommendations/:id/withdraw',
    { schema: { tags, params: ZIdParams, body: ZWithdrawRecommendationRequest, response: { 200: ZTalentRecommendation } } },
    async (req) => talent.withdrawRecommendation(ctx, actorOf(req), req.params.id, req.body.reason),
  );
  app.get('/talent/recommendations/export', { schema: { tags, querystring: ZRecommendationExportQuery } }, async (req, reply) => {
    const r = await talent.exportRecommendations(ctx, actorOf(req), req.query.format);
    return reply.type(MIME[req.query.format]).header('content-disposition', contentDisposition('attachment', r.fileName)).send(r.bytes);
  });
};
