/** XLSX reader: ExcelJS streaming rows, plus sheet names and merged ranges read from the zip directly. */
import { Readable } from 'node:stream';
import ExcelJS from '../exceljs.js';
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
  /** Sheets in file order, each with its rows (merges applied). */
  iterate(): AsyncGenerator<XlsxSheet>;
}

export function openXlsx(buf: Buffer): XlsxWorkbook {
  const zip = new ZipIndex(buf);
  const sheets = listSheets(zip);
  const sharedStrings = readSharedStrings(zip);
  const byFileNo = new Map<number, SheetRef>();
  for (const s of sheets) if (s.fileNo !== null) byFileNo.set(s.fileNo, s);
  return {
    sheets,
    async *iterate() {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      // ExcelJS names an emitted worksheet from `model.sheets`, which it sets only when it reaches xl/workbook.xml;
      // a zip that lists a worksheet before that part (entry order varies between writers) crashed it. Without the
      // model the sheet comes out as `Sheet<n>` and is named from our own zip index (byFileNo) below.
      const withModel = reader as unknown as { model?: { sheets?: unknown[] } };
      withModel.model ??= { sheets: [] };
      if (sharedStrings) {
        // use our own shared-string table (phonetic runs dropped); ExcelJS skips the entry
        const r = reader as unknown as { sharedStrings: unknown; _parseSharedStrings: (entry: unknown) => AsyncGenerator<never> };
        r._parseSharedStrings = async function* () {
          r.sharedStrings = sharedStrings;
          yield* [];
        };
      }
      for await (const ws of reader as unknown as AsyncIterable<{ id: string | number; name: string } & AsyncIterable<ExcelJS.Row>>) {
        const generic = ws.name === `Sheet${ws.id}`;
        let ref = sheets.find((s) => s.name === ws.name && !generic);
        if (!ref && generic) ref = byFileNo.get(Number(ws.id));
        const name = ref?.name ?? ws.name;
        const path = ref?.path ?? `xl/worksheets/sheet${ws.id}.xml`;
        const merges = await readMerges(zip, path);
        const filler = new MergeFiller(merges);
        const it = ws[Symbol.asyncIterator]();
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
        const gen = rows();
        let closed = false;
        yield {
          name,
          rows: gen,
          close: async () => {
            if (closed) return;
            closed = true;
            // drain the rest of the sheet so the workbook stream can move on
            for (;;) {
              const n = await it.next();
              if (n.done) break;
            }
          },
        };
        if (!closed) {
          closed = true;
          for (;;) {
            const n = await it.next();
            if (n.done) break;
          }
        }
      }
    },
  };
}
