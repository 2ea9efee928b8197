import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Progress reports (docs/REPORTS-SUBMISSIONS.md): the regulator drafts the demo campaign's 10-14 progress report from
 * the data, edits a sentence and passes it through the demo's three-step chain (submitted: frozen with its hash); the
 * water utility then removes a meter through the API, and the report page shows the same text and hash with
 * 提交后数据已变化 and the changed figure. Desktop and phone screenshots.
 */
let server: E2EServer;
let browser: Browser;
/** the demo holds this year's campaign */
const YEAR = new Date().getFullYear();
const DAY = `${YEAR}-10-14`;
const EDITED = '截至10月14日，专项行动按计划推进（本句已由计量股修改）。';
let reportUrl = '';
let hash = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('progress reports (进展报告)', () => {
  it('regulator: drafts the 10-14 report, edits a sentence, submits it through the chain', () =>
    withPage(browser, server.url, 'report-submission-draft', DESKTOP, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/reports/submissions');
      const day = page.getByTestId(`report-day-${DAY}`);
      await day.waitFor();
      await screenshot(page, 'report-submissions-01-days');
      await day.getByRole('button', { name: '从数据起草' }).click();
      await page.waitForURL(/\/reports\/submissions\/\d+$/);
      reportUrl = new URL(page.url()).pathname;
      const basic = page.getByTestId('section-basic');
      await basic.waitFor();
      expect(await basic.inputValue()).toContain('在用强检计量器具');
      await screenshot(page, 'report-submissions-02-draft');
      await basic.fill(EDITED);
      await page.getByRole('button', { name: '保 存' }).click();
      await page.getByText('已保存').waitFor();
      // 科室起草 → 计量股负责人审核 → 局领导审批
      await page
        .locator('button')
        .filter({ hasText: /^同\s*意$/ })
        .click();
      await page.getByText('审核中').first().waitFor();
      await page
        .locator('button')
        .filter({ hasText: /^同\s*意$/ })
        .click();
      await page.getByRole('button', { name: '同意并提交' }).click();
      await page.getByTestId('report-hash').waitFor();
      hash = (await page.getByTestId('report-hash').textContent()) ?? '';
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await page.getByTestId('section-basic').textContent()).toBe(EDITED);
      await page.getByText('提交后数据未变化').waitFor();
      await screenshot(page, 'report-submissions-03-submitted');
    }));

  it('a meter changes: the report is unchanged and shows 提交后数据已变化 with the figure (desktop and phone)', async () => {
    await withPage(browser, server.url, 'report-submission-meter', DESKTOP, async (page) => {
      await loginAs(page, 'water', server.demoPassword);
      const status = await page.evaluate(async (date) => {
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken?: string };
        const list = (await (await fetch('/api/v1/instruments?category=water_meter&pageSize=50')).json()) as {
          items: { id: number; ledgerState: string }[];
        };
        const meter = list.items.find((i) => i.ledgerState === 'filed');
        const res = await fetch(`/api/v1/instruments/${meter?.id}/state`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
          body: JSON.stringify({ state: 'removed', date, reason: 'damaged' }),
        });
        return res.status;
      }, `${YEAR}-09-01`);
      expect(status).toBe(200);
    });
    for (const [viewport, name] of [
      [DESKTOP, 'report-submissions-04-changed'],
      [PHONE, 'report-submissions-05-changed-phone'],
    ] as const)
      await withPage(browser, server.url, name, viewport, async (page) => {
        await loginAs(page, 'regulator', server.demoPassword);
        await page.goto(reportUrl);
        await page.getByText('提交后数据已变化').waitFor();
        expect(await page.getByTestId('section-basic').textContent()).toBe(EDITED);
        expect(await page.getByTestId('report-hash').textContent()).toBe(hash);
        await page.getByRole('cell', { name: '附件2 在用数量' }).first().waitFor();
        if (viewport === PHONE)
          expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
        await screenshot(page, name);
      });
  });
});
