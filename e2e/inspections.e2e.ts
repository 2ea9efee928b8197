import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { createDraw, runDrawPlan } from '../packages/server/src/modules/supervision/draws/draws.service.js';
import { pngOf } from '../packages/server/test/supervision/png.js';
import { openCaseAndDecideFine } from './enforcement-steps.js';
import { DESKTOP, type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Inspections on a phone (docs/SUPERVISION.md, Inspections), 390×844: the demo inspector opens today's drawn assignment
 * for the `station` login's gas station, checks two dispensers, marks a seal broken, records a failing on-site test,
 * attaches a photo, signs three times on the screen, finishes, and confirms the proposed findings; the station's user
 * then sees the visit with the inspectors' 执法证号 and the draw it came from. The story goes on from that visit's
 * findings (docs/ENFORCEMENT.md): the inspector orders the stopped nozzle put right, the station replies with evidence
 * on its phone, the inspector closes the order; the regulator opens a case from the broken seal, decides a fine, and
 * the decision is on the public disclosure page and as a PDF.
 */
let server: E2EServer;
let browser: Browser;
const DRAW_TITLE = '嘎鲁图镇加油站点复查抽取';
let stationName: string;
let codes: string[];
let seal: string;
let certNo: string;
let orgName: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const db = server.ctx.db;
  // the `station` login's organization and site (嘎鲁图镇): a re-check draw over the town's station sites, run by the
  // bureau; its inspectors for this site are the demo `inspector` and the third 嘎鲁图 inspector (the second declared a conflict)
  const user = await db.selectFrom('users').select(['org_id']).where('username', '=', 'station').executeTakeFirstOrThrow();
  const site = await db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', Number(user.org_id)).executeTakeFirstOrThrow();
  stationName = site.name;
  const org = await db.selectFrom('organizations').select('name').where('id', '=', Number(user.org_id)).executeTakeFirstOrThrow();
  orgName = org.name;
  const { id } = await createDraw(server.ctx, CLI_ACTOR, {
    title: DRAW_TITLE,
    regionCode: '150626100',
    kinds: ['station_site'],
    by: 'kind-town',
    ratioBp: 10000,
  });
  await runDrawPlan(server.ctx, CLI_ACTOR, id, null);
  const dispensers = await db
    .selectFrom('instruments')
    .select(['public_code', 'seal_nos'])
    .where('site_id', '=', Number(site.id))
    .where('category', '=', 'fuel_dispenser')
    .orderBy('id')
    .limit(2)
    .execute();
  codes = dispensers.map((d) => d.public_code);
  seal = String(dispensers[0]?.seal_nos).split(',')[1] as string;
  const ins = await db
    .selectFrom('supervision_inspectors as si')
    .innerJoin('users as u', 'u.id', 'si.user_id')
    .select('si.cert_no')
    .where('u.username', '=', 'inspector')
    .executeTakeFirstOrThrow();
  certNo = ins.cert_no;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('inspection on a phone (现场检查)', () => {
  it('the inspector checks two dispensers, a broken seal, a failing nozzle, a photo, three signatures; finishes and confirms', () =>
    withPage(browser, server.url, 'inspection-phone', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/supervision/inspections/tasks');
      await page.getByRole('heading', { name: '我的检查任务' }).waitFor();
      const card = page.locator('.ant-card').filter({ hasText: stationName }).filter({ hasText: DRAW_TITLE }).first();
      await card.waitFor();
      await screenshot(page, 'inspections-01-tasks');
      await card.getByRole('button', { name: '开始检查' }).click();
      await page.getByRole('heading', { name: '现场检查' }).waitFor();

      await page.getByLabel('当事人代表 姓名').fill('王站长');
      await page.getByLabel('职务').fill('站长');
      for (const code of codes) {
        await page.getByLabel('扫码或输入器具公开码、出厂编号').fill(code);
        await page.getByRole('button', { name: /^添\s*加$/ }).click();
      }
      const items = page.locator('[data-testid^="item-"]');
      await expect.poll(() => items.count()).toBe(2);
      const first = items.first();
      await first.getByLabel(`封签 ${seal} 完好`).uncheck();
      await first.getByRole('button', { name: /添加检测/ }).click();
      await first.getByLabel('1 号枪 加油机示值（L）').fill('20');
      await first.getByLabel('1 号枪 标准量器示值（L）').fill('20.09');
      await first.getByText('超差').waitFor();
      await first.getByText('当场停用该枪').click();

      await page
        .getByTestId('photo-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'dispenser.png', mimeType: 'image/png', buffer: pngOf(32, 24) });
      await page.locator('img[alt="dispenser.png"]').first().waitFor();

      const pads = page.locator('canvas');
      for (let i = 0; i < 3; i++) {
        const pad = pads.nth(i);
        await pad.scrollIntoViewIfNeeded();
        const box = await pad.boundingBox();
        if (!box) throw new Error('signature pad not visible');
        const confirm = page.getByRole('button', { name: '确认签名' }).nth(i);
        // a stroke the pad did not take (events dropped on a loaded machine) leaves 确认签名 disabled: draw again
        for (let attempt = 0; attempt < 3 && !(await confirm.isEnabled()); attempt++) {
          await page.mouse.move(box.x + 20, box.y + 60);
          await page.mouse.down();
          for (let s = 1; s <= 8; s++) await page.mouse.move(box.x + 20 + s * 25, box.y + 60 + (s % 2 ? -25 : 25), { steps: 3 });
          await page.mouse.up();
          await page.waitForTimeout(200);
        }
        await confirm.click();
        await expect.poll(() => page.getByText('已签名', { exact: true }).count()).toBe(i + 1);
      }
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').first().waitFor();
      await page.getByText('破坏计量器具或其铅(签)封').first().waitFor();
      await page.getByText('检定或抽检不合格继续使用').first().waitFor();
      await screenshot(page, 'inspections-02-form');

      await page.getByRole('button', { name: '完成检查' }).click();
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByRole('heading', { name: '检查记录详情' }).waitFor();
      for (const code of ['seal_broken', 'failed_in_use']) {
        const row = page.getByTestId(`proposal-${code}`);
        await row.getByRole('button', { name: /确\s*认/ }).click();
        await row.getByText('已确认').waitFor();
      }
      await page.getByText(certNo).first().waitFor();
      await screenshot(page, 'inspections-03-detail');
    }));

  it("the station's user sees the visit with the inspectors' 执法证号 and the draw it came from, and rates it", () =>
    withPage(browser, server.url, 'inspection-party', PHONE, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      await page.goto('/inspections/mine');
      await page.getByRole('heading', { name: '检查记录' }).waitFor();
      const card = page.locator('.ant-card').filter({ hasText: DRAW_TITLE }).first();
      await card.waitFor();
      await card.getByRole('link').first().click();
      await page.getByRole('heading', { name: '检查记录详情' }).waitFor();
      await page.getByText(certNo).first().waitFor();
      await page.getByText(DRAW_TITLE).first().waitFor();
      await page.getByText('破坏计量器具或其铅(签)封').first().waitFor();
      await page.locator('.ant-rate-star').nth(3).locator('[role="radio"]').click({ force: true });
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('已评价 4 星').waitFor();
      await screenshot(page, 'inspections-04-party');
    }));

  let orderNo = '';
  it('the inspector orders the stopped nozzle put right; the station replies with evidence on its phone; the inspector closes it', async () => {
    await withPage(browser, server.url, 'story-issue', DESKTOP, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/supervision/findings?code=failed_in_use');
      const row = page.locator('.ant-table-row').filter({ hasText: orgName }).first();
      await row.getByRole('button', { name: /^下达整改通知 \d+$/ }).click();
      await page.getByLabel('整改要求').fill('立即停用超差油枪，经检定合格后方可恢复使用。');
      await page
        .locator('.ant-modal')
        .getByRole('button', { name: /下达整改通知/ })
        .click();
      const heading = page.getByRole('heading', { name: /责令改正通知 .*乌审市监计改/ });
      await heading.waitFor();
      orderNo = ((await heading.textContent()) ?? '').replace('责令改正通知', '').trim();
      expect(orderNo).toMatch(/乌审市监计改/);
      await screenshot(page, 'inspections-06-order-issued');
    });
    await withPage(browser, server.url, 'story-reply', PHONE, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      await page.goto('/my/orders');
      await page.getByRole('link', { name: orderNo, exact: true }).click();
      await page.locator('input[type=file]').setInputFiles({ name: 'nozzle.png', mimeType: 'image/png', buffer: pngOf(40, 30) });
      await page.getByRole('link', { name: 'nozzle.png' }).waitFor();
      await page.getByLabel('整改情况说明').fill('1 号枪已停用并报检，检定合格证书附后。');
      await page.getByRole('button', { name: /提交回复/ }).click();
      await page.getByText('已回复').first().waitFor();
      await screenshot(page, 'inspections-07-station-replied');
    });
    await withPage(browser, server.url, 'story-close', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/supervision/orders?state=replied');
      await page.getByRole('link', { name: orderNo, exact: true }).click();
      await page.getByRole('button', { name: /确认整改完成/ }).click();
      await page.getByText('已整改').first().waitFor();
      await screenshot(page, 'inspections-08-order-closed');
    });
  });

  it('the regulator opens a case from the broken seal, decides a fine; the decision is public with its PDF', async () => {
    let decisionNo = '';
    await withPage(browser, server.url, 'story-case', DESKTOP, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/supervision/findings?code=seal_broken');
      decisionNo = await openCaseAndDecideFine(page, page.locator('.ant-table-row').filter({ hasText: orgName }).first(), {
        summary: '当事人 1 台加油机铅封被破坏后继续使用。',
        basis: '第四十六条',
        fine: 2000,
      });
      expect(decisionNo).toMatch(/乌审市监处罚/);
      await screenshot(page, 'inspections-09-case-decided');
    });
    await withPage(browser, server.url, 'story-public', PHONE, async (page) => {
      await page.goto('/public/disclosures');
      const item = page.locator('.ant-card, .ant-list-item, tr').filter({ hasText: decisionNo }).first();
      await item.waitFor();
      expect(await item.textContent()).toContain(orgName);
      expect(await page.getByText('罚款 2000.00 元').count()).toBeGreaterThan(0);
      const doc = item.getByRole('link', { name: '决定书' }).first();
      const res = await page.request.get((await doc.getAttribute('href')) ?? '');
      expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
      await screenshot(page, 'inspections-10-public');
    });
  });

  it('a file that is not an image is refused with its name; on a bad connection the draft stays on the phone and is retried', () =>
    withPage(browser, server.url, 'inspection-offline', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/supervision/inspections/tasks');
      await page.getByRole('button', { name: '开始检查' }).first().click();
      await page.getByRole('heading', { name: '现场检查' }).waitFor();
      const id = Number(/inspections\/(\d+)\/edit/.exec(page.url())?.[1]);
      await page
        .getByTestId('photo-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
      await page.getByText('照片 notes.txt 不是 PNG 或 JPEG 图片').waitFor();

      // the connection drops: saving fails, the draft is kept on the phone
      await page.route('**/api/v1/supervision/inspections/*', (route) =>
        route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue(),
      );
      await page.getByLabel('当事人代表 姓名').fill('离线代表');
      await expect
        .poll(
          () =>
            page.evaluate(
              (k) => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(k),
              `qj.inspection.${id}`,
            ),
          { timeout: 15_000 },
        )
        .toContain('离线代表');
      await page.waitForTimeout(2500);
      const stored = await server.ctx.db.selectFrom('inspections').select('representative').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.representative ?? '').not.toContain('离线代表');
      await page.reload();
      await page.getByText('已载入本机尚未上传的草稿').waitFor();
      expect(await page.getByLabel('当事人代表 姓名').inputValue()).toBe('离线代表');
      await screenshot(page, 'inspections-05-offline', { fullPage: false });

      // back online: the retry uploads it
      await page.unroute('**/api/v1/supervision/inspections/*');
      await page.getByText('本机草稿已上传').waitFor({ timeout: 30_000 });
      const after = await server.ctx.db.selectFrom('inspections').select('representative').where('id', '=', id).executeTakeFirstOrThrow();
      expect(after.representative).toContain('离线代表');
      expect(
        await page.evaluate(
          (k) => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(k),
          `qj.inspection.${id}`,
        ),
      ).toBeNull();
    }));
});
