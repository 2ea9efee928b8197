/** XLSX reader: ExcelJS's worksheet reader over parts inflated from our own zip index (sheet names, merges, shared strings read directly). */

import { EXCEL_BUILTIN_DATE_FORMATS } from '@qiangjian/shared/data';
import type { Cell } from './cells.js';
import { StyleManager, type StyleManagerLike, WorksheetReader } from './exceljs.js';
import type { SheetLimits } from './limits.js';
import type { RawRow } from './raw-row.js';
import { type MergeRange, readMerges, readSharedStrings, type SheetRef, siTexts, workbookParts, ZipIndex } from './zip.js';

export interface XlsxSheet {
  name: string;
  /** Hidden or very hidden in the workbook. */
  hidden: boolean;
  rows: AsyncIterator<RawRow>;
  /** Stops reading this sheet. */
  close(): Promise<void>;
}

/** A format code without quoted text, escapes, padding/fill characters and [..] sections. */
function formatCodes(fmt: string): string {
  return fmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '');
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

/**
 * A date format that shows a year and a month but no day (`yyyy"年"m"月"`, `yyyy-mm`, `mmm-yy`, built-in 57).
 * Only the first section counts; an m right after h or right before s is minutes.
 */
export function isMonthOnlyFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = (formatCodes(fmt).split(';')[0] ?? '').toLowerCase().replace(/am\/pm|a\/p|general/g, '');
  const runs = f.match(/y+|m+|d+|h+|s+/g);
  if (!runs) return false;
  let year = false;
  let month = false;
  for (let i = 0; i < runs.length; i++) {
    const c = runs[i]![0];
    if (c === 'd') return false;
    if (c === 'y') year = true;
    else if (c === 'm' && runs[i - 1]?.[0] !== 'h' && runs[i + 1]?.[0] !== 's') month = true;
  }
  return year && month;
}

interface StyleInternals extends StyleManagerLike {
  model?: { styles?: Array<{ numFmtId?: number } | undefined> };
  index?: { numFmt?: Array<string | undefined> };
  getStyleModel(id: number): { numFmt?: string } | null;
}

/** Parses styles.xml; a broken or unusual one (prefixed tags, no cellXfs) degrades to "no formats" instead of failing the file. */
async function loadStyles(xml: string | null): Promise<StyleManagerLike> {
  if (xml === null) return new StyleManager.Mock();
  const prefix = /<([A-Za-z_][\w.-]*):styleSheet\b/.exec(xml)?.[1];
  const text = prefix ? xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1') : xml;
  const styles = new StyleManager() as StyleInternals;
  try {
    await styles.parseStream([text]);
  } catch {
    return new StyleManager.Mock();
  }
  if (!styles.model || !styles.index) return new StyleManager.Mock();
  styles.model.styles ??= [];
  // ExcelJS leaves built-in ids it does not know without a format: the cell would read as a plain number.
  // Style models are cached by ExcelJS, so filling in the format here is what the worksheet reader sees
  // (it then converts the number to a Date itself, honouring date1904).
  styles.model.styles.forEach((xf, id) => {
    const code = xf?.numFmtId === undefined ? undefined : EXCEL_BUILTIN_DATE_FORMATS[xf.numFmtId];
    if (code === undefined || styles.index?.numFmt?.[xf!.numFmtId!]) return;
    const model = styles.getStyleModel(id);
    if (model && model.numFmt === undefined) model.numFmt = code;
  });
  return styles;
}

const DAY_MS = 86400000;
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);

const NOT_DATE = 0;
const DATE = 1;
const MONTH_ONLY = 2;
type FormatKind = typeof NOT_DATE | typeof DATE | typeof MONTH_ONLY;

/** Per-workbook memo of number-format kinds (a sheet uses a handful of formats over and over). */
class FormatKinds {
  private readonly cache = new Map<string, FormatKind>();
  private lastFmt: string | undefined;
  private lastKind: FormatKind = NOT_DATE;
  kind(fmt: string | undefined): FormatKind {
    if (fmt === undefined) return NOT_DATE;
    if (fmt === this.lastFmt) return this.lastKind;
    let k = this.cache.get(fmt);
    if (k === undefined) {
      k = isMonthOnlyFormat(fmt) ? MONTH_ONLY : isDateFormat(fmt) ? DATE : NOT_DATE;
      this.cache.set(fmt, k);
    }
    this.lastFmt = fmt;
    this.lastKind = k;
    return k;
  }
}

