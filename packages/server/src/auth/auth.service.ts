import { createHash, randomBytes } from 'node:crypto';
import {
  type OrgKind,
  PASSWORD_MIN_LENGTH,
  type PasswordChangeReason,
  type Permission,
  ROLE_PERMISSIONS,
  type Role,
  type TAdminTokenListQuery,
  type TMe,
  TOTP_ROLES,
  type TSession,
  t,
} from '@qiangjian/shared';
import { DEMO_PASSWORD } from '@qiangjian/shared/data';
import { recordAudit, recordAuditAlone } from '../audit/audit.service.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';
import { can, requirePermission } from './actor.js';
import * as repo from './auth.repository.js';
import { hashPassword, type PasswordProblem, passwordProblem, verifyPassword } from './password.js';
import { base32Encode, matchTotp, otpauthUri } from './totp.js';

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// A stable dummy hash so that unknown usernames cost the same time as wrong passwords.
let dummyHash: Promise<string> | null = null;

interface Loaded {
  actor: Actor;
  mustChange: boolean;
  changeReason: PasswordChangeReason | null;
  totpEnabled: boolean;
  orgName: string;
  displayName: string;
}

/**
 * Why the user must change the password before anything else: it was set by an administrator or the seed
 * (`must_change_password`), or it is older than `passwordMaxAgeDays` (counted from the last change, else from the
 * account's creation; 0 days: never expires).
 */
function passwordChangeReason(
  ctx: AppContext,
  row: { must_change_password: number; password_changed_at: string | null; created_at: string },
): PasswordChangeReason | null {
  if (row.must_change_password === 1) return 'initial';
  const days = ctx.config.passwordMaxAgeDays;
  if (days > 0) {
    const since = new Date(row.password_changed_at ?? row.created_at).getTime();
    if (ctx.clock.now().getTime() - since > days * 86400000) return 'expired';
  }
  return null;
}

async function actorFromUserId(ctx: AppContext, userId: number, via: Actor['via'], sessionId?: string): Promise<Loaded | null> {
  const row = await repo.loadActorRow(ctx.db, userId);
  if (!row || row.disabled) return null;
  const reason = passwordChangeReason(ctx, row);
  return {
    actor: {
      kind: 'user',
      userId: Number(row.id),
      username: row.username,
      role: row.role as Role,
      orgId: Number(row.org_id),
      orgKind: row.org_kind as OrgKind,
      regionCode: row.region_code,
      townCodes: row.towns,
      via,
      sessionId,
    },
    mustChange: reason !== null,
    changeReason: reason,
    totpEnabled: row.totp_confirmed_at !== null && row.totp_confirmed_at !== undefined,
    orgName: row.org_name,
    displayName: row.display_name,
  };
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  me: TMe;
}

