import { COMMON_PASSWORDS, DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem } from '../../src/auth/password.js';
import { base32Decode, hotp, totpStep } from '../../src/auth/totp.js';
import type { Config } from '../../src/config.js';
import { PUBLIC_COMPLAINT_BODY_LIMIT } from '../../src/modules/complaints/complaints.routes.js';
import { createTestApp, createTestContext, useTestApp } from '../db.js';
import { buildUser, login, TEST_PASSWORD } from '../factories.js';

describe('password rules', () => {
  it('the common-password list holds a few hundred lower-case entries, the Chinese-typical ones among them', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase())).toBe(true);
    for (const p of ['123456', 'a123456', 'qwerty123', 'password1', 'woaini1314', 'admin123', 'aa123456'])
      expect(COMMON_PASSWORDS).toContain(p);
  });

  it('names the rule a password breaks: length, classes, common (any case), containing the username (any case)', () => {
    expect(passwordProblem('Ab1-')).toBe('too_short');
    expect(passwordProblem('alllowercase1')).toBe('too_few_classes');
    expect(passwordProblem('P@ssw0rd123')).toBe('common');
    expect(passwordProblem('aA123456789')).toBe('common');
    expect(passwordProblem('Woaini1314!')).toBe('common');
    expect(passwordProblem('Zhang-San-2024', 'ZHANGSAN')).toBe(null);
    expect(passwordProblem('My-zhangsan-24', 'ZhangSan')).toBe('contains_username');
    expect(passwordProblem('Better-Pass-42', 'zhangsan')).toBe(null);
  });

  const app = useTestApp({ each: true });

  it('change-password refuses a common password and one containing the username, with a message naming the rule', async () => {
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id, username: 'liming' });
    const s = await login(app.app, u.username);
    const change = (newPassword: string) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/change-password',
        headers: s.headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
    const common = await change('Admin@123456');
    expect(common.statusCode).toBe(400);
    expect(common.json().error).toMatchObject({
      code: 'password_policy',
      message: '密码不符合要求：这是常见弱密码（不区分大小写），容易被猜中，请换一个',
      details: { field: 'newPassword', reason: 'common' },
    });
    const withName = await change('LiMing-2024-ok');
    expect(withName.json().error).toMatchObject({
      code: 'password_policy',
      message: '密码不符合要求：不能包含用户名（不区分大小写）',
      details: { field: 'newPassword', reason: 'contains_username' },
    });
    const same = await change(TEST_PASSWORD);
    expect(same.json().error.details.reason).toBe('same_as_current');
    expect((await change('Quiet-River-42')).statusCode).toBe(200);
  });

  it('creating a user and resetting a password apply the same rules', async () => {
    const admin = app.as('admin');
    const create = await admin.post('/api/v1/users', {
      username: 'wangfang',
      displayName: 'W',
      role: 'viewer',
      orgId: app.world.bureau.id,
      password: 'Wangfang-2024',
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.details).toEqual({ field: 'password', reason: 'contains_username' });
    const created = await admin.post('/api/v1/users', {
      username: 'wangfang',
      displayName: 'W',
      role: 'viewer',
      orgId: app.world.bureau.id,
      password: 'Quiet-River-42',
    });
    expect(created.statusCode).toBe(201);
    const reset = await admin.patch(`/api/v1/users/${created.json().id}`, { resetPassword: 'qwerty123!' });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().error.details).toEqual({ field: 'resetPassword', reason: 'common' });
    const resetName = await admin.patch(`/api/v1/users/${created.json().id}`, { resetPassword: 'xx-WANGFANG-9' });
    expect(resetName.json().error.details).toEqual({ field: 'resetPassword', reason: 'contains_username' });
  });
});

