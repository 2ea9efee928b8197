/**
 * Streaming XLSX writer for official sheets (Attachment 1 and the campaign reports): a title merged across the
 * columns, rows above the header (the header block), and a header of one or more levels drawn from a layout —
 * a group label over several columns is one merged cell, and a column with fewer levels than the others is
 * merged down to the last header row. Rows are then written one by one with memory kept flat.
 */
import type { Writable } from 'node:stream';
import ExcelJS from './exceljs.js';

/** A column of the sheet: its header from the top level down (`['检定信息', '检定日期']`, or one text) and width. */
export interface SheetColumn {
  header: string | readonly string[];
  /** Width in characters. */
  width?: number;
  /** Key of the column in ExcelJS (optional). */
  key?: string;
}

export interface SheetHead {
  /** Bold 16-point title merged across every column in the first row. */
  title?: string;
  /** Rows written as given between the title and the header (e.g. label / value pairs of a header block). */
  preamble?: ReadonlyArray<ReadonlyArray<string | number | null>>;
  columns: readonly SheetColumn[];
}

type Value = string | number | Date | boolean | null | undefined;
type WorkbookWriter = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;
type WorksheetWriter = ReturnType<WorkbookWriter['addWorksheet']>;

/** Rows between two checks of the zip backlog. */
const CATCH_UP_EVERY = 2000;
/** Uncompressed sheet XML allowed to wait for the zip's deflate before the writer stops producing rows. */
const ZIP_BACKLOG = 8 * 2 ** 20;

/**
 * ExcelJS's streaming writer pushes committed rows into the zip without back-pressure: the sheet's
 * StreamBuf writes into archiver's PassThrough for the entry ignoring `write() === false`, so when rows
 * come faster than deflate, uncompressed XML piles up there (the 1,000,000-row ledger export peaked near
 * 1 GB RSS). This waits until that backlog (the StreamBuf's own buffers before archiver starts the entry,
 * plus the PassThrough's buffered bytes) is below ZIP_BACKLOG. Reads ExcelJS/archiver internals
 * (exceljs 4: `WorksheetWriter.stream` is a StreamBuf with `buffers` and `pipes`; the pipe is a
 * readable-stream PassThrough with `_writableState`/`_readableState`); without them it returns at
 * once, and it stops waiting when the backlog makes no progress for 10 s.
 */
interface PipeState {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}
async function zipCaughtUp(ws: unknown): Promise<void> {
  const stream = (ws as { stream?: { buffers?: unknown[]; bufSize?: number; pipes?: PipeState[] } }).stream;
  if (!stream) return;
  const backlog = () => {
    let n = (stream.buffers?.length ?? 0) * (stream.bufSize ?? 0);
    // archiver's PassThrough comes from the readable-stream package (no writableLength getter)
    for (const p of stream.pipes ?? []) n += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
    return n;
  };
  let last = backlog();
  let since = Date.now();
  while (last > ZIP_BACKLOG) {
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
    const now = backlog();
    if (now < last) since = Date.now();
    else if (Date.now() - since > 10_000) return;
    last = now;
  }
}

