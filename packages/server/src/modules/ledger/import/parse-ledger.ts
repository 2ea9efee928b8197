/**
 * Ledger file parser (docs/domain/forms.md §4): XLSX / CSV → normalised, validated rows whose errors name the
 * sheet row and the column header as the file shows it. See README.md in this folder. `parseLedger` is the
 * import's entry: a file that cannot be used at all becomes an AppError.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { enumLabel, t } from '@qiangjian/shared';
import { AppError } from '../../../errors.js';
import { csvRecords, decodeCsv } from '../../../lib/sheets/csv.js';
import { DEFAULT_SHEET_LIMITS, limitedAsync, limitedSync, RowLimiter, SheetLimitError } from '../../../lib/sheets/limits.js';
import type { RawRow } from '../../../lib/sheets/raw-row.js';
import { openXlsx, type XlsxWorkbook } from '../../../lib/sheets/xlsx.js';
import { detectHeader, type HeaderLayout, headerCandidate, isHeaderAppendix } from './detect-header.js';
import { type FileUnusableCode, issue, type ParsedLedger, type ParsedLedgerRow, type ParseOptions, type RowIssue } from './parse-types.js';
import { DuplicateTracker, RowConverter } from './row-converter.js';

/** The file cannot be used at all (CLI exit 2). `message` is Chinese, from the catalog. */
export class FileUnusableError extends Error {
  /** no_header_row: the texts of the row that most looks like a header, for the user to map */
  candidates?: string[];
  constructor(
    readonly code: FileUnusableCode,
    params: Record<string, string | number> = {},
  ) {
    super(t(`import.file.${code}`, params));
    this.name = 'FileUnusableError';
  }
}

function noHeader(rows: number, head: RawRow[]): FileUnusableError {
  const e = new FileUnusableError('no_header_row', { rows });
  e.candidates = headerCandidate(head);
  return e;
}

/** A size limit reached while reading (rows, columns, cells, inflated bytes, ratio): unusable, with the limit named. */
export class FileLimitError extends FileUnusableError {
  constructor(readonly limit: SheetLimitError) {
    super('limit_exceeded', { reason: limit.message });
  }
}

/** A failure while reading: a limit keeps its own code; anything else is an unreadable file. */
function readFailure(e: unknown): FileUnusableError {
  if (e instanceof FileUnusableError) return e;
  if (e instanceof SheetLimitError) return new FileLimitError(e);
  return new FileUnusableError('file_unreadable', { reason: (e as Error).message });
}

const DEFAULT_HEADER_SEARCH_ROWS = 30;

type Source = AsyncIterator<RawRow> | Iterator<RawRow>;

/** Reads rows until the header search window is full (plus one row for a second header level). */
async function bufferHead(source: Source, searchRows: number): Promise<{ rows: RawRow[]; done: boolean }> {
  const rows: RawRow[] = [];
  for (;;) {
    const n = await source.next();
    if (n.done) return { rows, done: true };
    rows.push(n.value);
    if (n.value.row > searchRows) return { rows, done: false };
  }
}