describe('names', () => {
  const app = useTestApp();
  it('a display name with a right-to-left override is refused with a message naming the field; nothing is stored', async () => {
    const r = await app.as('admin').post('/api/v1/users', {
      username: 'evil',
      displayName: 'admin\u202egnp.exe',
      role: 'viewer',
      orgId: app.world.bureau.id,
      password: 'Quiet-River-42',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
    expect(r.json().error.details).toEqual([
      { field: 'body.displayName', message: '姓名含有不允许的字符：控制字符、文字方向控制符、零宽字符或残缺字符' },
    ]);
    const org = await app.as('admin').post('/api/v1/organizations', {
      name: '示例\u0007加油站',
      kind: 'gas_station',
      creditCode: '911506263141592685',
      regionCode: '150626100',
    });
    expect(org.json().error.details[0]).toMatchObject({ field: 'body.name', message: expect.stringContaining('单位名称') });
    expect(await app.ctx.db.selectFrom('users').select('id').where('username', '=', 'evil').execute()).toEqual([]);
  });
});

describe('credentials end with the password', () => {
  const app = useTestApp({ each: true });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('changing the password revokes every API token of the user and ends the other sessions, not the current one', async () => {
    const u = await buildUser(app.ctx, { role: 'regulator', orgId: app.world.bureau.id });
    const s = await login(app.app, u.username);
    const other = await login(app.app, u.username);
    const tokens = [];
    for (const name of ['a', 'b']) {
      const r = await app.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: s.headers, payload: { name } });
      tokens.push(r.json().token as string);
    }
    for (const tk of tokens)
      expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(tk) })).statusCode).toBe(200);
    // someone else's token is untouched
    const theirs = await app.as('viewer').post('/api/v1/auth/tokens', { name: 'keep' });
    const changed = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Quiet-River-42' },
    });
    expect(changed.statusCode).toBe(200);
    for (const tk of tokens)
      expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(tk) })).statusCode).toBe(401);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.headers })).statusCode).toBe(401);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(theirs.json().token) })).statusCode).toBe(200);
    const listed = await app.app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: s.headers });
    expect(listed.json().every((t: { revokedAt: string | null }) => t.revokedAt !== null)).toBe(true);
  });

  it("an administrator's password reset revokes the user's tokens and ends the user's sessions", async () => {
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    const s = await login(app.app, u.username);
    const tk = (await app.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: s.headers, payload: { name: 't' } })).json()
      .token as string;
    const reset = await app.as('admin').patch(`/api/v1/users/${u.id}`, { resetPassword: 'Quiet-River-42' });
    expect(reset.statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(tk) })).statusCode).toBe(401);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('administrators list every token with its owner and revoke any; others cannot list them or revoke a token not theirs', async () => {
    const mine = (await app.as('viewer').post('/api/v1/auth/tokens', { name: 'viewer-script' })).json();
    await app.as('regulator').post('/api/v1/auth/tokens', { name: 'reg-script' });
    const list = await app.as('admin').get('/api/v1/auth/all-tokens?active=1');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    expect(
      list
        .json()
        .items.map((t: { name: string; username: string }) => `${t.username}:${t.name}`)
        .sort(),
    ).toEqual([`${app.world.users.regulator.username}:reg-script`, `${app.world.users.viewer.username}:viewer-script`]);
    const filtered = await app.as('admin').get(`/api/v1/auth/all-tokens?q=${app.world.users.viewer.username}`);
    expect(filtered.json().items).toHaveLength(1);
    expect((await app.as('regulator').get('/api/v1/auth/all-tokens')).statusCode).toBe(403);
    expect((await app.as('regulator').delete(`/api/v1/auth/tokens/${mine.id}`)).statusCode).toBe(404);
    expect((await app.as('admin').delete(`/api/v1/auth/tokens/${mine.id}`)).statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(mine.token) })).statusCode).toBe(401);
    expect((await app.as('admin').get('/api/v1/auth/all-tokens?active=1')).json().total).toBe(1);
    const audit = await app.ctx.db.selectFrom('audit_log').select(['actor', 'data']).where('action', '=', 'token_revoked').execute();
    expect(audit).toEqual([
      { actor: `user:${app.world.users.admin.username}`, data: expect.stringContaining(`"userId":${app.world.users.viewer.id}`) },
    ]);
  });
});

