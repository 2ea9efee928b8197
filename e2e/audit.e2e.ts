import fs from 'node:fs';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditAlone } from '../packages/server/src/audit/audit.service.js';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { updateOrg } from '../packages/server/src/modules/orgs/orgs.service.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * 审计日志 (docs/SECURITY.md 安全审计): the administrator filters the audit trail by an action, opens an entry's
 * before/after diff, verifies the hash chains, downloads the signed checkpoint and, after an entry is edited in the
 * database, sees verification name it; desktop (1366) and phone (390).
 */
const NEW_ADMIN_PASSWORD = 'Changed-Root-2024!';
const DESKTOP_1366 = { width: 1366, height: 900 };
const ADDRESS = '鄂托克前旗审计测试路 1 号';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // an organization change with a before/after diff to look at
  const org = await server.ctx.db
    .selectFrom('organizations')
    .select('id')
    .where('kind', '=', 'gas_station')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await updateOrg(server.ctx, CLI_ACTOR, Number(org.id), { address: ADDRESS });
  // an entry of an action the catalog does not know (older data): shown by the generic label, the code in a tooltip
  await recordAuditAlone(server.ctx, CLI_ACTOR, { action: 'legacy_thing', entityType: 'legacy_entity', entityId: '7', data: {} });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Picks an option of the antd Select labelled `label`. */
async function pick(page: Page, label: string, option: string) {
  const box = page.getByLabel(label, { exact: true });
  const id = await box.getAttribute('id');
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${id}_list"]`) });
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await box.getAttribute('aria-expanded')) !== 'true') await box.click();
    await box.fill(option);
    await dropdown.getByTitle(option, { exact: true }).click();
    await page.waitForTimeout(300);
    const item = box.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]');
    if ((await item.textContent())?.includes(option)) return;
  }
  throw new Error(`could not pick ${option} in ${label}`);
}

/** No English word (3+ Latin letters) in the list's cells except the actor column (user names are data). */
async function expectNoCodes(page: Page) {
  const cells = await page.locator('.ant-table-row td:not(:nth-child(2))').allTextContents();
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) expect(c, c).not.toMatch(/[A-Za-z_]{3,}/);
}

describe('audit log web UI', () => {
  it('admin: 审计日志 — filter by an action, an entry’s diff, 校验审计链, checkpoint download (desktop)', () =>
    withPage(browser, server.url, 'audit-desktop', DESKTOP_1366, async (page) => {
      await loginAs(page, 'admin', server.adminPassword, { newPassword: NEW_ADMIN_PASSWORD });
      await page
        .getByRole('menuitem', { name: '系统管理' })
        .click()
        .catch(() => undefined);
      // the submenu may still be unfolding: click again until the page changes
      const item = page.getByRole('menuitem', { name: '审计日志' });
      await item.waitFor();
      for (let attempt = 0; attempt < 3 && !page.url().includes('/admin/audit'); attempt++) {
        await page.waitForTimeout(300);
        await item.click();
        await page.waitForURL(/\/admin\/audit/, { timeout: 5000 }).catch(() => undefined);
      }
      await page.waitForURL(/\/admin\/audit/);
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await page.getByText('qiangjian audit verify --against').waitFor();
      await expectNoCodes(page);
      // the unknown action: 其他操作, its code in a tooltip
      const unknown = page.locator('.ant-table-row', { hasText: '其他操作' }).first();
      await unknown.getByText('其他对象 7').waitFor();
      await unknown.getByText('其他操作').hover();
      await page.getByRole('tooltip').getByText('原始代码：legacy_thing').waitFor();
      await screenshot(page, 'audit-01-desktop-list', { fullPage: false });
      await page.mouse.move(0, 0);

      // filter by an action: 修改单位 (the options are Chinese labels)
      await page.getByLabel('操作', { exact: true }).click();
      await screenshot(page, 'audit-01b-desktop-action-options', { fullPage: false });
      await page.keyboard.press('Escape');
      await pick(page, '操作', '修改单位');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/action=org_updated/);
      const row = page.locator('.ant-table-row', { hasText: '修改单位' }).first();
      await page.getByText('共 1 条').waitFor();
      await row.waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(1);
      expect(await row.textContent()).toContain('命令行');
      await expectNoCodes(page);

      // the entry's details: field → old → new, and its hash
      await row.getByRole('button', { name: /详情/ }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByText('变更内容').waitFor();
      const diff = drawer.getByTestId('audit-diff');
      await diff.getByText('地址').waitFor();
      await diff.getByText(ADDRESS).waitFor();
      expect(await drawer.getByTestId('audit-hash').textContent()).toMatch(/[0-9a-f]{64}/);
      await screenshot(page, 'audit-02-desktop-details', { fullPage: false });
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // 校验审计链: success in Chinese
      await page.getByRole('button', { name: '校验审计链' }).click();
      const result = page.getByTestId('audit-verify-result');
      await result.getByText(/审计日志校验通过：\d+ 条链，\d+ 条记录/).waitFor();
      await screenshot(page, 'audit-03-desktop-verified', { fullPage: false });

      // 下载签名检查点: a signed JSON file
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载签名检查点/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^审计检查点-.*\.json$/);
      const file = await download.path();
      const cp = JSON.parse(fs.readFileSync(file, 'utf8')) as { chains: unknown[] };
      expect(cp.chains.length).toBeGreaterThan(0);

      // an insider edits the entry in the database: 校验审计链 names its chain and sequence number in Chinese
      await sql`update audit_log set data = ${'{"changes":{}}'} where action = 'org_updated'`.execute(server.ctx.db);
      await page.getByRole('button', { name: '校验审计链' }).click();
      await result.getByText(/审计日志校验未通过/).waitFor();
      await result.getByText(/单位链 \d+ 第 \d+ 条：内容被修改（哈希不符）/).waitFor();
      await screenshot(page, 'audit-03b-desktop-broken', { fullPage: false });
    }));

  it('admin: 审计日志 on a phone (390): cards, the filter folded, details full width', () =>
    withPage(browser, server.url, 'audit-phone', PHONE, async (page) => {
      await loginAs(page, 'admin', NEW_ADMIN_PASSWORD);
      await page.goto('/admin/audit');
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      const card = page.locator('.qj-list-card').first();
      await card.waitFor();
      await screenshot(page, 'audit-04-phone-list', { fullPage: false });
      await card.getByRole('button', { name: /详情/ }).click();
      await page.getByRole('dialog').getByText('哈希', { exact: true }).waitFor();
      await screenshot(page, 'audit-05-phone-details', { fullPage: false });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });

      // the filters unfold behind 筛选; the dates are two pickers (a range picker's two months do not fit)
      await page.getByRole('button', { name: /筛选/ }).click();
      await page.getByLabel('操作人', { exact: true }).waitFor();
      await screenshot(page, 'audit-06-phone-filters', { fullPage: false });
      await page.getByLabel('开始日期', { exact: true }).click();
      await page.locator('.ant-picker-dropdown').first().waitFor();
      await screenshot(page, 'audit-07-phone-date-range', { fullPage: false });
    }));
});
