import {
  ROLE_ORG_KINDS,
  type Role,
  type TCreateUserRequest,
  type TUser,
  t,
  type ZUpdateUserRequest,
  type ZUserListQuery,
} from '@qiangjian/shared';
import type { z } from 'zod';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import { requirePermission, SYSTEM_ACTOR } from '../../auth/actor.js';
import { assertPasswordPolicy, endSessionsOf, removeTotpOf, revokeTokensOf } from '../../auth/auth.service.js';
import { hashPassword } from '../../auth/password.js';
import { orgScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import type { UserJoined } from './users.repository.js';
import * as repo from './users.repository.js';

function present(r: UserJoined): TUser {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    disabled: r.disabled === 1,
    mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at,
  };
}

export async function listUsers(ctx: AppContext, actor: Actor, q: z.infer<typeof ZUserListQuery>) {
  requirePermission(actor, 'user.read');
  const { rows, total } = await repo.listUsers(ctx.db, orgScopeFilter(scopeOf(actor)), q);
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: AppContext, actor: Actor, id: number): Promise<TUser> {
  requirePermission(actor, 'user.read');
  const r = await repo.findUser(ctx.db, id, orgScopeFilter(scopeOf(actor)));
  if (!r) throw new AppError('not_found', { details: { entity: 'user', id } });
  return present(r);
}

function checkRoleOrg(role: Role, orgKind: string) {
  if (!ROLE_ORG_KINDS[role].includes(orgKind)) {
    throw new AppError('role_org_mismatch', {
      params: { role: t(`enum.role.${role}`), orgKind: t(`enum.orgKind.${orgKind}`) },
      details: { field: 'role', role, orgKind },
    });
  }
}

/** Creates a user; the password is the initial one and must be changed at first login. */
export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: TCreateUserRequest,
  opts: { mustChangePassword?: boolean } = {},
): Promise<TUser> {
  requirePermission(actor, 'user.manage');
  assertPasswordPolicy(input.password, { username: input.username, field: 'password' });
  const hash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const org = await findOrgInScope(trx, actor, input.orgId);
    checkRoleOrg(input.role, org.kind);
    if ((await repo.userIdByUsername(trx, input.username)) !== undefined) {
      throw new AppError('duplicate_username', { details: { field: 'username' } });
    }
    const now = nowIso(ctx);
    const userId = await repo.insertUser(trx, {
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      org_id: input.orgId,
      password_hash: hash,
      must_change_password: opts.mustChangePassword === false ? 0 : 1,
      disabled: 0,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(ctx, trx, actor, {
      action: 'user_created',
      entityType: 'user',
      entityId: String(userId),
      data: { username: input.username, displayName: input.displayName, role: input.role, orgId: input.orgId },
    });
    return userId;
  });
  const r = await repo.findUser(ctx.db, id);
  if (!r) throw new AppError('not_found', { details: { entity: 'user', id } });
  return present(r);
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof ZUpdateUserRequest>): Promise<TUser> {
  requirePermission(actor, 'user.manage');
  if (input.resetPassword !== undefined) assertPasswordPolicy(input.resetPassword, { field: 'resetPassword' });
  const hash = input.resetPassword !== undefined ? await hashPassword(input.resetPassword) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findUserForUpdate(trx, id, orgScopeFilter(scopeOf(actor)));
    if (!before) throw new AppError('not_found', { details: { entity: 'user', id } });
    if (input.role) checkRoleOrg(input.role, before.org_kind);
    if (input.resetPassword !== undefined) assertPasswordPolicy(input.resetPassword, { username: before.username, field: 'resetPassword' });
    const patch = {
      display_name: input.displayName,
      role: input.role,
      disabled: input.disabled === undefined ? undefined : input.disabled ? 1 : 0,
    };
    const changes = diffFields(before as unknown as Record<string, unknown>, patch);
    if (hash) changes.password = { before: '***', after: 'reset' };
    // a lost authenticator: the second factor goes, the user logs in with the password and may enrol again
    if (input.resetTotp && (await removeTotpOf(trx, id))) changes.totp = { before: 'enabled', after: 'reset' };
    if (Object.keys(changes).length === 0) return;
    await repo.updateUser(trx, id, {
      ...patch,
      ...(hash ? { password_hash: hash, must_change_password: 1 } : {}),
      updated_at: nowIso(ctx),
    });
    if (hash || input.disabled) await endSessionsOf(trx, id);
    // a reset password also ends the scripts' access: every API token of the user is revoked
    if (hash) await revokeTokensOf(trx, id, nowIso(ctx));
    await recordAudit(ctx, trx, actor, { action: 'user_updated', entityType: 'user', entityId: String(id), data: { changes } });
  });
  return getUser(ctx, actor, id);
}

/** The id of the user with this login name, for the CLI. */
export async function userIdByUsername(db: DbOrTrx, username: string): Promise<number | undefined> {
  return repo.userIdByUsername(db, username);
}

/** True when the database has at least one user (the first admin is created only when it has none). */
export async function hasUsers(db: DbOrTrx): Promise<boolean> {
  return repo.anyUser(db);
}

/** The first admin (`admin`, initial password to change at first login), written by the system in the caller's transaction. */
export async function createFirstAdmin(ctx: AppContext, trx: Trx, orgId: number, passwordHash: string): Promise<void> {
  const now = nowIso(ctx);
  const id = await repo.insertUser(trx, {
    username: 'admin',
    display_name: t('enum.role.admin'),
    role: 'admin',
    org_id: orgId,
    password_hash: passwordHash,
    must_change_password: 1,
    disabled: 0,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(ctx, trx, SYSTEM_ACTOR, {
    action: 'user_created',
    entityType: 'user',
    entityId: String(id),
    data: { username: 'admin', role: 'admin', orgId },
  });
}