describe('password expiry and the published demo password', () => {
  const app = useTestApp({ each: true });
  const withConfig = async (config: Partial<Config>) => createTestApp({ ...app.ctx, config: { ...app.ctx.config, ...config } });
  const get = (a: FastifyInstance, url: string, s: { headers: Record<string, string> }) =>
    a.inject({ method: 'GET', url, headers: s.headers });

  it('a password older than QIANGJIAN_PASSWORD_MAX_AGE_DAYS (default 90) logs in but must be changed before anything else', async () => {
    expect(app.ctx.config.passwordMaxAgeDays).toBe(90);
    const u = await buildUser(app.ctx, { role: 'regulator', orgId: app.world.bureau.id });
    const now = app.ctx.clock.now().getTime();
    const setChangedDaysAgo = (days: number) =>
      app.ctx.db
        .updateTable('users')
        .set({ password_changed_at: new Date(now - days * 86400000).toISOString() })
        .where('id', '=', u.id)
        .execute();
    await setChangedDaysAgo(89);
    const fresh = await login(app.app, u.username);
    expect((await get(app.app, '/api/v1/organizations', fresh)).statusCode).toBe(200);
    await setChangedDaysAgo(91);
    const s = await login(app.app, u.username);
    const me = (await get(app.app, '/api/v1/auth/me', s)).json();
    expect(me).toMatchObject({ mustChangePassword: true, passwordChangeReason: 'expired' });
    const blocked = await get(app.app, '/api/v1/organizations', s);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({
      code: 'password_change_required',
      message: '须先修改密码才能继续：初始密码或已过期的密码',
    });
    // tokens of the user are held back too
    const tk = (await app.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: s.headers, payload: { name: 'x' } }))
      .statusCode;
    expect(tk).toBe(403);
    // 0 = never expires
    const never = await withConfig({ passwordMaxAgeDays: 0 });
    expect((await get(never, '/api/v1/organizations', await login(never, u.username))).statusCode).toBe(200);
    await never.close();
    const changed = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Quiet-River-42' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await get(app.app, '/api/v1/organizations', s)).statusCode).toBe(200);
    expect((await get(app.app, '/api/v1/auth/me', s)).json()).toMatchObject({ mustChangePassword: false, passwordChangeReason: null });
  });

  it('an account using the published demo password must change it, unless the server runs in demo mode (which /health reports)', async () => {
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    await app.ctx.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
      .where('id', '=', u.id)
      .execute();
    const demo = await withConfig({ demoMode: true });
    expect((await demo.inject({ method: 'GET', url: '/api/v1/health' })).json().demoMode).toBe(true);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/health' })).json().demoMode).toBe(false);
    const inDemo = await login(demo, u.username, DEMO_PASSWORD);
    expect((await get(demo, '/api/v1/organizations', inDemo)).statusCode).toBe(200);
    await demo.close();
    const outside = await login(app.app, u.username, DEMO_PASSWORD);
    expect((await get(app.app, '/api/v1/auth/me', outside)).json()).toMatchObject({
      mustChangePassword: true,
      passwordChangeReason: 'initial',
    });
    expect((await get(app.app, '/api/v1/organizations', outside)).json().error.code).toBe('password_change_required');
  });
});

