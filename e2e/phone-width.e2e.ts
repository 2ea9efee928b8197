import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../packages/server/src/config.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Phone layouts (docs/WEB.md): at 390 px nothing is wider than the screen, on every page the phone-using roles can
 * open — the inspector, a station, a utility (the water one; the others have the same pages) — and on the public pages. The pages are every route without a
 * parameter in packages/web/src/routes.tsx (a new page is checked without changing this test); a page the role may
 * not open (the 403 page) is skipped.
 */
let server: E2EServer;
let browser: Browser;

const ROUTES_FILE = path.join(REPO_ROOT, 'packages/web/src/routes.tsx');
const PATHS = [...fs.readFileSync(ROUTES_FILE, 'utf8').matchAll(/path: '([^']+)'/g)]
  .map((m) => m[1] as string)
  .filter((p) => !p.includes(':'));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The widths wider than the viewport, as "path: scrollWidth px". */
async function overflowing(
  page: Page,
  paths: readonly string[],
  name: string,
  inApp = true,
): Promise<{ checked: number; wide: string[]; distinct: number }> {
  const wide: string[] = [];
  const contents = new Set<string>();
  let checked = 0;
  for (const [i, p] of paths.entries()) {
    if (i === 0 || !inApp) await page.goto(p);
    // inside the app, the router's own navigation (no reload of the bundle for each of ~60 pages)
    else
      await page.evaluate((to) => {
        const w = globalThis as unknown as {
          history: { pushState: (s: unknown, t: string, u: string) => void };
          dispatchEvent: (e: unknown) => void;
          PopStateEvent: new (t: string) => unknown;
        };
        w.history.pushState({}, '', to);
        w.dispatchEvent(new w.PopStateEvent('popstate'));
      }, p);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(300);
    if ((await page.getByText('无权访问').count()) > 0) continue;
    checked++;
    // the router did render the page (not the previous one again): its content differs from the others
    contents.add((await page.locator('.ant-layout-content, body').first().innerText()).slice(0, 300));
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    if (width > PHONE.width + 1) {
      wide.push(`${p}: ${width} px`);
      await screenshot(page, `phone-wide-${name}-${p.replace(/\W+/g, '_')}`, { fullPage: false });
    }
  }
  return { checked, wide, distinct: contents.size };
}

describe('phone layouts at 390 px: nothing wider than the screen', () => {
  for (const role of ['inspector', 'station', 'water']) {
    // the three roles side by side: each waits on its own pages most of the time
    it.concurrent(`every page the ${role} can open`, () =>
      withPage(browser, server.url, `phone-width-${role}`, PHONE, async (page) => {
        await loginAs(page, role, server.demoPassword);
        const r = await overflowing(page, PATHS, role);
        expect(r.checked).toBeGreaterThan(3);
        expect(r.distinct).toBeGreaterThan(r.checked * 0.8);
        expect(r.wide).toEqual([]);
      }));
  }

  it('the public pages', () =>
    withPage(browser, server.url, 'phone-width-public', PHONE, async (page) => {
      const draw = await server.ctx.db.selectFrom('draw_plans').select('id').orderBy('id').executeTakeFirstOrThrow();
      const code = await server.ctx.db
        .selectFrom('instruments')
        .select('public_code')
        .where('category', '=', 'fuel_dispenser')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const r = await overflowing(
        page,
        ['/public/disclosures', `/public/draws/${draw.id}`, `/p/${code.public_code}`, '/p', '/login'],
        'public',
        false,
      );
      expect(r.checked).toBe(5);
      expect(r.wide).toEqual([]);
    }));
});
