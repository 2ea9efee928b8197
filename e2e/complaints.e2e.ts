import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../packages/server/src/auth/actor.js';
import ExcelJS from '../packages/server/src/lib/sheets/exceljs.js';
import { fileComplaint, issueChallenge } from '../packages/server/src/modules/complaints/intake.service.js';
import { acceptApplication } from '../packages/server/src/modules/verification/applications/applications.service.js';
import { recordResults } from '../packages/server/src/modules/verification/results/results.service.js';
import { type E2EServer, fillDate, launchBrowser, loginAs, PHONE, pickOption, screenshot, startServer, withPage } from './helpers.js';

/**
 * Complaints in the browser, on a phone (390×844; docs/COMPLAINTS.md): a citizen opens a dispenser's public page,
 * follows 投诉这台器具, files a complaint with a photo and gets a tracking code; the office (inspector of 嘎鲁图镇) accepts
 * it and requests an arbitration verification from the county institution; the institution records a failing result
 * (through the verification service, as its results page would); the office proposes the refund and replies, which
 * closes the complaint; the citizen sees the reply by tracking code. A 举报 about the same dispenser: its handler, target
 * and inspectors are picked by name (desktop and phone); the regulator exports the list (XLSX, masked).
 */
let server: E2EServer;
let browser: Browser;
let code = '';
let institutionName = '';
let trackingCode = '';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const db = server.ctx.db;
  const inst = await db.selectFrom('organizations').select('name').where('kind', '=', 'institution').orderBy('id').execute();
  // a dispenser of a station in 嘎鲁图镇 (the `inspector` login's town) that the county institution may verify
  // of the `station` login's organization, so that its inbox can be checked at the end
  const station = await db.selectFrom('users').select('org_id').where('username', '=', 'station').executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('instruments as i')
    .innerJoin('sites as s', 's.id', 'i.site_id')
    .select(['i.public_code'])
    .where('i.category', '=', 'fuel_dispenser')
    .where('s.town_code', '=', '150626100')
    .where('i.org_id', '=', Number(station.org_id))
    .where('i.removal_date', 'is', null)
    .orderBy('i.id')
    .executeTakeFirstOrThrow();
  code = row.public_code;
  institutionName = String(inst[0]?.name);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function answerChallenge(page: Page) {
  const label = await page.getByText(/验证题：\d+ \+ \d+ = \?/).textContent();
  const m = /(\d+) \+ (\d+)/.exec(label ?? '');
  await page.getByLabel(/验证题/).fill(String(Number(m?.[1]) + Number(m?.[2])));
}

