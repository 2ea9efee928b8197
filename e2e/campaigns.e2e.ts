import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Campaigns and self-inspection in the browser (docs/CAMPAIGNS.md): the regulator creates a campaign from the template;
 * a gas station (the demo `station` login, not started in the demo campaign of this year) fills and submits its
 * self-inspection on a phone (390×844); the regulator sees it submitted (late once the due date 07-01 has passed) and
 * reminds a participant that has not submitted, which then shows 已催报 on that participant's card.
 */
let server: E2EServer;
let browser: Browser;
let stationOrg = '';
/** the demo holds this year's campaign; the regulator creates last year's */
const YEAR = new Date().getFullYear() - 1;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('campaigns (专项整治) and self-inspection (自查自纠)', () => {
  it('regulator: creates a campaign from the template and sees its phases', () =>
    withPage(browser, server.url, 'campaign-create', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.getByTestId('campaign-banner').waitFor();
      await screenshot(page, 'campaigns-01-home-banner');
      await page.getByRole('menuitem', { name: /专项整治/ }).click();
      await page.getByRole('heading', { name: '专项整治' }).waitFor();
      await page.getByRole('button', { name: /新建专项行动/ }).click();
      await page.getByLabel('年度').fill(String(YEAR));
      await page.getByLabel('地区代码').fill('150626');
      await screenshot(page, 'campaigns-02-create', { fullPage: false });
      await page
        .getByRole('button', { name: /新\s*建/ })
        .last()
        .click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      await page.getByText(`${YEAR}年民用“三表”和加油机计量专项监督检查`).first().waitFor();
      await page.getByText(`${YEAR}-06-07 — ${YEAR}-07-01`).waitFor();
      await page.getByText(`${YEAR}-09-01 — ${YEAR}-10-15`).waitFor();
      await screenshot(page, 'campaigns-03-created');
    }));

  it('station on a phone: fills the prefilled self-inspection, saves the draft and submits it (marked late)', () =>
    withPage(browser, server.url, 'campaign-station', PHONE, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      await page.getByTestId('campaign-banner').waitFor();
      await page.getByText('未开始').first().waitFor();
      await screenshot(page, 'campaigns-04-phone-banner');
      stationOrg = await page.evaluate(async () => ((await (await fetch('/api/v1/auth/me')).json()) as { orgName: string }).orgName);
      await page.getByRole('button', { name: '填写自查报告' }).click();
      await page.waitForURL('**/self-inspection');
      await page.getByLabel('已建立强检计量器具台账').waitFor();
      // prefilled from the ledger on the due date: the in-service count is there
      expect(await page.getByLabel('在用强检器具数量').inputValue()).not.toBe('');
      await page.getByLabel('整改情况').fill('已对超期加油机申请检定');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').waitFor();
      await screenshot(page, 'campaigns-05-phone-draft');
      // the Popconfirm trigger: matched by its text (antd spaces two-character labels: 提 交)
      await page
        .getByRole('button')
        .filter({ hasText: /^提\s*交$/ })
        .click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button')
        .filter({ hasText: /确\s*定|OK/ })
        .click();
      await page.getByText('自查报告已提交').waitFor();
      await page.getByText('报告已提交并锁定').waitFor();
      // late once the due date (07-01) has passed, which it has for a demo seeded after it
      await page
        .getByText(/逾期提交|已提交/)
        .first()
        .waitFor();
      expect(await page.getByLabel('整改情况').isDisabled()).toBe(true);
      await page.getByTestId('attachment1-link').waitFor();
      await screenshot(page, 'campaigns-06-phone-submitted');
    }));

  it('regulator: sees the station submitted (late), reminds one that has not submitted', () =>
    withPage(browser, server.url, 'campaign-regulator', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.getByRole('button', { name: '查看专项行动' }).click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      await page.getByRole('heading', { name: '参加单位与自查情况' }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(stationOrg) });
      await row.waitFor();
      await row.getByText(/逾期提交|已提交/).waitFor();
      await screenshot(page, 'campaigns-07-late-filter');
      await page.goto(`${new URL(page.url()).pathname}?status=not_started`);
      const first = page.getByRole('button', { name: /^催报 / }).first();
      const label = (await first.getAttribute('aria-label')) ?? '';
      const reminded = label.replace(/^催报 /, '');
      await first.click();
      await page.getByText('已催报 1 家单位').waitFor();
      await page
        .getByRole('row', { name: new RegExp(reminded) })
        .getByText(/最近催报/)
        .waitFor();
      await page.getByTestId('gap-flag').count();
      await screenshot(page, 'campaigns-08-reminded');
      await page.getByRole('button', { name: '调整参加单位' }).click();
      await page.getByText('勾选须提交自查报告的单位').waitFor();
      await page.locator('.ant-select-selection-item').first().waitFor();
      await screenshot(page, 'campaigns-10-participants', { fullPage: false });
      await page.getByRole('button', { name: /取\s*消/ }).click();
    }));

  it('regulator on a phone: the participants become cards; the gap flag shows both numbers', () =>
    withPage(browser, server.url, 'campaign-phone-regulator', PHONE, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.getByRole('button', { name: '查看专项行动' }).click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      await page.goto(`${new URL(page.url()).pathname}?gap=1`);
      await page.getByTestId('gap-flag').first().waitFor();
      expect(await page.getByTestId('gap-flag').first().textContent()).toMatch(/自报 \d+，记录 \d+/);
      await screenshot(page, 'campaigns-09-phone-gaps');
    }));
});
