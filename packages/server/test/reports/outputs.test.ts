import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { useTestApp } from '../db.js';
import { buildOrg, buildSite } from '../factories.js';
import { buildScenario, P } from './scenario.js';

/**
 * Printed outputs of the reports (docs/REPORTS.md): XLSX read back with the project's ExcelJS loader (merged
 * multi-level header), PDF rendered to PNG with pdftoppm (written to .tmp/reports/ to be looked at), and the CLI's
 * JSON shape and exit codes (real process).
 */
const Q = `regionCode=150626&from=${P.from}&to=${P.to}`;
const OUT = path.join(REPO_ROOT, '.tmp', 'reports');
const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

async function cli(db: string, args: string[]) {
  try {
    const r = await run(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, QIANGJIAN_LOG: 'silent' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function workbook(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  return book.worksheets[0] as ExcelJS.Worksheet;
}

describe('reports: XLSX, PDF and CLI outputs', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  beforeAll(async () => {
    await buildScenario(t.ctx, t.world);
    fs.mkdirSync(OUT, { recursive: true });
  });

  it('Attachment 2 XLSX: three-level header, meter type → group → column, merged; 万元 half-up', async () => {
    const res = await t.as('regulator').get(`/api/v1/reports/attachment2?${Q}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('附件2-乌审旗-');
    const ws = await workbook(res.rawPayload);
    // row 1 title, row 2 subtitle, rows 3–5 header
    expect(ws.getCell('A1').value).toBe('民用"三表"计量专项监督检查统计表');
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('A3').isMerged).toBe(true);
    expect(ws.getCell('D3').value).toBe('水表');
    expect(ws.getCell('D4').value).toBe('在用表具');
    expect(ws.getCell('D5').value).toBe('在用数量');
    expect(ws.getCell('E3').isMerged).toBe(true);
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    expect(merges).toContain('D3:X3'); // 水表 over its 21 columns
    expect(merges).toContain('D4:F4'); // 在用表具 over 3 columns
    // the water utility's row: 在用数量 7; 罚没款 12,350 元 → 1.24 万元 (half-up)
    expect(ws.getCell('D6').value).toBe(7);
    expect(ws.getCell('X6').value).toBe(1.24);
    fs.writeFileSync(path.join(OUT, 'attachment2.xlsx'), res.rawPayload);
    // the export is audited
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'data'])
      .where('entity_type', '=', 'report')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'export', entity_id: 'attachment2' });
    expect(JSON.parse(audit.data)).toMatchObject({ format: 'xlsx', region: '150626', periodStart: P.from, asOf: P.to });
  });

  it('Attachment 3 XLSX: two-level header merged', async () => {
    const res = await t.as('regulator').get(`/api/v1/reports/attachment3?${Q}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    const ws = await workbook(res.rawPayload);
    expect(ws.getCell('H3').value).toBe('燃油加油机');
    expect((ws.model as { merges?: string[] }).merges ?? []).toContain('H3:T3');
    expect(ws.getCell('H4').value).toBe('在用台数');
    expect(ws.getCell('H5').value).toBe(3);
  });

  it('PDFs: A3 landscape, rendered to PNG', async () => {
    for (const id of ['attachment2', 'attachment3']) {
      const res = await t.as('regulator').get(`/api/v1/reports/${id}?${Q}&format=pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfPath = path.join(OUT, `${id}.pdf`);
      fs.writeFileSync(pdfPath, res.rawPayload);
      try {
        execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, pdfPath.replace(/\.pdf$/, '')]);
      } catch {
        // pdftoppm not installed: the PDF alone
      }
    }
  });

  it('CLI: --format json --out - prints one object; bad region, dates out of order, unknown format exit 2', async () => {
    const db = t.ctx.engine === 'postgres' ? (t.ctx.config.db as string) : t.ctx.handle.location;
    const base = ['report', 'attachment2', '--region', '150626', '--from', P.from, '--to', P.to];
    const ok = await cli(db, [...base, '--format', 'json', '--out', '-']);
    expect(ok.code, ok.stderr).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(Object.keys(j)).toEqual(['template', 'region', 'periodStart', 'periodEnd', 'asOf', 'rows', 'total', 'blocks']);
    expect(j.template).toEqual({ id: 'attachment2', version: 1 });
    expect(j.rows.map((r: { meterType: string }) => r.meterType)).toEqual([
      'water_meter',
      'electricity_meter',
      'electricity_meter',
      'gas_meter',
    ]);
    expect(j.rows[0].rotationRate).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    const a3 = await cli(db, [
      'report',
      'attachment3',
      '--region',
      '150626',
      '--from',
      P.from,
      '--to',
      P.to,
      '--format',
      'json',
      '--out',
      '-',
    ]);
    expect(a3.code, a3.stderr).toBe(0);
    expect(Object.keys(JSON.parse(a3.stdout))).toEqual(['template', 'region', 'periodStart', 'periodEnd', 'asOf', 'rows', 'total']);
    const kpi = await cli(db, ['report', 'kpi', '--region', '150626', '--from', P.from, '--to', P.to, '--by', 'town', '--json']);
    expect(kpi.code, kpi.stderr).toBe(0);
    expect(JSON.parse(kpi.stdout)).toMatchObject({ formulaVersion: 1, by: 'town' });

    const region = await cli(db, ['report', 'attachment2', '--region', '999999', '--from', P.from, '--to', P.to]);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('地区代码“999999”不存在');
    const order = await cli(db, ['report', 'attachment2', '--region', '150626', '--from', P.to, '--to', P.from]);
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('结束日期早于开始日期');
    const fmt = await cli(db, [...base, '--format', 'docx']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('未知的输出格式“docx”');
  }, 300_000);
});

describe('reports: a PDF across pages repeats its header', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  it('Attachment 3 with 70 stations: page 2 starts with the group header', async () => {
    const op = await buildOrg(t.ctx, { kind: 'gas_station', regionCode: '150626100' });
    for (let i = 0; i < 70; i++) await buildSite(t.ctx, op.id, { name: `station-${String(i).padStart(2, '0')}`, townCode: '150626100' });
    const res = await t.as('regulator').get(`/api/v1/reports/attachment3?${Q}&format=pdf`);
    expect(res.statusCode).toBe(200);
    const pdfPath = path.join(OUT, 'attachment3-long.pdf');
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(pdfPath, res.rawPayload);
    // two pages: the page objects of the file
    expect(res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(2);
    try {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '2', '-l', '2', pdfPath, pdfPath.replace(/\.pdf$/, '')]);
    } catch {
      // pdftoppm not installed: the PDF alone
    }
  });
});
