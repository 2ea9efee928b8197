/** Throughput check (printed, not asserted): 100k-row CSV and XLSX parses. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { parseLedgerFile } from '../../src/modules/ledger/import/parse-ledger.js';

const N = 100_000;
const NAMES = ['智能水表', '单相智能电能表', '膜式燃气表', '燃油加油机'];
const HEADER = ['序号', '器具名称', '出厂编号', '型号规格', '生产厂家', '安装地点', '检定日期', '有效期至', '证书编号', '检定结论'];

function rowValues(i: number): string[] {
  const m = String((i % 9) + 1).padStart(2, '0');
  return [
    String(i + 1),
    NAMES[i % 4]!,
    `SN${String(i).padStart(9, '0')}`,
    'LXS-15E',
    '宁波水表股份有限公司',
    `嘎鲁图镇某小区${i % 500}号`,
    `2024-${m}-15`,
    `2030-${m}-14`,
    `JD2024-${i}`,
    '合格',
  ];
}

async function measure(label: string, buf: Buffer, fileName: string): Promise<number> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const parsed = await parseLedgerFile(buf, { fileName });
  let n = 0;
  let rejected = 0;
  for await (const r of parsed.rows) {
    n++;
    if (r.errors.length > 0) rejected++;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `[import-parse throughput] ${label}: ${n} rows in ${Math.round(ms)} ms wall (${Math.round((n / ms) * 1000)} rows/s), ` +
      `${Math.round(cpuMs)} ms CPU (${Math.round((n / cpuMs) * 1000)} rows/CPU-s), rejected ${rejected}, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
  expect(rejected).toBe(0);
  return n;
}

describe('parser throughput (printed)', () => {
  it('100k-row CSV', async () => {
    const parts = [HEADER.join(',')];
    for (let i = 0; i < N; i++) parts.push(rowValues(i).join(','));
    const n = await measure('CSV', Buffer.from(`${parts.join('\r\n')}\r\n`), 'big.csv');
    expect(n).toBe(N);
  }, 300_000);

  it('100k-row XLSX (streaming reader)', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('台账');
    ws.addRow(HEADER).commit();
    for (let i = 0; i < N; i++) {
      const v: Array<string | number | Date> = rowValues(i);
      v[0] = i + 1;
      v[6] = new Date(`${v[6]}T00:00:00Z`);
      const row = ws.addRow(v);
      row.getCell(7).numFmt = 'yyyy-mm-dd';
      row.commit();
    }
    ws.commit();
    await wb.commit();
    const n = await measure('XLSX', Buffer.concat(chunks), 'big.xlsx');
    expect(n).toBe(N);
  }, 600_000);
});