export async function login(
  ctx: AppContext,
  input: { username: string; password: string; totpCode?: string },
  meta: { ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const windowMs = ctx.config.loginWindowMinutes * 60000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const anon: Actor = {
    kind: 'user',
    userId: null,
    username: input.username,
    role: 'viewer',
    orgId: null,
    orgKind: null,
    regionCode: null,
    townCodes: [],
    via: 'session',
  };
  // Count this attempt before the password is checked, atomically per key: of any number of parallel guesses only
  // the first `loginMaxFailures` reach the password check (per account), and only `loginMaxFailuresPerIp` per address.
  const userKey = `user:${input.username}`;
  const ipKey = meta.ip ? `ip:${meta.ip}` : null;
  const [perUser, perIp] = await ctx.db
    .transaction()
    .execute(async (trx) => [
      await repo.countAttempt(trx, userKey, now.toISOString(), since),
      ipKey ? await repo.countAttempt(trx, ipKey, now.toISOString(), since) : null,
    ]);
  const refuse = async (key: string, windowStart: string, code: 'account_locked' | 'login_rate_limited', reason: string) => {
    const minutes = Math.max(1, Math.ceil((new Date(windowStart).getTime() + windowMs - now.getTime()) / 60000));
    // one audit entry per locked window, not one per refused attempt
    if (await repo.markRefusalLogged(ctx.db, key))
      await recordAuditAlone(ctx, anon, {
        action: 'login_failed',
        entityType: 'user',
        entityId: input.username,
        data: { username: input.username, reason, ip: meta.ip },
      });
    throw new AppError(code, { params: { minutes }, details: { retryAfterMinutes: minutes } });
  };
  if (perUser.attempts > ctx.config.loginMaxFailures) await refuse(userKey, perUser.window_start, 'account_locked', 'locked');
  if (ipKey && perIp && perIp.attempts > ctx.config.loginMaxFailuresPerIp)
    await refuse(ipKey, perIp.window_start, 'login_rate_limited', 'ip_rate_limited');
  const user = await repo.findUserByUsername(ctx.db, input.username);
  dummyHash ??= hashPassword(randomBytes(8).toString('hex'));
  let ok = false;
  if (user) ok = await verifyPassword(input.password, user.password_hash);
  else await verifyPassword(input.password, await dummyHash); // same cost for unknown usernames
  // a failure counted for the lockout and audited, in one transaction
  const recordFailure = (reason: string) =>
    ctx.db.transaction().execute(async (trx) => {
      await repo.insertFailure(trx, input.username, now.toISOString(), meta.ip);
      await recordAudit(ctx, trx, anon, {
        action: 'login_failed',
        entityType: 'user',
        entityId: input.username,
        data: { username: input.username, reason, ip: meta.ip },
      });
    });
  if (!user || !ok) {
    await recordFailure(user ? 'wrong_password' : 'unknown_user');
    throw new AppError('invalid_credentials');
  }
  if (user.disabled) throw new AppError('account_disabled');
  // the second factor, once the user confirmed it: a code that matches the current time window and was not used before
  const totp = await repo.findTotp(ctx.db, Number(user.id));
  if (totp?.confirmed_at) {
    if (!input.totpCode) throw new AppError('totp_required', { details: { field: 'totpCode' } });
    const step = matchTotp(totp.secret, input.totpCode, now.getTime(), totp.last_step === null ? null : Number(totp.last_step));
    if (step === null || !(await repo.useTotpStep(ctx.db, Number(user.id), step, null))) {
      await recordFailure('wrong_totp');
      throw new AppError('invalid_totp', { details: { field: 'totpCode' } });
    }
  }
  // the demo password is published: outside demo mode an account using it must change it first
  if (!ctx.config.demoMode && input.password === DEMO_PASSWORD && user.must_change_password !== 1)
    await repo.requirePasswordChange(ctx.db, Number(user.id));
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absolute = new Date(now.getTime() + ctx.config.sessionAbsoluteHours * 3600000).toISOString();
  const loaded = await actorFromUserId(ctx, Number(user.id), 'session');
  if (!loaded) throw new AppError('invalid_credentials');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockUserSessions(trx, Number(user.id), ctx.engine === 'postgres');
    await repo.clearFailures(trx, input.username);
    await repo.clearAttempts(trx, userKey);
    if (ipKey) await repo.uncountAttempt(trx, ipKey);
    await repo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: Number(user.id),
      csrf: csrfToken,
      now: now.toISOString(),
      absoluteExpiresAt: absolute,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    // at most maxSessionsPerUser live sessions per account: the oldest end (expired ones are cleared first)
    const sessions = await repo.listSessionsOf(trx, Number(user.id));
    // (the new session always stays, also when others were created in the same millisecond)
    const newId = sha256(sessionToken);
    const others = sessions.filter((x) => x.id !== newId);
    const live = others.filter((x) => sessionIsLive(ctx, x, now.getTime()));
    const gone = others.filter((x) => !sessionIsLive(ctx, x, now.getTime())).map((x) => x.id);
    await repo.deleteSessionsOf(trx, Number(user.id), gone);
    const ended = await repo.deleteSessionsOf(
      trx,
      Number(user.id),
      live.slice(ctx.config.maxSessionsPerUser - 1).map((x) => x.id),
    );
    await recordAudit(ctx, trx, loaded.actor, {
      action: 'login',
      entityType: 'user',
      entityId: String(user.id),
      data: ended > 0 ? { ip: meta.ip, endedSessions: ended } : { ip: meta.ip },
    });
  });
  return { sessionToken, csrfToken, me: presentMe(loaded, csrfToken) };
}

function presentMe(l: Loaded, csrfToken?: string): TMe {
  const role = l.actor.role as Role;
  return {
    id: l.actor.userId as number,
    username: l.actor.username,
    displayName: l.displayName,
    role,
    orgId: l.actor.orgId as number,
    orgName: l.orgName,
    orgKind: l.actor.orgKind as OrgKind,
    mustChangePassword: l.mustChange,
    passwordChangeReason: l.changeReason,
    totpEnabled: l.totpEnabled,
    permissions: [...ROLE_PERMISSIONS[role]] as Permission[],
    csrfToken,
  };
}

