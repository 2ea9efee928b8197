import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_SHEET_LIMITS, type SheetLimits } from '../../src/lib/sheets/limits.js';
import { FileLimitError } from '../../src/modules/ledger/import/parse-ledger.js';
import { csv, makeXlsx, parseAll, waterCsv } from '../files.js';

/**
 * Size limits of an import file (issue 11, "Files"): each refusal names the limit and the value found, and comes while
 * the rows stream by (the row after the limit), not after the whole file has been read. Small limits keep the files small.
 */

const limits = (o: Partial<SheetLimits>): SheetLimits => ({ ...DEFAULT_SHEET_LIMITS, ...o });

async function refusal(buf: Buffer, fileName: string, o: Partial<SheetLimits>): Promise<FileLimitError> {
  const err = await parseAll(buf, { fileName, limits: limits(o) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FileLimitError);
  expect(err).toMatchObject({ code: 'limit_exceeded' });
  return err as FileLimitError;
}

/** A water-meter XLSX with n data rows (header in row 1). */
function waterXlsx(n: number, extra?: (ws: Parameters<Parameters<typeof makeXlsx>[0]>[0]) => void): Promise<Buffer> {
  return makeXlsx((ws) => {
    ws.addRow(['器具名称', '出厂编号', '型号规格', '口径', '检定日期']);
    for (let i = 1; i <= n; i++) ws.addRow(['水表', `W${String(i).padStart(6, '0')}`, 'LXS-15', 'DN15', '2024-03-05']);
    extra?.(ws);
  });
}

describe('rows, columns and cells are counted while rows stream by', () => {
  it('rows: a CSV and an XLSX one row past the limit are refused at that row; at the limit they pass', async () => {
    // waterCsv(n) has n + 1 records (the header)
    expect((await parseAll(waterCsv(14), { fileName: 'w.csv', limits: limits({ maxRows: 15 }) })).rows).toHaveLength(14);
    const c = await refusal(waterCsv(15), 'w.csv', { maxRows: 15 });
    expect(c.limit).toMatchObject({ kind: 'rows', limit: 15, found: 16 });
    expect(c.message).toBe('文件超过行数上限 15 行（已读到第 16 行），请拆分后分批导入');
    // refused at row 16 of 2,001: the rest of the file is never read
    const big = await refusal(waterCsv(2000), 'w.csv', { maxRows: 15 });
    expect(big.limit.found).toBe(16);
    const x = await refusal(await waterXlsx(100), 'w.xlsx', { maxRows: 40 });
    expect(x.limit).toMatchObject({ kind: 'rows', limit: 40, found: 41 });
    expect(x.message).toContain('行数上限 40 行');
  });

  it('columns: a row whose last cell is past the limit (a cell in column XFD, the 16,384th) is refused naming the row', async () => {
    const wide = await waterXlsx(3, (ws) => {
      ws.getCell(3, 16_384).value = 'x';
    });
    const e = await refusal(wide, 'wide.xlsx', {});
    expect(e.limit).toMatchObject({ kind: 'columns', limit: 256, found: 16_384 });
    expect(e.message).toBe('文件超过列数上限 256 列（第 3 行有 16384 列）');
    const c = await refusal(csv([['器具名称', '出厂编号', '口径', 'a', 'b', 'c', 'd']]), 'w.csv', { maxColumns: 6 });
    expect(c.limit).toMatchObject({ kind: 'columns', limit: 6, found: 7 });
    // trailing empty cells do not count
    const padded = csv([
      ['器具名称', '出厂编号', '口径', '', '', '', ''],
      ['水表', 'W1', 'DN15', '', '', '', ''],
    ]);
    expect((await parseAll(padded, { fileName: 'p.csv', limits: limits({ maxColumns: 3 }) })).rows).toHaveLength(1);
  });

  it('cells: non-empty cells past the limit are refused at the row that passes it', async () => {
    // 7 cells a record: the header (7) + 10 rows (70) = 77
    expect((await parseAll(waterCsv(10), { fileName: 'w.csv', limits: limits({ maxCells: 77 }) })).rows).toHaveLength(10);
    const e = await refusal(waterCsv(10), 'w.csv', { maxCells: 76 });
    expect(e.limit).toMatchObject({ kind: 'cells', limit: 76, found: 77 });
    expect(e.message).toContain('单元格数上限 76 个');
    const x = await refusal(await waterXlsx(50), 'w.xlsx', { maxCells: 100 });
    expect(x.limit).toMatchObject({ kind: 'cells', limit: 100, found: 105 });
  });
});

describe('zip parts inflate only as far as the settings allow', () => {
  async function withSheet(rows: number): Promise<Buffer> {
    const zip = await JSZip.loadAsync(await waterXlsx(1));
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const header = `<row r="1">${cell('A1', '器具名称')}${cell('B1', '出厂编号')}${cell('C1', '型号规格')}</row>`;
    const body = header + `<row r="3">${cell('A3', '水表')}</row>`.repeat(rows);
    zip.file(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
    );
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }

  it('per part: a worksheet past maxPartBytes is refused naming the part and the limit', async () => {
    const e = await refusal(await withSheet(5000), 'p.xlsx', { maxPartBytes: 64 * 1024 });
    expect(e.limit.kind).toBe('part_bytes');
    expect(e.message).toBe('压缩包中的“xl/worksheets/sheet1.xml”解压后超过 64 KB 的上限（可能是压缩炸弹），已停止读取');
  });

  it('per part read whole: shared strings past maxTextPartBytes', async () => {
    const zip = await JSZip.loadAsync(await waterXlsx(1));
    zip.file('xl/sharedStrings.xml', `<sst><si><t>${'x'.repeat(300 * 1024)}</t></si></sst>`);
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const e = await refusal(buf, 's.xlsx', { maxTextPartBytes: 256 * 1024 });
    expect(e.limit).toMatchObject({ kind: 'part_bytes', limit: 256 * 1024 });
    expect(e.message).toContain('sharedStrings.xml');
  });

  it('per file: every part together past maxFileBytes', async () => {
    // the sheet alone (≈ 330 KB) is under the part limit, the file is not under 200 KB
    const e = await refusal(await withSheet(5000), 'f.xlsx', { maxFileBytes: 200 * 1024 });
    expect(e.limit.kind).toBe('file_bytes');
    expect(e.message).toMatch(/^压缩包解压后的总大小超过 200 KB 的上限（已解压 \d+ KB）/);
  });

  it('ratio: a part inflating past maxRatio × its compressed size once past the floor', async () => {
    const buf = await withSheet(5000);
    const e = await refusal(buf, 'r.xlsx', { maxRatio: 20, ratioFloorBytes: 16 * 1024 });
    expect(e.limit).toMatchObject({ kind: 'ratio', limit: 20 });
    expect(e.limit.found).toBeGreaterThan(20);
    expect(e.message).toContain('压缩比超过 20 倍的上限');
    // the same file under the default limits is read (its rows have no serial: rejected, not refused)
    expect((await parseAll(buf, { fileName: 'r.xlsx' })).rows.length).toBe(5000);
  });
});

describe('limits are settings', () => {
  it('defaults fit a county ledger (138,000 rows of 40 columns) and every limit is read from the environment', () => {
    const d = loadConfig({}, {}).importLimits;
    expect(d.maxRows).toBeGreaterThanOrEqual(138_000);
    expect(d.maxCells).toBeGreaterThanOrEqual(138_000 * 40);
    expect(d.maxColumns).toBeLessThan(16_384);
    const c = loadConfig(
      {},
      {
        QIANGJIAN_IMPORT_MAX_ROWS: '1000',
        QIANGJIAN_IMPORT_MAX_COLUMNS: '50',
        QIANGJIAN_IMPORT_MAX_CELLS: '20000',
        QIANGJIAN_IMPORT_MAX_PART_MB: '32',
        QIANGJIAN_IMPORT_MAX_FILE_MB: '48',
        QIANGJIAN_IMPORT_MAX_RATIO: '100',
      },
    ).importLimits;
    expect(c).toMatchObject({
      maxRows: 1000,
      maxColumns: 50,
      maxCells: 20000,
      maxPartBytes: 32 * 2 ** 20,
      maxTextPartBytes: 32 * 2 ** 20,
      maxFileBytes: 48 * 2 ** 20,
      maxRatio: 100,
    });
    expect(() => loadConfig({}, { QIANGJIAN_IMPORT_MAX_ROWS: 'many' })).toThrow(/QIANGJIAN_IMPORT_MAX_ROWS/);
  });
});
