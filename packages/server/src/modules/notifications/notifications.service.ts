import type {
  NotificationKind,
  Role,
  TNotification,
  TNotificationListQuery,
  TNotificationParams,
  TNotificationPreferences,
  TUpdateNotificationPreferences,
} from '@qiangjian/shared';
import { NOTIFICATION_KIND_ROLES, NOTIFICATION_RULES } from '@qiangjian/shared/data';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, requirePermission, SYSTEM_ACTOR } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { NotificationRow } from '../../db/schema-notifications.js';
import { AppError, notFound } from '../../errors.js';
import {
  type NotificationCandidate,
  type NotificationRecipient,
  type NotificationSource,
  type NotificationWindow,
  registeredNotificationSources,
} from './notification-source.js';
import * as repo from './notifications.repository.js';
import { emailContent, kindsForRole, type Preference, preferenceOf, regionContains } from './notifications.rules.js';

/**
 * Notifications (docs/NOTIFICATIONS.md): the inbox of the signed-in user, preferences, the direct `notify` other
 * modules call inside their transaction, and the producer that collects every module's sources.
 */

function userOf(actor: Actor): number {
  requirePermission(actor, 'notification.read');
  if (actor.userId === null) throw new AppError('forbidden', { details: { permission: 'notification.read' } });
  return actor.userId;
}

function present(r: NotificationRow): TNotification {
  return {
    id: Number(r.id),
    kind: r.kind as NotificationKind,
    params: JSON.parse(r.params) as TNotificationParams,
    link: r.link,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

// ---- the inbox ----

export async function listNotifications(ctx: AppContext, actor: Actor, q: TNotificationListQuery) {
  const userId = userOf(actor);
  const { total, rows } = await repo.inboxPage(
    ctx.db,
    userId,
    { unread: q.unread === '1', kind: q.kind },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  );
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export async function unreadCount(ctx: AppContext, actor: Actor): Promise<{ unread: number }> {
  return { unread: await repo.unreadCount(ctx.db, userOf(actor)) };
}

/** Marks one of the actor's notifications read (another user's answers 404, like a missing one). */
export async function markRead(ctx: AppContext, actor: Actor, id: number): Promise<TNotification> {
  const userId = userOf(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const n = await repo.notificationOfUser(trx, userId, id);
    if (!n) throw notFound('notification', id);
    if (n.read_at === null) {
      await repo.markRead(trx, userId, id, nowIso(ctx));
      await recordAudit(
        ctx,
        trx,
        actor,
        { action: 'notification_read', entityType: 'notification', entityId: String(id), data: {} },
        actor.orgId,
      );
    }
    return present((await repo.notificationOfUser(trx, userId, id)) as NotificationRow);
  });
}

export async function markAllRead(ctx: AppContext, actor: Actor): Promise<{ updated: number }> {
  const userId = userOf(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await repo.markAllRead(trx, userId, nowIso(ctx));
    if (updated > 0)
      await recordAudit(
        ctx,
        trx,
        actor,
        { action: 'notifications_read_all', entityType: 'notification', entityId: String(userId), data: { updated } },
        actor.orgId,
      );
    return { updated };
  });
}

// ---- preferences ----

async function storedPreferences(db: DbOrTrx, userIds: readonly number[]): Promise<Map<number, Map<string, Preference>>> {
  const out = new Map<number, Map<string, Preference>>();
  for (const p of await repo.preferencesOf(db, userIds)) {
    const m = out.get(p.user_id) ?? new Map<string, Preference>();
    out.set(p.user_id, m);
    m.set(p.kind, { inApp: p.in_app === 1, email: p.email === 1 });
  }
  return out;
}

export async function getPreferences(ctx: AppContext, actor: Actor): Promise<TNotificationPreferences> {
  const userId = userOf(actor);
  const stored = (await storedPreferences(ctx.db, [userId])).get(userId);
  const address = (await repo.addressesOf(ctx.db, [userId])).get(userId) ?? null;
  return {
    email: address,
    emailEnabled: ctx.config.smtp !== null,
    kinds: kindsForRole(actor.role).map((kind) => ({ kind, ...preferenceOf(stored, kind) })),
  };
}

export async function updatePreferences(
  ctx: AppContext,
  actor: Actor,
  body: TUpdateNotificationPreferences,
): Promise<TNotificationPreferences> {
  const userId = userOf(actor);
  const allowed = new Set<string>(kindsForRole(actor.role));
  (body.kinds ?? []).forEach((k, i) => {
    if (!allowed.has(k.kind)) throw new AppError('notification_kind_not_for_role', { details: { field: `kinds[${i}].kind` } });
  });
  const at = nowIso(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    for (const k of body.kinds ?? [])
      await repo.upsertPreference(trx, { user_id: userId, kind: k.kind, in_app: k.inApp ? 1 : 0, email: k.email ? 1 : 0, updated_at: at });
    if (body.email !== undefined) await repo.setAddress(trx, userId, body.email, at);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'notification_preferences_updated',
        entityType: 'notification',
        entityId: String(userId),
        data: { kinds: body.kinds ?? [], emailChanged: body.email !== undefined },
      },
      actor.orgId,
    );
  });
  return getPreferences(ctx, actor);
}

