/** Minimal ZIP reader for the few XLSX parts the streaming ExcelJS reader does not expose (sheet names, merges). */
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { DEFAULT_SHEET_LIMITS, fileTooLarge, partTooLarge, ratioTooHigh, type SheetLimits } from './limits.js';

/**
 * Inflated-size limits (zip bombs, `SheetLimits`): a part read whole (shared strings, styles, workbook) stops at
 * `maxTextPartBytes` (64 MiB by default); a streamed part (a worksheet) at `maxPartBytes` (1 GiB), or once past
 * `ratioFloorBytes` (64 MiB) at `maxRatio` (250) × its compressed size; all parts of a file together at `maxFileBytes`.
 * A real worksheet inflates 5–30×; a bomb inflates 1,000× and more.
 */
export const MAX_TEXT_PART_BYTES = DEFAULT_SHEET_LIMITS.maxTextPartBytes;

type ZipLimits = Pick<SheetLimits, 'maxPartBytes' | 'maxTextPartBytes' | 'maxFileBytes' | 'maxRatio' | 'ratioFloorBytes'>;

/** The most a streamed part of this compressed size may inflate to. */
export function inflatedLimit(compressedSize: number, limits: ZipLimits = DEFAULT_SHEET_LIMITS): number {
  return Math.min(limits.maxPartBytes, Math.max(limits.ratioFloorBytes, limits.maxRatio * compressedSize));
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As the central directory declares it (may lie: the inflate itself is limited too). */
  size: number;
  localOffset: number;
}

export class ZipIndex {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly folded = new Map<string, ZipEntry>();

  /** Inflated bytes of every part read so far (the per-file limit). */
  private inflated = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: ZipLimits = DEFAULT_SHEET_LIMITS,
  ) {
    const eocd = findEocd(buf);
    if (eocd < 0) throw new Error('not a zip file');
    const count = buf.readUInt16LE(eocd + 10);
    let p = buf.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip directory');
      const method = buf.readUInt16LE(p + 10);
      const compressedSize = buf.readUInt32LE(p + 20);
      const size = buf.readUInt32LE(p + 24);
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const commentLen = buf.readUInt16LE(p + 32);
      const localOffset = buf.readUInt32LE(p + 42);
      const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
      // some Windows tools write backslashes; part names are case-insensitive (OPC)
      const key = name.replace(/\\/g, '/').replace(/^\//, '');
      const entry = { name, method, compressedSize, size, localOffset };
      this.entries.set(key, entry);
      if (!this.folded.has(key.toLowerCase())) this.folded.set(key.toLowerCase(), entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  private get(name: string): ZipEntry | undefined {
    return this.entries.get(name) ?? this.folded.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Entry names (without a leading slash) in central-directory order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  private dataRange(e: ZipEntry): [number, number] {
    const p = e.localOffset;
    if (this.buf.readUInt32LE(p) !== 0x04034b50) throw new Error('corrupt zip entry');
    const start = p + 30 + this.buf.readUInt16LE(p + 26) + this.buf.readUInt16LE(p + 28);
    return [start, start + e.compressedSize];
  }

  /** Whole entry as text (small parts only). */
  text(name: string): string | null {
    const e = this.get(name);
    if (!e) return null;
    const [a, b] = this.dataRange(e);
    const raw = this.buf.subarray(a, b);
    if (e.method === 0) {
      this.count(raw.length);
      return raw.toString('utf8');
    }
    const max = Math.min(this.limits.maxTextPartBytes, this.limits.maxPartBytes);
    if (e.size > max) throw partTooLarge(name, max);
    let out: Buffer;
    try {
      out = inflateRawSync(raw, { maxOutputLength: max });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw partTooLarge(name, max);
      throw err;
    }
    this.count(out.length);
    return out.toString('utf8');
  }

  /** Adds inflated bytes to the file's total; throws past the per-file limit. */
  private count(bytes: number): void {
    this.inflated += bytes;
    if (this.inflated > this.limits.maxFileBytes) throw fileTooLarge(this.limits.maxFileBytes, this.inflated);
  }

  /** Throws when a streamed part has inflated past its limits (`seen` bytes so far). */
  private checkStreamed(name: string, e: ZipEntry, seen: number, chunk: number): void {
    if (seen > this.limits.maxPartBytes) throw partTooLarge(name, this.limits.maxPartBytes);
    if (seen > this.limits.ratioFloorBytes && seen > this.limits.maxRatio * Math.max(1, e.compressedSize))
      throw ratioTooHigh(name, this.limits.maxRatio, seen / Math.max(1, e.compressedSize));
    this.count(chunk);
  }

  /** The declared size of a streamed part is already past its limits (the inflate itself is limited too). */
  private checkDeclared(name: string, e: ZipEntry): void {
    if (e.size > this.limits.maxPartBytes) throw partTooLarge(name, this.limits.maxPartBytes);
    if (e.size > this.limits.ratioFloorBytes && e.size > this.limits.maxRatio * Math.max(1, e.compressedSize))
      throw ratioTooHigh(name, this.limits.maxRatio, e.size / Math.max(1, e.compressedSize));
  }

  /** An entry's inflated bytes as a stream (worksheets, read by ExcelJS's worksheet reader). */
  stream(name: string): Readable | null {
    const e = this.get(name);
    if (!e) return null;
    const [a, b] = this.dataRange(e);
    const raw = this.buf.subarray(a, b);
    if (e.method === 0) {
      this.count(raw.length);
      return Readable.from([raw]);
    }
    this.checkDeclared(name, e);
    const inf = createInflateRaw();
    let seen = 0;
    const counted = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        seen += chunk.length;
        try {
          this.checkStreamed(name, e, seen, chunk.length);
        } catch (err) {
          done(err as Error);
          return;
        }
        done(null, chunk);
      },
    });
    inf.on('error', (err) => counted.destroy(err));
    counted.on('close', () => inf.destroy());
    inf.pipe(counted);
    inf.end(raw);
    return counted;
  }

  /** Streams an entry's text through `onChunk` (large parts: worksheets). */
  async scan(name: string, onChunk: (chunk: string) => void): Promise<boolean> {
    const e = this.get(name);
    if (!e) return false;
    const [a, b] = this.dataRange(e);
    const raw = this.buf.subarray(a, b);
    if (e.method === 0) {
      onChunk(raw.toString('utf8'));
      return true;
    }
    this.checkDeclared(name, e);
    const decoder = new StringDecoder('utf8');
    await new Promise<void>((resolve, reject) => {
      const inf = createInflateRaw();
      let seen = 0;
      inf.on('data', (c: Buffer) => {
        seen += c.length;
        // the merges pass over a sheet: the same part and ratio limits; its bytes count once, in stream()
        try {
          this.checkStreamed(name, e, seen, 0);
        } catch (err) {
          inf.destroy();
          reject(err as Error);
          return;
        }
        onChunk(decoder.write(c));
      });
      inf.on('end', () => {
        const rest = decoder.end();
        if (rest) onChunk(rest);
        resolve();
      });
      inf.on('error', reject);
      inf.end(raw);
    });
    return true;
  }
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 65557);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) return i;
  }
  return -1;
}