export interface Authenticated {
  actor: Actor;
  mustChangePassword: boolean;
  csrfToken: string | null;
}

/** Resolves a session cookie; enforces idle and absolute expiry. */
export async function authenticateSession(ctx: AppContext, token: string): Promise<Authenticated | null> {
  const id = sha256(token);
  const s = await repo.findSession(ctx.db, id);
  if (!s) return null;
  const now = ctx.clock.now();
  if (!sessionIsLive(ctx, s, now.getTime())) {
    await repo.deleteSession(ctx.db, id);
    return null;
  }
  const loaded = await actorFromUserId(ctx, Number(s.user_id), 'session', id);
  if (!loaded) return null;
  // the idle limit counts from the exact last request (a one-row write by key), so it holds at small settings too
  if (now.getTime() > new Date(s.last_seen_at).getTime()) await repo.touchSession(ctx.db, id, now.toISOString());
  return { actor: loaded.actor, mustChangePassword: loaded.mustChange, csrfToken: s.csrf_token };
}

/** Resolves a Bearer API token (`qj_…`): revocable, expiring, carrying its user's role and scope. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Authenticated | null> {
  const row = await repo.findToken(ctx.db, sha256(token));
  if (!row || row.revoked_at) return null;
  const now = nowIso(ctx);
  if (row.expires_at && row.expires_at < now) return null;
  const loaded = await actorFromUserId(ctx, Number(row.user_id), 'token');
  if (!loaded) return null;
  if (!row.last_used_at || new Date(now).getTime() - new Date(row.last_used_at).getTime() > 60000) {
    await repo.touchToken(ctx.db, Number(row.id), now);
  }
  return { actor: loaded.actor, mustChangePassword: loaded.mustChange, csrfToken: null };
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  const sid = actor.sessionId;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, sid);
    await recordAudit(ctx, trx, actor, { action: 'logout', entityType: 'user', entityId: String(actor.userId) });
  });
}

export async function me(ctx: AppContext, actor: Actor, csrfToken: string | null): Promise<TMe> {
  if (actor.userId === null) throw new AppError('unauthenticated');
  const loaded = await actorFromUserId(ctx, actor.userId, actor.via, actor.sessionId);
  if (!loaded) throw new AppError('unauthenticated');
  return presentMe(loaded, csrfToken ?? undefined);
}

/**
 * Refuses a password the policy does not allow (auth/password.ts), naming the rule it breaks in the message and in
 * `details.reason`; `field` names the form field (newPassword, password, resetPassword).
 */
export function assertPasswordPolicy(pw: string, opts: { username?: string; field?: string } = {}): void {
  const problem = passwordProblem(pw, opts.username);
  if (problem) throw passwordPolicyError(problem, opts.field ?? 'newPassword');
}

function passwordPolicyError(reason: PasswordProblem | 'same_as_current', field: string): AppError {
  return new AppError('password_policy', {
    params: { min: PASSWORD_MIN_LENGTH },
    message: t(`password.rule.${reason}`, { min: PASSWORD_MIN_LENGTH }),
    details: { field, reason },
  });
}

export async function changePassword(ctx: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  if (actor.userId === null) throw new AppError('unauthenticated');
  const user = await repo.findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('unauthenticated');
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('wrong_password', { details: { field: 'currentPassword' } });
  }
  assertPasswordPolicy(input.newPassword, { username: user.username });
  if (input.newPassword === input.currentPassword) throw passwordPolicyError('same_as_current', 'newPassword');
  const hash = await hashPassword(input.newPassword);
  const now = nowIso(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, actor.userId as number, hash, now);
    // every other session and every API token of the user end with the old password
    await repo.deleteUserSessions(trx, actor.userId as number, actor.sessionId);
    const revoked = await repo.revokeTokensOf(trx, actor.userId as number, now);
    await recordAudit(ctx, trx, actor, {
      action: 'password_changed',
      entityType: 'user',
      entityId: String(actor.userId),
      data: { tokensRevoked: revoked },
    });
  });
}