// ---- delivering candidates: the direct notify and the producer share it ----

/** Resolves recipients to active users; a candidate's org, town and region recipients take the kind's roles by default. */
async function resolve(db: DbOrTrx, candidates: readonly NotificationCandidate[]): Promise<Map<NotificationCandidate, number[]>> {
  const userIds = new Set<number>();
  const orgRoles = new Map<number, Set<Role>>();
  const townRoles = new Map<string, Set<Role>>();
  /** roles of region recipients: the bureaus over the region and the offices of its towns */
  const bureauRoles = new Set<Role>();
  const rolesOf = (c: NotificationCandidate, r: NotificationRecipient): readonly Role[] =>
    ('roles' in r && r.roles) || NOTIFICATION_KIND_ROLES[c.kind];
  const add = <K>(m: Map<K, Set<Role>>, k: K, roles: readonly Role[]) => {
    const s = m.get(k) ?? new Set<Role>();
    m.set(k, s);
    for (const x of roles) s.add(x);
  };
  for (const c of candidates)
    for (const r of c.recipients) {
      if ('userId' in r) userIds.add(r.userId);
      else if ('orgId' in r) add(orgRoles, r.orgId, rolesOf(c, r));
      else if ('town' in r) add(townRoles, r.town, rolesOf(c, r));
      else for (const x of rolesOf(c, r)) bureauRoles.add(x);
    }
  const allRoles = (m: Map<unknown, Set<Role>>) => [...new Set([...m.values()].flatMap((s) => [...s]))];
  const [byId, ofOrgs, ofTowns, ofBureaus, ofOffices] = await Promise.all([
    repo.usersByIds(db, [...userIds]),
    repo.usersOfOrgs(db, [...orgRoles.keys()], allRoles(orgRoles)),
    repo.usersOfTownOffices(db, [...townRoles.keys()], allRoles(townRoles)),
    repo.usersOfBureaus(db, [...bureauRoles]),
    repo.usersOfOffices(db, [...bureauRoles]),
  ]);
  const activeIds = new Set(byId.map((u) => u.id));
  const orgUsers = new Map<number, typeof ofOrgs>();
  for (const u of ofOrgs) orgUsers.set(u.org_id, [...(orgUsers.get(u.org_id) ?? []), u]);
  const townUsers = new Map<string, typeof ofTowns>();
  for (const u of ofTowns) townUsers.set(u.town, [...(townUsers.get(u.town) ?? []), u]);
  const out = new Map<NotificationCandidate, number[]>();
  for (const c of candidates) {
    const ids = new Set<number>();
    for (const r of c.recipients) {
      if ('userId' in r) {
        if (activeIds.has(r.userId)) ids.add(r.userId);
        continue;
      }
      const roles = rolesOf(c, r);
      const pick = (list: readonly { id: number; role: string }[] | undefined) => {
        for (const u of list ?? []) if (roles.includes(u.role as Role)) ids.add(u.id);
      };
      if ('orgId' in r) pick(orgUsers.get(r.orgId));
      else if ('town' in r) pick(townUsers.get(r.town));
      else {
        pick(ofBureaus.filter((u) => regionContains(u.region, r.region)));
        pick(ofOffices.filter((u) => regionContains(r.region, u.town)));
      }
    }
    out.set(c, [...ids]);
  }
  return out;
}

/**
 * Inserts the candidates for their recipients inside `trx`: one notification per user and dedupe key (a second call
 * with the same key inserts nothing), in the inbox unless the user turned the kind off there, and queued as e-mail
 * when the user chose e-mail for the kind, has an address and SMTP is configured. Returns how many were created.
 */