export interface SheetRef {
  name: string;
  /** Number N of xl/worksheets/sheetN.xml (the ExcelJS streaming reader's sheet id). */
  fileNo: number | null;
  path: string;
  /** `state="hidden"` or `"veryHidden"` in the workbook. */
  hidden: boolean;
}

export function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** A relationship target resolved against the folder of the part that names it (`/xl/…` is absolute). */
export function resolveTarget(baseDir: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded
  }
  const parts = t.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Relationships of a part (`dir/_rels/name.rels`), targets resolved to part names; external ones left out. */
function readRels(zip: ZipIndex, partPath: string): Relationship[] {
  const slash = partPath.lastIndexOf('/');
  const dir = slash < 0 ? '' : partPath.slice(0, slash);
  const xml = zip.text(`${dir ? `${dir}/` : ''}_rels/${partPath.slice(slash + 1)}.rels`);
  if (!xml) return [];
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    if (/\bTargetMode="External"/.test(m[0])) continue;
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id === undefined || !target) continue;
    out.push({ id, type: /\bType="([^"]*)"/.exec(m[0])?.[1] ?? '', target: resolveTarget(dir, decodeXml(target)) });
  }
  return out;
}

export interface WorkbookParts {
  /** The workbook part (normally xl/workbook.xml), null when the package has none. */
  path: string | null;
  xml: string | null;
  /** Worksheets in workbook order. */
  sheets: SheetRef[];
  sharedStrings: string;
  styles: string;
}

/**
 * The workbook part found through the package relationships (`_rels/.rels`, officeDocument), its sheets in
 * workbook order, and the shared-strings and styles parts named by its relationships (absolute or relative
 * targets; defaults xl/sharedStrings.xml and xl/styles.xml).
 */