export async function createToken(ctx: AppContext, actor: Actor, input: { name: string; expiresInDays?: number }, forUserId?: number) {
  requirePermission(actor, 'token.manage');
  const userId = forUserId ?? actor.userId;
  if (userId === null || userId === undefined) throw new AppError('invalid_parameter', { params: { name: 'user', reason: 'required' } });
  const token = `qj_${randomBytes(30).toString('base64url')}`;
  const now = ctx.clock.now();
  const expires = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86400000).toISOString() : null;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const tokenId = await repo.insertToken(trx, {
      user_id: userId,
      name: input.name,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      expires_at: expires,
    });
    await recordAudit(ctx, trx, actor, {
      action: 'token_created',
      entityType: 'api_token',
      entityId: String(tokenId),
      data: { userId, name: input.name, expiresAt: expires },
    });
    return tokenId;
  });
  return { id, token, expiresAt: expires };
}

export async function listTokens(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'token.manage');
  const rows = await repo.listTokensOf(ctx.db, actor.userId ?? -1);
  return rows.map(presentToken);
}

/** A token as its owner and the administrators see it (never its secret). */
function presentToken(r: {
  id: number | string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: Number(r.id),
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** Revokes one of the caller's own tokens; administrators (user.manage) and the CLI may revoke anyone's. */
export async function revokeToken(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'token.manage');
  const row = await repo.findTokenById(ctx.db, id);
  const anyOwner = actor.kind === 'system' || can(actor, 'user.manage');
  if (!row || (!anyOwner && Number(row.user_id) !== actor.userId)) throw new AppError('not_found');
  if (row.revoked_at) return;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeToken(trx, id, nowIso(ctx));
    await recordAudit(ctx, trx, actor, {
      action: 'token_revoked',
      entityType: 'api_token',
      entityId: String(id),
      data: Number(row.user_id) === actor.userId ? {} : { userId: Number(row.user_id) },
    });
  });
}

/** Every user's API tokens (administrators): who owns each, when it was last used, whether it still works. */
export async function listAllTokens(ctx: AppContext, actor: Actor, q: TAdminTokenListQuery) {
  requirePermission(actor, 'user.manage');
  const { rows, total } = await repo.listAllTokens(ctx.db, q, nowIso(ctx));
  return {
    items: rows.map((r) => ({
      ...presentToken(r),
      userId: Number(r.user_id),
      username: r.username,
      displayName: r.display_name,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A session not yet past its idle or absolute limit (the same rule as authenticateSession). */
function sessionIsLive(ctx: AppContext, s: { last_seen_at: string; absolute_expires_at: string }, nowMs: number): boolean {
  return (
    nowMs <= new Date(s.last_seen_at).getTime() + ctx.config.sessionIdleMinutes * 60000 &&
    new Date(s.absolute_expires_at).getTime() >= nowMs
  );
}

/** The public id of a session: not the stored key (a hash of the cookie), a hash of that, shortened. */
function publicSessionId(storedId: string): string {
  return sha256(`session:${storedId}`).slice(0, 16);
}

/** 我的会话: the caller's live sessions, newest first, the current one marked. */
export async function listMySessions(ctx: AppContext, actor: Actor): Promise<TSession[]> {
  if (actor.userId === null) throw new AppError('unauthenticated');
  const now = ctx.clock.now().getTime();
  const rows = await repo.listSessionsOf(ctx.db, actor.userId);
  return rows
    .filter((r) => sessionIsLive(ctx, r, now))
    .map((r) => ({
      id: publicSessionId(r.id),
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      ip: r.ip,
      userAgent: r.user_agent,
      current: r.id === actor.sessionId,
    }));
}

/** Ends one of the caller's sessions (another device, or this one) by its public id. */
export async function endMySession(ctx: AppContext, actor: Actor, publicId: string): Promise<void> {
  if (actor.userId === null) throw new AppError('unauthenticated');
  const userId = actor.userId;
  const rows = await repo.listSessionsOf(ctx.db, userId);
  const row = rows.find((r) => publicSessionId(r.id) === publicId);
  if (!row) throw new AppError('not_found', { details: { entity: 'session', id: publicId } });
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteSessionsOf(trx, userId, [row.id]);
    await recordAudit(ctx, trx, actor, {
      action: 'session_ended',
      entityType: 'user',
      entityId: String(userId),
      data: { session: publicId },
    });
  });
}

/** Signs out everywhere else: ends every session of the caller but the current one; returns how many ended. */
export async function endOtherSessions(ctx: AppContext, actor: Actor): Promise<{ ended: number }> {
  if (actor.userId === null) throw new AppError('unauthenticated');
  const userId = actor.userId;
  const rows = await repo.listSessionsOf(ctx.db, userId);
  const others = rows.filter((r) => r.id !== actor.sessionId).map((r) => r.id);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const n = await repo.deleteSessionsOf(trx, userId, others);
    await recordAudit(ctx, trx, actor, { action: 'sessions_ended', entityType: 'user', entityId: String(userId), data: { ended: n } });
    return n;
  });
  return { ended };
}

/** Only a signed-in person of a TOTP role manages the second factor (not a script with a token). */
function requireTotpUser(actor: Actor): number {
  if (actor.userId === null || actor.via !== 'session' || !TOTP_ROLES.includes(actor.role as Role))
    throw new AppError('forbidden', { details: { roles: TOTP_ROLES } });
  return actor.userId;
}

/**
 * Starts enrolling the TOTP second factor: a new random secret (160 bits) and the otpauth URI for the authenticator app.
 * Login asks for codes only after `confirmTotp` proved the app holds the secret.
 */
export async function enrolTotp(ctx: AppContext, actor: Actor): Promise<{ secret: string; uri: string }> {
  const userId = requireTotpUser(actor);
  const existing = await repo.findTotp(ctx.db, userId);
  if (existing?.confirmed_at) throw new AppError('totp_already_enabled');
  const secret = base32Encode(randomBytes(20));
  await repo.putPendingTotp(ctx.db, userId, secret, nowIso(ctx));
  return { secret, uri: otpauthUri(t('app.shortName'), actor.username, secret) };
}

/** Confirms the enrolment with a first code from the app; from then on login asks for a code. */
export async function confirmTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const userId = requireTotpUser(actor);
  const row = await repo.findTotp(ctx.db, userId);
  if (!row) throw new AppError('not_found', { details: { entity: 'totp' } });
  if (row.confirmed_at) throw new AppError('totp_already_enabled');
  const step = matchTotp(row.secret, code, ctx.clock.now().getTime(), row.last_step === null ? null : Number(row.last_step));
  if (step === null) throw new AppError('invalid_totp', { details: { field: 'code' } });
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.useTotpStep(trx, userId, step, nowIso(ctx)))) throw new AppError('invalid_totp', { details: { field: 'code' } });
    await recordAudit(ctx, trx, actor, { action: 'totp_enabled', entityType: 'user', entityId: String(userId), data: {} });
  });
}