/** A worksheet name Excel accepts (no `\ / ? * [ ] :`, ≤ 28 characters), unique within `used` (added to it). */
export function uniqueSheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[\\/?*[\]:]/g, '').slice(0, 28) || 'Sheet';
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base.slice(0, 26)}${i}`;
  used.add(n);
  return n;
}

/** One header cell to merge: rows and columns 1-based, inclusive. */
export interface HeaderMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The header rows of `columns` (one array per level, `undefined` where a merge covers the cell) and the merges.
 * Adjacent columns share a merged group cell at a level when their headers agree on every level down to it and
 * both go deeper; the last text of a shorter header is merged down to the last header row.
 */
export function headerGrid(
  columns: readonly SheetColumn[],
  firstRow = 1,
): { rows: Array<Array<string | undefined>>; merges: HeaderMerge[] } {
  const paths = columns.map((c) => (typeof c.header === 'string' ? [c.header] : [...c.header]));
  const depth = paths.reduce((m, p) => Math.max(m, p.length), 1);
  // filled, not sparse: ExcelJS reads an array without an own index 0 as 1-based
  const rows: Array<Array<string | undefined>> = Array.from({ length: depth }, () =>
    new Array<string | undefined>(columns.length).fill(undefined),
  );
  const merges: HeaderMerge[] = [];
  for (let level = 0; level < depth; level++) {
    for (let j = 0; j < paths.length; ) {
      const path = paths[j] as string[];
      if (level >= path.length) {
        j++;
        continue;
      }
      const text = path[level] as string;
      const leaf = level === path.length - 1;
      let end = j;
      if (!leaf) {
        // the group runs while the next column has the same texts down to this level and goes deeper
        while (end + 1 < paths.length) {
          const next = paths[end + 1] as string[];
          if (next.length <= level + 1 || !path.slice(0, level + 1).every((t, k) => next[k] === t)) break;
          end++;
        }
      }
      (rows[level] as Array<string | undefined>)[j] = text;
      const bottom = leaf ? depth - 1 : level;
      if (end > j || bottom > level) merges.push({ top: firstRow + level, left: j + 1, bottom: firstRow + bottom, right: end + 1 });
      j = end + 1;
    }
  }
  return { rows, merges };
}

/** A worksheet being streamed: write rows in order, then `commit`. */
export class SheetWriter {
  private rows = 0;
  constructor(private readonly ws: WorksheetWriter) {}

  /**
   * Writes one row (null and undefined leave the cell empty). True every 2,000 rows: then await `caughtUp()`
   * before the next row, so that the sheet XML waiting for deflate stays bounded.
   */
  addRow(values: readonly Value[]): boolean {
    this.ws.addRow(values.map((v) => (v === null ? undefined : v))).commit();
    return ++this.rows % CATCH_UP_EVERY === 0;
  }

  /** Resolves once the zip has caught up with the rows written (see zipCaughtUp). */
  caughtUp(): Promise<void> {
    return zipCaughtUp(this.ws);
  }

  commit(): void {
    this.ws.commit();
  }
}

/**
 * A streamed workbook. Styles are off by default (3–5× faster rows: a 1,000,000-row sheet stays in minutes);
 * widths and merges are kept either way.
 */
export class XlsxWriter {
  private readonly wb: WorkbookWriter;
  private readonly names = new Set<string>();

  constructor(out: Writable, opts: { styles?: boolean } = {}) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: opts.styles ?? false, useSharedStrings: false });
  }

  /** A worksheet without content (a workbook needs one). */
  addEmptySheet(name: string): void {
    this.wb.addWorksheet(name).commit();
  }

  /** Adds a worksheet (its name made valid and unique) and writes its title, preamble and header. */
  addSheet(name: string, head: SheetHead): SheetWriter {
    const ws = this.wb.addWorksheet(uniqueSheetName(name, this.names));
    const n = head.columns.length;
    ws.columns = head.columns.map((c) => ({ key: c.key, width: c.width }));
    let row = 1;
    if (head.title !== undefined) {
      const title = ws.addRow([head.title]);
      title.font = { bold: true, size: 16 };
      ws.mergeCells(1, 1, 1, n);
      title.alignment = { horizontal: 'center' };
      title.commit();
      row++;
    }
    for (const cells of head.preamble ?? []) {
      ws.addRow(cells.map((v) => (v === null ? undefined : v))).commit();
      row++;
    }
    const grid = headerGrid(head.columns, row);
    const rows = grid.rows.map((cells) => ws.addRow(cells));
    // merged after the rows exist: the streaming writer's mergeCells creates the rows it touches
    for (const m of grid.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
    for (const r of rows) {
      r.font = { bold: true };
      if (grid.merges.length > 0) r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      r.commit();
    }
    return new SheetWriter(ws);
  }

  /** Finishes the workbook (the output stream ends). */
  async commit(): Promise<void> {
    await this.wb.commit();
  }
}
