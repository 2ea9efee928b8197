import { DEMO_PASSWORD } from '@qiangjian/shared/data';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../packages/server/src/auth/actor.js';
import { listDraws } from '../packages/server/src/modules/supervision/draws/draws.service.js';
import { listInspections } from '../packages/server/src/modules/supervision/inspections/inspections.service.js';
import { createUser } from '../packages/server/src/modules/users/users.service.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

/**
 * Disclosure of the demo draw's inspection results (docs/SUPERVISION.md "Disclosure of inspection results"): the
 * regulator prints a record's 现场检查笔录, publishes the draw's results from the draw page (公示本次抽查结果), and
 * the public disclosure page (no login) shows them under 抽查结果 at phone width and on a desktop — with the
 * inspectors' 执法证号 and no representative's name.
 */
let server: E2EServer;
let browser: Browser;
let drawId: number;
let inspectionId: number;
let representative = '';
/** an enterprise account of an organization the draw inspected, and that record */
let party = { username: '', inspectionId: 0 };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // the demo publishes its draw's results when seeded; withdrawn here, so the regulator publishes them in the browser
  await server.ctx.db.deleteFrom('disclosures').where('kind', '=', 'inspection_result').execute();
  const draws = await listDraws(server.ctx, CLI_ACTOR, { page: 1, pageSize: 10 });
  drawId = draws.items.find((d) => d.state === 'revealed')?.id as number;
  const records = await listInspections(server.ctx, CLI_ACTOR, { page: 1, pageSize: 50, origin: 'random', state: 'finished' });
  inspectionId = records.items.find((r) => r.drawId === drawId)?.id as number;
  const row = await server.ctx.db.selectFrom('inspections').select('representative').where('id', '=', inspectionId).executeTakeFirst();
  representative = (JSON.parse(row?.representative ?? '{}') as { name?: string }).name ?? '';
  const ofDraw = records.items.filter((r) => r.drawId === drawId);
  const users = await server.ctx.db
    .selectFrom('users')
    .select(['username', 'org_id'])
    .where('role', '=', 'enterprise')
    .where(
      'org_id',
      'in',
      ofDraw.map((r) => r.orgId),
    )
    .orderBy('id')
    .execute();
  // the draw is random: when none of the inspected organizations has a demo login, one gets an account here
  const first = ofDraw[0];
  const u =
    users[0] ??
    (first
      ? {
          username: (
            await createUser(
              server.ctx,
              CLI_ACTOR,
              { username: 'party_e2e', displayName: '被检查单位', role: 'enterprise', orgId: first.orgId, password: DEMO_PASSWORD },
              { mustChangePassword: false },
            )
          ).username,
          org_id: first.orgId,
        }
      : undefined);
  party = { username: u?.username ?? '', inspectionId: ofDraw.find((r) => r.orgId === Number(u?.org_id))?.id ?? 0 };
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('disclosure of inspection results', () => {
  it('the regulator prints a record and publishes the draw results', () =>
    withPage(browser, server.url, 'disclosure-inspections-regulator', undefined, async (page) => {
      expect(drawId).toBeGreaterThan(0);
      expect(representative).not.toBe('');
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto(`/supervision/inspections/${inspectionId}`);
      const print = page.getByRole('link', { name: '打印笔录' });
      await print.waitFor();
      const pdf = await page.request.get((await print.getAttribute('href')) ?? '');
      expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
      const word = await page.request.get((await page.getByRole('link', { name: '下载 Word' }).getAttribute('href')) ?? '');
      expect(word.status()).toBe(200);
      await page.getByTestId('inspection-disclosure').getByText('未公示').waitFor();
      await screenshot(page, 'disclosure-inspections-01-record');

      await page.goto(`/supervision/draws/${drawId}`);
      await page.getByRole('button', { name: '公示本次抽查结果' }).click();
      await page
        .getByRole('button', { name: '确 定' })
        .or(page.getByRole('button', { name: '确定' }))
        .first()
        .click();
      await page.getByText(/已公示 \d+ 条，跳过 0 条/).waitFor();
      await screenshot(page, 'disclosure-inspections-02-draw-published', { fullPage: false });

      await page.goto(`/supervision/inspections/${inspectionId}`);
      await page
        .getByTestId('inspection-disclosure')
        .getByText(/已公示，公示期至/)
        .waitFor();
    }));

  it('the inspected enterprise prints the 笔录 of its visit from 我的检查记录 (phone)', () =>
    withPage(browser, server.url, 'disclosure-inspections-party', PHONE, async (page) => {
      expect(party.username).not.toBe('');
      await loginAs(page, party.username, server.demoPassword);
      await page.goto('/inspections/mine');
      const link = page.getByRole('link', { name: '打印笔录' }).first();
      await link.waitFor();
      const pdf = await page.request.get((await link.getAttribute('href')) ?? '');
      expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
      await screenshot(page, 'disclosure-inspections-06-party-list', { fullPage: false });
      await page.goto(`/supervision/inspections/${party.inspectionId}`);
      await page.getByRole('link', { name: '下载 Word' }).waitFor();
      // the party sees no publish action
      expect(await page.getByRole('button', { name: '公示检查结果' }).count()).toBe(0);
    }));

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', undefined],
  ] as const)
    it(`the public page shows the results under 抽查结果 (${name})`, () =>
      withPage(browser, server.url, `disclosure-inspections-public-${name}`, viewport, async (page) => {
        await page.goto('/public/disclosures');
        await page.getByRole('heading', { name: '监督检查与行政处罚信息公示' }).waitFor();
        await page.getByText('抽查结果', { exact: true }).click();
        await page.waitForURL(/kind=inspection_result/);
        await page.getByText('双随机抽查结果').first().waitFor();
        await expect.poll(() => page.getByText(/发现问题|未发现问题/).count()).toBeGreaterThan(0);
        await page
          .getByRole('link', { name: new RegExp(`编号 ${drawId}`) })
          .first()
          .waitFor();
        const text = (await page.locator('body').textContent()) ?? '';
        expect(text).not.toContain(representative);
        expect(text).not.toContain('行政处罚决定书');
        if (viewport) {
          // no horizontal scrolling at phone width
          type Doc = { documentElement: { scrollWidth: number; clientWidth: number } };
          const overflow = await page.evaluate(() => {
            const el = (globalThis as unknown as { document: Doc }).document.documentElement;
            return el.scrollWidth - el.clientWidth;
          });
          expect(overflow).toBeLessThanOrEqual(0);
        }
        await screenshot(page, `disclosure-inspections-03-public-${name}`);
        if (viewport) {
          await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
          await screenshot(page, 'disclosure-inspections-04-public-phone-top', { fullPage: false });
          await page.getByText('发现问题', { exact: true }).first().scrollIntoViewIfNeeded();
          await screenshot(page, 'disclosure-inspections-05-public-phone-found', { fullPage: false });
        }
      }));
});
