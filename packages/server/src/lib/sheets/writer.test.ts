import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from './exceljs.js';
import { headerGrid, uniqueSheetName, XlsxWriter } from './writer.js';

async function written(build: (wb: XlsxWriter) => Promise<void>): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const wb = new XlsxWriter(out);
  await build(wb);
  await wb.commit();
  await done;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return book;
}

const values = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe('sheet writer', () => {
  it('one header level: one row, no merges', () => {
    const g = headerGrid([{ header: 'a' }, { header: 'b' }]);
    expect(g.rows).toEqual([['a', 'b']]);
    expect(g.merges).toEqual([]);
  });

  it('groups share a merged cell; a shorter header is merged down to the last header row', () => {
    const g = headerGrid(
      [
        { header: 'no' },
        { header: ['verification', 'date'] },
        { header: ['verification', 'until'] },
        { header: ['verification', 'result'] },
        { header: ['install', 'date'] },
        { header: 'remarks' },
      ],
      5,
    );
    expect(g.rows).toEqual([
      ['no', 'verification', undefined, undefined, 'install', 'remarks'],
      [undefined, 'date', 'until', 'result', 'date', undefined],
    ]);
    expect(g.merges).toEqual([
      { top: 5, left: 1, bottom: 6, right: 1 },
      { top: 5, left: 2, bottom: 5, right: 4 },
      { top: 5, left: 6, bottom: 6, right: 6 },
    ]);
  });

  it('three levels: a group inside a group; equal texts under different parents are not merged', () => {
    const g = headerGrid([{ header: ['A', 'x', '1'] }, { header: ['A', 'x', '2'] }, { header: ['A', 'y'] }, { header: ['B', 'y'] }]);
    expect(g.rows).toEqual([
      ['A', undefined, undefined, 'B'],
      ['x', undefined, 'y', 'y'],
      ['1', '2', undefined, undefined],
    ]);
    expect(g.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 3 },
      { top: 2, left: 1, bottom: 2, right: 2 },
      { top: 2, left: 3, bottom: 3, right: 3 },
      { top: 2, left: 4, bottom: 3, right: 4 },
    ]);
  });

  it('writes title, preamble, a merged two-level header and rows; sheet names are made valid and unique', async () => {
    const book = await written(async (wb) => {
      const sheet = wb.addSheet('org/1', {
        title: 'Title',
        preamble: [['label', 'value', 'n', null]],
        columns: [{ header: 'no', width: 6 }, { header: ['ver', 'date'], width: 12 }, { header: ['ver', 'result'] }],
      });
      for (let i = 1; i <= 3; i++) if (sheet.addRow([i, `2024-01-0${i}`, null])) await sheet.caughtUp();
      sheet.commit();
      wb.addSheet('org/1', { columns: [{ header: 'x' }] }).commit();
    });
    expect(book.worksheets.map((w) => w.name)).toEqual(['org1', 'org12']);
    const ws = book.worksheets[0] as ExcelJS.Worksheet;
    expect(values(ws, 1)).toEqual(['Title', 'Title', 'Title']);
    expect(values(ws, 2)).toEqual(['label', 'value', 'n']);
    expect(values(ws, 3)).toEqual(['no', 'ver', 'ver']);
    expect(values(ws, 4)).toEqual(['no', 'date', 'result']);
    expect(values(ws, 5)).toEqual([1, '2024-01-01']);
    expect(ws.rowCount).toBe(7);
    expect(ws.getCell('B3').isMerged && ws.getCell('C3').isMerged).toBe(true);
    expect(ws.getCell('A4').master.address).toBe('A3');
    expect(ws.getColumn(2).width).toBe(12);
  });

  it('uniqueSheetName', () => {
    const used = new Set<string>();
    expect(uniqueSheetName('a:b', used)).toBe('ab');
    expect(uniqueSheetName('a:b', used)).toBe('ab2');
    expect(uniqueSheetName('[]', used)).toBe('Sheet');
  });
});