function assemble(
  format: 'xlsx' | 'csv',
  layout: HeaderLayout,
  buffered: RawRow[],
  source: Source,
  done: boolean,
  opts: ParseOptions,
  extra: { sheetName?: string; encoding?: string; fileIssues: RowIssue[]; onEnd?: () => Promise<void> },
): ParsedLedger {
  const converter = new RowConverter(layout.columns, {
    resolveDivision: opts.resolveDivision,
    initialVerification: layout.initialVerification,
    headerTexts: layout.headerTexts,
    orgKind: opts.orgKind,
    importDay: opts.importDay,
  });
  const fileIssues = [...extra.fileIssues, ...layout.fileIssues];
  if (converter.orgCategory)
    fileIssues.push(
      issue(0, null, 'instrumentName', 'category_from_org', {
        category: enumLabel('category', converter.orgCategory),
        orgKind: enumLabel('orgKind', opts.orgKind ?? ''),
      }),
    );
  // columns with a header the importer does not know: said once, so that nothing is dropped silently
  const unknown = layout.columns.filter((c) => c.key === null && c.header.trim() !== '').map((c) => c.header);
  if (unknown.length > 0)
    fileIssues.push(issue(0, null, undefined, 'unknown_columns', { columns: unknown.join(t('import.listSeparator')) }));
  const missing = converter.missingSoftColumns();
  if (missing.length > 0)
    fileIssues.push(issue(0, null, undefined, 'soft_columns_missing', { columns: missing.join(t('import.listSeparator')) }));
  const dup = opts.skipDuplicateCheck ? null : new DuplicateTracker(converter.column('serialNo'));
  const stats: ParsedLedger['stats'] = { rows: 0, rejected: 0, skippedTrailer: 0 };
  if (extra.encoding) stats.encoding = extra.encoding;
  let inTrailer = false;
  let afterHeader = false;
  const handle = (r: RawRow): ParsedLedgerRow | null => {
    if (afterHeader) {
      afterHeader = false;
      // the units row or the column numbers under a repeated header
      if (isHeaderAppendix(r)) {
        stats.skippedTrailer++;
        fileIssues.push(issue(r.row, null, undefined, 'repeated_header_skipped', { row: r.row }));
        return null;
      }
    }
    const kind = converter.classify(r, inTrailer);
    switch (kind.kind) {
      case 'blank':
        return null;
      case 'header':
      case 'section':
        afterHeader = kind.kind === 'header';
        stats.skippedTrailer++;
        fileIssues.push(
          issue(r.row, null, undefined, kind.kind === 'header' ? 'repeated_header_skipped' : 'section_row_skipped', {
            row: r.row,
            text: kind.text ?? '',
          }),
        );
        return null;
      case 'trailerStart':
      case 'trailer':
        if (kind.kind === 'trailerStart') inTrailer = true;
        stats.skippedTrailer++;
        fileIssues.push(issue(r.row, null, undefined, 'trailer_row_skipped', { row: r.row, text: kind.text ?? '' }));
        return null;
      default: {
        inTrailer = false;
        const p = converter.convert(r);
        dup?.check(p);
        stats.rows++;
        if (p.errors.length > 0) stats.rejected++;
        return p;
      }
    }
  };
  const rest = buffered.slice(layout.dataIndex);
  let consumed = false;
  /** Rows in batches of up to `size` (one await per batch instead of one per row). */
  async function* batches(size: number): AsyncGenerator<ParsedLedgerRow[]> {
    if (consumed) throw new Error('parsed rows can be consumed once');
    consumed = true;
    let batch: ParsedLedgerRow[] = [];
    /** Adds a raw row; returns the batch once it is full. */
    const add = (r: RawRow): ParsedLedgerRow[] | null => {
      const p = handle(r);
      if (p) batch.push(p);
      if (batch.length < size) return null;
      const full = batch;
      batch = [];
      return full;
    };
    try {
      for (const r of rest) {
        const full = add(r);
        if (full) yield full;
      }
      if (!done) {
        if (format === 'csv') {
          const it = source as Iterator<RawRow>;
          const next = () => {
            try {
              return it.next();
            } catch (e) {
              throw readFailure(e);
            }
          };
          for (let n = next(); !n.done; n = next()) {
            const full = add(n.value);
            if (full) yield full;
          }
        } else {
          const it = source as AsyncIterator<RawRow>;
          const next = async () => {
            try {
              return await it.next();
            } catch (e) {
              // a workbook that breaks part-way (corrupt sheet XML) or grows past a limit is unusable as a whole
              throw readFailure(e);
            }
          };
          for (let n = await next(); !n.done; n = await next()) {
            const full = add(n.value);
            if (full) yield full;
          }
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await extra.onEnd?.();
    }
  }
  async function* rows(): AsyncGenerator<ParsedLedgerRow> {
    for await (const b of batches(1000)) yield* b;
  }
  const out: ParsedLedger = {
    format,
    headerRow: layout.headerRow,
    dataStartRow: layout.dataStartRow,
    columns: layout.columns,
    headerBlock: layout.headerBlock,
    signature: layout.signature,
    ...(layout.template ? { template: layout.template } : {}),
    ...(layout.mapping ? { mapping: layout.mapping } : {}),
    rows: rows(),
    batches,
    fileIssues,
    stats,
  };
  if (extra.sheetName !== undefined) out.sheetName = extra.sheetName;
  return out;
}

async function loadInput(input: Buffer | string): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input;
  try {
    return await readFile(input);
  } catch (e) {
    throw new FileUnusableError('file_unreadable', { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
}

const SPREADSHEET_EXTS = new Set(['.xlsx', '.xlsm', '.xls', '.csv', '.txt', '.tsv', '']);

/**
 * By content first: a zip is XLSX; an OLE2 file (binary .xls/.et) is not supported; other content
 * under a spreadsheet extension is read as delimited text (systems often export CSV/TSV named .xls).
 */
function looksLikeMarkup(buf: Buffer): boolean {
  const head = buf.subarray(0, 2048).toString('latin1').toLowerCase();
  return (
    /^(?:\ufeff|\xef\xbb\xbf)?\s*</.test(head) && /<html|<table|<\?mso-application|urn:schemas-microsoft-com:office:spreadsheet/.test(head)
  );
}

function formatOf(fileName: string, buf: Buffer): 'xlsx' | 'csv' | null {
  const ext = extname(fileName).toLowerCase();
  const isZip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (isZip) return 'xlsx';
  const isOle2 = buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0;
  if (isOle2 || !SPREADSHEET_EXTS.has(ext)) return null;
  return 'csv';
}

/**
 * Parses a ledger file. Throws FileUnusableError when the file cannot be used at all; otherwise
 * returns the layout and a one-shot row iterator.
 */
export async function parseLedgerFile(input: Buffer | string, opts: ParseOptions): Promise<ParsedLedger> {
  const buf = await loadInput(input);
  if (buf.length === 0) throw new FileUnusableError('file_empty');
  const format = formatOf(opts.fileName, buf);
  // an HTML table or SpreadsheetML 2003 saved as .xls (what many billing systems export): name it
  if (format === 'csv' && looksLikeMarkup(buf))
    throw new FileUnusableError('web_page_table', { ext: extname(opts.fileName) || opts.fileName });
  if (format === null) throw new FileUnusableError('unsupported_format', { ext: extname(opts.fileName) || opts.fileName });
  const searchRows = opts.headerSearchRows ?? DEFAULT_HEADER_SEARCH_ROWS;
  const limits = opts.limits ?? DEFAULT_SHEET_LIMITS;

  if (format === 'csv') {
    const { text, encoding } = decodeCsv(buf);
    if (text.trim().length === 0) throw new FileUnusableError('file_empty');
    const source = limitedSync(csvRecords(text), new RowLimiter(limits));
    const head = await bufferHead(source, searchRows).catch((e: unknown) => {
      throw readFailure(e);
    });
    const layout = detectHeader(head.rows, { mapping: opts.mapping, templates: opts.templates });
    if (!layout) throw noHeader(searchRows, head.rows);
    return assemble('csv', layout, head.rows, source, head.done, opts, { encoding, fileIssues: [] });
  }

  let wb: XlsxWorkbook;
  try {
    wb = openXlsx(buf, limits);
  } catch (e) {
    throw readFailure(e);
  }
  if (opts.sheet !== undefined && wb.sheets.length > 0 && !wb.sheets.some((s) => s.name === opts.sheet)) {
    throw new FileUnusableError('sheet_not_found', {
      sheet: opts.sheet,
      sheets: wb.sheets.map((s) => s.name).join(t('import.listSeparator')),
    });
  }
  let firstHead: RawRow[] = [];
  try {
    const sheets = wb.iterate();
    let sheetCount = 0;
    for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
      const sheet = s.value;
      sheetCount++;
      // a hidden sheet (drop-down lists, lookup tables) is read only when named with --sheet
      if ((opts.sheet !== undefined && sheet.name !== opts.sheet) || (opts.sheet === undefined && sheet.hidden)) {
        await sheet.close();
        continue;
      }
      const rows = limitedAsync(sheet.rows, new RowLimiter(limits));
      const head = await bufferHead(rows, searchRows);
      const layout = detectHeader(head.rows, { mapping: opts.mapping, templates: opts.templates });
      if (!layout) {
        if (firstHead.length === 0) firstHead = head.rows;
        if (opts.sheet !== undefined) break;
        await sheet.close();
        continue;
      }
      const fileIssues: RowIssue[] = [];
      if (wb.sheets.length > 1) fileIssues.push(issue(0, null, undefined, 'sheet_chosen', { sheet: sheet.name }));
      return assemble('xlsx', layout, head.rows, rows, head.done, opts, {
        sheetName: sheet.name,
        fileIssues,
        onEnd: async () => {
          // stop reading the workbook (a consumer may stop early; the rest of the sheet is not parsed)
          try {
            await sheet.rows.return?.(undefined);
            await sheets.return(undefined);
          } catch {
            // already failed or finished
          }
        },
      });
    }
    if (opts.sheet !== undefined && sheetCount > 0 && wb.sheets.length === 0) {
      throw new FileUnusableError('sheet_not_found', { sheet: opts.sheet, sheets: '' });
    }
  } catch (e) {
    throw readFailure(e);
  }
  throw noHeader(searchRows, firstHead);
}

/** Reads every row into an array (small files, tests, previews). */
export async function collectRows(parsed: ParsedLedger): Promise<ParsedLedgerRow[]> {
  const out: ParsedLedgerRow[] = [];
  for await (const r of parsed.rows) out.push(r);
  return out;
}

const UNUSABLE: Record<string, 'import_file_unreadable' | 'import_no_header'> = {
  file_unreadable: 'import_file_unreadable',
  file_empty: 'import_file_unreadable',
  unsupported_format: 'import_file_unreadable',
  web_page_table: 'import_file_unreadable',
  sheet_not_found: 'import_file_unreadable',
  csv_unbalanced_quote: 'import_file_unreadable',
  csv_invalid_utf8: 'import_file_unreadable',
  no_header_row: 'import_no_header',
};

/**
 * The AppError a parse failure stands for (a file that cannot be used at all: CLI exit 2), or null for anything else.
 * Failures can come out of `parseLedgerFile` and, for a file that breaks or grows past a limit part-way, out of its rows.
 */
export function importErrorOf(e: unknown): AppError | null {
  if (e instanceof AppError) return e;
  if (e instanceof FileLimitError) {
    const l = e.limit;
    return new AppError('import_limit_exceeded', {
      params: { reason: l.message },
      details: { code: e.code, limit: l.kind, max: l.limit, found: l.found, reason: l.message },
    });
  }
  const code = (e as { code?: string }).code ?? '';
  const mapped = UNUSABLE[code];
  const reason = e instanceof Error ? e.message : String(e);
  if (mapped === 'import_no_header') {
    // the row that most looks like a header: the UI offers it for mapping (docs/LEDGER.md "Column mapping")
    const columns = (e as FileUnusableError).candidates ?? [];
    return new AppError('import_no_header', { message: reason, details: { code, reason, columns } });
  }
  if (mapped) return new AppError('import_file_unreadable', { params: { reason }, message: reason, details: { code, reason } });
  return null;
}

/** Parses a ledger file; a file that cannot be used at all becomes an AppError (CLI exit 2). */
export async function parseLedger(input: Buffer | string, opts: ParseOptions): Promise<ParsedLedger> {
  try {
    return await parseLedgerFile(input, opts);
  } catch (e) {
    throw importErrorOf(e) ?? e;
  }
}

/** Whether an error means "the file cannot be used at all" (CLI exit status 2). */
export function isFileLevelError(e: unknown): boolean {
  return (
    e instanceof AppError &&
    (e.code === 'import_file_unreadable' ||
      e.code === 'import_limit_exceeded' ||
      e.code === 'import_no_header' ||
      e.code === 'import_org_mismatch' ||
      e.code === 'unknown_organization')
  );
}
