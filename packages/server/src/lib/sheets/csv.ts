/** CSV reader: UTF-8, UTF-8 with BOM, UTF-16 (BOM) or GBK/GB18030 detected automatically; RFC 4180 quoting. */
import { isUtf8 } from 'node:buffer';
import { t } from '@qiangjian/shared';
import iconv from 'iconv-lite';
import type { RawRow } from './raw-row.js';

/**
 * A CSV that cannot be read faithfully: a quote opened at the start of a field and never closed (the rest
 * of the file would silently fall into one cell), or UTF-8 text with corrupt bytes (it would silently be
 * read as GB18030 mojibake). `code` is the import's file-level code; the message is the zh-CN reason.
 */
export class CsvFormatError extends Error {
  constructor(
    readonly code: 'csv_unbalanced_quote' | 'csv_invalid_utf8',
    readonly row: number,
  ) {
    super(t(`import.file.${code}`, { row }));
    this.name = 'CsvFormatError';
  }
}

/**
 * Whether bytes that are not valid UTF-8 are still UTF-8 text with a few corrupt bytes rather than
 * GBK/GB18030: nearly all multi-byte sequences decode as UTF-8 (GBK pairs seldom do). Returns the 1-based
 * line of the first corrupt byte, or 0 when the bytes read as another encoding. One linear pass.
 */
export function corruptUtf8Line(buf: Buffer): number {
  let valid = 0;
  let invalid = 0;
  let firstBad = -1;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) ok = ((buf[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      if (firstBad < 0) firstBad = i;
      i++;
    }
  }
  if (firstBad < 0 || valid < 3 || valid < invalid * 9) return 0;
  let line = 1;
  for (let k = buf.indexOf(10); k !== -1 && k < firstBad; k = buf.indexOf(10, k + 1)) line++;
  return line;
}

export interface DecodedCsv {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

/**
 * Decodes by BOM, else by UTF-8 validity, else as GB18030 (a superset of GBK). UTF-8 with corrupt bytes
 * (a BOM, or almost every multi-byte sequence valid) throws CsvFormatError naming the line.
 */
export function decodeCsv(buf: Buffer): DecodedCsv {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const body = buf.subarray(3);
    if (!isUtf8(body)) throw new CsvFormatError('csv_invalid_utf8', corruptUtf8Line(body) || 1);
    return { text: body.toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  const bad = corruptUtf8Line(buf);
  if (bad > 0) throw new CsvFormatError('csv_invalid_utf8', bad);
  return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
}

/** Delimiter by frequency outside quotes in the first lines: comma, tab or semicolon. */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 65536);
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < sample.length && lines < 50; i++) {
    const ch = sample[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (ch === '\n') lines++;
      else if (ch in counts) counts[ch]!++;
    }
  }
  let best = ',';
  for (const d of ['\t', ';']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

/**
 * Splits `text` into records. Row numbers are 1-based record numbers (a quoted field spanning
 * lines stays one record; blank lines count, as a spreadsheet shows them). A quote that opens a field and
 * is never closed throws CsvFormatError naming the record where it opened.
 */
export function* csvRecords(text: string, delim = detectDelimiter(text)): Generator<RawRow> {
  const n = text.length;
  let pos = 0;
  let row = 0;
  const dcode = delim.charCodeAt(0);
  let nextQuote = text.indexOf('"');
  while (pos < n) {
    row++;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let lineEnd = nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    // next quote position, searched again only once passed (indexOf per line would be quadratic)
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    if (nextQuote < 0 || nextQuote >= lineEnd) {
      // fast path: no quotes on this line
      const line = text.slice(pos, lineEnd);
      yield { row, cells: line.length === 0 ? [] : line.split(delim) };
      pos = nl + 1;
      continue;
    }
    // slow path: quoted fields, possibly spanning lines
    const cells: string[] = [];
    let field = '';
    let i = pos;
    let fieldStart = pos;
    let inQuotes = false;
    let quoted = false;
    for (;;) {
      if (i >= n) {
        if (inQuotes) throw new CsvFormatError('csv_unbalanced_quote', row);
        cells.push(quoted ? field : field + text.slice(fieldStart, i));
        pos = n;
        break;
      }
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += text.slice(fieldStart, i + 1);
            i += 2;
            fieldStart = i;
            continue;
          }
          field += text.slice(fieldStart, i);
          inQuotes = false;
          i++;
          fieldStart = i;
          continue;
        }
        i++;
        continue;
      }
      if (c === 34 && i === fieldStart && field.length === 0 && !quoted) {
        inQuotes = true;
        quoted = true;
        i++;
        fieldStart = i;
        continue;
      }
      if (c === dcode) {
        cells.push(field + text.slice(fieldStart, i));
        field = '';
        quoted = false;
        i++;
        fieldStart = i;
        continue;
      }
      if (c === 10 || c === 13) {
        cells.push(field + text.slice(fieldStart, i));
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        pos = i + 1;
        break;
      }
      i++;
    }
    yield { row, cells };
  }
}

/**
 * One CSV field for an export (RFC 4180 quoting). A text that a spreadsheet would run as a formula — one
 * starting with =, +, -, @, a tab or a carriage return — is neutralised the OWASP way: a leading single
 * quote, and the field quoted. Numbers are written as numbers.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const first = v.charCodeAt(0);
  const formula = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
  const s = formula ? `'${v}` : v;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
