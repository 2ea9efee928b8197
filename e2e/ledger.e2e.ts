import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../packages/server/src/lib/sheets/exceljs.js';
import { csv, messyXlsx } from '../packages/server/test/files.js';
import { type E2EServer, launchBrowser, loginAs, PHONE, screenshot, startServer, withPage } from './helpers.js';

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

describe('ledger web UI (台账, import wizard)', () => {
  it('an enterprise user imports a messy XLSX: preview with rejected rows, commit, error file, new instruments in the table', () =>
    withPage(browser, server.url, 'ledger-import', undefined, async (page) => {
      const org = await server.ctx.db
        .selectFrom('users')
        .innerJoin('organizations', 'organizations.id', 'users.org_id')
        .select(['organizations.credit_code', 'organizations.name'])
        .where('users.username', '=', 'station')
        .executeTakeFirstOrThrow();
      const file = await messyXlsx({
        creditCode: org.credit_code,
        orgName: org.name,
        rows: [
          [1, '燃油加油机', 'CS46', 'E2E-001', '5号岛', '2024-09-05', '', '合格', 4],
          [2, '加油机', 'CS46', 'E2E-002', '6号岛', '2024.9.5', '', '合格', 2],
          [3, '燃油加油机', 'CS46', 'E2E-001', '7号岛', '2024-09-05', '', '合格', 2],
          [4, '燃油加油机', 'CS46', 'E2E-004', '8号岛', '2023-02-30', '', '合格', 2],
          [5, '热水表', '', 'E2E-005', '', '2024-09-05', '', '合格', ''],
        ],
        trailer: true,
      });

      await loginAs(page, 'station', server.demoPassword);
      await page.goto('/ledger/instruments');
      await page.getByRole('heading', { name: /强检器具台账/ }).waitFor();
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      await screenshot(page, 'ledger-01-table-station');

      await page.getByRole('button', { name: /批量导入/ }).click();
      await page.waitForURL(/\/ledger\/import/);
      await page.locator('input[type=file]').setInputFiles({
        name: 'messy-ledger.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await screenshot(page, 'ledger-02-import-upload');
      await page.getByRole('button', { name: /上传并校验/ }).click();

      // preview: counts, rejected rows with their reasons, nothing written yet
      await page.getByRole('button', { name: /确认导入/ }).waitFor();
      const rejected = page.locator('.qj-row-rejected');
      await rejected.first().waitFor();
      expect(await rejected.count()).toBe(3);
      const text = (await page.locator('.ant-table-tbody').last().textContent()) ?? '';
      expect(text).toContain('E2E-001');
      expect(text).toContain('检定信息/检定日期');
      expect(text).toContain('热水表');
      await screenshot(page, 'ledger-03-import-preview', { fullPage: true });
      const before = await server.ctx.db.selectFrom('instruments').select('id').where('serial_no', 'like', 'E2E-%').execute();
      expect(before).toHaveLength(0);

      await page.getByRole('button', { name: /确认导入/ }).click();
      await page.getByText('导入完成').waitFor();
      await screenshot(page, 'ledger-04-import-result', { fullPage: true });

      // the error file: original rows + 错误原因
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /下载错误行文件/ }).click();
      const dl = await download;
      const path = await dl.path();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('error file without a worksheet');
      expect(ws.rowCount).toBe(4);
      expect((ws.getRow(1).values as unknown[]).includes('错误原因')).toBe(true);

      // the new instruments in the ledger table with their statuses
      await page.getByRole('button', { name: /查看台账/ }).click();
      await page.waitForURL(/\/ledger\/instruments$/);
      await page.locator('#instrumentFilters_q').fill('E2E');
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/instruments?') && r.url().includes('q=E2E'));
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await filtered;
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(2);
      const tableText = (await page.locator('.ant-table-tbody').textContent()) ?? '';
      expect(tableText).toContain('E2E-001');
      expect(tableText).toContain('E2E-002');
      expect(tableText).toContain('已备案');
      expect(await page.locator('.ant-table-tbody .ant-tag').count()).toBeGreaterThanOrEqual(4);
      await screenshot(page, 'ledger-05-table-after-import');

      // detail page with the status panel and nozzles
      await page.getByRole('link', { name: 'E2E-001' }).click();
      await page.waitForURL(/\/ledger\/instruments\/\d+/);
      await page.getByText('加油枪', { exact: true }).first().waitFor();
      await screenshot(page, 'ledger-06-instrument-detail', { fullPage: true });
    }));

  it('a later file removes E2E-002 and links its replacement: the preview lists the update, the detail pages show both', () =>
    withPage(browser, server.url, 'ledger-removal', undefined, async (page) => {
      const file = csv([
        ['器具名称', '出厂编号', '使用状态', '拆除日期', '拆除原因', '原表号'],
        ['燃油加油机', 'E2E-002', '已拆除', '2024-10-01', '损坏', ''],
        ['燃油加油机', 'E2E-006', '', '', '', 'E2E-002'],
      ]);
      await loginAs(page, 'station', server.demoPassword);
      await page.goto('/ledger/import');
      await page.locator('input[type=file]').setInputFiles({ name: 'removals.csv', mimeType: 'text/csv', buffer: file });
      await page.getByRole('button', { name: /上传并校验/ }).click();
      await page.getByRole('button', { name: /确认导入/ }).waitFor();
      const updates = page.locator('.ant-card', { hasText: '将更新的器具' });
      await updates.waitFor();
      const text = (await updates.textContent()) ?? '';
      expect(text).toContain('E2E-002');
      expect(text).toContain('使用状态：已备案 → 已拆除(轮换)');
      expect(text).toContain('拆除/停用日期：（空） → 2024-10-01');
      expect(text).toContain('拆除/停用原因：（空） → 损坏');
      await screenshot(page, 'ledger-09-removal-preview', { fullPage: true });
      await page.getByRole('button', { name: /确认导入/ }).click();
      await page.getByText('导入完成').waitFor();

      const ids = await server.ctx.db
        .selectFrom('instruments')
        .select(['id', 'serial_no'])
        .where('serial_no', 'in', ['E2E-002', 'E2E-006'])
        .orderBy('serial_no')
        .execute();
      await page.goto(`/ledger/instruments/${ids[1]?.id}`);
      const replaces = page.locator('.ant-descriptions-item', { hasText: '替换的原表' });
      await replaces.getByRole('link', { name: 'E2E-002' }).click();
      await page.waitForURL(new RegExp(`/ledger/instruments/${ids[0]?.id}$`));
      const basic = page.locator('.ant-descriptions').first();
      await basic.getByText('拆除日期').waitFor();
      const detail = (await basic.textContent()) ?? '';
      expect(detail).toContain('使用状态已拆除(轮换)');
      expect(detail).toContain('拆除日期2024-10-01');
      expect(detail).toContain('拆除原因损坏');
      expect(detail).toContain('换装的新表E2E-006');
      await screenshot(page, 'ledger-10-removed-detail', { fullPage: true });
    }));

  it('the removed instrument on a phone: the detail fits 390 px', () =>
    withPage(browser, server.url, 'ledger-removal-phone', PHONE, async (page) => {
      const id = await server.ctx.db.selectFrom('instruments').select('id').where('serial_no', '=', 'E2E-002').executeTakeFirstOrThrow();
      await loginAs(page, 'station', server.demoPassword);
      await page.goto(`/ledger/instruments/${id.id}`);
      await page.getByText('换装的新表').waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // plain Chinese: the town's name, the person's name, N 号枪 — no region code, no `user:` label
      await page.getByText('1号枪').first().waitFor();
      const text = (await page.locator('.ant-layout-content').first().innerText()) ?? '';
      expect(text).not.toMatch(/\b1506\d{2,}\b/);
      expect(text).not.toContain('user:');
      await screenshot(page, 'ledger-11-removed-detail-phone', { fullPage: true });
    }));

  it('regulator: filters over the county ledger; public QR page on a phone without login', async () => {
    await withPage(browser, server.url, 'ledger-regulator', undefined, async (page) => {
      await loginAs(page, 'regulator', server.demoPassword);
      await page.goto('/ledger/instruments');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      await page.locator('#instrumentFilters_category').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('水表', { exact: true }).click();
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/instruments?') && r.url().includes('category=water_meter'));
      await page.getByRole('button', { name: /查\s*询/ }).click();
      const res = await filtered;
      const body = (await res.json()) as { total: number };
      expect(body.total).toBeGreaterThan(4_000);
      await screenshot(page, 'ledger-07-regulator-water');
    });
    const code = await server.ctx.db
      .selectFrom('instruments')
      .select('public_code')
      .where('category', '=', 'water_meter')
      .executeTakeFirstOrThrow();
    await withPage(browser, server.url, 'ledger-public', PHONE, async (page) => {
      await page.goto(`/p/${code.public_code}`);
      await page.getByText('计量器具检定状态查询').first().waitFor();
      await screenshot(page, 'ledger-08-public-phone');
    });
  });
});