describe('sessions', () => {
  const app = useTestApp({ each: true });
  const me = (a: FastifyInstance, s: { headers: Record<string, string> }) =>
    a.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });

  it('at most QIANGJIAN_MAX_SESSIONS_PER_USER (default 5) sessions per account: a new login ends the oldest', async () => {
    expect(app.ctx.config.maxSessionsPerUser).toBe(5);
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    const sessions = [];
    for (let i = 0; i < 7; i++) {
      sessions.push(await login(app.app, u.username));
      app.ctx.clock.advance(1000);
    }
    const answers = await Promise.all(sessions.map(async (s) => (await me(app.app, s)).statusCode));
    expect(answers).toEqual([401, 401, 200, 200, 200, 200, 200]);
    expect(await app.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(5);
    const two = await createTestApp({ ...app.ctx, config: { ...app.ctx.config, maxSessionsPerUser: 2 } });
    const a = await login(two, u.username);
    app.ctx.clock.advance(1000);
    const b = await login(two, u.username);
    expect((await me(two, a)).statusCode).toBe(200);
    expect((await me(two, b)).statusCode).toBe(200);
    expect((await me(two, sessions[6] as { headers: Record<string, string> })).statusCode).toBe(401);
    await two.close();
  });

  it('a login always keeps its own new session, also when all of them start in the same millisecond', async () => {
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    // (with ties broken at random, 35 logins past the limit would each have lost their own session 1 time in 6)
    for (let i = 0; i < 40; i++) {
      const s = await login(app.app, u.username);
      expect((await me(app.app, s)).statusCode).toBe(200);
    }
    expect(await app.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(5);
  });

  it('the limit counts live sessions: an idle-expired session goes before a live one older than it', async () => {
    const two = await createTestApp({ ...app.ctx, config: { ...app.ctx.config, maxSessionsPerUser: 2 } });
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    const a = await login(two, u.username);
    app.ctx.clock.advance(1000);
    await login(two, u.username); // b: left idle
    for (let i = 0; i < 2; i++) {
      app.ctx.clock.advance(20 * 60000);
      expect((await me(two, a)).statusCode).toBe(200); // a stays active
    }
    const c = await login(two, u.username);
    expect((await me(two, a)).statusCode).toBe(200);
    expect((await me(two, c)).statusCode).toBe(200);
    expect(await app.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(2);
    await two.close();
  });

  it('我的会话: lists my sessions with the current one marked, ends one, and signs out all the others', async () => {
    const u = await buildUser(app.ctx, { role: 'regulator', orgId: app.world.bureau.id });
    const other1 = await login(app.app, u.username);
    app.ctx.clock.advance(1000);
    const other2 = await login(app.app, u.username);
    app.ctx.clock.advance(1000);
    const current = await login(app.app, u.username);
    const someoneElse = await login(app.app, app.world.users.viewer.username);
    const list = await app.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: current.headers });
    expect(list.statusCode).toBe(200);
    const items = list.json() as { id: string; current: boolean; createdAt: string }[];
    expect(items).toHaveLength(3);
    expect(items.map((x) => x.current)).toEqual([true, false, false]);
    // the stored key (a hash of the cookie) is not shown
    const stored = await app.ctx.db.selectFrom('sessions').select('id').execute();
    for (const x of items) expect(stored.map((r) => r.id)).not.toContain(x.id);
    // end the oldest (other1)
    const oldest = items[2] as { id: string };
    const del = await app.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${oldest.id}`, headers: current.headers });
    expect(del.statusCode).toBe(200);
    expect((await me(app.app, other1)).statusCode).toBe(401);
    expect((await me(app.app, other2)).statusCode).toBe(200);
    // another user's session is not mine to end
    const theirs = (await app.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: someoneElse.headers })).json()[0].id;
    expect((await app.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${theirs}`, headers: current.headers })).statusCode).toBe(
      404,
    );
    const out = await app.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/end-others', headers: current.headers });
    expect(out.json()).toEqual({ ended: 1 });
    expect((await me(app.app, other2)).statusCode).toBe(401);
    expect((await me(app.app, current)).statusCode).toBe(200);
    expect((await me(app.app, someoneElse)).statusCode).toBe(200);
    const actions = (await app.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'session%').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(['session_ended', 'sessions_ended']);
  });

  it('idle expiry counts from the exact last request, also at a one-minute setting', async () => {
    const idle = await createTestApp({ ...app.ctx, config: { ...app.ctx.config, sessionIdleMinutes: 1 } });
    const u = await buildUser(app.ctx, { role: 'viewer', orgId: app.world.bureau.id });
    const s = await login(idle, u.username);
    for (let i = 0; i < 5; i++) {
      app.ctx.clock.advance(50_000);
      expect((await me(idle, s)).statusCode).toBe(200);
    }
    app.ctx.clock.advance(61_000);
    expect((await me(idle, s)).statusCode).toBe(401);
    await idle.close();
  });
});

