import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/app.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildWorld, TEST_PASSWORD, type TestUser } from '../factories.js';

/** Client address and protocol behind a reverse proxy: believed only from the configured proxy. */
describe('trusted proxy', () => {
  let ctx: TestContext;
  let direct: FastifyInstance;
  let proxied: FastifyInstance;
  let user: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    user = (await buildWorld(ctx)).users.regulator;
    direct = await build({ ctx, serveWeb: false });
    proxied = await build({ ctx: { ...ctx, config: { ...ctx.config, trustProxy: '127.0.0.1,10.0.0.0/8' } }, serveWeb: false });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
    await ctx.cleanup();
  });

  const login = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string>, password = TEST_PASSWORD) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { username: user.username, password } });

  const lastFailedIp = async () => {
    const r = await ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'login_failed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return (JSON.parse(r.data) as { ip: string }).ip;
  };

  const https = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };

  it('through the configured proxy: the forwarded client address is audited, HTTPS gives a Secure cookie and HSTS', async () => {
    const bad = await login(proxied, '10.1.2.3', https, 'wrong-password-1');
    expect(bad.statusCode).toBe(401);
    expect(await lastFailedIp()).toBe('203.0.113.9');
    const ok = await login(proxied, '127.0.0.1', https);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('from an address that is not the proxy, forwarded headers are ignored (no spoofed address, no Secure over HTTP)', async () => {
    const bad = await login(proxied, '198.51.100.7', https, 'wrong-password-2');
    expect(bad.statusCode).toBe(401);
    expect(await lastFailedIp()).toBe('198.51.100.7');
    const ok = await login(proxied, '198.51.100.7', https);
    expect(String(ok.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    expect(ok.headers['strict-transport-security']).toBeUndefined();
  });

  it('with no proxy configured, forwarded headers are never believed', async () => {
    const bad = await login(direct, '127.0.0.1', https, 'wrong-password-3');
    expect(bad.statusCode).toBe(401);
    expect(await lastFailedIp()).toBe('127.0.0.1');
    const ok = await login(direct, '127.0.0.1', https);
    expect(String(ok.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('API answers are not kept by caches; the web UI assets may be', async () => {
    const ok = await login(direct, '127.0.0.1', {});
    expect(ok.headers['cache-control']).toBe('no-store');
    const health = await direct.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.headers['cache-control']).toBe('no-store');
    const docs = await direct.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.headers['cache-control']).not.toBe('no-store');
  });
});
