import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { createPlannedInspection } from '../packages/server/src/modules/supervision/inspections/planned.service.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * The supervision dashboard (docs/SUPERVISION.md "Dashboard"): the regulator opens 监督检查看板, clicks a coverage figure
 * and lands on the inspection list filtered by town, kind and period; the demo inspector on a 390×844 phone sees
 * 我的检查任务 grouped by date (a risk-targeted task planned for today) and 待复查整改.
 */
let server: E2EServer;
let browser: Browser;
let orgName: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const db = server.ctx.db;
  // a risk-targeted inspection for today: the demo inspector and a colleague of its office without a conflict
  const me = await db
    .selectFrom('supervision_inspectors as si')
    .innerJoin('users as u', 'u.id', 'si.user_id')
    .select(['si.id', 'si.office_id'])
    .where('u.username', '=', 'inspector')
    .executeTakeFirstOrThrow();
  const target = await db
    .selectFrom('supervision_targets as t')
    .innerJoin('organizations as o', 'o.id', 't.org_id')
    .select(['t.id', 't.org_id', 'o.name'])
    .where('t.office_id', '=', me.office_id)
    .where('t.active', '=', 1)
    .orderBy('t.id')
    .executeTakeFirstOrThrow();
  orgName = target.name;
  const mates = await db
    .selectFrom('supervision_inspectors')
    .select('id')
    .where('office_id', '=', me.office_id)
    .where('id', '!=', me.id)
    .where('id', 'not in', db.selectFrom('supervision_conflicts').select('inspector_id').where('org_id', '=', target.org_id))
    .execute();
  await createPlannedInspection(server.ctx, CLI_ACTOR, {
    targetId: Number(target.id),
    kind: 'targeted',
    reason: '风险分值高，近两年未检查',
    plannedDate: new Date().toLocaleDateString('sv-SE', { timeZone: server.ctx.config.timeZone }),
    inspectorIds: [Number(me.id), Number(mates[0]?.id)],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('监督检查看板', () => {
  it('the regulator clicks a coverage figure and lands on the filtered inspection list', () =>
    withPage(browser, server.url, 'supervision-dashboard', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page
        .getByRole('menuitem', { name: /监督检查$/ })
        .first()
        .click();
      await page.getByRole('menuitem', { name: /监督检查看板/ }).click();
      await page.getByRole('heading', { name: '监督检查看板' }).waitFor();
      // a figure above zero: the list behind it shows those finished records
      const figure = page
        .getByRole('link', { name: /已检查$/ })
        .filter({ hasNotText: /^0$/ })
        .first();
      await figure.waitFor();
      const n = Number(await figure.textContent());
      expect(n).toBeGreaterThan(0);
      await screenshot(page, 'supervision-dashboard-desktop');
      await figure.click();
      await page.waitForURL((u) => u.pathname === '/supervision/inspections');
      const url = new URL(page.url());
      expect(url.searchParams.get('townCode')).toMatch(/^\d{9}$/);
      expect(url.searchParams.get('targetKind')).toBeTruthy();
      expect(url.searchParams.get('state')).toBe('finished');
      expect(url.searchParams.get('from')).toMatch(/^\d{4}-01-01$/);
      await page.getByRole('heading', { name: '监督检查记录' }).waitFor();
      const rows = page.locator('.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThanOrEqual(n);
      await screenshot(page, 'supervision-dashboard-filtered-list');
    }));

  it('the regulator plans a complaint-triggered inspection from the target register (新建检查)', () =>
    withPage(browser, server.url, 'supervision-planned', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/supervision/targets');
      await page
        .getByRole('button', { name: /^新建检查 / })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: '新建检查任务' });
      await dialog.waitFor();
      await dialog.getByText('投诉触发').click();
      await dialog.getByLabel('投诉编号及内容').fill('12315 投诉 2026-0042：加油机少加');
      await dialog.getByLabel('执法人员（至少两名）').click();
      const options = page.locator('.ant-select-item-option:not(.ant-select-item-option-disabled)');
      await options.first().click();
      await options.nth(1).click();
      await dialog.getByText('新建检查任务').click();
      await screenshot(page, 'supervision-planned-modal', { fullPage: false });
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      // the dialog closes on success; a refusal keeps it open with the field's message, which the failure then names
      const refusal = dialog.locator('.ant-form-item-explain-error').first();
      const outcome = await Promise.race([
        dialog.waitFor({ state: 'hidden', timeout: 60_000 }).then(() => 'created'),
        refusal.waitFor({ timeout: 60_000 }).then(() => refusal.textContent()),
      ]);
      expect(outcome).toBe('created');
      const row = await server.ctx.db
        .selectFrom('inspection_assignments')
        .select(['kind', 'reason'])
        .where('kind', '=', 'complaint')
        .executeTakeFirstOrThrow();
      expect(row.reason).toContain('12315');
    }));

  it('on a phone the dashboard stacks its cards', () =>
    withPage(browser, server.url, 'supervision-dashboard-phone', PHONE, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/supervision/dashboard');
      await page
        .getByRole('link', { name: /已检查$/ })
        .first()
        .waitFor();
      await screenshot(page, 'supervision-dashboard-phone');
    }));

  it('the inspector at 390×844 sees 我的检查任务 by date and 待复查整改', () =>
    withPage(browser, server.url, 'supervision-inspector-phone', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/supervision/inspections/tasks');
      await page.getByRole('heading', { name: '我的检查任务' }).waitFor();
      const today = page.getByRole('region', { name: '今天' });
      const card = today.locator('.ant-card').filter({ hasText: orgName }).filter({ hasText: '风险分值高' }).first();
      await card.waitFor();
      await card.getByRole('button', { name: '开始检查' }).waitFor();
      await screenshot(page, 'supervision-tasks-phone');
      await page.goto('/supervision/orders/reinspect');
      await page.getByRole('heading', { name: '待复查整改' }).waitFor();
      await page.getByText('按整改期限排序').waitFor();
      await screenshot(page, 'supervision-reinspect-phone');
    }));
});
