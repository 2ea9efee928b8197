import type { Role } from '@qiangjian/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildWorld, creditCode, login, type Session } from '../factories.js';

/**
 * Every role × every platform route → the designed answer. Reads outside the data scope answer 404
 * (never 403, never the data); actions the role lacks answer 403.
 */
type World = Awaited<ReturnType<typeof buildWorld>>;
type Case = { name: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: (w: World) => string; body?: (w: World) => unknown };
type Expect = Record<Exclude<Role, never>, number>;

const CASES: [Case, Expect][] = [
  [
    { name: 'list organizations', method: 'GET', url: () => '/api/v1/organizations' },
    { admin: 200, regulator: 200, inspector: 200, enterprise: 200, institution: 200, viewer: 200 },
  ],
  [
    { name: 'read own-town station A', method: 'GET', url: (w) => `/api/v1/organizations/${w.stationA.id}` },
    { admin: 200, regulator: 200, inspector: 200, enterprise: 200, institution: 404, viewer: 200 },
  ],
  [
    { name: 'read station B (other town, other enterprise)', method: 'GET', url: (w) => `/api/v1/organizations/${w.stationB.id}` },
    { admin: 200, regulator: 200, inspector: 404, enterprise: 404, institution: 404, viewer: 200 },
  ],
  [
    { name: 'read a missing organization', method: 'GET', url: () => '/api/v1/organizations/999999' },
    { admin: 404, regulator: 404, inspector: 404, enterprise: 404, institution: 404, viewer: 404 },
  ],
  [
    {
      name: 'create organization',
      method: 'POST',
      url: () => '/api/v1/organizations',
      body: () => ({ name: 'N', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' }),
    },
    { admin: 201, regulator: 201, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'update station B', method: 'PATCH', url: (w) => `/api/v1/organizations/${w.stationB.id}`, body: () => ({ address: 'x' }) },
    { admin: 200, regulator: 200, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'delete organization', method: 'DELETE', url: () => '/api/v1/organizations/999999' },
    { admin: 404, regulator: 403, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'list users', method: 'GET', url: () => '/api/v1/users' },
    { admin: 200, regulator: 200, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'read a user of station B', method: 'GET', url: (w) => `/api/v1/users/${w.users.enterpriseB.id}` },
    { admin: 200, regulator: 200, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    {
      name: 'create user',
      method: 'POST',
      url: () => '/api/v1/users',
      body: (w) => ({
        username: `u${Math.random().toString(36).slice(2, 8)}`,
        displayName: 'U',
        role: 'enterprise',
        orgId: w.stationA.id,
        password: 'Initial-Pass-1',
      }),
    },
    { admin: 201, regulator: 403, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'regions', method: 'GET', url: () => '/api/v1/regions' },
    { admin: 200, regulator: 200, inspector: 200, enterprise: 200, institution: 200, viewer: 200 },
  ],
  [
    { name: 'list sites', method: 'GET', url: () => '/api/v1/sites' },
    { admin: 200, regulator: 200, inspector: 200, enterprise: 200, institution: 200, viewer: 200 },
  ],
  [
    { name: 'read site of station B', method: 'GET', url: (w) => `/api/v1/sites/${w.siteB}` },
    { admin: 200, regulator: 200, inspector: 404, enterprise: 404, institution: 404, viewer: 200 },
  ],
  [
    {
      name: 'create a site for station A',
      method: 'POST',
      url: () => '/api/v1/sites',
      body: (w) => ({ orgId: w.stationA.id, name: 'S', kind: 'gas_station', townCode: '150626100' }),
    },
    { admin: 201, regulator: 201, inspector: 403, enterprise: 201, institution: 403, viewer: 403 },
  ],
  [
    {
      name: 'create a site for station B',
      method: 'POST',
      url: () => '/api/v1/sites',
      body: (w) => ({ orgId: w.stationB.id, name: 'S', kind: 'gas_station', townCode: '150626102' }),
    },
    { admin: 201, regulator: 201, inspector: 403, enterprise: 404, institution: 403, viewer: 403 },
  ],
  [
    { name: 'audit log', method: 'GET', url: () => '/api/v1/audit' },
    { admin: 200, regulator: 200, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'audit verify', method: 'POST', url: () => '/api/v1/audit/verify' },
    { admin: 200, regulator: 403, inspector: 403, enterprise: 403, institution: 403, viewer: 403 },
  ],
  [
    { name: 'own tokens', method: 'GET', url: () => '/api/v1/auth/tokens' },
    { admin: 200, regulator: 200, inspector: 200, enterprise: 200, institution: 200, viewer: 200 },
  ],
];

describe('authorization matrix: every role × every platform route', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let w: World;
  const sessions = {} as Record<Role, Session>;
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    w = await buildWorld(ctx);
    const byRole: Record<Role, string> = {
      admin: w.users.admin.username,
      regulator: w.users.regulator.username,
      inspector: w.users.inspector.username,
      enterprise: w.users.enterpriseA.username,
      institution: w.users.institution.username,
      viewer: w.users.viewer.username,
    };
    for (const [role, username] of Object.entries(byRole)) sessions[role as Role] = await login(app, username);
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  for (const [c, expected] of CASES) {
    for (const role of Object.keys(expected) as Role[]) {
      it(`${role} → ${c.method} ${c.name} → ${expected[role]}`, async () => {
        const res = await app.inject({
          method: c.method,
          url: c.url(w),
          headers: sessions[role].headers,
          payload: c.body?.(w) as object | undefined,
        });
        expect(res.statusCode, res.body).toBe(expected[role]);
        if (res.statusCode >= 400) expect(res.json().error.code).toBe(res.statusCode === 404 ? 'not_found' : 'forbidden');
      });
    }
  }

  it('an enterprise user sees only its own organization in lists', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organizations?pageSize=100', headers: sessions.enterprise.headers });
    expect(res.json().items.map((o: { id: number }) => o.id)).toEqual([w.stationA.id]);
  });

  it('an office inspector sees only organizations of its towns', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organizations?pageSize=100', headers: sessions.inspector.headers });
    const ids = res.json().items.map((o: { id: number }) => o.id);
    expect(ids).toContain(w.stationA.id);
    expect(ids).not.toContain(w.stationB.id);
    expect(ids).not.toContain(w.bureau.id);
  });

  it('every API route in the OpenAPI document answers 401 without credentials (public ones excepted) and never 500 for any role', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const publicPaths = new Set(['/api/v1/health', '/api/v1/auth/login']);
    let checked = 0;
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const m of Object.keys(methods)) {
        const method = m.toUpperCase() as 'GET';
        const url = p.replace(/\{[^}]+\}/g, '999999');
        const anon = await app.inject({ method, url });
        if (!publicPaths.has(p) && !p.startsWith('/api/v1/public/')) expect(anon.statusCode, `${m} ${p}`).toBe(401);
        for (const role of Object.keys(sessions) as Role[]) {
          if (p === '/api/v1/auth/logout') continue;
          const r = await app.inject({ method, url, headers: sessions[role].headers, payload: method === 'GET' ? undefined : {} });
          expect(r.statusCode, `${role} ${m} ${p}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
