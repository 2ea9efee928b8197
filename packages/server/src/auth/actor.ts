import type { OrgKind, Permission, Role } from '@qiangjian/shared';
import { roleHas } from '@qiangjian/shared';
import { AppError } from '../errors.js';

/** Who is acting: a logged-in user (session or token) or the built-in system actor (CLI, jobs). */
export interface Actor {
  kind: 'user' | 'system';
  userId: number | null;
  username: string;
  role: Role | 'system';
  orgId: number | null;
  orgKind: OrgKind | null;
  /** The organization's region code (bureau: its jurisdiction). */
  regionCode: string | null;
  /** For office inspectors: the 9-digit towns the office covers. */
  townCodes: readonly string[];
  via: 'session' | 'token' | 'cli' | 'system';
  sessionId?: string;
}

/** The local CLI acts as `system` with admin rights; its audit entries say `cli`. */
export const CLI_ACTOR: Actor = Object.freeze({
  kind: 'system',
  userId: null,
  username: 'cli',
  role: 'system',
  orgId: null,
  orgKind: null,
  regionCode: null,
  townCodes: [],
  via: 'cli',
});

export const SYSTEM_ACTOR: Actor = Object.freeze({ ...CLI_ACTOR, username: 'system', via: 'system' });

export function actorLabel(a: Actor): string {
  if (a.kind === 'system') return a.via === 'cli' ? 'cli' : 'system';
  return `user:${a.username}`;
}

export function can(actor: Actor, permission: Permission): boolean {
  return roleHas(actor.role, permission);
}

/** The one permission check: services call it, so API, CLI and UI share it. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('forbidden', { details: { permission } });
}

/** Region code → prefix for scope matching (in packages/shared: the web app filters with it too). */
export { regionPrefix } from '@qiangjian/shared';