describe('complaints (投诉举报) on a phone', () => {
  it('citizen: from the instrument’s public page, files a complaint with a photo and gets a tracking code', () =>
    withPage(browser, server.url, 'complaint-file', PHONE, async (page) => {
      await page.goto(`/p/${code}`);
      await page.getByRole('link', { name: '投诉这台器具' }).click();
      await page.waitForURL(/\/p\/complaint\?instrument=/);
      await page.getByTestId('instrument-code').getByText(code).waitFor();
      // the subject follows the instrument's category
      await page.getByText('加油机', { exact: true }).first().waitFor();
      await page.getByLabel('事情经过').fill('加油机显示40升，实际只有38升，要求退还差价。');
      await page.getByLabel('争议金额').fill('15.5');
      await page.getByLabel('姓名').fill('李四');
      await page.getByLabel('手机号码').fill('13987654321');
      const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qj-photo-')), 'photo.png');
      fs.writeFileSync(photo, PNG);
      await page.getByTestId('attachments').locator('input[type=file]').setInputFiles(photo);
      await answerChallenge(page);
      await screenshot(page, 'complaints-01-public-form');
      await page.getByRole('button', { name: /提\s*交/ }).click();
      trackingCode = ((await page.getByTestId('tracking-code').textContent()) ?? '').trim();
      expect(trackingCode).toMatch(/^TS-/);
      await screenshot(page, 'complaints-02-tracking-code');
    }));

  it('office: accepts it and requests an arbitration verification', () =>
    withPage(browser, server.url, 'complaint-office', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto('/complaints');
      await page.getByRole('link', { name: trackingCode, exact: true }).click();
      await page.waitForURL(/\/complaints\/\d+$/);
      await page.getByText('加油机显示40升').waitFor();
      // masked: the phone is not on the page
      expect(await page.content()).not.toContain('13987654321');
      await screenshot(page, 'complaints-03-detail-received');
      await page.getByTestId('accept').click();
      await page.getByTestId('stage').getByText('已受理').waitFor();
      // the handler (the accepting inspector) and the authorized institutions are shown by name, never as ids
      const handler = page.locator('.ant-form-item', { has: page.getByLabel('承办人', { exact: true }) });
      const inspector = await server.ctx.db
        .selectFrom('users')
        .select('display_name')
        .where('username', '=', 'inspector')
        .executeTakeFirstOrThrow();
      await handler.getByText(`${inspector.display_name}（`).waitFor(); // 姓名（承办单位）, not a number
      await pickOption(page, page, '检定机构', institutionName);
      await fillDate(page.getByLabel('期望检定日期'), await page.evaluate(() => new Date().toISOString().slice(0, 10)));
      await page.getByLabel('联系人').fill('承办人');
      await page.locator('#arbitration_contactPhone').fill('0477-1234567');
      await page.getByRole('button', { name: '申请仲裁检定' }).click();
      await page.getByText('尚未出具结果').waitFor();
      await screenshot(page, 'complaints-04-arbitration-requested');
    }));

  it('institution records a failing result; office proposes the refund, replies and closes', async () => {
    const db = server.ctx.db;
    const c = await db.selectFrom('complaints').select('id').where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
    const arb = await db.selectFrom('complaint_arbitrations').selectAll().where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'institution').executeTakeFirstOrThrow();
    const org = await db
      .selectFrom('organizations')
      .select(['id', 'kind', 'region_code'])
      .where('id', '=', Number(arb.institution_id))
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      kind: 'user',
      userId: Number(user.id),
      username: user.username,
      role: 'institution',
      orgId: Number(org.id),
      orgKind: 'institution',
      regionCode: org.region_code,
      townCodes: [],
      via: 'session',
    };
    await acceptApplication(server.ctx, actor, Number(arb.application_id));
    const verifier = await db
      .selectFrom('verifiers')
      .select('id')
      .where('org_id', '=', org.id)
      .where('categories', 'like', '%fuel_dispenser%')
      .executeTakeFirstOrThrow();
    const standard = await db
      .selectFrom('measurement_standards')
      .select('id')
      .where('org_id', '=', org.id)
      .where('categories', 'like', '%fuel_dispenser%')
      .executeTakeFirstOrThrow();
    const nozzles = await db.selectFrom('nozzles').select('id').where('instrument_id', '=', arb.instrument_id).execute();
    const day = (await import('../packages/server/src/context.js')).today(server.ctx);
    await recordResults(
      server.ctx,
      actor,
      Number(arb.application_id),
      (nozzles.length > 0 ? nozzles : [{ id: undefined }]).map((n) => ({
        instrumentId: Number(arb.instrument_id),
        nozzleId: n.id === undefined ? undefined : Number(n.id),
        date: day,
        conclusion: 'failed' as const,
        certificateNo: `ZC-${n.id ?? 0}`,
        verifierId: Number(verifier.id),
        standardId: Number(standard.id),
        measurements: { errors: [0.5, 0.6, 0.55, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] },
        seals: ['F001'],
      })),
    );
    await withPage(browser, server.url, 'complaint-close', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto(`/complaints/${c.id}`);
      await page.getByTestId('arbitration-result').getByText('不合格').waitFor();
      await page.getByLabel('自上次有效检定以来的计费用量').fill('1000');
      await fillDate(page.getByLabel('计费起始日'), '2024-01-01');
      await fillDate(page.getByLabel('计费截止日'), day);
      await page.getByRole('button', { name: '计算退补量' }).click();
      await page.getByText(/建议退补/).waitFor();
      await page.getByLabel('答复内容（投诉人可见）').fill('仲裁检定不合格，已责令加油站退还差价。');
      await page.getByRole('button', { name: '答复并办结' }).click();
      await page.getByTestId('stage').getByText('已办结').waitFor();
      await screenshot(page, 'complaints-05-closed');
    });
  });

  it('office: a 举报’s case decision picks the target and the inspectors by name (desktop and phone)', async () => {
    const ctx = server.ctx;
    const ch = await issueChallenge(ctx);
    const r = await fileComplaint(
      ctx,
      {
        challengeToken: ch.token,
        challengeAnswer: ch.a + ch.b,
        type: 'report',
        subject: 'dispenser',
        instrumentCode: code,
        description: '举报该加油站加油机疑似改装计量芯片。',
        anonymous: true,
      },
      [],
      { ip: '198.51.100.7' },
    );
    const c = await ctx.db
      .selectFrom('complaints')
      .select(['id', 'site_id'])
      .where('tracking_code', '=', r.trackingCode)
      .executeTakeFirstOrThrow();
    const site = await ctx.db.selectFrom('sites').select('name').where('id', '=', Number(c.site_id)).executeTakeFirstOrThrow();
    /** Chooses 开展检查 and two inspectors; the target (the complaint's site) comes pre-selected. */
    const fill = async (page: Page) => {
      await pickOption(page, page, '立案决定', '开展检查');
      const target = page.locator('.ant-form-item', { has: page.getByLabel('检查对象', { exact: true }) });
      await target.getByText(site.name).first().waitFor();
      const box = page.getByLabel('检查人员', { exact: true });
      const field = page.locator('.ant-form-item', { has: box });
      const chosen = field.locator('.ant-select-selection-item');
      const id = await box.getAttribute('id');
      const free = page
        .locator('.ant-select-dropdown')
        .filter({ has: page.locator(`[id="${id}_list"]`) })
        .locator('.ant-select-item-option:not(.ant-select-item-option-disabled):not(.ant-select-item-option-selected)');
      await box.click();
      while ((await chosen.count()) < 2) {
        await free.first().click();
        await page.waitForTimeout(200);
      }
      const names = await chosen.allTextContents();
      for (const n of names) expect(n).toMatch(/（.+）/); // 姓名（执法证号）, not an id
    };
    await withPage(browser, server.url, 'complaint-report-desktop', undefined, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto(`/complaints/${c.id}`);
      await page.getByTestId('accept').click();
      await page.getByTestId('stage').getByText('已受理').waitFor();
      await fill(page);
      await page.keyboard.press('Escape');
      await page.getByLabel('承办人', { exact: true }).scrollIntoViewIfNeeded();
      await screenshot(page, 'complaints-11-report-pickers-desktop', { fullPage: false });
    });
    await withPage(browser, server.url, 'complaint-report-phone', PHONE, async (page) => {
      await loginAs(page, 'inspector', server.demoPassword);
      await page.goto(`/complaints/${c.id}`);
      await page.getByTestId('stage').getByText('已受理').waitFor();
      await fill(page);
      await page.keyboard.press('Escape');
      await screenshot(page, 'complaints-12-report-pickers-phone');
      await page.getByRole('button', { name: '立案决定' }).click();
      await page.getByTestId('case-decision').getByText('开展检查').waitFor();
      await expect
        .poll(
          async () =>
            (await ctx.db.selectFrom('complaints').select('linked_assignment_id').where('id', '=', c.id).executeTakeFirstOrThrow())
              .linked_assignment_id,
        )
        .not.toBeNull();
    });
  });

  it('citizen: sees the reply by tracking code', () =>
    withPage(browser, server.url, 'complaint-status', PHONE, async (page) => {
      await page.goto(`/p/complaint/status?code=${encodeURIComponent(trackingCode)}`);
      await page.getByTestId('stage').getByText('已办结').waitFor();
      await page.getByTestId('reply').getByText('仲裁检定不合格，已责令加油站退还差价。').waitFor();
      expect(await page.content()).not.toContain('13987654321');
      await screenshot(page, 'complaints-06-status');
    }));

  it('station: its inbox tells of the accepted complaint about it and opens it, without the complainant’s data', () =>
    withPage(browser, server.url, 'complaint-station-inbox', PHONE, async (page) => {
      await loginAs(page, 'station', server.demoPassword);
      await page.goto('/notifications');
      const item = page.locator('.ant-list-item').filter({ hasText: trackingCode });
      await item.getByText('涉及本单位的投诉已受理').waitFor();
      await screenshot(page, 'complaints-10-station-inbox');
      await item.getByRole('button', { name: '查看' }).click();
      await page.waitForURL(/\/complaints\/\d+$/);
      await page.getByText(trackingCode).first().waitFor();
      expect(await page.getByText('无权访问').count()).toBe(0);
      expect(await page.content()).not.toContain('13987654321');
    }));

  it('regulator: the dashboard’s figures open their lists (desktop); a utility reports its own figures (phone)', async () => {
    await withPage(browser, server.url, 'complaint-dashboard', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/complaints/dashboard');
      await page.getByText('7个工作日内作出受理决定').waitFor();
      await screenshot(page, 'complaints-07-dashboard');
      await page.getByRole('link', { name: '调解中' }).first().click();
      await page.waitForURL(/stage=mediating/);
      await page.getByText(/\*{4}/).first().waitFor();
      expect(await page.content()).not.toMatch(/139001000\d\d/);
      await screenshot(page, 'complaints-08-list-mediating');
      // 导出: the same filter as XLSX, personal data masked as in the list
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导\s*出/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^投诉举报-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
      const ws = book.worksheets[0];
      if (!ws) throw new Error('no sheet');
      expect(ws.getRow(2).getCell(10).value).toBe('投诉人');
      expect(ws.rowCount).toBeGreaterThan(2);
      for (let n = 3; n <= ws.rowCount; n++) {
        expect(ws.getRow(n).getCell(5).value).toBe('调解中');
        expect(String(ws.getRow(n).getCell(11).value ?? '')).toMatch(/^(\d{3}\*{4}\d{4})?$/);
      }
    });
    await withPage(browser, server.url, 'complaint-self-report', PHONE, async (page) => {
      await loginAs(page, 'water', server.demoPassword);
      await page.goto('/complaints/self-reports');
      // on a phone the reported periods are cards (企业处理投诉 50)
      const card = page.locator('.qj-list-card').first();
      await card.waitFor();
      await card.getByText('50', { exact: true }).first().waitFor();
      await screenshot(page, 'complaints-09-self-report');
    });
  });
});
