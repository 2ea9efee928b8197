import type { THome } from '@qiangjian/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Role home pages (工作台, docs/HOME.md) on the demo county, at desktop and phone width: the page shows the role's
 * figures, one figure equals the API's answer, one click on it opens the filtered list behind it, and on a phone
 * nothing is wider than the screen. Screenshots home-<role>-<desktop|phone>.png.
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

interface Case {
  user: string;
  kind: THome['kind'];
  /** the figure checked against the API and clicked */
  figure: string;
  expected: (h: THome) => number;
  /** where the click lands: path and query parameters */
  path: string;
  params: Record<string, string>;
  /** the list's total (共 N 条) equals the figure */
  sameTotal: boolean;
}

const CASES: Case[] = [
  {
    user: 'regulator',
    kind: 'oversight',
    figure: 'apps.waiting',
    expected: (h) => (h.kind === 'oversight' ? (h.applications?.waiting ?? -1) : -1),
    path: '/verification/applications',
    params: { status: 'submitted' },
    sameTotal: true,
  },
  {
    user: 'inspector',
    kind: 'oversight',
    figure: 'orders.overdue',
    expected: (h) => (h.kind === 'oversight' ? (h.orders?.overdue ?? -1) : -1),
    path: '/supervision/orders',
    params: { overdue: '1' },
    sameTotal: true,
  },
  {
    user: 'station',
    kind: 'enterprise',
    figure: 'due.90',
    expected: (h) => (h.kind === 'enterprise' ? (h.dueWithin.find((d) => d.days === 90)?.instruments ?? -1) : -1),
    path: '/status/due-list',
    params: {},
    sameTotal: true,
  },
  {
    user: 'water',
    kind: 'enterprise',
    figure: 'inService',
    expected: (h) => (h.kind === 'enterprise' ? h.inService : -1),
    path: '/ledger/instruments',
    params: {},
    sameTotal: false, // the ledger lists removed instruments too
  },
  {
    user: 'institution',
    kind: 'institution',
    figure: 'inbox.submitted',
    expected: (h) => (h.kind === 'institution' ? h.inbox.submitted : -1),
    path: '/verification/applications',
    params: { status: 'submitted' },
    sameTotal: true,
  },
];

async function figureValue(page: Page, id: string): Promise<number> {
  const text = (await page.locator(`[data-figure="${id}"] .ant-statistic-content-value`).first().textContent()) ?? '';
  return Number(text.replace(/[,\s]/g, ''));
}

describe('home pages (工作台)', () => {
  for (const c of CASES) {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${c.user} at ${label}: figures, one checked against the API, one click to the filtered list`, () =>
        withPage(browser, server.url, `home-${c.user}-${label}`, viewport, async (page) => {
          await loginAs(page, c.user, server.demoPassword);
          await page.locator(`[data-figure="${c.figure}"]`).first().waitFor();
          const api = (await page.evaluate(() => fetch('/api/v1/home').then((r) => r.json()))) as THome;
          expect(api.kind).toBe(c.kind);
          const shown = await figureValue(page, c.figure);
          expect(shown).toBe(c.expected(api));
          expect(shown).toBeGreaterThanOrEqual(0);
          // several figures, none empty; no catalog key, enum code or English word on the page
          const figures = await page.locator('[data-figure] .ant-statistic-content-value').allTextContents();
          expect(figures.length).toBeGreaterThanOrEqual(2);
          for (const f of figures) expect(f.trim()).toMatch(/^[\d,]+$/);
          const text = (await page.locator('main, .ant-layout-content').first().textContent()) ?? '';
          expect(text).not.toMatch(/\b(home|pages|enum|menu)\.[a-zA-Z]/);
          expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
          expect(text).not.toMatch(/undefined|NaN|null/);
          if (label === 'phone') {
            const width = await page.evaluate(
              () =>
                (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
            );
            expect(width).toBeLessThanOrEqual(390);
          }
          await screenshot(page, `home-${c.user}-${label}`);
          if (label === 'desktop') {
            // no link to a page the role cannot use: every page the home page links to opens without 无权访问
            const hrefs = await page
              .locator('.ant-layout-content a[href^="/"]:not([href^="/api/"])')
              .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
            const paths = [...new Set(hrefs.map((h) => h.split('?')[0] as string))];
            expect(paths.length).toBeGreaterThanOrEqual(2);
            for (const p of paths) {
              await page.goto(p);
              await page.waitForLoadState('networkidle');
              expect(await page.getByText('无权访问').count(), p).toBe(0);
            }
            await page.goto('/');
            await page.locator(`[data-figure="${c.figure}"]`).first().waitFor();
          }
          // one click from the figure to the list behind it
          await page.locator(`[data-figure="${c.figure}"] a`).first().click();
          await page.waitForURL((u) => u.pathname === c.path);
          const url = new URL(page.url());
          for (const [k, v] of Object.entries(c.params)) expect(url.searchParams.get(k)).toBe(v);
          if (c.figure === 'due.90') {
            expect(url.searchParams.get('dueFrom')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(url.searchParams.get('dueTo')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          }
          if (c.sameTotal && shown > 0)
            await page
              .getByText(new RegExp(`共\\s*${shown}\\s*条`))
              .first()
              .waitFor();
        }));
    }
  }
});
