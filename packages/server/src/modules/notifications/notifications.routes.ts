import {
  ZEmailQueueItem,
  ZEmailQueueQuery,
  ZEmailQueueSummary,
  ZIdParams,
  ZMarkedCount,
  ZNotification,
  ZNotificationListQuery,
  ZNotificationPreferences,
  ZPage,
  ZUnreadCount,
  ZUpdateNotificationPreferences,
} from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import * as queue from './email-queue.service.js';
import * as inbox from './notifications.service.js';

/** /api/v1/notifications (the signed-in user's inbox and preferences) and /api/v1/admin/email-queue (docs/NOTIFICATIONS.md). */
export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    { schema: { tags, querystring: ZNotificationListQuery, response: { 200: ZPage(ZNotification) } } },
    async (req) => inbox.listNotifications(ctx, actorOf(req), req.query),
  );
  app.get('/notifications/unread-count', { schema: { tags, response: { 200: ZUnreadCount } } }, async (req) =>
    inbox.unreadCount(ctx, actorOf(req)),
  );
  app.post('/notifications/read-all', { schema: { tags, response: { 200: ZMarkedCount } } }, async (req) =>
    inbox.markAllRead(ctx, actorOf(req)),
  );
  app.post('/notifications/:id/read', { schema: { tags, params: ZIdParams, response: { 200: ZNotification } } }, async (req) =>
    inbox.markRead(ctx, actorOf(req), req.params.id),
  );
  app.get('/notifications/preferences', { schema: { tags, response: { 200: ZNotificationPreferences } } }, async (req) =>
    inbox.getPreferences(ctx, actorOf(req)),
  );
  app.put(
    '/notifications/preferences',
    { schema: { tags, body: ZUpdateNotificationPreferences, response: { 200: ZNotificationPreferences } } },
    async (req) => inbox.updatePreferences(ctx, actorOf(req), req.body),
  );
  app.get(
    '/admin/email-queue',
    { schema: { tags, querystring: ZEmailQueueQuery, response: { 200: ZPage(ZEmailQueueItem) } } },
    async (req) => queue.listEmailQueue(ctx, actorOf(req), req.query),
  );
  app.get('/admin/email-queue/summary', { schema: { tags, response: { 200: ZEmailQueueSummary } } }, async (req) =>
    queue.emailQueueSummary(ctx, actorOf(req)),
  );
  app.post('/admin/email-queue/:id/retry', { schema: { tags, params: ZIdParams, response: { 200: ZEmailQueueItem } } }, async (req) =>
    queue.retryEmail(ctx, actorOf(req), req.params.id),
  );
};
