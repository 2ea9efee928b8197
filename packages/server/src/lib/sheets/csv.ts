/** CSV reader: UTF-8, UTF-8 with BOM, UTF-16 (BOM) or GBK/GB18030 detected automatically; RFC 4180 quoting. */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { RawRow } from './raw-row.js';

export interface DecodedCsv {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

/** Decodes by BOM, else by UTF-8 validity, else as GB18030 (a superset of GBK). */
export function decodeCsv(buf: Buffer): DecodedCsv {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.toString('utf8', 3), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
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
 * lines stays one record; blank lines count, as a spreadsheet shows them).
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
