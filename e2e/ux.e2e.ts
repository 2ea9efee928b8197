import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv } from '../packages/server/test/files.js';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Issue 15's remaining screens (docs/WEB.md): the import's column-mapping step, application instruments and result
 * entry as cards on a phone, a list-valued setting, and the new pages (参数设置, 场所管理, 工作日历, 轮换管理) at desktop and phone width.
 */
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

/** The admin account must change its initial password at the first login (docs/WEB.md); the others use the demo one. */
const NEW_ADMIN_PASSWORD = 'Ux-Settings-Pass-2026!';
let adminChanged = false;
async function login(page: Page, who: string): Promise<void> {
  if (who !== 'admin') {
    await loginAs(page, who, server.demoPassword);
    return;
  }
  if (adminChanged) await loginAs(page, 'admin', NEW_ADMIN_PASSWORD);
  else {
    await loginAs(page, 'admin', server.adminPassword, { newPassword: NEW_ADMIN_PASSWORD });
    adminChanged = true;
  }
}

const widthOf = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

describe('issue 15 screens', () => {
  it('a water utility maps an unknown serial column, previews again, saves the mapping as a template; the next file uses it', () =>
    withPage(browser, server.url, 'ux-mapping', DESKTOP, async (page) => {
      const file = (from: number) =>
        csv([
          ['表具类型', '表身码', '安装地址', '口径'],
          ['冷水水表', `UX-MAP-${from}`, '一号楼', 'DN20'],
          ['远传水表', `UX-MAP-${from + 1}`, '二号楼', 'DN20'],
        ]);
      await loginAs(page, 'water', server.demoPassword);
      await page.goto('/ledger/import');
      await page.locator('input[type=file]').setInputFiles({ name: '营业系统导出.csv', mimeType: 'text/csv', buffer: file(1) });
      await page.getByRole('button', { name: /上传并校验/ }).click();
      const card = page.getByTestId('mapping-card');
      await card.waitFor();
      await expect(card.getByText('未识别').first().isVisible()).resolves.toBe(true);
      await page.getByLabel('列“表身码”导入为').click();
      await page.keyboard.type('出厂编号');
      await page.locator('.ant-select-item-option[title="出厂编号"]').first().click();
      await screenshot(page, 'ux-mapping-01-choose');
      await page.getByRole('button', { name: /按此映射重新预览/ }).click();
      await page.getByText('已识别').nth(1).waitFor();
      await page.getByLabel('模板名称，如“营业系统导出”').waitFor();
      const inserted = page.locator('.ant-statistic').filter({ hasText: '新增' }).locator('.ant-statistic-content-value');
      await expect(inserted.textContent()).resolves.toBe('2');
      await page.getByLabel('模板名称，如“营业系统导出”').fill('营业系统导出');
      await page.getByRole('button', { name: /保存为映射模板/ }).click();
      await page.getByText('映射模板已保存').waitFor();
      await screenshot(page, 'ux-mapping-02-saved');

      // the next file with the same header: read with the template, nothing to map
      await page
        .getByRole('button', { name: /重新上传/ })
        .first()
        .click();
      await page.locator('input[type=file]').setInputFiles({ name: '营业系统导出-2.csv', mimeType: 'text/csv', buffer: file(3) });
      await page.getByRole('button', { name: /上传并校验/ }).click();
      await page.getByText('已按本单位保存的映射模板“营业系统导出”读取各列').waitFor();
      await expect(inserted.textContent()).resolves.toBe('2');
    }));

  it('at 390 px an application’s instruments are cards, not a scrolling table', () =>
    withPage(browser, server.url, 'ux-phone-cards', PHONE, async (page) => {
      // the applicant of the demo's first application reads it on a phone
      const app = await server.ctx.db.selectFrom('applications').select(['id', 'org_id']).orderBy('id').executeTakeFirstOrThrow();
      const applicant = await server.ctx.db
        .selectFrom('users')
        .select('username')
        .where('org_id', '=', app.org_id)
        .where('role', '=', 'enterprise')
        .orderBy('id')
        .executeTakeFirst();
      await loginAs(page, applicant?.username ?? 'regulator', server.demoPassword);
      await page.goto(`/verification/applications/${app.id}`);
      await page.locator('.qj-list-card').first().waitFor();
      expect(
        await page
          .locator('.ant-card')
          .filter({ hasText: /器具清单/ })
          .locator('.ant-table')
          .count(),
      ).toBe(0);
      expect(await widthOf(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'ux-phone-application-cards');
    }));

  it('at 390 px the institution enters results on cards: each input labelled, a missing certificate named under it', () =>
    withPage(browser, server.url, 'ux-phone-results', PHONE, async (page) => {
      const app = await server.ctx.db
        .selectFrom('applications')
        .select('id')
        .where('status', '=', 'accepted')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await loginAs(page, 'institution', server.demoPassword);
      await page.goto(`/verification/applications/${app.id}`);
      const entry = page.locator('.ant-card').filter({ hasText: /录入检定结果/ });
      await entry.locator('.qj-list-card').first().waitFor();
      expect(await entry.locator('.ant-table').count()).toBe(0);
      // a dispenser's nozzle reads as 1 号枪, not a bare number
      await entry
        .getByText(/\d+ 号枪|整机/)
        .first()
        .waitFor();
      await entry.getByRole('button', { name: '保存结果' }).click();
      await entry.getByText('请选择检定员').waitFor();
      expect(await widthOf(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'ux-phone-results');
    }));

  it('the administrator edits a list setting (资质与证书到期提醒): a value that is not a number is named, a valid list is saved', () =>
    withPage(browser, server.url, 'ux-settings-list', DESKTOP, async (page) => {
      await login(page, 'admin');
      await page.goto('/admin/settings');
      const row = page.getByRole('row', { name: /资质与证书到期提醒/ });
      await row.getByText('30、60 天').waitFor();
      await row.getByRole('button', { name: /资质与证书到期提醒/ }).click();
      const modal = page.locator('.ant-modal');
      await modal.locator('.ant-select').click();
      await page.keyboard.type('三十');
      await page.keyboard.press('Enter');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.getByText('“三十”不是整数').waitFor();
      await screenshot(page, 'ux-settings-list-error', { fullPage: false });
      await modal.locator('.ant-select-selection-item-remove').last().click();
      await modal.locator('.ant-select').click();
      await page.keyboard.type('90');
      await page.keyboard.press('Enter');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await row.getByText('30、60、90 天').waitFor();
      const saved = await server.ctx.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(saved.action).toBe('verification_settings_updated');
    }));

  for (const [who, path, name, ready] of [
    ['admin', '/admin/settings', 'settings', '预约受理时限'],
    ['regulator', '/admin/sites', 'sites', '场所管理'],
    ['regulator', '/verification/calendar', 'calendar', '节假日与调休上班日'],
    ['regulator', '/verification/rotation', 'rotation', '未来 24 个月到期预测'],
  ] as const) {
    for (const [vw, tag] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      it(`${path} as ${who} (${tag})`, () =>
        withPage(browser, server.url, `ux-${name}-${tag}`, vw, async (page) => {
          await login(page, who);
          await page.goto(path);
          await page.getByText(ready).first().waitFor();
          await screenshot(page, `ux-${name}-${tag}`, { fullPage: tag === 'desktop' });
          if (tag === 'phone') expect(await widthOf(page)).toBeLessThanOrEqual(PHONE.width);
        }));
    }
  }
});
