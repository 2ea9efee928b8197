/** XLSX reader: ExcelJS's worksheet reader over parts inflated from our own zip index (sheet names, merges, shared strings read directly). */
import { StyleManager, WorksheetReader } from '../exceljs.js';
import type { RawRow } from './rows.js';
import type { Cell } from './values.js';
import { listSheets, type MergeRange, readMerges, readSharedStrings, type SheetRef, ZipIndex } from './zip.js';

export interface XlsxSheet {
  name: string;
  rows: AsyncIterator<RawRow>;
  /** Stops reading this sheet. */
  close(): Promise<void>;
}

/** Date number formats (after removing quoted text, escapes and [..] sections) contain y, d or m (not with h/s only). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[yd]/i.test(f) || (/m/i.test(f) && !/[hs]/i.test(f) && !/general/i.test(f));
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

interface CellLike {
  value: unknown;
  numFmt?: string;
}

function toCell(cell: CellLike): Cell {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) {
      const r = o.result;
      if (typeof r === 'number') {
        if (isDateFormat(cell.numFmt)) return new Date(EXCEL_EPOCH_MS + r * 86400000);
        return r;
      }
      if (typeof r === 'string' || typeof r === 'boolean' || r instanceof Date) return r;
      return undefined;
    }
    if ('error' in o) return undefined;
    if ('text' in o) {
      const tx = o.text;
      if (typeof tx === 'string') return tx;
      if (tx && typeof tx === 'object' && Array.isArray((tx as Record<string, unknown>).richText)) {
        return (tx as { richText: Array<{ text?: string }> }).richText.map((r) => r.text ?? '').join('');
      }
    }
  }
  return String(v);
}

interface ActiveMerge extends MergeRange {
  value: Cell;
}

/** Applies merged ranges while rows stream by: every cell of a range gets the master value; columns right of the master are marked `hSlaves`. */
class MergeFiller {
  private readonly byTop = new Map<number, MergeRange[]>();
  private active: ActiveMerge[] = [];
  constructor(merges: MergeRange[]) {
    for (const m of merges) {
      if (m.top === m.bottom && m.left === m.right) continue;
      const list = this.byTop.get(m.top);
      if (list) list.push(m);
      else this.byTop.set(m.top, [m]);
    }
  }
  get empty(): boolean {
    return this.byTop.size === 0 && this.active.length === 0;
  }
  apply(r: RawRow): void {
    const starting = this.byTop.get(r.row);
    if (starting) {
      for (const m of starting) this.active.push({ ...m, value: r.cells[m.left - 1] });
      this.byTop.delete(r.row);
    }
    if (this.active.length === 0) return;
    let keep = false;
    for (const m of this.active) {
      if (r.row < m.top || r.row > m.bottom) continue;
      for (let c = m.left; c <= m.right; c++) {
        if (r.row > m.top || c > m.left) {
          while (r.cells.length < c) r.cells.push(undefined);
          r.cells[c - 1] = m.value;
        }
        if (c > m.left) {
          r.hSlaves ??= new Set();
          r.hSlaves.add(c - 1);
        }
      }
      if (m.bottom > r.row) keep = true;
    }
    if (!keep || this.active.some((m) => m.bottom <= r.row)) this.active = this.active.filter((m) => m.bottom > r.row);
  }
  /** Rows missing from the file inside a vertical merge (no <row> element) are not synthesised. */
  skipTo(row: number): void {
    this.active = this.active.filter((m) => m.bottom >= row);
  }
}

export interface XlsxWorkbook {
  sheets: SheetRef[];
  /** Sheets in workbook order, each with its rows (merges applied). */
  iterate(): AsyncGenerator<XlsxSheet>;
}

const READER_OPTIONS = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' };

/**
 * Opens an XLSX held in memory. Each worksheet part is inflated from our own zip index and handed to ExcelJS's
 * worksheet reader with the shared strings (phonetic runs dropped), styles (date formats) and the 1904 flag read
 * up front. ExcelJS's workbook reader is not used: it unzips as a stream and, when a worksheet comes before the
 * shared strings or workbook.xml in the zip (ExcelJS's own writer does that), parks it in a temp file — a path that
 * lost rows now and then under load. Reading parts by name makes the entry order irrelevant.
 */
export function openXlsx(buf: Buffer): XlsxWorkbook {
  const zip = new ZipIndex(buf);
  const listed = listSheets(zip);
  // a workbook.xml that names no sheets (or is missing): take the worksheet parts in number order
  const sheets: SheetRef[] =
    listed.length > 0
      ? listed
      : zip
          .names()
          .map((n) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(n))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => ({ name: `Sheet${m[1]}`, fileNo: Number(m[1]), path: m[0] }))
          .sort((a, b) => (a.fileNo ?? 0) - (b.fileNo ?? 0));
  const sharedStrings = readSharedStrings(zip) ?? [];
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(zip.text('xl/workbook.xml') ?? '');
  return {
    sheets: listed,
    async *iterate() {
      const stylesXml = zip.text('xl/styles.xml');
      const styles = stylesXml === null ? new StyleManager.Mock() : new StyleManager();
      if (stylesXml !== null) await styles.parseStream([stylesXml]);
      const workbook = { sharedStrings, styles, properties: { model: { date1904 } } };
      for (const ref of sheets) {
        const part = zip.stream(ref.path);
        if (!part) continue;
        const merges = await readMerges(zip, ref.path);
        const filler = new MergeFiller(merges);
        const reader = new WorksheetReader({ workbook, id: ref.fileNo ?? 0, iterator: part, options: READER_OPTIONS });
        const it = reader[Symbol.asyncIterator]();
        async function* rows(): AsyncGenerator<RawRow> {
          for (;;) {
            const n = await it.next();
            if (n.done) return;
            const row = n.value;
            const cells: Cell[] = [];
            row.eachCell({ includeEmpty: false }, (cell, col) => {
              while (cells.length < col - 1) cells.push(undefined);
              cells[col - 1] = toCell(cell as unknown as CellLike);
            });
            const raw: RawRow = { row: row.number, cells };
            if (!filler.empty) {
              filler.skipTo(row.number);
              filler.apply(raw);
            }
            yield raw;
          }
        }
        yield {
          name: ref.name,
          rows: rows(),
          close: async () => {
            // stop reading this sheet: nothing else waits on its stream
            await it.return?.();
            part.destroy();
          },
        };
        await it.return?.();
        part.destroy();
      }
    },
  };
}
