import iconv from 'iconv-lite';
import ExcelJS from '../src/lib/sheets/exceljs.js';
import { collectRows, parseLedgerFile } from '../src/modules/ledger/import/parse-ledger.js';
import type { ParsedLedger, ParsedLedgerRow, ParseOptions } from '../src/modules/ledger/import/parse-types.js';

/**
 * Spreadsheet files for tests, generated in code: XLSX (built freely, or a messy ledger with title rows, a header
 * block and merged two-level headers) and CSV (cells with quoting and an encoding, or plain lines); reading them
 * back; and the ledger parser over a whole file.
 */

export type Cell = string | number | Date | null;

// ---------------------------------------------------------------------------------------------
// XLSX

/** Builds an XLSX in memory; `build` fills the first worksheet (more sheets via the workbook). */
export async function makeXlsx(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  build(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ledger as offices send it: title rows, header block, two-level header (rows 6–7, 检定信息 over three columns), rows. */
export async function messyXlsx(opts: {
  creditCode?: string;
  orgName?: string;
  rows: Cell[][];
  trailer?: boolean;
  sheetName?: string;
}): Promise<Buffer> {
  return makeXlsx((ws) => {
    ws.addRow(['在用强检计量器具台账']);
    ws.mergeCells(1, 1, 1, 9);
    ws.addRow(['（2024年度）']);
    ws.addRow(['填报单位(盖章)', opts.orgName ?? '示例加油站', '', '统一社会信用代码', opts.creditCode ?? '']);
    ws.addRow(['联系人', '张三', '', '联系电话', '13900000000']);
    ws.addRow([]);
    // two-level header: rows 6–7; 检定信息 spans three columns
    ws.addRow(['序号', '器具名称', '型号规格', '出厂编号', '安装地点', '检定信息', '', '', '加油枪数']);
    ws.addRow(['', '', '', '', '', '检定日期', '有效期至', '检定结论', '']);
    ws.mergeCells(6, 6, 6, 8);
    for (const c of [1, 2, 3, 4, 5, 9]) ws.mergeCells(6, c, 7, c);
    for (const r of opts.rows) ws.addRow(r);
    if (opts.trailer) ws.addRow(['合计', '', '', '', '', '', '', '', '']);
  }, opts.sheetName ?? '台账');
}

export async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** Row `n`'s values from column A on. */
export function rowValues(ws: ExcelJS.Worksheet, n: number): unknown[] {
  const v = ws.getRow(n).values as unknown[];
  return v.slice(1);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** CSV bytes from cells (quoted where needed, CRLF), in UTF-8, UTF-8 with BOM or GBK. */
export function csv(lines: Cell[][], encoding: 'utf8' | 'utf8bom' | 'gbk' = 'utf8'): Buffer {
  const text = lines
    .map((l) =>
      l
        .map((c) => {
          const s = c === null ? '' : String(c);
          return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
        })
        .join(','),
    )
    .join('\r\n');
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  if (encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, 'utf8');
}

/** CSV text from lines written as they are (each ends with `eol`). */
export function csvText(lines: string[], eol = '\r\n'): string {
  return lines.join(eol) + eol;
}

/** A water-meter CSV with n rows (deterministic). */
export function waterCsv(n: number, opts: { start?: number; header?: boolean } = {}): Buffer {
  const lines: Cell[][] = [['器具名称', '出厂编号', '型号规格', '口径', '安装地址', '检定日期', '检定结论']];
  const s = opts.start ?? 1;
  for (let i = s; i < s + n; i++)
    lines.push([
      '水表',
      `W${String(i).padStart(7, '0')}`,
      'LXS-15',
      'DN15',
      `小区${i % 50}号楼`,
      `2022-${String((i % 12) + 1).padStart(2, '0')}-15`,
      '合格',
    ]);
  return csv(lines);
}

// ---------------------------------------------------------------------------------------------
// The ledger parser over a whole file

export async function parseAll(input: Buffer | string, opts: ParseOptions): Promise<{ parsed: ParsedLedger; rows: ParsedLedgerRow[] }> {
  const parsed = await parseLedgerFile(input, opts);
  const rows = await collectRows(parsed);
  return { parsed, rows };
}

/** Compact view of issues for exact assertions. */
export function issues(rows: ParsedLedgerRow[], which: 'errors' | 'warnings' = 'errors') {
  return rows.flatMap((r) => r[which].map((e) => ({ row: e.row, column: e.column, code: e.code })));
}

export function utcDate(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

// ---------------------------------------------------------------------------------------------
// Upload

/** A multipart/form-data body with one file field `file`, for `app.inject` (or useTestApp's `upload`). */
export function multipartFile(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----qj${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A multipart/form-data body with text fields and several files (the public complaint form). */
export function multipartForm(
  fields: Record<string, string>,
  files: readonly { field: string; fileName: string; content: Buffer }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----qj${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
