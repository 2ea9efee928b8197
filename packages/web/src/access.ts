import type { Permission, TMe } from '@qiangjian/shared';

/**
 * ant-design-pro style access: what the logged-in user may see, derived from the `permissions`
 * array of GET /auth/me (the server's role → permission table). The server still enforces
 * every check; this only hides menus and guards routes.
 */
export type AccessRule = Permission | readonly Permission[] | undefined;

export interface Access {
  can: (p: Permission) => boolean;
  /** A route/menu rule: undefined = any logged-in user; an array = any of them. */
  allows: (rule: AccessRule) => boolean;
}

export function accessOf(me: Pick<TMe, 'permissions'> | null | undefined): Access {
  const set = new Set<string>(me?.permissions ?? []);
  const can = (p: Permission) => set.has(p);
  const allows = (rule: AccessRule) => {
    if (!me) return false;
    if (rule === undefined) return true;
    if (typeof rule === 'string') return can(rule as Permission);
    return (rule as readonly Permission[]).some(can);
  };
  return { can, allows };
}
