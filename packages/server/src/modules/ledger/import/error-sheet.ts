/** The downloadable error file: rejected rows with their original cells plus 错误原因 (catalog). */
import type { Writable } from 'node:stream';
import { t } from '@qiangjian/shared';
import ExcelJS from '../../../lib/sheets/exceljs.js';
import type { ColumnInfo, ParsedLedgerRow } from './parse-types.js';

/**
 * Streams the rows that have errors to an XLSX (path or stream): the file's own headers, the original
 * cell texts, then 错误原因 and 原行号. Returns the number of rows written.
 */
export async function writeErrorSheet(
  rows: Iterable<ParsedLedgerRow> | AsyncIterable<ParsedLedgerRow>,
  columns: ColumnInfo[],
  out: string | Writable,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter(typeof out === 'string' ? { filename: out } : { stream: out });
  const ws = wb.addWorksheet(t('excel.import.errorSheet'));
  const shown = columns.filter((c) => c.header.length > 0);
  const header = ws.addRow([...shown.map((c) => c.header), t('excel.import.errorColumn'), t('excel.import.rowColumn')]);
  header.font = { bold: true };
  header.commit();
  ws.columns = [...shown.map(() => ({ width: 16 })), { width: 60 }, { width: 10 }];
  const sep = t('excel.import.errorSeparator');
  let count = 0;
  for await (const r of rows as AsyncIterable<ParsedLedgerRow>) {
    if (r.errors.length === 0) continue;
    const cells: Array<string | number> = shown.map((c) => r.cells[c.index] ?? '');
    cells.push(r.errors.map((e) => e.message).join(sep), r.row);
    const row = ws.addRow(cells);
    row.getCell(cells.length - 1).font = { color: { argb: 'FFC00000' } };
    row.commit();
    count++;
  }
  ws.commit();
  await wb.commit();
  return count;
}
