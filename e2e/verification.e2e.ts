import { periodEnd } from '@qiangjian/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStatuses } from '../packages/server/src/modules/status/status.service.js';
import { dateInZone } from '../packages/server/src/time.js';
import { type E2EServer, launchBrowser, loginAs, newPage, screenshot, startServer } from './helpers.js';

let server: E2EServer;
let browser: Browser;
let serials: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // the demo ledger stores statuses as of the seed's day (today); refresh the `station` login's station anyway (its dispensers are due)
  const u = await server.ctx.db.selectFrom('users').select('org_id').where('username', '=', 'station').executeTakeFirstOrThrow();
  await refreshStatuses(server.ctx, { orgId: Number(u.org_id) });
  const rows = await server.ctx.db
    .selectFrom('instruments')
    .select('serial_no')
    .where('org_id', '=', Number(u.org_id))
    .where('category', '=', 'fuel_dispenser')
    .where('status', 'in', ['overdue', 'due_soon', 'unverified'])
    .orderBy('serial_no')
    .limit(3)
    .execute();
  serials = rows.map((r) => r.serial_no);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option).first().click();
}

/** Types a date into an antd DatePicker and confirms it. */
async function setDate(input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function as(username: string, fn: (page: Page) => Promise<void>, name: string) {
  const page = await newPage(browser, server.url);
  try {
    await loginAs(page, username, server.demoPassword);
    await fn(page);
  } catch (e) {
    await screenshot(page, `failure-verification-${name}`).catch(() => undefined);
    throw e;
  } finally {
    await page.context().close();
  }
}

async function _openFirstApplication(page: Page) {
  await page.goto('/verification/applications');
  await page
    .getByRole('link', { name: /^查看 / })
    .first()
    .click();
  await page.getByRole('heading', { name: /预约 \d+/ }).waitFor();
}

describe('verification web UI', () => {
  it('apply → return (data_error) → resubmit → accept → results → dispensers valid, notice printed; uncovered category and unauthorized institution named before submitting', async () => {
    expect(serials).toHaveLength(3);
    let appId = 0;

    await as(
      'station',
      async (page) => {
        await page.goto('/verification/applications');
        await page.getByRole('button', { name: '申请检定' }).click();
        const dialog = page.getByRole('dialog');
        // the candidates are searched on the server: find each dispenser by its serial and tick it
        for (const s of serials) {
          await dialog.getByPlaceholder('出厂编号 / 器具名称').fill(s);
          await dialog.getByRole('button', { name: /查\s*询/ }).click();
          await dialog.getByLabel(s, { exact: true }).check();
        }
        await dialog.getByText('已选择 3 台器具').waitFor();
        // dispensers default to 现场检定; the contact comes from the organization
        await expect.poll(() => dialog.getByLabel('联系人').inputValue()).not.toBe('');
        await dialog.getByText('现场检定').first().waitFor();
        await pick(page, '检定机构', /示例乌审旗计量检定测试所/);
        await setDate(dialog.getByLabel('期望日期'), '2026-12-10');
        await dialog.getByLabel('联系人').fill('王建国');
        await dialog.getByLabel('联系电话').fill('13904770001');
        await screenshot(page, 'verification-01-apply', { fullPage: false });
        await dialog.getByRole('button', { name: '提交预约' }).click();
        await page.getByText(/已提交，受理时限/).waitFor();
        await page
          .getByRole('link', { name: /^查看 / })
          .first()
          .waitFor();
        const href = await page
          .getByRole('link', { name: /^查看 / })
          .first()
          .getAttribute('href');
        appId = Number(href?.split('/').pop());
        expect(appId).toBeGreaterThan(0);
      },
      'apply',
    );

    await as(
      'institution',
      async (page) => {
        // the inbox: open applications first, by deadline, with the clock
        await page.goto('/verification/applications');
        await page.getByRole('link', { name: `查看 ${appId}` }).waitFor();
        await screenshot(page, 'verification-02a-inbox');
        await page.goto(`/verification/applications/${appId}`);
        await page.getByText('剩余').first().waitFor();
        await screenshot(page, 'verification-02-inbox-detail');
        await page.getByRole('button', { name: /^退\s*回$/ }).click();
        await pick(page, '退回原因', '数据填写不准确');
        await page.getByLabel('说明').fill('第2台加油机出厂编号与铭牌不符，请核对');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /确\s*定|OK/ })
          .click();
        await page.getByText('已退回').first().waitFor();
      },
      'return',
    );

    await as(
      'station',
      async (page) => {
        await page.goto(`/verification/applications/${appId}`);
        await page.getByText('退回原因：数据填写不准确').waitFor();
        await page.getByRole('button', { name: '修改后重新提交' }).click();
        await setDate(page.getByRole('dialog').getByLabel('期望日期'), '2026-12-12');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /确\s*定|OK/ })
          .click();
        await page.getByRole('heading', { name: `预约 ${appId}（第 2 版）` }).waitFor();
        await page.getByText('修改：期望日期').waitFor();
        await screenshot(page, 'verification-03-resubmitted');
      },
      'resubmit',
    );

    await as(
      'institution',
      async (page) => {
        await page.goto(`/verification/applications/${appId}`);
        await page.getByRole('button', { name: /^受\s*理$/ }).click();
        await page.getByText('录入检定结果').waitFor();
        await pick(page, '检定员', /赵明/);
        const certs = page.getByLabel(/^证书编号 /);
        const n = await certs.count();
        expect(n).toBeGreaterThanOrEqual(3);
        // errors typed without a certificate number, no standard picked: nothing is saved and each field says why
        await page
          .getByLabel(/^误差\(%\)/)
          .first()
          .fill('0.12');
        await page.getByRole('button', { name: '保存结果' }).click();
        await page.getByText('请选择计量标准').waitFor();
        await page.getByText('请填写证书编号').waitFor();
        expect(await page.getByText('请填写证书编号').count()).toBe(1);
        await screenshot(page, 'verification-04a-results-missing');
        await pick(page, '计量标准', '燃油加油机检定装置');
        for (let i = 0; i < n; i++) {
          await certs.nth(i).fill(`JD2026-${String(i + 1).padStart(4, '0')}`);
          await page
            .getByLabel(/^误差\(%\)/)
            .nth(i)
            .fill('0.12, 0.10, 0.14, -0.05, -0.08, -0.06, 0.20, 0.18, 0.22');
        }
        await screenshot(page, 'verification-04-results-entry');
        await page.getByRole('button', { name: '保存结果' }).click();
        await page.getByText(`已保存 ${n} 条检定结果`).waitFor();
        await page.getByText('已完成').first().waitFor();
      },
      'results',
    );

    const expected = periodEnd(dateInZone(new Date(), 'Asia/Shanghai'), 6);
    await as(
      'station',
      async (page) => {
        await page.goto(`/verification/applications/${appId}`);
        for (const s of serials) {
          const row = page.getByRole('row', { name: new RegExp(s) });
          await row.getByText('有效', { exact: true }).waitFor();
          await row.getByRole('cell', { name: expected, exact: true }).waitFor();
        }
        // per nozzle: conclusion, certificate number and valid-until; the completed application prints its notice
        await page.getByText('JD2026-0001').first().waitFor();
        await screenshot(page, 'verification-05-completed');
        const notice = await page.getByRole('link', { name: /打印检定结果通知书/ }).getAttribute('href');
        const pdf = await page.request.get(notice as string);
        expect(pdf.status()).toBe(200);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
        expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

        // a category no institution covers (密度计) is named with its town before submitting; 提交 stays disabled
        await page.goto('/verification/applications');
        await page.getByRole('button', { name: '申请检定' }).click();
        const dialog = page.getByRole('dialog');
        await pick(page, '器具类别', '密度计');
        await dialog.getByText('选择器具（到期提醒）').click();
        await pick(page, '器具状态', '有效');
        await dialog.getByText('选择器具（到期提醒）').click();
        await dialog.getByRole('button', { name: /查\s*询/ }).click();
        await dialog
          .getByRole('row', { name: /密度计/ })
          .first()
          .getByRole('checkbox')
          .check();
        await dialog.getByText(/^密度计（.+镇）：暂无具备资质的检定机构，无法申请$/).waitFor();
        expect(await dialog.getByRole('button', { name: '提交预约' }).isDisabled()).toBe(true);
        await screenshot(page, 'verification-06-uncovered', { fullPage: false });
        // a dispenser: the city institution (no dispenser authorization) is not offered
        await dialog.getByRole('button', { name: '取消选择' }).click();
        await dialog.getByRole('button', { name: /重\s*置/ }).click();
        // (its due dispensers were all verified above: ask for the valid ones, an early verification)
        await pick(page, '器具类别', '燃油加油机');
        await dialog.getByText('选择器具（到期提醒）').click();
        await pick(page, '器具状态', '有效');
        await dialog.getByText('选择器具（到期提醒）').click();
        await dialog.getByRole('button', { name: /查\s*询/ }).click();
        await dialog
          .getByRole('row', { name: /燃油加油机/ })
          .first()
          .getByRole('checkbox')
          .check();
        await dialog.getByText('已选择 1 台器具').waitFor();
        await page.getByLabel('检定机构', { exact: true }).click();
        const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
        await dropdown.getByText(/示例乌审旗计量检定测试所/).waitFor();
        expect(await dropdown.getByText(/示例鄂尔多斯市计量测试研究院/).count()).toBe(0);
      },
      'final',
    );

    await as(
      'regulator',
      async (page) => {
        await page.goto('/verification/dashboard');
        await page.getByRole('img', { name: '各检定机构受理时效' }).waitFor();
        await page.getByText('示例乌审旗计量检定测试所').first().waitFor();
        await screenshot(page, 'verification-07-dashboard');
        await page.goto('/verification/oversight');
        await page.getByText('到期预警').waitFor();
        await page.getByRole('tab', { name: '计量标准' }).click();
        await page.getByText('燃油加油机检定装置').first().waitFor();
        await screenshot(page, 'verification-08-oversight');
        await page.goto('/');
        await page.getByText('超时未受理').first().waitFor();
        await screenshot(page, 'verification-09-home-card');
      },
      'dashboard',
    );
  }, 480_000);
});
