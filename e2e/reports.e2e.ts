import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * 统计报表 (docs/REPORTS.md): the regulator opens 附件2统计表 for the campaign period, clicks a number of the water
 * utility and sees the drill-down list with as many records; 附件3 and 考核指标 at desktop and phone width.
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

describe('reports pages', () => {
  it('附件2: multi-level header, a number opens its records', async () => {
    await withPage(browser, server.url, 'reports-a2', DESKTOP, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/reports/attachment2');
      await page.getByRole('columnheader', { name: '到期轮换', exact: true }).waitFor();
      const cell = page.getByTestId('cell-1-inService');
      await cell.waitFor();
      const shown = (await cell.textContent()) ?? '';
      await cell.click();
      const summary = page.getByTestId('drill-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain(`合计 ${shown}`);
      await screenshot(page, 'reports-attachment2-drill', { fullPage: false });
      await page.keyboard.press('Escape');
      await screenshot(page, 'reports-attachment2');
      expect(await page.getByRole('link', { name: '下载 XLSX' }).getAttribute('href')).toContain('format=xlsx');
    });
  });

  it('附件3 and 考核指标 at phone width', async () => {
    await withPage(browser, server.url, 'reports-phone', PHONE, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/reports/attachment3');
      await page.getByTestId('cell-1-dispensers').waitFor();
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width + 1);
      await screenshot(page, 'reports-attachment3-phone');
      await page.goto('/reports/kpi');
      await page.getByText('公式第 1 版').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
      await screenshot(page, 'reports-kpi-phone');
    });
  });

  it('考核指标: a numerator opens its records; the trend over the reporting days and the towns', async () => {
    await withPage(browser, server.url, 'reports-kpi', DESKTOP, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/reports/kpi');
      const num = page.getByTestId('kpi-verificationRate-denominator');
      await num.waitFor();
      const shown = (await num.textContent()) ?? '';
      await num.click();
      const summary = page.getByTestId('drill-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain(`合计 ${shown}`);
      await screenshot(page, 'reports-kpi-drill', { fullPage: false });
      await page.keyboard.press('Escape');
      await page.getByText('各乡镇对比', { exact: false }).waitFor({ timeout: 120_000 });
      await screenshot(page, 'reports-kpi-trend');
    });
  }, 240_000);
});
