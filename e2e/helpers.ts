/**
 * Browser-test helpers: a real server on a fresh SQLite file with the demo county, and a system
 * Chromium driven by playwright-core (never downloads a browser). See docs/WEB.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build } from '../packages/server/src/app.js';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { openContext } from '../packages/server/src/bootstrap.js';
import { loadConfig, REPO_ROOT } from '../packages/server/src/config.js';
import type { AppContext } from '../packages/server/src/context.js';
import { seedDemo } from '../packages/server/src/modules/demo/demo.service.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'screenshots');
/** Initial admin password of every e2e server (must be changed at first login). */
export const E2E_ADMIN_PASSWORD = 'Init-Root-2024!';

export interface E2EServer {
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  adminPassword: string;
  demoPassword: string;
  close: () => Promise<void>;
}

/** The SQLite file, and its audit key beside it (`<db>.audit-key`), copied together. */
function copyDatabase(from: string, to: string): void {
  fs.copyFileSync(from, to);
  if (fs.existsSync(`${from}.audit-key`)) fs.copyFileSync(`${from}.audit-key`, `${to}.audit-key`);
}

function e2eConfig(db: string, webDist: string) {
  return loadConfig({
    db,
    adminPassword: E2E_ADMIN_PASSWORD,
    webDist,
    logLevel: 'silent',
    // the browser tests log in as the shared demo accounts, as `npm start` does
    demoMode: true,
  });
}

/**
 * The demo county at `scale`, seeded once per run (scripts/e2e.mjs sets QIANGJIAN_E2E_TEMPLATES) and copied for each
 * test file: every file still gets its own fresh database, without seeding it again. Without the variable (vitest
 * called directly) it returns null and the caller seeds.
 */
async function demoTemplate(scale: number, webDist: string): Promise<string | null> {
  const dir = process.env.QIANGJIAN_E2E_TEMPLATES;
  if (!dir) return null;
  const file = path.join(dir, `demo-${scale}.db`);
  if (fs.existsSync(file)) return file;
  // one file seeds (it holds the lock), the others wait for its template instead of seeding the same county again
  const lock = path.join(dir, `demo-${scale}.lock`);
  let fd: number;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch {
    const deadline = Date.now() + 600_000;
    while (!fs.existsSync(file)) {
      if (!fs.existsSync(lock)) return demoTemplate(scale, webDist); // the seeding file failed: try again
      if (Date.now() > deadline) throw new Error(`demo template ${file} not ready after 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return file;
  }
  try {
    if (fs.existsSync(file)) return file;
    return await seedTemplate(scale, webDist, dir, file);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

async function seedTemplate(scale: number, webDist: string, dir: string, file: string): Promise<string> {
  const tmp = path.join(dir, `demo-${scale}.${process.pid}.tmp.db`);
  const ctx = await openContext(e2eConfig(tmp, webDist));
  await seedDemo(ctx, CLI_ACTOR, { meterScale: scale });
  ctx.handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  await ctx.handle.close();
  if (fs.existsSync(`${tmp}.audit-key`)) fs.renameSync(`${tmp}.audit-key`, `${file}.audit-key`);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Starts the API + built web UI (packages/web/dist must exist: scripts/e2e.mjs builds it) on a
 * random port, over a fresh temporary SQLite database seeded with the demo county.
 */
/** `meterScale`: the demo's civil-meter scale (default 0.1; 1 = the full county, thousands of meters due). */
export async function startServer(opts: { meterScale?: number } = {}): Promise<E2EServer> {
  const webDist = path.join(REPO_ROOT, 'packages', 'web', 'dist');
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html missing: run "npm run build -w @qiangjian/web" (scripts/e2e.mjs does it)`);
  }
  const scale = opts.meterScale ?? 0.1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-e2e-'));
  const db = path.join(dir, 'e2e.db');
  const template = await demoTemplate(scale, webDist);
  if (template) copyDatabase(template, db);
  const ctx = await openContext(e2eConfig(db, webDist));
  if (!template) await seedDemo(ctx, CLI_ACTOR, { meterScale: scale });
  const app = await build({ ctx });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('server address unavailable');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    ctx,
    app,
    adminPassword: E2E_ADMIN_PASSWORD,
    demoPassword: DEMO_PASSWORD,
    close: async () => {
      await app.close();
      await ctx.handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system Chromium (fresh profile per launch). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A new page (own context: own cookies) with a zh-CN locale, desktop size unless told. */
export async function newPage(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  return context.newPage();
}

/**
 * Runs `fn` on a fresh page (its own browser context), screenshots `failure-<name>` when it throws, and closes
 * the context either way.
 */
export async function withPage(
  browser: Browser,
  baseURL: string,
  name: string,
  viewport: { width: number; height: number } | undefined,
  fn: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await newPage(browser, baseURL, viewport);
  try {
    await fn(page);
  } catch (e) {
    await screenshot(page, `failure-${name}`).catch(() => undefined);
    throw e;
  } finally {
    await page.context().close();
  }
}

/**
 * Logs in through the login page. Returns where it landed: the workbench, or the forced
 * change-password page (then, when `newPassword` is given, changes the password and lands on /).
 */
export async function loginAs(
  page: Page,
  username: string,
  password: string,
  opts: { newPassword?: string } = {},
): Promise<'home' | 'change-password'> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if (new URL(page.url()).pathname.startsWith('/change-password')) {
    if (!opts.newPassword) return 'change-password';
    await changePassword(page, password, opts.newPassword);
  }
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  return 'home';
}

export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

/**
 * Saves a PNG to ./screenshots/<name>.png and returns its path: the full page by default, the
 * viewport with `{ fullPage: false }` (use it while a modal is open).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // let antd's open/close animations settle
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  return file;
}

/**
 * Picks `option` (its title, exactly) in the antd Select labelled `label` within `scope`, and waits until the field shows
 * it (a search answer arriving late can swallow the first click: it tries three times).
 */
export async function pickOption(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  const box = scope.getByLabel(label, { exact: true });
  const id = await box.getAttribute('id');
  // the popup of this select is the one holding its listbox `<id>_list`
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${id}_list"]`) });
  const formItem = box.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]');
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await box.getAttribute('aria-expanded')) !== 'true') await box.click();
    await dropdown.getByTitle(option, { exact: true }).click();
    await page.waitForTimeout(300);
    if ((await formItem.textContent())?.includes(option)) return;
  }
  throw new Error(`could not pick ${option} in ${label}`);
}

/** Types a date into an antd DatePicker (the field's input, e.g. `getByLabel('期望检定日期')`) and confirms it. */
export async function fillDate(input: Locator, isoDate: string): Promise<void> {
  await input.click();
  await input.fill(isoDate);
  await input.press('Enter');
}
