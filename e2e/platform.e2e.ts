import { makeCreditCode } from '@qiangjian/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { base32Decode, hotp, totpStep } from '../packages/server/src/auth/totp.js';
import { createUser } from '../packages/server/src/modules/users/users.service.js';
import {
  changePassword,
  type E2EServer,
  launchBrowser,
  loginAs,
  PHONE,
  pickOption as pick,
  screenshot,
  startServer,
  withPage,
} from './helpers.js';

const NEW_ADMIN_PASSWORD = 'Changed-Root-2024!';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The demo bureau (the organization of the `regulator` login). */
async function bureauId(): Promise<number> {
  const r = await server.ctx.db.selectFrom('users').select('org_id').where('username', '=', 'regulator').executeTakeFirstOrThrow();
  return Number(r.org_id);
}

/** Runs `fn` on a fresh page; on failure saves screenshots/failure-<name>.png before rethrowing. */
describe('platform web UI', () => {
  it('admin: forced password change, organization create with credit-code check, admin pages', () =>
    withPage(browser, server.url, 'admin', undefined, async (page) => {
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      // the e2e server runs in demo mode, as `npm start` does: every page says so
      await page.getByTestId('demo-banner').getByText('演示环境').waitFor();
      await screenshot(page, 'desktop-01-login');

      // a wrong password shows the server's Chinese message
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码', { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();

      // initial password → forced to change it
      expect(await loginAs(page, 'admin', server.adminPassword)).toBe('change-password');
      await page.getByText('首次登录或密码被重置后').waitFor();
      await page.getByText('至少 10 位').first().waitFor();
      await page.getByTestId('demo-banner').waitFor();
      await screenshot(page, 'desktop-02-change-password');
      // any other page redirects back while the password is unchanged
      await page.goto('/admin/orgs');
      await page.waitForURL(/\/change-password/);
      await changePassword(page, server.adminPassword, NEW_ADMIN_PASSWORD);
      await page.getByRole('heading', { name: /您好/ }).waitFor();
      await page.getByText('单位总数').waitFor();
      await screenshot(page, 'desktop-03-dashboard');

      // 单位管理 from the menu
      await page
        .getByRole('menuitem', { name: '系统管理' })
        .click()
        .catch(() => undefined);
      await page.getByRole('menuitem', { name: '单位管理' }).click();
      await page.waitForURL(/\/admin\/orgs/);
      await page.getByRole('heading', { name: '单位管理' }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await screenshot(page, 'desktop-04-orgs');

      // create: a wrong character, then a wrong check character, then a valid code
      const valid = makeCreditCode('91150626', 'MA0E2E01');
      const name = '示例端到端测试加油站';
      await page.getByRole('button', { name: '新建单位' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('单位名称').fill(name);
      await pick(page, dialog, '单位类型', '加油站经营单位');
      await dialog.getByLabel('统一社会信用代码').fill(`${valid.slice(0, 9)}I${valid.slice(10)}`);
      await dialog.getByLabel('联系人').fill('测试员');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const fieldError = dialog.locator('.ant-form-item-explain-error');
      await fieldError.filter({ hasText: '第10位' }).waitFor();
      expect(await fieldError.allTextContents()).toContain('统一社会信用代码不正确：第10位：字符“I”不允许');
      await screenshot(page, 'desktop-05-org-credit-code-error', { fullPage: false });

      const last = valid.at(-1) === '0' ? '1' : '0';
      await dialog.getByLabel('统一社会信用代码').fill(valid.slice(0, 17) + last);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await fieldError.filter({ hasText: '第18位校验码应为' }).waitFor();

      await dialog.getByLabel('统一社会信用代码').fill(valid);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByPlaceholder('单位名称或统一社会信用代码').fill(valid);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      const row = page.locator('.ant-table-row', { hasText: name });
      await row.waitFor();
      expect(await row.textContent()).toContain(valid);
      expect(await page.locator('.ant-table-row').count()).toBe(1);

      // edit (PATCH): the change shows in the list
      await row.getByRole('button', { name: /编辑/ }).click();
      await dialog.getByLabel('联系电话').fill('0477-7000000');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('0477-7000000').waitFor();

      // an office gets towns from /regions
      await page.getByRole('button', { name: '新建单位' }).click();
      await pick(page, dialog, '单位类型', '市场监督管理所');
      await dialog.getByLabel('管辖乡镇（苏木）').waitFor();
      await screenshot(page, 'desktop-06-org-office-form', { fullPage: false });
      await dialog.getByRole('button', { name: /取\s*消/ }).click();

      // 用户管理: list and the create form
      await page.getByRole('menuitem', { name: '用户管理' }).click();
      await page.waitForURL(/\/admin\/users/);
      await page.locator('.ant-table-row', { hasText: 'station' }).first().waitFor();
      await screenshot(page, 'desktop-07-users');
      await page.getByRole('button', { name: '新建用户' }).click();
      await dialog.getByLabel('用户名').fill('e2e_user');
      await dialog.getByLabel('姓名').fill('测试用户');
      await dialog.getByLabel('所属单位').fill('示例端到端');
      // the search answer (one organization) is in before the option is clicked, and the choice shows in the field
      const orgOptions = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await expect.poll(() => orgOptions.count()).toBe(1);
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(name, { exact: true }).click();
      await dialog.locator('.ant-form-item', { hasText: '所属单位' }).getByText(name, { exact: true }).filter({ visible: true }).waitFor();
      await pick(page, dialog, '角色', '使用单位');
      await dialog.getByLabel('初始密码').fill('Init-User-2024!');
      await screenshot(page, 'desktop-08-user-create', { fullPage: false });
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const userRow = page.locator('.ant-table-row', { hasText: 'e2e_user' });
      await userRow.getByText('待改密').waitFor();
      // edit: disable the account
      await userRow.getByRole('button', { name: /编辑/ }).click();
      await dialog.getByLabel('停用').click();
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await userRow.getByText('已停用').waitFor();

      // 行政区划
      await page.getByRole('menuitem', { name: '行政区划' }).click();
      await page.waitForURL(/\/regions/);
      await page.getByRole('heading', { name: '行政区划' }).waitFor();
      await page.getByText('嘎鲁图镇').first().waitFor();
      await screenshot(page, 'desktop-09-regions');

      // 访问令牌 (user menu): create, shown once, revoke
      await page.goto('/account/tokens');
      await page.getByRole('button', { name: '创建令牌' }).click();
      await dialog.getByLabel('名称').fill('e2e-script');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByText('令牌只显示这一次').waitFor();
      await screenshot(page, 'desktop-10-token-created', { fullPage: false });
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      await page.locator('.ant-table-row', { hasText: 'e2e-script' }).first().waitFor();
      // administrators also see every user's tokens, with the owner
      await page.getByText('全部用户的访问令牌').waitFor();
      await page.locator('.ant-table-row', { hasText: 'admin' }).filter({ hasText: 'e2e-script' }).first().waitFor();
      await screenshot(page, 'desktop-11-tokens');
      // 我的会话 (user menu): this browser, marked as the current session
      await page.goto('/account/sessions');
      await page.getByText('当前会话').waitFor();
      await screenshot(page, 'desktop-11b-sessions');
    }));

  it('enterprise user: no admin menus, 403 page on admin URLs', () =>
    withPage(browser, server.url, 'enterprise', undefined, async (page) => {
      expect(await loginAs(page, 'station', server.demoPassword)).toBe('home');
      const menu = page.locator('.ant-layout-sider');
      await menu.getByRole('menuitem', { name: '工作台' }).waitFor();
      expect(await menu.getByRole('menuitem', { name: '单位管理' }).count()).toBe(0);
      expect(await menu.getByRole('menuitem', { name: '用户管理' }).count()).toBe(0);
      await screenshot(page, 'desktop-12-enterprise-dashboard');

      await page.goto('/admin/users');
      await page.getByText('无权访问', { exact: true }).waitFor();
      await page.getByText('没有访问此页面的权限').waitFor();
      await screenshot(page, 'desktop-13-forbidden');
      await page.goto('/admin/orgs');
      await page.getByText('无权访问', { exact: true }).waitFor();
      // unknown client routes get the SPA (404 page); unknown API paths keep the JSON envelope
      await page.goto('/no/such/page');
      await page.getByText('页面不存在', { exact: true }).waitFor();
      const api404 = await page.request.get('/api/no-such-endpoint');
      expect(api404.status()).toBe(404);
      expect(((await api404.json()) as { error: { code: string } }).error.code).toBe('not_found');

      // an expired session: the next API call (401) sends the user to the login page, back after login
      await page.goto('/account/tokens');
      await page.getByRole('heading', { name: '访问令牌' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.context().clearCookies();
      await page.getByRole('button', { name: '创建令牌' }).click();
      await page.getByRole('dialog').getByLabel('名称').fill('expired');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      await page.waitForURL(/\/login\?redirect=%2Faccount%2Ftokens/);
      await page.getByLabel('用户名').fill('station');
      await page.getByLabel('密码', { exact: true }).fill(server.demoPassword);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(/\/account\/tokens$/);
      await page.getByRole('heading', { name: '访问令牌' }).waitFor();

      // logout returns to the login page
      await page.goto('/');
      await page.getByRole('button', { name: /退出登录/ }).click();
      await page.waitForURL(/\/login/);
    }));

  it('phone-size viewport: drawer menu and pages', () =>
    withPage(browser, server.url, 'phone', PHONE, async (page) => {
      await page.goto('/login');
      await page.getByTestId('demo-banner').getByText('共享账号', { exact: false }).waitFor();
      await screenshot(page, 'phone-01-login');
      await loginAs(page, 'regulator', server.demoPassword);
      await page.getByTestId('demo-banner').waitFor();
      await screenshot(page, 'phone-02-dashboard');
      await page.getByRole('button', { name: '打开菜单' }).click();
      await page.locator('.ant-drawer').getByRole('menuitem', { name: '系统管理' }).click();
      await page.locator('.ant-drawer').getByRole('menuitem', { name: '单位管理' }).waitFor();
      await screenshot(page, 'phone-03-menu', { fullPage: false });
      await page.locator('.ant-drawer').getByRole('menuitem', { name: '单位管理' }).click();
      await page.waitForURL(/\/admin\/orgs/);
      // below the md breakpoint a list page shows one card per row instead of the table
      await page.locator('.qj-list-card').first().waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(0);
      await screenshot(page, 'phone-04-orgs');
      await page.getByRole('button', { name: '新建单位' }).click();
      await page.getByRole('dialog').getByLabel('单位名称').waitFor();
      await screenshot(page, 'phone-05-org-form', { fullPage: false });
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /取\s*消/ })
        .click();
      await page.goto('/admin/users');
      await page.locator('.qj-list-card').first().waitFor();
      await screenshot(page, 'phone-06-users');
      await page.goto('/regions');
      await page.getByRole('heading', { name: '行政区划' }).waitFor();
      await page.getByText('嘎鲁图镇').first().waitFor();
      await screenshot(page, 'phone-07-regions');
      await page.goto('/account/tokens');
      await page.getByRole('button', { name: '创建令牌' }).waitFor();
      await screenshot(page, 'phone-08-tokens');
      await page.goto('/account/sessions');
      await page.getByText('当前会话').waitFor();
      await screenshot(page, 'phone-08b-sessions');
      // the user menu shows name, organization and role on a phone
      await page.getByRole('button', { name: /用户菜单/ }).click();
      await page.getByText('角色：计量监管人员').waitFor();
      await page.getByText('单位：乌审旗市场监督管理局').waitFor();
      await screenshot(page, 'phone-09-user-menu', { fullPage: false });
    }));

  it('phone-size viewport: a password set by an administrator must be changed first', () =>
    withPage(browser, server.url, 'phone-change-password', PHONE, async (page) => {
      await createUser(server.ctx, CLI_ACTOR, {
        username: 'phone-user',
        displayName: 'Phone',
        role: 'viewer',
        orgId: await bureauId(),
        password: 'Initial-Pass-42',
      });
      expect(await loginAs(page, 'phone-user', 'Initial-Pass-42')).toBe('change-password');
      await page.getByText('首次登录或密码被重置后').waitFor();
      await page.getByTestId('demo-banner').waitFor();
      await screenshot(page, 'phone-10-change-password');
      await changePassword(page, 'Initial-Pass-42', 'Phone-Changed-42');
    }));

  it('regulator: enables the TOTP second factor on 我的会话, then logs in with a code', () =>
    withPage(browser, server.url, 'totp', undefined, async (page) => {
      await createUser(
        server.ctx,
        CLI_ACTOR,
        { username: 'totp-reg', displayName: 'TOTP', role: 'regulator', orgId: await bureauId(), password: 'Initial-Pass-42' },
        { mustChangePassword: false },
      );
      await loginAs(page, 'totp-reg', 'Initial-Pass-42');
      await page.goto('/account/sessions');
      await page.getByRole('button', { name: '启用两步验证' }).click();
      const dialog = page.getByRole('dialog');
      const secret = ((await dialog.locator('code').first().textContent()) ?? '').trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'desktop-15-totp-enrol', { fullPage: false });
      const code = () => hotp(base32Decode(secret), totpStep(Date.now()));
      await dialog.getByLabel('验证码').fill(code());
      await dialog.getByRole('button', { name: '确认启用' }).click();
      await page.getByText('已启用', { exact: true }).waitFor();
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/login/);
      // password alone is not enough any more: the page asks for the code
      await page.getByLabel('用户名').fill('totp-reg');
      await page.getByLabel('密码', { exact: true }).fill('Initial-Pass-42');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('alert').filter({ hasText: '动态验证码' }).waitFor();
      await screenshot(page, 'desktop-16-login-totp');
      // the code used to confirm works only once: log in with the next step's (accepted within one step of drift)
      const used = totpStep(Date.now());
      await page.getByLabel('动态验证码').fill(hotp(base32Decode(secret), used + 1));
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.getByRole('button', { name: /用户菜单/ }).waitFor();
    }));

  it('login: repeated failures lock the account with a Chinese message', () =>
    withPage(browser, server.url, 'locked', undefined, async (page) => {
      await page.goto('/login');
      for (let i = 0; i < 6; i++) {
        await page.getByLabel('用户名').fill('viewer');
        await page.getByLabel('密码', { exact: true }).fill(`wrong-${i}`);
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
          page.getByRole('button', { name: /登\s*录/ }).click(),
        ]);
      }
      await page.getByRole('alert').filter({ hasText: '账号已锁定' }).waitFor();
      // even the right password is refused while locked
      await page.getByLabel('密码', { exact: true }).fill(server.demoPassword);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('alert').filter({ hasText: '分钟后再试' }).waitFor();
      await screenshot(page, 'desktop-14-login-locked');
    }));
});