export function workbookParts(zip: ZipIndex): WorkbookParts {
  let path: string | null = null;
  for (const r of readRels(zip, '')) {
    if (/\/officeDocument$/.test(r.type) && zip.has(r.target)) {
      path = r.target;
      break;
    }
  }
  if (path === null && zip.has('xl/workbook.xml')) path = 'xl/workbook.xml';
  const out: WorkbookParts = { path, xml: null, sheets: [], sharedStrings: 'xl/sharedStrings.xml', styles: 'xl/styles.xml' };
  if (path === null) return out;
  out.xml = zip.text(path);
  if (!out.xml) return out;
  const rels = readRels(zip, path);
  const targets = new Map<string, string>();
  for (const r of rels) {
    targets.set(r.id, r.target);
    if (/\/sharedStrings$/.test(r.type)) out.sharedStrings = r.target;
    else if (/\/styles$/.test(r.type)) out.styles = r.target;
  }
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (const m of out.xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\b\w+:id="([^"]*)"/.exec(m[0])?.[1] ?? '';
    const target = targets.get(rid) ?? '';
    const fileNo = /worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1];
    out.sheets.push({
      name,
      fileNo: fileNo ? Number(fileNo) : null,
      path: target || resolveTarget(dir, `worksheets/sheet${/\bsheetId="(\d+)"/.exec(m[0])?.[1] ?? ''}.xml`),
      hidden: /\bstate="(?:hidden|veryHidden)"/.test(m[0]),
    });
  }
  return out;
}

/** Worksheets in workbook order with their part paths. */
export function listSheets(zip: ZipIndex): SheetRef[] {
  return workbookParts(zip).sheets;
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** Merged ranges of a worksheet part (1-based rows and columns). */
export async function readMerges(zip: ZipIndex, path: string): Promise<MergeRange[]> {
  const out: MergeRange[] = [];
  let tail = '';
  const re = /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;
  await zip.scan(path, (chunk) => {
    const text = tail + chunk;
    let last = 0;
    for (const m of text.matchAll(re)) {
      out.push({ left: colNumber(m[1]!), top: Number(m[2]), right: colNumber(m[3]!), bottom: Number(m[4]) });
      last = m.index + m[0].length;
    }
    // keep a tail so that a tag split across chunks is still found
    const keepFrom = Math.max(last, text.length - 200);
    tail = text.slice(keepFrom);
  });
  return out;
}

/**
 * Shared strings without phonetic runs (<rPh>): the ExcelJS streaming reader keeps the LAST <t> of an
 * <si>, which for a string with a phonetic guide is the guide, not the text. Rich-text runs are joined.
 */
export function readSharedStrings(zip: ZipIndex, path = 'xl/sharedStrings.xml'): string[] | null {
  const xml = zip.text(path);
  return xml === null ? null : sharedStringsOf(xml);
}

/** The local name of a tag's text (`x:si a="1"` → `si`). */
function localName(tag: string): string {
  let end = 0;
  while (end < tag.length && !' \t\r\n/'.includes(tag[end] as string)) end++;
  const name = tag.slice(0, end);
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * The strings of a sharedStrings part, in one forward pass over its tags (indexOf only, no regular expression over
 * the text: linear in the part's length whatever it holds, unclosed tags included). The text of every <t> inside an
 * <si>, outside <rPh>, joined; `<si/>` is an empty string.
 */
export function sharedStringsOf(xml: string): string[] {
  return siTexts(xml, true);
}

/** sharedStringsOf's pass; `decode: false` keeps entities as written (text put back into XML). */
export function siTexts(xml: string, decode: boolean): string[] {
  const out: string[] = [];
  let inSi = false;
  let rph = 0;
  let tFrom = -1;
  let text = '';
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) break;
      if (tFrom >= 0) text += xml.slice(tFrom, lt) + xml.slice(lt + 9, end);
      if (tFrom >= 0) tFrom = end + 3;
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt + 1);
    if (gt < 0) break;
    const closing = xml[lt + 1] === '/';
    const body = xml.slice(closing ? lt + 2 : lt + 1, gt);
    const selfClosing = !closing && body.endsWith('/');
    const name = localName(body);
    if (name === 't' && closing) {
      if (tFrom >= 0) text += xml.slice(tFrom, lt);
      tFrom = -1;
    } else if (name === 't' && !selfClosing && inSi && rph === 0) {
      tFrom = gt + 1;
    } else if (name === 'rPh' && !selfClosing) {
      rph = closing ? Math.max(0, rph - 1) : rph + 1;
    } else if (name === 'si') {
      if (closing || selfClosing) {
        if (closing ? inSi : true) out.push(decode && text.includes('&') ? decodeXml(text) : text);
        inSi = false;
      } else inSi = true;
      text = '';
      tFrom = -1;
      rph = 0;
    }
    i = gt + 1;
  }
  return out;
}