describe('TOTP second factor (admin and regulator)', () => {
  const app = useTestApp({ each: true });
  const codeAt = (secret: string, ms: number) => hotp(base32Decode(secret), totpStep(ms));
  const loginWith = (username: string, totpCode?: string) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: TEST_PASSWORD, ...(totpCode === undefined ? {} : { totpCode }) },
    });

  it('enrol shows a secret and an otpauth URI; after confirming with a code, login asks for a code and a code works once', async () => {
    const u = await buildUser(app.ctx, { role: 'regulator', orgId: app.world.bureau.id, username: 'reg2fa' });
    const s = await login(app.app, u.username);
    const post = (url: string, payload?: unknown) => app.app.inject({ method: 'POST', url, headers: s.headers, payload: payload ?? {} });
    const enrol = await post('/api/v1/auth/totp/enrol');
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/${encodeURIComponent('强检监管:reg2fa')}?secret=${secret}&issuer=${encodeURIComponent('强检监管')}&algorithm=SHA1&digits=6&period=30`,
    );
    // not confirmed yet: login does not ask
    expect((await loginWith(u.username)).statusCode).toBe(200);
    const wrong = await post('/api/v1/auth/totp/confirm', { code: codeAt(secret, app.ctx.clock.now().getTime() - 5 * 60000) });
    expect(wrong.json().error.code).toBe('invalid_totp');
    expect((await post('/api/v1/auth/totp/confirm', { code: codeAt(secret, app.ctx.clock.now().getTime()) })).statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).json().totpEnabled).toBe(true);
    expect((await post('/api/v1/auth/totp/enrol')).json().error.code).toBe('totp_already_enabled');

    const none = await loginWith(u.username);
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'totp_required', message: '请输入身份验证器应用中的6位动态验证码' });
    expect(none.headers['set-cookie']).toBeUndefined();
    // the code used to confirm cannot log in (same time step)
    expect((await loginWith(u.username, codeAt(secret, app.ctx.clock.now().getTime()))).json().error.code).toBe('invalid_totp');
    app.ctx.clock.advance(30_000);
    const code = codeAt(secret, app.ctx.clock.now().getTime());
    const ok = await loginWith(u.username, code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totpEnabled).toBe(true);
    // replay of the same code
    expect((await loginWith(u.username, code)).json().error.code).toBe('invalid_totp');
    const reasons = (await app.ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'login_failed').execute()).map(
      (r) => JSON.parse(String(r.data)).reason,
    );
    expect(reasons).toEqual(['wrong_totp', 'wrong_totp']);
    // disabling takes a current code
    app.ctx.clock.advance(30_000);
    expect((await post('/api/v1/auth/totp/disable', { code: '000000' })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/totp/disable', { code: codeAt(secret, app.ctx.clock.now().getTime()) })).statusCode).toBe(200);
    expect((await loginWith(u.username)).statusCode).toBe(200);
  });

  it('an administrator resets the second factor of a user who lost the phone', async () => {
    const u = await buildUser(app.ctx, { role: 'regulator', orgId: app.world.bureau.id });
    const s = await login(app.app, u.username);
    const enrol = await app.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: s.headers, payload: {} });
    const { secret } = enrol.json() as { secret: string };
    const code = codeAt(secret, app.ctx.clock.now().getTime());
    expect(
      (await app.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: s.headers, payload: { code } })).statusCode,
    ).toBe(200);
    expect((await loginWith(u.username)).json().error.code).toBe('totp_required');
    expect((await app.as('regulator').patch(`/api/v1/users/${u.id}`, { resetTotp: true })).statusCode).toBe(403);
    expect((await app.as('admin').patch(`/api/v1/users/${u.id}`, { resetTotp: true })).statusCode).toBe(200);
    expect((await loginWith(u.username)).statusCode).toBe(200);
    const audit = await app.ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'user_updated').execute();
    expect(audit.map((r) => JSON.parse(String(r.data)).changes)).toEqual([{ totp: { before: 'enabled', after: 'reset' } }]);
  });

  it('other roles and API tokens cannot enrol', async () => {
    expect((await app.as('viewer').post('/api/v1/auth/totp/enrol')).statusCode).toBe(403);
    expect((await app.as('enterprise').post('/api/v1/auth/totp/enrol')).statusCode).toBe(403);
    const tk = (await app.as('admin').post('/api/v1/auth/tokens', { name: 't' })).json().token as string;
    const viaToken = await app.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: { authorization: `Bearer ${tk}` } });
    expect(viaToken.statusCode).toBe(403);
  });
});

describe('public routes', () => {
  it('every public route that takes a body has a small body limit (at most 4 KB)', async () => {
    const ctx = await createTestContext();
    const seen: { route: string; bodyLimit: number | undefined }[] = [];
    const a = await createTestApp(ctx, {
      onRoute: (r) => {
        const methods = [r.method].flat().filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
        const cfg = (r.config ?? {}) as { public?: boolean };
        if (cfg.public && methods.length > 0) seen.push({ route: `${methods.join(',')} ${r.url}`, bodyLimit: r.bodyLimit });
      },
    });
    try {
      expect(seen.map((s) => s.route)).toContain('POST /api/v1/auth/login');
      // the one exception: the public complaint form carries up to 2,000 characters of text (its own limit, 16 KB)
      const own: Record<string, number> = { 'POST /api/v1/public/complaints': PUBLIC_COMPLAINT_BODY_LIMIT };
      expect(PUBLIC_COMPLAINT_BODY_LIMIT).toBeLessThanOrEqual(16 * 1024);
      for (const s of seen) expect(s.bodyLimit ?? Number.POSITIVE_INFINITY, s.route).toBeLessThanOrEqual(own[s.route] ?? 4096);
    } finally {
      await a.close();
      await ctx.cleanup();
    }
  });
});
