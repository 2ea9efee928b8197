import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { listDraws } from '../packages/server/src/modules/supervision/draws/draws.service.js';
import { type E2EServer, launchBrowser, loginAs, screenshot, startServer, withPage } from './helpers.js';

/**
 * Double-random draws in the browser (docs/SUPERVISION.md): the public record's "verify in your browser" button
 * re-computes the demo draw with Web Crypto and says it matches; with the API answer altered in flight it says it does
 * not; a regulator creates a plan (commitment shown before the run) and runs it with a witness.
 */
let server: E2EServer;
let browser: Browser;
let demoDraw: number;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const list = await listDraws(server.ctx, CLI_ACTOR, { page: 1, pageSize: 10 });
  demoDraw = list.items.find((d) => d.state === 'revealed')?.id as number;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('public draw page (抽取结果公示)', () => {
  it('anyone, no login: the verify button says the record matches', () =>
    withPage(browser, server.url, 'draw-public-ok', undefined, async (page) => {
      await page.goto(`/public/draws/${demoDraw}`);
      await page.getByRole('heading', { name: '双随机抽查结果公示' }).waitFor();
      await page.getByRole('button', { name: '在浏览器中验证' }).click();
      await page.getByText('验证通过：重新计算的结果与公示结果一致').waitFor();
      await screenshot(page, 'draws-01-public-verified');
    }));

  it('with the record altered in flight (an assignment swapped), it says it does not match and names the difference', () =>
    withPage(browser, server.url, 'draw-public-tampered', undefined, async (page) => {
      await page.route(`**/api/v1/public/draws/${demoDraw}`, async (route) => {
        const res = await route.fetch();
        const rec = (await res.json()) as { assignments: { targetKey: string; inspectors: string[] }[] };
        const first = rec.assignments[0] as { targetKey: string; inspectors: string[] };
        first.inspectors = [...first.inspectors].reverse();
        await route.fulfill({ response: res, json: rec });
      });
      await page.goto(`/public/draws/${demoDraw}`);
      await page.getByRole('button', { name: '在浏览器中验证' }).click();
      const alert = page.getByText(/验证未通过：检查对象 .+ 的分配不符/);
      await alert.waitFor();
      expect(await page.getByText('验证通过').count()).toBe(0);
      await screenshot(page, 'draws-02-public-mismatch');
    }));

  it('a seed that does not match the commitment is named', () =>
    withPage(browser, server.url, 'draw-public-seed', undefined, async (page) => {
      await page.route(`**/api/v1/public/draws/${demoDraw}`, async (route) => {
        const res = await route.fetch();
        const rec = (await res.json()) as { seed: string };
        rec.seed = `${rec.seed.slice(0, 63)}${rec.seed.endsWith('0') ? '1' : '0'}`;
        await route.fulfill({ response: res, json: rec });
      });
      await page.goto(`/public/draws/${demoDraw}`);
      await page.getByRole('button', { name: '在浏览器中验证' }).click();
      await page.getByText(/验证未通过：承诺值不符/).waitFor();
    }));
});

describe('regulator: registers and draw plans', () => {
  it('lists targets with risk inputs and inspectors with conflicts, creates a plan, sees its commitment, runs it with a witness', () =>
    withPage(browser, server.url, 'draw-regulator', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.getByRole('menuitem', { name: /监督检查/ }).click();
      const item = page.getByRole('menuitem', { name: /检查对象名录/ });
      // the submenu opens with an animation: a click while it moves can land on nothing (seen once in CI); click
      // again until the router has moved to the register
      await expect
        .poll(
          async () => {
            if (!page.url().includes('/supervision/targets')) await item.click();
            return page.url();
          },
          { timeout: 20_000 },
        )
        .toContain('/supervision/targets');
      await page.getByRole('heading', { name: '检查对象名录' }).waitFor();
      await page
        .getByText(/未检年数 3 → 15分/)
        .first()
        .waitFor();
      await screenshot(page, 'draws-03-targets');
      await page.getByRole('menuitem', { name: /执法人员名录/ }).click();
      await page.getByRole('heading', { name: '执法人员名录' }).waitFor();
      await page
        .getByText(/加油站|石油|石化/)
        .first()
        .waitFor();
      await screenshot(page, 'draws-04-inspectors');

      await page.getByRole('menuitem', { name: /双随机抽取/ }).click();
      await page.getByRole('heading', { name: '双随机抽取计划' }).waitFor();
      await page.getByRole('button', { name: /新建抽取计划/ }).click();
      await page.getByLabel('计划名称').fill('浏览器测试抽取');
      await page.getByLabel('区域代码').fill('150626');
      await page.getByRole('button', { name: /生成并提交承诺/ }).click();
      await page.waitForURL(/\/supervision\/draws\/\d+$/);
      await page.getByText('抽取尚未执行：承诺值已公布，种子将在抽取后公开。').waitFor();
      const commitment = (await page.getByTestId('draw-commitment').first().textContent())?.trim() ?? '';
      expect(commitment).toMatch(/^[0-9a-f]{64}$/);
      await screenshot(page, 'draws-05-committed');
      await page.getByRole('button', { name: /执行抽取/ }).click();
      await page.getByLabel('现场见证随机数').fill('4-2-6-1-3');
      await page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('4-2-6-1-3').waitFor();
      await page.getByText('检查对象与执法人员').waitFor();
      expect((await page.getByTestId('draw-commitment').first().textContent())?.trim()).toBe(commitment);
      await screenshot(page, 'draws-06-revealed');
    }));
});
