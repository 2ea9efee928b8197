import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseAndDecideFine } from './enforcement-steps.js';
import { type E2EServer, launchBrowser, loginAs, newPage, screenshot, startServer } from './helpers.js';

/**
 * Enforcement in the browser (docs/ENFORCEMENT.md): the demo station sees its rectification order, replies with an
 * evidence file; the office inspector closes it; the regulator opens a case from a finding, decides a fine, and the
 * decision shows on the public disclosure page (no login) with its PDF.
 */
let server: E2EServer;
let browser: Browser;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function as(username: string, name: string, fn: (page: Page) => Promise<void>) {
  const page = await newPage(browser, server.url);
  try {
    await loginAs(page, username, server.demoPassword);
    await fn(page);
  } catch (e) {
    await screenshot(page, `failure-enforcement-${name}`).catch(() => undefined);
    throw e;
  } finally {
    await page.context().close();
  }
}

describe('enforcement', () => {
  let orderNo = '';
  it('the station sees its order (unread) and replies with evidence', async () => {
    await as('station', 'reply', async (page) => {
      await page.goto('/my/orders');
      await page.getByRole('heading', { name: '我的整改通知' }).waitFor();
      const link = page.getByRole('link', { name: /乌审市监计改/ }).first();
      orderNo = (await link.textContent())?.trim() ?? '';
      await expect.poll(() => page.getByText('未读').count()).toBeGreaterThan(0);
      await screenshot(page, 'enforcement-01-my-orders');
      await link.click();
      await page.getByRole('heading', { name: new RegExp(orderNo.replace(/[〔〕]/g, '.')) }).waitFor();
      await page.locator('input[type=file]').setInputFiles({ name: 'ledger.png', mimeType: 'image/png', buffer: PNG });
      await page.getByRole('link', { name: 'ledger.png' }).waitFor();
      await page.getByLabel('整改情况说明').fill('已建立强检计量器具台账，附台账照片。');
      await page.getByRole('button', { name: /提交回复/ }).click();
      await page.getByText('已回复').first().waitFor();
      await screenshot(page, 'enforcement-02-replied');
    });
  });

  it('the office inspector closes the order after a desk review', async () => {
    await as('inspector', 'close', async (page) => {
      await page.goto('/supervision/orders?state=replied');
      await page.getByRole('link', { name: orderNo, exact: true }).click();
      await page.getByRole('button', { name: /确认整改完成/ }).click();
      await page.getByText('已整改').first().waitFor();
      await screenshot(page, 'enforcement-03-closed');
    });
  });

  it('the regulator opens a case from a finding, decides a fine; the decision is public with its PDF', async () => {
    let decisionNo = '';
    await as('regulator', 'case', async (page) => {
      await page.goto('/supervision/findings?code=failed_in_use');
      decisionNo = await openCaseAndDecideFine(page, page.locator('body'), {
        summary: '当事人 1 条油枪现场示值误差超出允许误差仍在使用。',
        basis: '第四十三条',
        fine: 800,
      });
      expect(decisionNo).toMatch(/乌审市监处罚/);
      const pdf = page.getByRole('link', { name: /决定书 PDF/ });
      expect(await pdf.getAttribute('href')).toMatch(/\/decision\.pdf/);
      const res = await page.request.get((await pdf.getAttribute('href')) ?? '');
      expect(res.headers()['content-type']).toBe('application/pdf');
      await screenshot(page, 'enforcement-04-decided');
      await page.goto('/supervision/orders?overdue=1');
      await page.getByText('已逾期').first().waitFor();
      await screenshot(page, 'enforcement-05-overdue');
      await page.goto('/');
      await page.getByText('逾期未整改').first().waitFor();
      await screenshot(page, 'enforcement-06-dashboard');
    });
    const page = await newPage(browser, server.url);
    try {
      await page.goto('/public/disclosures');
      await page.getByRole('heading', { name: '监督检查与行政处罚信息公示' }).waitFor();
      await page.getByText(decisionNo).first().waitFor();
      expect(await page.getByText('罚款 800.00 元').count()).toBeGreaterThan(0);
      const doc = page.getByRole('link', { name: '决定书' }).first();
      const res = await page.request.get((await doc.getAttribute('href')) ?? '');
      expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
      await screenshot(page, 'enforcement-07-public');
    } finally {
      await page.context().close();
    }
  });
});