/** Turns the second factor off; takes a current code, so a stolen session alone cannot. */
export async function disableTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const userId = requireTotpUser(actor);
  const row = await repo.findTotp(ctx.db, userId);
  if (!row?.confirmed_at) throw new AppError('not_found', { details: { entity: 'totp' } });
  const step = matchTotp(row.secret, code, ctx.clock.now().getTime(), row.last_step === null ? null : Number(row.last_step));
  if (step === null) throw new AppError('invalid_totp', { details: { field: 'code' } });
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteTotp(trx, userId);
    await recordAudit(ctx, trx, actor, { action: 'totp_disabled', entityType: 'user', entityId: String(userId), data: {} });
  });
}

/** Deletes expired sessions, old login failures and throttle windows (daily job inside `serve`). */
export async function purgeExpired(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const idleCut = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60000).toISOString();
  const failCut = new Date(now.getTime() - 24 * 3600000).toISOString();
  await repo.deleteExpiredSessions(ctx.db, now.toISOString(), idleCut);
  await repo.deleteFailuresBefore(ctx.db, failCut);
  await repo.deleteThrottleBefore(ctx.db, failCut);
}

/** Revokes every live API token of a user (password reset), in the caller's transaction; returns how many. */
export async function revokeTokensOf(db: DbOrTrx, userId: number, now: string): Promise<number> {
  return repo.revokeTokensOf(db, userId, now);
}

/** Removes a user's TOTP second factor (an administrator's reset after a lost phone), in the caller's transaction. */
export async function removeTotpOf(db: DbOrTrx, userId: number): Promise<boolean> {
  const had = await repo.findTotp(db, userId);
  await repo.deleteTotp(db, userId);
  return !!had?.confirmed_at;
}

/** Ends every session of a user (password reset, account disabled), in the caller's transaction. */
export async function endSessionsOf(db: DbOrTrx, userId: number): Promise<void> {
  await repo.deleteUserSessions(db, userId);
}
