import { COMMON_PASSWORDS } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/auth/password.js';
import { useTestApp } from '../db.js';
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
