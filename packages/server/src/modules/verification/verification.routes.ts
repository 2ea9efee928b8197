import {
  CATEGORIES,
  t,
  ZApplication,
  ZApplicationCandidate,
  ZApplicationCandidatesQuery,
  ZApplicationDetail,
  ZApplicationDetailQuery,
  ZApplicationListQuery,
  ZApplicationOptions,
  ZApplicationOptionsBody,
  ZAuthorization,
  ZCalendarDay,
  ZCalendarQuery,
  ZCreateApplication,
  ZCreateAuthorization,
  ZCreateRotationOrder,
  ZCreateStandard,
  ZCreateVerifier,
  ZDashboard,
  ZDashboardQuery,
  ZDateParams,
  ZExpiryItem,
  ZExpiryQuery,
  ZIdParams,
  ZMarkFaulty,
  ZOk,
  ZOversightListQuery,
  ZPage,
  ZPostResults,
  ZPostResultsResponse,
  ZPutCalendarDay,
  ZResubmitApplication,
  ZResult,
  ZReturnApplication,
  ZReverificationTask,
  ZRotateInstrument,
  ZRotationForecast,
  ZRotationForecastQuery,
  ZRotationLot,
  ZRotationLotQuery,
  ZRotationOrder,
  ZStandard,
  ZTaskListQuery,
  ZTraceQuery,
  ZTraceRow,
  ZUpdateAuthorization,
  ZUpdateStandard,
  ZUpdateVerificationSettings,
  ZUpdateVerifier,
  ZVerificationSettings,
  ZVerifier,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { actorOf } from '../../http/request-context.js';
import { uploadedFile } from '../../http/upload.js';
import * as apps from './applications/applications.service.js';
import { renderNotice } from './applications/result-notice.document.js';
import { renderSlip } from './applications/slip.document.js';
import * as settings from './calendar/settings.service.js';
import { dashboard } from './dashboard/dashboard.service.js';
import * as ov from './institutions/oversight.service.js';
import * as trace from './institutions/trace.service.js';
import { listResults, recordResults } from './results/results.service.js';
import { importResults } from './results/results-import.js';
import * as rot from './rotation/rotation.service.js';

const tags = ['verification'];

export const verificationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ---- settings and calendar ----
  app.get('/verification/settings', { schema: { tags, response: { 200: ZVerificationSettings } } }, async (req) =>
    settings.readSettings(ctx, actorOf(req)),
  );
  app.put(
    '/verification/settings',
    { schema: { tags, body: ZUpdateVerificationSettings, response: { 200: ZVerificationSettings } } },
    async (req) => settings.updateSettings(ctx, actorOf(req), req.body),
  );
  app.get(
    '/verification/calendar',
    { schema: { tags, querystring: ZCalendarQuery, response: { 200: z.array(ZCalendarDay) } } },
    async (req) => settings.listCalendarYear(ctx, actorOf(req), req.query.year),
  );
  app.put('/verification/calendar/:date', { schema: { tags, params: ZDateParams, body: ZPutCalendarDay } }, async (req) =>
    settings.putCalendarDay(ctx, actorOf(req), req.params.date, req.body),
  );

  // ---- institution oversight data ----
  app.get('/verification/institutions', { schema: { tags } }, async (req) => ov.listInstitutionChoices(ctx, actorOf(req)));
  app.get(
    '/verification/authorizations',
    { schema: { tags, querystring: ZOversightListQuery, response: { 200: ZPage(ZAuthorization) } } },
    async (req) => ov.listAuthorizations(ctx, actorOf(req), req.query),
  );
  app.post(
    '/verification/authorizations',
    { schema: { tags, body: ZCreateAuthorization, response: { 201: ZAuthorization } } },
    async (req, reply) => {
      reply.status(201);
      return ov.createAuthorization(ctx, actorOf(req), req.body);
    },
  );
  app.patch(
    '/verification/authorizations/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateAuthorization, response: { 200: ZAuthorization } } },
    async (req) => ov.updateAuthorization(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/verification/standards',
    { schema: { tags, querystring: ZOversightListQuery, response: { 200: ZPage(ZStandard) } } },
    async (req) => ov.listStandards(ctx, actorOf(req), req.query),
  );
  app.post('/verification/standards', { schema: { tags, body: ZCreateStandard, response: { 201: ZStandard } } }, async (req, reply) => {
    reply.status(201);
    return ov.createStandard(ctx, actorOf(req), req.body);
  });
  app.patch(
    '/verification/standards/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateStandard, response: { 200: ZStandard } } },
    async (req) => ov.updateStandard(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/verification/verifiers',
    { schema: { tags, querystring: ZOversightListQuery, response: { 200: ZPage(ZVerifier) } } },
    async (req) => ov.listVerifiers(ctx, actorOf(req), req.query),
  );
  app.post('/verification/verifiers', { schema: { tags, body: ZCreateVerifier, response: { 201: ZVerifier } } }, async (req, reply) => {
    reply.status(201);
    return ov.createVerifier(ctx, actorOf(req), req.body);
  });
  app.patch(
    '/verification/verifiers/:id',
    { schema: { tags, params: ZIdParams, body: ZUpdateVerifier, response: { 200: ZVerifier } } },
    async (req) => ov.updateVerifier(ctx, actorOf(req), req.params.id, req.body),
  );
  for (const [path, kind] of [
    ['authorizations', 'authorization'],
    ['standards', 'standard'],
    ['verifiers', 'verifier'],
  ] as const) {
    app.delete(`/verification/${path}/:id`, { schema: { tags, params: ZIdParams, response: { 200: ZOk } } }, async (req) => {
      await ov.deleteOversight(ctx, actorOf(req), kind, req.params.id);
      return { ok: true as const };
    });
  }
  app.get('/verification/expiring', { schema: { tags, querystring: ZExpiryQuery, response: { 200: z.array(ZExpiryItem) } } }, async (req) =>
    ov.expiryWarnings(ctx, actorOf(req), req.query.within),
  );

  // ---- reverse trace, faulty standards ----
  app.get(
    '/verification/standards/:id/trace',
    { schema: { tags, params: ZIdParams, querystring: ZTraceQuery, response: { 200: ZPage(ZTraceRow) } } },
    async (req) => trace.traceStandard(ctx, actorOf(req), req.params.id, req.query),
  );
  app.post('/verification/standards/:id/faulty', { schema: { tags, params: ZIdParams, body: ZMarkFaulty } }, async (req) =>
    trace.markStandardFaulty(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/verification/reverification-tasks',
    { schema: { tags, querystring: ZTaskListQuery, response: { 200: ZPage(ZReverificationTask) } } },
    async (req) => trace.listTasks(ctx, actorOf(req), req.query),
  );

  // ---- applications ----
  app.post(
    '/applications',
    { schema: { tags: ['applications'], body: ZCreateApplication, response: { 201: ZApplication } } },
    async (req, reply) => {
      reply.status(201);
      return apps.createApplication(ctx, actorOf(req), req.body);
    },
  );
  app.get(
    '/applications',
    { schema: { tags: ['applications'], querystring: ZApplicationListQuery, response: { 200: ZPage(ZApplication) } } },
    async (req) => apps.listApplications(ctx, actorOf(req), req.query),
  );
  app.get(
    '/applications/candidates',
    { schema: { tags: ['applications'], querystring: ZApplicationCandidatesQuery, response: { 200: ZPage(ZApplicationCandidate) } } },
    async (req) => apps.listCandidates(ctx, actorOf(req), req.query),
  );
  app.post(
    '/applications/options',
    { schema: { tags: ['applications'], body: ZApplicationOptionsBody, response: { 200: ZApplicationOptions } } },
    async (req) => apps.applicationOptions(ctx, actorOf(req), req.body),
  );
  app.get(
    '/applications/:id',
    { schema: { tags: ['applications'], params: ZIdParams, querystring: ZApplicationDetailQuery, response: { 200: ZApplicationDetail } } },
    async (req) => apps.getApplication(ctx, actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/applications/:id/accept',
    { schema: { tags: ['applications'], params: ZIdParams, response: { 200: ZApplication } } },
    async (req) => apps.acceptApplication(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/applications/:id/return',
    { schema: { tags: ['applications'], params: ZIdParams, body: ZReturnApplication, response: { 200: ZApplication } } },
    async (req) => apps.returnApplication(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/applications/:id/resubmit',
    { schema: { tags: ['applications'], params: ZIdParams, body: ZResubmitApplication, response: { 200: ZApplication } } },
    async (req) => apps.resubmitApplication(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/applications/:id/withdraw',
    { schema: { tags: ['applications'], params: ZIdParams, response: { 200: ZApplication } } },
    async (req) => apps.withdrawApplication(ctx, actorOf(req), req.params.id),
  );
  app.get('/applications/:id/qr-labels.pdf', { schema: { tags: ['applications'], params: ZIdParams } }, async (req, reply) => {
    const pdf = await apps.applicationQrSheet(ctx, actorOf(req), req.params.id, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
    const name = `${t('file.qrSheetApplication', { id: req.params.id })}.pdf`;
    return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', name)).send(pdf);
  });
  app.get('/applications/:id/slip.pdf', { schema: { tags: ['applications'], params: ZIdParams } }, async (req, reply) => {
    const pdf = await renderSlip(ctx, actorOf(req), req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="slip-${req.params.id}.pdf"`).send(pdf);
  });
  for (const [path, kind] of [
    ['result-notice.pdf', 'result'],
    ['failure-notice.pdf', 'failure'],
  ] as const) {
    app.get(`/applications/:id/${path}`, { schema: { tags: ['applications'], params: ZIdParams } }, async (req, reply) => {
      const { pdf, fileName } = await renderNotice(ctx, actorOf(req), req.params.id, kind);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="${kind}-notice-${req.params.id}.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .send(pdf);
    });
  }
  app.get(
    '/applications/:id/results',
    { schema: { tags: ['applications'], params: ZIdParams, response: { 200: z.array(ZResult) } } },
    async (req) => listResults(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/applications/:id/results',
    { schema: { tags: ['applications'], params: ZIdParams, body: ZPostResults, response: { 200: ZPostResultsResponse } } },
    async (req) => recordResults(ctx, actorOf(req), req.params.id, req.body.results),
  );
  app.post('/applications/:id/results/import', { schema: { tags: ['applications'], params: ZIdParams } }, async (req) => {
    const file = await uploadedFile(req, { maxBytes: 20 * 1024 * 1024, types: ['xlsx'] });
    return importResults(ctx, actorOf(req), req.params.id, file.content);
  });

  // ---- acceptance clock (findings: modules/supervision) ----
  app.get('/verification/dashboard', { schema: { tags, querystring: ZDashboardQuery, response: { 200: ZDashboard } } }, async (req) =>
    dashboard(ctx, actorOf(req), req.query),
  );

  // ---- rotation ----
  app.get(
    '/rotation/lots',
    { schema: { tags: ['rotation'], querystring: ZRotationLotQuery, response: { 200: ZPage(ZRotationLot) } } },
    async (req) => rot.listLots(ctx, actorOf(req), req.query),
  );
  app.get(
    '/rotation/forecast',
    { schema: { tags: ['rotation'], querystring: ZRotationForecastQuery, response: { 200: ZRotationForecast } } },
    async (req) => rot.forecast(ctx, actorOf(req), req.query),
  );
  app.get(
    '/rotation/orders',
    { schema: { tags: ['rotation'], querystring: ZRotationLotQuery, response: { 200: ZPage(ZRotationOrder) } } },
    async (req) => rot.listOrders(ctx, actorOf(req), req.query),
  );
  app.post(
    '/rotation/orders',
    { schema: { tags: ['rotation'], body: ZCreateRotationOrder, response: { 201: ZRotationOrder } } },
    async (req, reply) => {
      reply.status(201);
      return rot.createOrder(ctx, actorOf(req), req.body);
    },
  );
  app.post(
    '/rotation/orders/:id/rotate',
    { schema: { tags: ['rotation'], params: ZIdParams, body: ZRotateInstrument, response: { 200: ZRotationOrder } } },
    async (req) => rot.rotateInstrument(ctx, actorOf(req), req.params.id, req.body),
  );
  void CATEGORIES;
};
