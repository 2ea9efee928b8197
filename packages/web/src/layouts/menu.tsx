import { t } from '@qiangjian/shared';
import type { MenuProps } from 'antd';
import type { Access } from '../access.js';
import { type AppRoute, MENU_GROUPS, ROUTES } from '../routes.js';

type MenuItem = Required<MenuProps>['items'][number];

/** Left-menu items visible to the user: top-level entries first, then the non-empty groups. */
export function menuItems(access: Access, routes: readonly AppRoute[] = ROUTES): MenuItem[] {
  const visible = routes.filter((r) => !r.hideInMenu && access.allows(r.permission));
  const leaf = (r: AppRoute): MenuItem => ({ key: r.path, icon: r.icon, label: t(r.title) });
  const items: MenuItem[] = visible.filter((r) => !r.group).map(leaf);
  for (const g of MENU_GROUPS) {
    const children = visible.filter((r) => r.group === g.key).map(leaf);
    if (children.length > 0) items.push({ key: `group:${g.key}`, icon: g.icon, label: t(g.title), children });
  }
  return items;
}

/** The route whose path best matches the current URL (for the selected menu key and title). */
export function matchRoute(pathname: string, routes: readonly AppRoute[] = ROUTES): AppRoute | undefined {
  let best: AppRoute | undefined;
  for (const r of routes) {
    const pattern = r.path.replace(/:[^/]+/g, '[^/]+');
    const exact = new RegExp(`^${pattern}/?$`).test(pathname);
    const prefix = r.path !== '/' && new RegExp(`^${pattern}/`).test(pathname);
    if ((exact || prefix) && (!best || r.path.length > best.path.length)) best = r;
  }
  return best;
}
