import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  notificationText,
  notificationTitle,
  type Role,
  type TNotificationParams,
  t,
} from '@qiangjian/shared';
import { NOTIFICATION_KIND_ROLES } from '@qiangjian/shared/data';

/** Pure rules of notifications (docs/NOTIFICATIONS.md): preferences with their defaults, kinds per role, e-mail text, back-off. */

export interface Preference {
  inApp: boolean;
  email: boolean;
}

/** Without a stored choice: in the inbox, no e-mail. */
export const DEFAULT_PREFERENCE: Preference = Object.freeze({ inApp: true, email: false });

/** The kinds a role can receive, in catalog order. */
export function kindsForRole(role: Role | 'system'): NotificationKind[] {
  if (role === 'system') return [];
  return NOTIFICATION_KINDS.filter((k) => NOTIFICATION_KIND_ROLES[k].includes(role));
}

export function preferenceOf(stored: ReadonlyMap<string, Preference> | undefined, kind: string): Preference {
  return stored?.get(kind) ?? DEFAULT_PREFERENCE;
}

/** The e-mail of a notification: the kind's title as subject, its text and the link as body. */
export function emailContent(
  kind: string,
  params: TNotificationParams,
  link: string,
  publicUrl: string | null,
): { subject: string; body: string } {
  const url = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${link}` : link;
  return {
    subject: `${notificationTitle(kind)}`,
    body: `${notificationText(kind, params)}\n\n${t('email.footer', { link: url })}\n`,
  };
}

/** Seconds before attempt `attempts` + 1 after `attempts` failed ones: base, 2×base, 4×base … at most a day. */
export function backoffSeconds(attempts: number, baseSeconds: number): number {
  return Math.min(86_400, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/**
 * After a failed attempt: again later (pending, with back-off) or failed for good — after `maxAttempts` attempts, or at
 * once when the server refused permanently (5xx).
 */
export function afterFailure(
  now: Date,
  attempts: number,
  o: { maxAttempts: number; baseSeconds: number; permanent: boolean },
): { state: 'pending' | 'failed'; nextAttemptAt: string } {
  if (o.permanent || attempts >= o.maxAttempts) return { state: 'failed', nextAttemptAt: now.toISOString() };
  return { state: 'pending', nextAttemptAt: new Date(now.getTime() + backoffSeconds(attempts, o.baseSeconds) * 1000).toISOString() };
}

/**
 * Whether a region or town code lies in a region (`150626` contains `150626100`; `150000` contains `1506…`; a 9-digit
 * town contains only itself).
 */
export function regionContains(region: string, code: string): boolean {
  let p = region;
  if (p.length !== 9) while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return code.startsWith(p);
}
