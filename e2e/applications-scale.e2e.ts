import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../packages/server/src/time.js';
import { type E2EServer, launchBrowser, loginAs, newPage, PHONE, screenshot, startServer } from './helpers.js';

// Applying at scale (docs/VERIFICATION.md): the power utility of the full demo county (thousands of meters due)
// filters its candidates, selects all that match and submits one application; the detail counts and pages them.
let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ meterScale: 1 });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option).first().click();
}

describe('applying at scale', () => {
  it('the power utility applies for every due electricity meter in one application; the detail pages them', async () => {
    const page = await newPage(browser, server.url);
    try {
      await loginAs(page, 'power', server.demoPassword);
      const api = await page.request.get('/api/v1/applications/candidates?category=electricity_meter&pageSize=1');
      expect(api.status()).toBe(200);
      const total = ((await api.json()) as { total: number }).total;
      expect(total).toBeGreaterThan(5000);
      const shown = total.toLocaleString('zh-CN');

      await page.goto('/verification/applications');
      await page.getByRole('button', { name: '申请检定' }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, '器具类别', '电能表');
      await dialog.getByRole('button', { name: /查\s*询/ }).click();
      await dialog.getByText(`共 ${total} 条`).waitFor();
      await dialog.getByRole('button', { name: `选择全部 ${shown} 条符合条件的器具` }).click();
      await dialog.getByText(`已选择全部 ${shown} 条符合当前筛选条件的器具（提交时按条件确定清单）`).waitFor();
      // contact from the organization, meters are brought in; only the city institution covers electricity meters
      await expect.poll(() => dialog.getByLabel('联系人').inputValue()).toBe('李海峰');
      await dialog.getByText('送检', { exact: true }).first().waitFor();
      await pick(page, '检定机构', /示例鄂尔多斯市计量测试研究院/);
      const date = dateInZone(new Date(Date.now() + 7 * 86_400_000), 'Asia/Shanghai');
      const input = dialog.getByLabel('期望日期');
      await input.click();
      await input.fill(date);
      await input.press('Enter');
      await dialog.getByText('选择器具（到期提醒）').click();
      await screenshot(page, 'applications-scale-01-select-all', { fullPage: false });
      await dialog.getByRole('button', { name: '提交预约' }).click();
      await page.getByText(/已提交，受理时限/).waitFor({ timeout: 60_000 });

      const org = await server.ctx.db.selectFrom('users').select('org_id').where('username', '=', 'power').executeTakeFirstOrThrow();
      const a = await server.ctx.db
        .selectFrom('applications')
        .select('id')
        .where('org_id', '=', Number(org.org_id))
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      await page.goto(`/verification/applications/${a.id}`);
      await page.getByText(`器具清单（共 ${shown} 台）`).waitFor();
      await page.getByText('（按筛选条件申请）').waitFor();
      const firstRow = await page.locator('.ant-table-tbody tr.ant-table-row').first().textContent();
      await page.locator('.ant-pagination-item-2').click();
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent()).not.toBe(firstRow);
      await screenshot(page, 'applications-scale-02-detail');

      const phone = await newPage(browser, server.url, PHONE);
      try {
        await loginAs(phone, 'power', server.demoPassword);
        await phone.goto(`/verification/applications/${a.id}`);
        await phone.getByText(`器具清单（共 ${shown} 台）`).waitFor();
        await screenshot(phone, 'applications-scale-03-detail-phone');
        await phone.goto('/verification/applications');
        await phone.getByRole('button', { name: '申请检定' }).click();
        // the apply form at phone width (the electricity meters are in the application now)
        await phone.getByRole('dialog').getByPlaceholder('出厂编号 / 器具名称').waitFor();
        // below md the candidates are cards, one per instrument (ResponsiveTable), or the empty notice
        await phone.locator('.ant-modal .qj-list-card, .ant-modal .ant-empty').first().waitFor();
        expect(await phone.locator('.ant-modal .ant-table-tbody').count()).toBe(0);
        await screenshot(phone, 'applications-scale-04-apply-phone', { fullPage: false });
      } finally {
        await phone.context().close();
      }
    } catch (e) {
      await screenshot(page, 'failure-applications-scale').catch(() => undefined);
      throw e;
    } finally {
      await page.context().close();
    }
  }, 600_000);
});
