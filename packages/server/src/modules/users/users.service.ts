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
import { requirePermission } from '../../auth/actor.js';
import { assertPasswordPolicy } from '../../auth/auth.service.js';
import { hashPassword } from '../../auth/password.js';
import { orgScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';

function userQuery(db: DbOrTrx) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_id',
      'organizations.name as org_name',
      'users.disabled',
      'users.must_change_password',
      'users.created_at',
    ]);
}

type UserJoined = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;
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
  let base = ctx.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .where(orgScopeFilter(scopeOf(actor)));
  if (q.role) base = base.where('users.role', '=', q.role);
  if (q.orgId) base = base.where('users.org_id', '=', q.orgId);
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    base = base.where((eb) =>
      eb.or([eb(eb.fn('lower', ['users.username']), 'like', like), eb(eb.fn('lower', ['users.display_name']), 'like', like)]),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_id',
      'organizations.name as org_name',
      'users.disabled',
      'users.must_change_password',
      'users.created_at',
    ])
    .orderBy('users.username')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(present), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: AppContext, actor: Actor, id: number): Promise<TUser> {
  requirePermission(actor, 'user.read');
  const r = await userQuery(ctx.db)
    .where('users.id', '=', id)
    .where(orgScopeFilter(scopeOf(actor)))
    .executeTakeFirst();
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
  assertPasswordPolicy(input.password);
  const hash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const org = await findOrgInScope(trx, actor, input.orgId);
    checkRoleOrg(input.role, org.kind);
    if (await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
      throw new AppError('duplicate_username', { details: { field: 'username' } });
    }
    const now = nowIso(ctx);
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        org_id: input.orgId,
        password_hash: hash,
        must_change_password: opts.mustChangePassword === false ? 0 : 1,
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, trx, actor, {
      action: 'user_created',
      entityType: 'user',
      entityId: String(row.id),
      data: { username: input.username, displayName: input.displayName, role: input.role, orgId: input.orgId },
    });
    return Number(row.id);
  });
  const r = await userQuery(ctx.db).where('users.id', '=', id).executeTakeFirstOrThrow();
  return present(r);
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof ZUpdateUserRequest>): Promise<TUser> {
  requirePermission(actor, 'user.manage');
  if (input.resetPassword !== undefined) assertPasswordPolicy(input.resetPassword);
  const hash = input.resetPassword !== undefined ? await hashPassword(input.resetPassword) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await userQuery(trx)
      .select('organizations.kind as org_kind')
      .where('users.id', '=', id)
      .where(orgScopeFilter(scopeOf(actor)))
      .executeTakeFirst();
    if (!before) throw new AppError('not_found', { details: { entity: 'user', id } });
    if (input.role) checkRoleOrg(input.role, before.org_kind);
    const patch = {
      display_name: input.displayName,
      role: input.role,
      disabled: input.disabled === undefined ? undefined : input.disabled ? 1 : 0,
    };
    const changes = diffFields(before as unknown as Record<string, unknown>, patch);
    if (hash) changes.password = { before: '***', after: 'reset' };
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('users')
      .set({ ...patch, ...(hash ? { password_hash: hash, must_change_password: 1 } : {}), updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    if (hash || input.disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(ctx, trx, actor, { action: 'user_updated', entityType: 'user', entityId: String(id), data: { changes } });
  });
  return getUser(ctx, actor, id);
}

/** The id of the user with this login name, for the CLI. */
export async function userIdByUsername(db: DbOrTrx, username: string): Promise<number | undefined> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r ? Number(r.id) : undefined;
}