async function deliver(ctx: AppContext, trx: DbOrTrx, candidates: readonly NotificationCandidate[]): Promise<number> {
  if (candidates.length === 0) return 0;
  const recipients = await resolve(trx, candidates);
  const allUsers = [...new Set([...recipients.values()].flat())];
  const prefs = await storedPreferences(trx, allUsers);
  const at = nowIso(ctx);
  const rows: repo.NewNotification[] = [];
  const emailWanted = new Map<string, { c: NotificationCandidate }>();
  for (const c of candidates) {
    for (const userId of recipients.get(c) ?? []) {
      const p = preferenceOf(prefs.get(userId), c.kind);
      const email = p.email && ctx.config.smtp !== null;
      if (!p.inApp && !email) continue;
      rows.push({
        user_id: userId,
        org_id: c.orgId ?? null,
        kind: c.kind,
        dedupe_key: c.dedupeKey,
        params: JSON.stringify(c.params),
        link: c.link,
        in_app: p.inApp ? 1 : 0,
        created_at: at,
      });
      if (email) emailWanted.set(`${userId}\u0000${c.dedupeKey}`, { c });
    }
  }
  const inserted = await repo.insertNotifications(trx, rows);
  if (emailWanted.size > 0) {
    const wanted = inserted.filter((r) => emailWanted.has(`${r.user_id}\u0000${r.dedupe_key}`));
    const addresses = await repo.addressesOf(trx, [...new Set(wanted.map((r) => r.user_id))]);
    const emails: repo.NewEmail[] = [];
    for (const r of wanted) {
      const address = addresses.get(r.user_id);
      const c = emailWanted.get(`${r.user_id}\u0000${r.dedupe_key}`)?.c;
      if (!address || !c) continue;
      const content = emailContent(c.kind, c.params, c.link, ctx.config.publicUrl);
      emails.push({
        notification_id: r.id,
        user_id: r.user_id,
        to_address: address,
        subject: content.subject,
        body: content.body,
        next_attempt_at: at,
        created_at: at,
      });
    }
    await repo.insertEmails(trx, emails);
  }
  return inserted.length;
}

/**
 * Event-style notifications from inside another module's transaction (docs/NOTIFICATIONS.md, "Direct notify"):
 * `await notify(ctx, trx, { kind: 'complaint_assigned', dedupeKey: \`complaint_assigned:${id}:${officeId}\`,
 * recipients: [{ orgId: officeId }], params: { trackingCode }, link: \`/complaints/${id}\` })`. Rolled back with the
 * caller's transaction; idempotent per recipient and dedupe key. Returns how many notifications were created.
 */
export async function notify(
  ctx: AppContext,
  trx: Trx,
  candidate: NotificationCandidate | readonly NotificationCandidate[],
): Promise<number> {
  return deliver(ctx, trx, Array.isArray(candidate) ? candidate : [candidate as NotificationCandidate]);
}

const LAST_RUN_KEY = 'notifications.producer.last_run';

export interface ProduceResult {
  candidates: number;
  created: number;
  window: NotificationWindow;
}

/**
 * The producer: asks every source for the candidates of the window since the previous run (or `lookbackDays` back) and
 * delivers them idempotently, in transactions of at most 500 candidates; one audit entry per run that created any.
 * Running it twice creates nothing the second time.
 */
export async function produceNotifications(
  ctx: AppContext,
  o: { sources?: readonly NotificationSource[]; lookbackDays?: number } = {},
): Promise<ProduceResult> {
  const sources = o.sources ?? registeredNotificationSources();
  const to = nowIso(ctx);
  const last = o.lookbackDays === undefined ? await repo.settingValue(ctx.db, LAST_RUN_KEY) : undefined;
  const lookback = new Date(ctx.clock.now().getTime() - (o.lookbackDays ?? NOTIFICATION_RULES.lookbackDays) * 86_400_000).toISOString();
  // a run overlaps the previous one by an hour: events written while it ran are not missed (the dedupe keys absorb the rest)
  const from = last && last > lookback ? new Date(new Date(last).getTime() - 3_600_000).toISOString() : lookback;
  const window: NotificationWindow = { from, to, today: today(ctx) };
  const candidates: NotificationCandidate[] = [];
  for (const s of sources) candidates.push(...(await s.collect(ctx, window)));
  let created = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500);
    created += await ctx.db.transaction().execute((trx) => deliver(ctx, trx, chunk));
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repo.upsertSetting(trx, LAST_RUN_KEY, to, to);
    if (created > 0)
      await recordAudit(ctx, trx, SYSTEM_ACTOR, {
        action: 'notifications_produced',
        entityType: 'notification',
        entityId: 'producer',
        data: { candidates: candidates.length, created, from, to },
      });
  });
  return { candidates: candidates.length, created, window };
}
