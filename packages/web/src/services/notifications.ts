import type {
  EmailState,
  NotificationKind,
  TEmailQueueItem,
  TEmailQueueSummary,
  TNotification,
  TNotificationPreferences,
  TUpdateNotificationPreferences,
} from '@qiangjian/shared';
import { api, type Page, request } from './api.js';

/** The signed-in user's inbox and preferences (`/notifications`), and the e-mail queue (`/admin/email-queue`). docs/NOTIFICATIONS.md */
export type NotificationListQuery = { unread?: '1'; kind?: NotificationKind } & Record<string, string | undefined>;

export const listNotifications = (q: NotificationListQuery & { page: number; pageSize: number }) =>
  api.get<Page<TNotification>>('/notifications', q);
export const unreadCount = () => api.get<{ unread: number }>('/notifications/unread-count', undefined, { skipErrorHandler: true });
export const markRead = (id: number) => api.post<TNotification>(`/notifications/${id}/read`);
export const markAllRead = () => api.post<{ updated: number }>('/notifications/read-all');
export const getPreferences = () => api.get<TNotificationPreferences>('/notifications/preferences');
export const updatePreferences = (body: TUpdateNotificationPreferences) =>
  request<TNotificationPreferences>('PUT', '/notifications/preferences', { body });

export type EmailQueueQuery = { state?: EmailState } & Record<string, string | undefined>;
export const listEmailQueue = (q: EmailQueueQuery & { page: number; pageSize: number }) =>
  api.get<Page<TEmailQueueItem>>('/admin/email-queue', q);
export const emailQueueSummary = () => api.get<TEmailQueueSummary>('/admin/email-queue/summary');
export const retryEmail = (id: number) => api.post<TEmailQueueItem>(`/admin/email-queue/${id}/retry`);

/** The bell listens for this event to count again at once (after mark read / mark all read). */
export const UNREAD_CHANGED = 'qj:unread-changed';
export const announceUnreadChanged = () => window.dispatchEvent(new Event(UNREAD_CHANGED));
