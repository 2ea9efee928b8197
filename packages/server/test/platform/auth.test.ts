import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit.service.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { hashPassword, passwordPolicyOk, verifyPassword } from '../../src/auth/password.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import { buildOrg, buildUser, login, TEST_PASSWORD } from '../factories.js';

describe('authentication', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let orgId: number;
  beforeEach(async () => {
    ctx = await createTestContext({ now: '2024-10-15T02:00:00.000Z' });
    app = await createTestApp(ctx);
    orgId = (await buildOrg(ctx, { kind: 'bureau', regionCode: '150626' })).id;
  });
  afterEach(async () => {
    await app.close();
    await ctx.cleanup();
  });

  it('hashes passwords with scrypt and enforces the policy', async () => {
    const h = await hashPassword('Abcdefgh12');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('Abcdefgh12', h)).toBe(true);
    expect(await verifyPassword('Abcdefgh13', h)).toBe(false);
    expect(passwordPolicyOk('short1A')).toBe(false);
    expect(passwordPolicyOk('alllowercaseletters')).toBe(false);
    expect(passwordPolicyOk('Lower-and-1')).toBe(true);
  });

  it('login gives an HTTP-only SameSite cookie; wrong password is 401 with a Chinese message; both audited', async () => {
    await buildUser(ctx, { role: 'regulator', orgId, username: 'reg' });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reg', password: 'nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ error: { code: 'invalid_credentials', message: '用户名或密码错误' } });
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reg', password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/qj_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const actions = (await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['login_failed', 'login']);
    expect((await verifyAudit(ctx, CLI_ACTOR)).ok).toBe(true);
  });

  it('locks the account after 5 failures in 15 minutes, and unlocks after the window', async () => {
    await buildUser(ctx, { role: 'regulator', orgId, username: 'reg' });
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reg', password: 'wrong' } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reg', password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');
    expect(locked.json().error.message).toContain('15分钟');
    ctx.clock.advance(16 * 60000);
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reg', password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(200);
  });

  const loginFrom = (username: string, password: string, ip = '10.0.0.7') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username, password } });
  const lockAudits = async (reason: string) =>
    (await ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'login_failed').execute()).filter((r) =>
      String(r.data).includes(`"reason":"${reason}"`),
    ).length;

  it('parallel guesses: at most 5 reach the password check, the right one sent as guess 30 is refused, one audit entry for the lock', async () => {
    await buildUser(ctx, { role: 'regulator', orgId, username: 'reg' });
    const guesses = Array.from({ length: 40 }, (_, i) => loginFrom('reg', i === 29 ? TEST_PASSWORD : `wrong-${i}`, `10.1.0.${i}`));
    const answers = await Promise.all(guesses);
    const codes = answers.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
    expect(codes.filter((c) => c === 'ok')).toEqual([]);
    expect(codes.filter((c) => c === 'invalid_credentials').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'account_locked').length).toBeGreaterThanOrEqual(35);
    expect(await lockAudits('locked')).toBe(1);
    expect((await verifyAudit(ctx, CLI_ACTOR)).ok).toBe(true);
  });

  it('one address spraying a password over many accounts is refused after 20 failures, other addresses are not', async () => {
    for (let i = 0; i < 3; i++) await buildUser(ctx, { role: 'viewer', orgId, username: `u${i}` });
    const answers = [];
    for (let i = 0; i < 24; i++) answers.push(await loginFrom(`u${i % 3}x${i}`, 'Spring-2024!'));
    expect(answers.slice(0, 20).every((r) => r.statusCode === 401)).toBe(true);
    for (const r of answers.slice(20)) {
      expect(r.statusCode).toBe(429);
      expect(r.json().error).toMatchObject({ code: 'login_rate_limited', message: '该网络地址登录失败次数过多，请15分钟后再试' });
    }
    expect((await loginFrom('u0', TEST_PASSWORD)).statusCode).toBe(429);
    expect((await loginFrom('u0', TEST_PASSWORD, '10.0.0.8')).statusCode).toBe(200);
    expect(await lockAudits('ip_rate_limited')).toBe(1);
    ctx.clock.advance(16 * 60000);
    expect((await loginFrom('u1', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('successful logins do not count against their address', async () => {
    await buildUser(ctx, { role: 'viewer', orgId, username: 'v' });
    for (let i = 0; i < 25; i++) expect((await loginFrom('v', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('every answer carries the security headers (CSP: scripts from this origin only, no framing); the API docs keep their own page rules', async () => {
    for (const url of ['/api/v1/health', '/api/v1/organizations', '/no/such/page']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('same-origin');
      expect(String(r.headers['content-security-policy'])).toContain("script-src 'self';");
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.headers['x-frame-options']).toBe('DENY');
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('refuses a login body over 4 KB before reading it', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'reg', password: 'x'.repeat(100_000) }),
    });
    expect(r.statusCode).toBe(413);
  });

  it('requires the CSRF token on state-changing cookie requests, not on GET or Bearer requests', async () => {
    await buildUser(ctx, { role: 'admin', orgId, username: 'adm' });
    const s = await login(app, 'adm');
    const payload = { name: 'tok' };
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: s.cookie }, payload });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_invalid');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x' },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const get = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(get.statusCode).toBe(200);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: s.headers, payload });
    expect(ok.statusCode).toBe(200);
    const token = ok.json().token as string;
    expect(token).toMatch(/^qj_/);
    // Bearer: no CSRF needed, same role and scope
    const viaToken = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'X', kind: 'gas_station', creditCode: '911506263141592685', regionCode: '150626100' },
    });
    expect(viaToken.statusCode).toBe(201);
    // revoke → 401
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${ok.json().id}`, headers: s.headers });
    expect(del.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('expires sessions after idle time and at the absolute limit', async () => {
    await buildUser(ctx, { role: 'viewer', orgId, username: 'v' });
    const s = await login(app, 'v');
    ctx.clock.advance(29 * 60000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    ctx.clock.advance(31 * 60000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    // absolute: keep it busy every 20 minutes for 12 hours
    const s2 = await login(app, 'v');
    for (let i = 0; i < 12 * 3 - 1; i++) {
      ctx.clock.advance(20 * 60000);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s2.cookie } })).statusCode).toBe(200);
    }
    ctx.clock.advance(21 * 60000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s2.cookie } })).statusCode).toBe(401);
  });

  it('forces the change of an initial password; the policy applies; other sessions end', async () => {
    await buildUser(ctx, { role: 'regulator', orgId, username: 'fresh', mustChangePassword: true });
    const s = await login(app, 'fresh');
    const blocked = await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).json().mustChangePassword).toBe(true);
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'weak' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('password_policy');
    const wrongCurrent = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: s.headers,
      payload: { currentPassword: 'nope', newPassword: 'Better-Pass-42' },
    });
    expect(wrongCurrent.json().error.code).toBe('wrong_password');
    const other = await login(app, 'fresh');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Better-Pass-42' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: s.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.headers })).statusCode).toBe(401);
    await login(app, 'fresh', 'Better-Pass-42');
  });

  it('answers 401 without credentials and the error envelope on validation errors', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/organizations' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toMatchObject({ code: 'unauthenticated', message: '未登录或登录已过期，请重新登录' });
    const v = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(v.statusCode).toBe(400);
    expect(v.json().error.code).toBe('validation_failed');
    expect(JSON.stringify(v.json().error.details)).toContain('password');
    const h = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(h.json()).toMatchObject({ ok: true, engine: ctx.engine });
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(docs.json().paths['/api/v1/organizations']).toBeDefined();
  });
});

describe('session housekeeping', () => {
  it('purgeExpired removes idle and absolute-expired sessions and old failures', async () => {
    const ctx = await createTestContext({ now: '2024-10-15T02:00:00.000Z' });
    try {
      const app = await createTestApp(ctx);
      const orgId = (await buildOrg(ctx, { kind: 'bureau', regionCode: '150626' })).id;
      await buildUser(ctx, { role: 'viewer', orgId, username: 'v' });
      await login(app, 'v');
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'v', password: 'bad' } });
      const { purgeExpired } = await import('../../src/auth/auth.service.js');
      await purgeExpired(ctx);
      expect(await ctx.db.selectFrom('sessions').select('id').execute()).toHaveLength(1);
      ctx.clock.advance(25 * 3600000);
      await purgeExpired(ctx);
      expect(await ctx.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
      expect(await ctx.db.selectFrom('login_failures').select('id').execute()).toHaveLength(0);
      await app.close();
    } finally {
      await ctx.cleanup();
    }
  });
});