/** YYYY-MM of a date (a month-only cell: the parser reads it as if the user had typed 2030年2月). */
function yearMonth(d: Date): string {
  const r = new Date(d.getTime() + 500); // 23:59:59.9995 float noise belongs to the next day
  return `${r.getUTCFullYear()}-${String(r.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** `_xHHHH_` escapes of OOXML strings (Excel writes a carriage return as `_x000D_`). */
function decodeEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

interface CellLike {
  value: unknown;
  numFmt?: string;
}

function toCell(cell: CellLike, date1904: boolean, formats: FormatKinds): Cell {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return decodeEscapes(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // ExcelJS has made a Date of a number in a date-formatted cell (1904 system honoured)
  if (v instanceof Date) return formats.kind(cell.numFmt) === MONTH_ONLY && !Number.isNaN(v.getTime()) ? yearMonth(v) : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) {
      const r = o.result;
      if (typeof r === 'number') {
        const kind = formats.kind(cell.numFmt);
        if (kind === NOT_DATE || !Number.isFinite(r)) return r;
        const d = new Date((date1904 ? EPOCH_1904_MS : EPOCH_1900_MS) + Math.round(r * DAY_MS));
        return kind === MONTH_ONLY ? yearMonth(d) : d;
      }
      if (typeof r === 'string') return decodeEscapes(r);
      if (typeof r === 'boolean' || r instanceof Date) return r;
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

/** Column letters of a 1-based column number. */
function colLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

const ROOT_RE = /<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>/]/;
/** Anything that may need rewriting: a rich-text run or phonetic guide, a row or cell whose first attribute is not r, an ISO date cell. */
const MAYBE_WORK = /<(?:r(?:[\s>]|Ph)|(?:c|row)(?! r=")[\s>/])|t="d"/;
const RICH = /<r[\s>]|<rPh\b/;
const ROW_R = /\sr="(\d+)"/;
const CELL_R = /\sr="\$?([A-Z]+)\$?\d*"/;
const ISO_DATE_CELL = /(<c\b[^>]*?\st=")d"/g;

/**
 * Every complete <is>…</is> with rich-text runs or a phonetic guide becomes one <t> with the runs' text joined
 * (indexOf over the text and the one-pass tag reader of the shared strings: linear, unclosed tags included).
 */
function flattenInlineStrings(head: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const a = head.indexOf('<is>', i);
    if (a < 0) break;
    const b = head.indexOf('</is>', a + 4);
    if (b < 0) break;
    const body = head.slice(a + 4, b);
    const whole = head.slice(a, b + 5);
    out +=
      head.slice(i, a) + (RICH.test(body) ? `<is><t xml:space="preserve">${siTexts(`<si>${body}</si>`, false)[0] ?? ''}</t></is>` : whole);
    i = b + 5;
  }
  return i === 0 ? head : out + head.slice(i);
}

const TAG_NAME_END = new Set([' ', '\t', '\r', '\n', '>', '/']);

/**
 * Calls `fn` for every complete <row …> and <c …> start tag of `head`, left to right, in one pass (indexOf only:
 * each character is looked at a bounded number of times, whatever the text holds). `fn` returns false to stop.
 */
function eachRowOrCell(head: string, fn: (name: 'row' | 'c', lt: number, gt: number) => boolean | undefined): void {
  let i = 0;
  for (;;) {
    const lt = head.indexOf('<', i);
    if (lt < 0) return;
    const name =
      head.startsWith('row', lt + 1) && TAG_NAME_END.has(head[lt + 4] ?? '')
        ? 'row'
        : head[lt + 1] === 'c' && TAG_NAME_END.has(head[lt + 2] ?? '')
          ? 'c'
          : null;
    if (!name) {
      i = lt + 1;
      continue;
    }
    const gt = head.indexOf('>', lt);
    if (gt < 0 || fn(name, lt, gt) === false) return;
    i = gt + 1;
  }
}

const HAS_R = /\sr=/;

/** A row or cell start tag without the r attribute. */
function lacksR(head: string): boolean {
  let found = false;
  eachRowOrCell(head, (name, lt, gt) => {
    found = !HAS_R.test(head.slice(lt + 1 + name.length, gt));
    return !found;
  });
  return found;
}

/** The longest text kept back waiting for the end of a tag or of an inline string (Excel caps a cell at 32,767 characters). */
const MAX_CARRY = 1 << 20;

/**
 * Rewrites worksheet XML text on its way to ExcelJS's reader, chunk by chunk (an unfinished tag, and an
 * unfinished <is> element, wait for the next chunk):
 * - a main-namespace prefix (`<x:row>`, written by some exporters) is dropped: ExcelJS matches bare names;
 * - an inline string with rich-text runs or a phonetic guide becomes one <t> with the runs' text joined
 *   (ExcelJS keeps only the last <t>, i.e. the last run or the guide);
 * - rows and cells without the optional r attribute get one: previous row + 1, previous cell's column + 1
 *   (ExcelJS fails on them);
 * - ISO 8601 date cells (`t="d"`) become text cells, which the parser reads as dates (ExcelJS would parseFloat them).
 * A chunk with none of these costs one regex scan.
 */
export class SheetXmlFixer {
  private carry = '';
  private prefixRe: RegExp | null | undefined;
  private numbering = false;
  private rowNo = 0;
  private col = 0;

  push(chunk: string): string {
    const text = this.carry + chunk;
    if (this.prefixRe === undefined) {
      const m = ROOT_RE.exec(text);
      if (m) this.prefixRe = m[1] ? new RegExp(`<(/?)${m[1]}:`, 'g') : null;
      else if (text.length < 65536) {
        this.carry = text;
        return '';
      } else this.prefixRe = null;
    }
    let cut = text.length;
    const lt = text.lastIndexOf('<');
    if (lt >= 0 && text.indexOf('>', lt) < 0 && text.length - lt <= MAX_CARRY) cut = lt;
    let head = cut === text.length ? text : text.slice(0, cut);
    this.carry = cut === text.length ? '' : text.slice(cut);
    if (this.prefixRe) head = head.replace(this.prefixRe, '<$1');
    // an <is> still open at the end waits for its </is> (it can only follow the last </c>)
    const cellEnd = head.lastIndexOf('</c>');
    const is = cellEnd < 0 ? head.lastIndexOf('<is>') : head.indexOf('<is>', cellEnd);
    if (is >= 0 && head.indexOf('</is>', is) < 0 && head.length - is + this.carry.length <= MAX_CARRY) {
      this.carry = head.slice(is) + this.carry;
      head = head.slice(0, is);
    }
    return this.fix(head);
  }

  /** The rest of the part (call after the last chunk). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    if (this.prefixRe === undefined) this.prefixRe = null;
    return this.fix(this.prefixRe ? rest.replace(this.prefixRe, '<$1') : rest);
  }

  private fix(head: string): string {
    if (MAYBE_WORK.test(head)) {
      if (RICH.test(head)) head = flattenInlineStrings(head);
      if (!this.numbering && lacksR(head)) this.numbering = true;
      if (head.includes('t="d"')) head = head.replace(ISO_DATE_CELL, '$1str"');
    }
    if (this.numbering) return this.number(head);
    this.track(head);
    return head;
  }

  /** Numbers rows and cells without r (once a part needs it, every later chunk goes through here). */
  private number(head: string): string {
    let out = '';
    let from = 0;
    eachRowOrCell(head, (name, lt, gt) => {
      const attrs = head.slice(lt + 1 + name.length, gt);
      let tag: string | null = null;
      if (name === 'row') {
        const r = ROW_R.exec(attrs);
        this.col = 0;
        if (r) this.rowNo = Number(r[1]);
        else tag = `<row r="${++this.rowNo}"${attrs}>`;
      } else {
        const r = CELL_R.exec(attrs);
        if (r) this.col = colNumber(r[1]!);
        else tag = `<c r="${colLetters(++this.col)}${this.rowNo}"${attrs}>`;
      }
      if (tag !== null) {
        out += head.slice(from, lt) + tag;
        from = gt + 1;
      }
      return undefined;
    });
    return from === 0 ? head : out + head.slice(from);
  }

  /** Keeps the last row number and cell column up to date cheaply (a later chunk may lack r). */
  private track(head: string): void {
    let ri = head.lastIndexOf('<row');
    while (ri >= 0 && !/[\s>/]/.test(head[ri + 4] ?? '')) ri = ri > 0 ? head.lastIndexOf('<row', ri - 1) : -1;
    if (ri >= 0) {
      const r = ROW_R.exec(head.slice(ri, head.indexOf('>', ri) + 1));
      this.rowNo = r ? Number(r[1]) : this.rowNo + 1;
      this.col = 0;
    }
    const ci = head.lastIndexOf('<c ');
    if (ci > ri) {
      const r = CELL_R.exec(head.slice(ci, head.indexOf('>', ci) + 1));
      if (r) this.col = colNumber(r[1]!);
    }
  }
}

/** A worksheet part's text for ExcelJS's reader, through `SheetXmlFixer` (stored parts are cut into 64 KB pieces). */
async function* sheetXml(part: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const fixer = new SheetXmlFixer();
  for await (const chunk of part) {
    for (let i = 0; i < chunk.length; i += 65536) {
      const out = fixer.push(decoder.decode(chunk.length <= 65536 ? chunk : chunk.subarray(i, i + 65536), { stream: true }));
      if (out) yield out;
    }
  }
  const out = fixer.push(decoder.decode()) + fixer.end();
  if (out) yield out;
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
export function openXlsx(buf: Buffer, limits?: SheetLimits): XlsxWorkbook {
  const zip = new ZipIndex(buf, limits);
  const wb = workbookParts(zip);
  const listed = wb.sheets;
  // a workbook.xml that names no sheets (or is missing): take the worksheet parts, sheetN.xml in number order first
  const sheets: SheetRef[] =
    listed.length > 0
      ? listed
      : zip
          .names()
          .filter((n) => /^xl\/worksheets\/[^/]+\.xml$/i.test(n))
          .map((n, i) => {
            const no = /sheet(\d+)\.xml$/i.exec(n)?.[1];
            return { name: no ? `Sheet${no}` : `Sheet${i + 1}`, fileNo: no ? Number(no) : null, path: n, hidden: false };
          })
          .sort((a, b) => (a.fileNo ?? Number.MAX_SAFE_INTEGER) - (b.fileNo ?? Number.MAX_SAFE_INTEGER));
  const sharedStrings = readSharedStrings(zip, wb.sharedStrings) ?? [];
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(wb.xml ?? '');
  return {
    sheets: listed,
    async *iterate() {
      const styles = await loadStyles(zip.text(wb.styles));
      const workbook = { sharedStrings, styles, properties: { model: { date1904 } } };
      const formats = new FormatKinds();
      for (const ref of sheets) {
        const part = zip.stream(ref.path);
        if (!part) continue;
        const merges = await readMerges(zip, ref.path);
        const filler = new MergeFiller(merges);
        // ExcelJS's SAX helper (our fixed copy, exceljs.ts) takes text chunks as well as buffers
        const iterator = sheetXml(part) as AsyncIterable<string | Buffer> as AsyncIterable<Buffer>;
        const reader = new WorksheetReader({ workbook, id: ref.fileNo ?? 0, iterator, options: READER_OPTIONS });
        const it = reader[Symbol.asyncIterator]();
        async function* rows(): AsyncGenerator<RawRow> {
          for (;;) {
            const n = await it.next();
            if (n.done) return;
            const row = n.value;
            const cells: Cell[] = [];
            row.eachCell({ includeEmpty: false }, (cell, col) => {
              while (cells.length < col - 1) cells.push(undefined);
              cells[col - 1] = toCell(cell as unknown as CellLike, date1904, formats);
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
          hidden: ref.hidden,
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
