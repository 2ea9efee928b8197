import { ROLE_PERMISSIONS, type TMe } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { accessOf } from './access.js';
import { matchRoute, menuItems } from './layouts/menu.js';
import { ROUTES } from './routes.js';
import { buildUrl } from './services/api.js';
import { regionTree } from './services/regions.js';

const meOf = (role: keyof typeof ROLE_PERMISSIONS): Pick<TMe, 'permissions'> => ({ permissions: [...ROLE_PERMISSIONS[role]] });
type Item = { key: string; children?: Item[] };
const keys = (items: unknown[]): string[] => (items as Item[]).flatMap((i) => [i.key, ...(i.children ? keys(i.children) : [])]);

describe('access', () => {
  it('denies everything without a user and allows open rules to any user', () => {
    expect(accessOf(null).allows(undefined)).toBe(false);
    expect(accessOf(meOf('viewer')).allows(undefined)).toBe(true);
  });

  it('an array rule needs any one of its permissions', () => {
    const enterprise = accessOf(meOf('enterprise'));
    expect(enterprise.allows(['org.create', 'org.update'])).toBe(false);
    expect(enterprise.allows(['org.create', 'instrument.write'])).toBe(true);
    expect(accessOf(meOf('regulator')).allows(['org.create', 'org.update'])).toBe(true);
  });

  it('enterprise users get no admin menu entries; admins get them', () => {
    const ent = keys(menuItems(accessOf(meOf('enterprise'))));
    expect(ent).not.toContain('/admin/orgs');
    expect(ent).not.toContain('/admin/users');
    const admin = keys(menuItems(accessOf(meOf('admin'))));
    expect(admin).toContain('/admin/orgs');
    expect(admin).toContain('/admin/users');
    expect(admin).toContain('group:admin');
  });

  it('hides groups without visible entries and entries marked hideInMenu', () => {
    const items = menuItems(accessOf({ permissions: ['region.read'] }), [
      { path: '/', title: 'menu.dashboard', component: () => null },
      { path: '/regions', title: 'menu.admin.regions', group: 'admin', permission: 'region.read', component: () => null },
      { path: '/x', title: 'x', group: 'ledger', permission: 'instrument.read', component: () => null },
      { path: '/y', title: 'y', group: 'admin', hideInMenu: true, component: () => null },
    ]);
    expect(keys(items)).toEqual(['/', 'group:admin', '/regions']);
  });

  it('matches the longest route, with params and sub-paths', () => {
    const routes = [
      { path: '/', title: 'a', component: () => null },
      { path: '/status/due-list', title: 'b', component: () => null },
      { path: '/status/instruments/:id', title: 'c', component: () => null },
    ];
    expect(matchRoute('/', routes)?.title).toBe('a');
    expect(matchRoute('/status/due-list', routes)?.title).toBe('b');
    expect(matchRoute('/status/instruments/42', routes)?.title).toBe('c');
    expect(matchRoute('/nothing', routes)).toBeUndefined();
  });

  it('every route has a unique path and a catalog title', async () => {
    const { hasKey } = await import('@qiangjian/shared');
    const paths = ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const r of ROUTES) expect(hasKey(r.title), r.title).toBe(true);
  });
});

describe('helpers', () => {
  it('buildUrl drops empty query values', () => {
    expect(buildUrl('/organizations', { page: 1, q: '', kind: undefined, regionCode: null })).toBe('/api/v1/organizations?page=1');
    expect(buildUrl('/users')).toBe('/api/v1/users');
  });

  it('regionTree nests by parent code', () => {
    const tree = regionTree([
      { code: '150626', name: 'county', parentCode: '150600', level: 'county' },
      { code: '150626100', name: 'town', parentCode: '150626', level: 'town' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children?.map((c) => c.value)).toEqual(['150626100']);
  });
});
