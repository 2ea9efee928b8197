import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStatuses } from '../packages/server/src/modules/status/status.service.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  // what `serve` does at start (the daily status job): stored statuses as of today
  await refreshStatuses(server.ctx);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('status web UI (到期提醒, instrument status panel)', () => {
  it('regulator: due list with filters and export, then the status panel with reason and citation', () =>
    withPage(browser, server.url, 'status-regulator', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/status/due-list');
      await page.getByRole('heading', { name: /到期提醒/ }).waitFor();
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')).resolves.toContain('/api/v1/due-list.xlsx');
      await screenshot(page, 'status-01-due-list');

      // filter: category 燃油加油机
      await page.getByLabel('器具类别', { exact: true }).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('燃油加油机', { exact: true }).click();
      await page.keyboard.press('Escape');
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/due-list') && r.url().includes('category=fuel_dispenser'));
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await filtered;
      await rows.first().waitFor();
      const cats = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(4)').allTextContents();
      expect(cats.every((c) => c === '燃油加油机')).toBe(true);
      await screenshot(page, 'status-02-due-list-dispensers');

      // the filter lives in the URL: a reload (or a shared link) shows the same list with the filter filled in
      expect(new URL(page.url()).searchParams.get('category')).toBe('fuel_dispenser');
      const again = page.waitForResponse((r) => r.url().includes('/api/v1/due-list?') && r.url().includes('category=fuel_dispenser'));
      await page.reload();
      await again;
      await rows.first().waitFor();
      const catsAfterReload = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(4)').allTextContents();
      expect(catsAfterReload.length).toBeGreaterThan(0);
      expect(catsAfterReload.every((c) => c === '燃油加油机')).toBe(true);
      await page.locator('form#dueListFilters').getByText('燃油加油机', { exact: true }).first().waitFor();

      // open one instrument: the status panel
      await rows.first().getByRole('link').click();
      await page.waitForURL(/\/status\/instruments\/\d+/);
      const panel = page.getByLabel('检定状态');
      await panel
        .getByText(/JJG 443-20(15|23)/)
        .first()
        .waitFor();
      await expect(panel.getByText('依据：', { exact: false }).count()).resolves.toBeGreaterThan(0);
      await screenshot(page, 'status-03-instrument-panel', { fullPage: true });
    }));

  it('station user on a phone: only its own instruments', () =>
    withPage(browser, server.url, 'status-station', PHONE, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      const response = page.waitForResponse((r) => r.url().includes('/api/v1/due-list'));
      await page.goto('/status/due-list');
      await page.getByRole('heading', { name: /到期提醒/ }).waitFor();
      const res = await response;
      const body = (await res.json()) as { items: { orgName: string }[] };
      expect(new Set(body.items.map((i) => i.orgName)).size).toBeLessThanOrEqual(1);
      await screenshot(page, 'status-04-due-list-phone');
    }));
});
