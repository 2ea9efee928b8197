import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { parseAll } from '../files.js';

/**
 * ExcelJS 4.4 decodes each inflated chunk separately, so a Chinese character split across two chunks
 * became U+FFFD in the streaming reader (16 of 100,000 rows in the ledger benchmark). The project loads
 * ExcelJS only through src/lib/sheets/exceljs.ts, which installs a streaming UTF-8 decoder.
 */
describe('XLSX with long Chinese text across chunk boundaries', () => {
  it('keeps every character (inline strings written by the streaming writer)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const ws = wb.addWorksheet('台账');
    ws.addRow(['器具名称', '出厂编号', '安装地址']).commit();
    const n = 20000;
    for (let i = 0; i < n; i++) {
      ws.addRow(['智能水表', `SN${i}`, `内蒙古自治区鄂尔多斯市乌审旗嘎鲁图镇萨拉乌苏路${i}号院${i % 7}单元`]).commit();
    }
    await ws.commit();
    await wb.commit();
    const { rows } = await parseAll(Buffer.concat(chunks), { fileName: 'ledger.xlsx' });
    expect(rows).toHaveLength(n);
    const broken = rows.filter((r) => Object.values(r.raw).some((v) => v.includes('\uFFFD')));
    expect(broken.map((r) => r.row)).toEqual([]);
    expect(rows.every((r) => r.errors.length === 0)).toBe(true);
    expect(rows[n - 1]?.raw['安装地址']).toBe(`内蒙古自治区鄂尔多斯市乌审旗嘎鲁图镇萨拉乌苏路${n - 1}号院${(n - 1) % 7}单元`);
  });

  it('no code loads exceljs except through src/lib/sheets/exceljs.ts', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === 'dist') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx|mts)$/.test(e.name) && !p.endsWith(path.join('lib', 'sheets', 'exceljs.ts'))) {
          const src = fs.readFileSync(p, 'utf8');
          if (
            /from\s+['"]exceljs['"]|require\(\s*['"]exceljs['"]\s*\)|import\(\s*['"]exceljs['"]\s*\)/.test(
              src.replace(/import type[^;]+;/g, ''),
            )
          ) {
            offenders.push(path.relative(REPO_ROOT, p));
          }
        }
      }
    };
    for (const d of ['packages', 'e2e']) walk(path.join(REPO_ROOT, d));
    expect(offenders).toEqual([]);
  });
});
