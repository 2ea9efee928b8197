import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { collectRows, parseLedgerFile } from '../../src/modules/ledger/import/parse-ledger.js';
import type { ParsedLedger, ParsedLedgerRow, ParseOptions } from '../../src/modules/ledger/import/parse-types.js';

export async function parseAll(input: Buffer | string, opts: ParseOptions): Promise<{ parsed: ParsedLedger; rows: ParsedLedgerRow[] }> {
  const parsed = await parseLedgerFile(input, opts);
  const rows = await collectRows(parsed);
  return { parsed, rows };
}

/** Builds an XLSX in memory; `build` fills the first worksheet (more sheets via the workbook). */
export async function makeXlsx(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  build(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csv(lines: string[], eol = '\r\n'): string {
  return lines.join(eol) + eol;
}

/** Compact view of issues for exact assertions. */
export function issues(rows: ParsedLedgerRow[], which: 'errors' | 'warnings' = 'errors') {
  return rows.flatMap((r) => r[which].map((e) => ({ row: e.row, column: e.column, code: e.code })));
}

export function utcDate(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}
