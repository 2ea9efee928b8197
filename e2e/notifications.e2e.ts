import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Notifications (docs/NOTIFICATIONS.md) on the demo county: the demo seed's producer left notifications for the demo
 * users; the header's bell shows the unread count for every role at desktop and phone width; the inbox opens a
 * notification's record and the count goes down; preferences and the admin's e-mail queue page. Screenshots
 * notifications-*.png.
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

async function unread(page: Page): Promise<number> {
  const r = (await page.evaluate(() => fetch('/api/v1/notifications/unread-count').then((x) => x.json()))) as { unread: number };
  return r.unread;
}

async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByRole('button', { name: /^消息，\d+ 条未读$/ }).getAttribute('aria-label')) ?? '';
  return Number(/(\d+)/.exec(label)?.[1] ?? -1);
}

const noCodes = async (page: Page) => {
  const text = (await page.locator('.ant-layout-content').first().textContent()) ?? '';
  expect(text).not.toMatch(/\b(pages|enum|menu|notifications)\.[a-zA-Z]/);
  expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  expect(text).not.toMatch(/undefined|NaN|\{[a-zA-Z]+\}/);
};

const phoneWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

describe('notifications', () => {
  for (const user of ['station', 'institution', 'inspector', 'regulator']) {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${user} at ${label}: the bell counts the unread notifications the demo left, the inbox lists them`, () =>
        withPage(browser, server.url, `notifications-${user}-${label}`, viewport, async (page) => {
          await loginAs(page, user, server.demoPassword);
          const n = await unread(page);
          expect(n).toBeGreaterThan(0);
          await expect.poll(() => bellCount(page)).toBe(n);
          await screenshot(page, `notifications-bell-${user}-${label}`, { fullPage: false });
          await page.getByRole('button', { name: /^消息，\d+ 条未读$/ }).click();
          await page.waitForURL((u) => u.pathname === '/notifications');
          await page.locator('.ant-list-item').first().waitFor();
          await noCodes(page);
          if (label === 'phone') expect(await phoneWidth(page)).toBeLessThanOrEqual(390);
          await screenshot(page, `notifications-inbox-${user}-${label}`);
        }));
    }
  }

  it('opening a notification goes to its record and marks it read', () =>
    withPage(browser, server.url, 'notifications-open', DESKTOP, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      const before = await unread(page);
      await page.goto('/notifications?unread=1');
      await page.locator('.ant-list-item').first().waitFor();
      await page.locator('.ant-list-item').first().getByRole('button', { name: '查看' }).click();
      await page.waitForURL((u) => u.pathname !== '/notifications');
      expect(await page.getByText('无权访问').count()).toBe(0);
      expect(await unread(page)).toBe(before - 1);
      await expect.poll(() => bellCount(page)).toBe(before - 1);
    }));

  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`preferences at ${label}`, () =>
      withPage(browser, server.url, `notifications-prefs-${label}`, viewport, async (page) => {
        await loginAs(page, 'water', server.demoPassword);
        await page.goto('/notifications/preferences');
        await page.getByRole('checkbox', { name: '器具到期 站内消息' }).waitFor();
        await noCodes(page);
        if (label === 'phone') expect(await phoneWidth(page)).toBeLessThanOrEqual(390);
        await screenshot(page, `notifications-prefs-${label}`);
        await page.getByRole('checkbox', { name: '器具到期 站内消息' }).uncheck();
        await page.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('提醒设置已保存').waitFor();
        const prefs = (await page.evaluate(() => fetch('/api/v1/notifications/preferences').then((x) => x.json()))) as {
          kinds: { kind: string; inApp: boolean }[];
        };
        expect(prefs.kinds.find((k) => k.kind === 'instruments_due')?.inApp).toBe(false);
      }));
  }

  it('the admin sees the e-mail queue page', () =>
    withPage(browser, server.url, 'notifications-email-queue', DESKTOP, async (page) => {
      await loginAs(page, 'admin', server.adminPassword, { newPassword: 'Bell-Queue-2024!x' });
      await page.goto('/admin/email-queue');
      await page.getByText('未配置邮件服务（SMTP），队列中的邮件不会发送').waitFor();
      await noCodes(page);
      await screenshot(page, 'notifications-email-queue');
    }));
});
