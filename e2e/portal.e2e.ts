import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, SCREENSHOT_DIR, screenshot, startServer, withPage } from './helpers.js';

/**
 * The public portal (docs/PORTAL.md) and the talent pool (docs/TALENT.md) on the demo county: the portal home at /p on
 * a phone and a desktop (look-up, complaint entries, disclosures, published notices), an article, the look-up by public
 * code; the regulator's talent pool, a person, the recommendation list and its PDF. Screenshots portal-*, talent-*.
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

const scrollWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

describe('public portal', () => {
  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`the home page and an article (${name})`, () =>
      withPage(browser, server.url, `portal-${name}`, viewport, async (page) => {
        await page.goto('/p');
        await page.getByText('计量器具监督服务平台').first().waitFor();
        await page.getByText('查询计量器具').waitFor();
        await page.getByRole('link', { name: '我要投诉举报' }).waitFor();
        expect(await page.getByRole('link', { name: '我要投诉举报' }).getAttribute('href')).toBe('/p/complaint');
        expect(await page.getByRole('link', { name: '查询办理进度' }).getAttribute('href')).toBe('/p/complaint/status');
        // published notices of every kind; the expired one is not there
        await page.getByText('关于开展民用“三表”和加油机计量专项整治的通告').waitFor();
        expect(await page.getByText('关于春节期间加油站计量监督检查的通告').count()).toBe(0);
        await page.getByText('监管信息公示').waitFor();
        if (viewport === PHONE) expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
        await screenshot(page, `portal-home-${name}`);

        await page.getByRole('link', { name: '关于开展民用“三表”和加油机计量专项整治的通告' }).click();
        await page.getByRole('heading', { name: '关于开展民用“三表”和加油机计量专项整治的通告' }).waitFor();
        await page.getByText('全县供水、供电、供气企业和加油站经营单位使用的强制检定计量器具。').waitFor();
        if (viewport === PHONE) expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
        await screenshot(page, `portal-article-${name}`);
      }));
  }

  it('the look-up form opens the instrument page by its public code; the list of notices filters by kind', () =>
    withPage(browser, server.url, 'portal-lookup', PHONE, async (page) => {
      const code = await server.ctx.db
        .selectFrom('instruments')
        .select('public_code')
        .where('category', '=', 'fuel_dispenser')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await page.goto('/p');
      await page.getByLabel('查询码或出厂编号').fill(code.public_code.toUpperCase());
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL((u) => u.pathname === `/p/${code.public_code}`);
      await page.getByText('燃油加油机').first().waitFor();
      await page.goto('/p/articles?kind=exposure');
      await page.getByText('某加油站使用超过检定周期的加油机被责令改正').waitFor();
      expect(await page.getByText('家用水表、电能表、燃气表为什么要强制检定？').count()).toBe(0);
      await screenshot(page, 'portal-articles-phone');
    }));
});

describe('talent pool (regulator)', () => {
  it('the pool, a person, the recommendations and their PDF', () =>
    withPage(browser, server.url, 'talent', DESKTOP, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/talent');
      await page.getByText('郝建国').waitFor();
      await screenshot(page, 'talent-pool-desktop');
      await page.getByRole('link', { name: '郝建国' }).first().click();
      await page.waitForURL((u) => u.pathname.startsWith('/talent/people/'));
      await page.getByText('由系统记录统计，不可手工填写').waitFor();
      await page.getByText('企业计量工作典型').waitFor();
      await screenshot(page, 'talent-person-desktop');
      await page.goto('/talent/recommendations');
      await page.getByText('导出 PDF').waitFor();
      await screenshot(page, 'talent-recommendations-desktop');
      const pdf = await page.evaluate(async () => {
        const r = await fetch('/api/v1/talent/recommendations/export?format=pdf');
        const b = new Uint8Array(await r.arrayBuffer());
        let s = '';
        for (const x of b) s += String.fromCharCode(x);
        return { status: r.status, type: r.headers.get('content-type'), body: btoa(s) };
      });
      expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
      // kept beside the screenshots, to be rendered and looked at (pdftoppm)
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      fs.writeFileSync(path.join(SCREENSHOT_DIR, 'talent-recommendations.pdf'), Buffer.from(pdf.body, 'base64'));
    }));

  it('the pool and the article editor on a phone', () =>
    withPage(browser, server.url, 'talent-phone', PHONE, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/talent');
      await page.getByText('郝建国').waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
      await screenshot(page, 'talent-pool-phone');
      await page.goto('/articles');
      await page.getByText('破坏电能表计量准确度案件查处情况').waitFor();
      await page.getByRole('link', { name: '破坏电能表计量准确度案件查处情况' }).click();
      await page.getByRole('button', { name: /预\s*览/ }).click();
      await page.getByText('预览（保存后门户显示的样子）').waitFor();
      await screenshot(page, 'articles-editor-phone');
    }));
});
