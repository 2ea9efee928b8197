/**
 * Header detection (docs/domain/forms.md §2–§4): the header row among the first rows of a sheet, a second header level
 * (merged group labels), the units / column-number row under it, and the header block above it
 * (填报单位, 统一社会信用代码, 填报日期 …). Reader-independent: the CSV and XLSX readers feed rows of cells here.
 */

import {
  IMPORT_HEADER_BLOCK_LABELS,
  IMPORT_INITIAL_VERIFICATION_HEADERS,
  IMPORT_ORG_KIND_ALIASES,
  IMPORT_SEQ_OR_SERIAL_HEADER,
  type LedgerImportKey,
} from '@qiangjian/shared/data';
import { type Cell, cellText, isBlankCell, parseDate } from '../../../lib/sheets/cells.js';
import type { RawRow } from '../../../lib/sheets/raw-row.js';
import { cleanText, compactText, normalizeHeader } from '../../../lib/sheets/text.js';
import { type HeaderMatch, matchHeader, matchTwoLevel } from './header-match.js';
import { type ColumnInfo, type HeaderBlock, issue, type RowIssue } from './parse-types.js';
import { aliasLookup } from './parse-values.js';

const PRIMARY_ANCHORS: ReadonlySet<string> = new Set(['serialNo', 'instrumentName', 'fallbackSerial']);

function rowTexts(r: RawRow): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.cells.length; i++) out.push(cleanText(cellText(r.cells[i])));
  return out;
}

/**
 * A user's column mapping (docs/LEDGER.md "Column mapping"): a file column's header as the file shows it → the field
 * it fills, or '' for "not imported". It wins over the aliases; headers compare normalised (`normalizeHeader`).
 */
export type ColumnMapping = Readonly<Record<string, string>>;

/** The mapping keyed by normalised header. */
export function normalizedMapping(mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, k] of Object.entries(mapping)) out[normalizeHeader(h)] = k;
  return out;
}

/** An organization's saved mapping, applied when a row of the file has its header signature. */
export interface MappingTemplate {
  id: number;
  name: string;
  signature: string;
  mapping: ColumnMapping;
}

/** The signature of a header row: its normalised non-empty texts in order (what makes two files "the same header"). */
export function rowSignature(texts: readonly string[]): string {
  return texts
    .map((x) => normalizeHeader(x))
    .filter((x) => x.length > 0)
    .join('|');
}

type Matcher = (text: string) => HeaderMatch;

function mappedMatcher(mapping: ColumnMapping | undefined): Matcher {
  if (!mapping || Object.keys(mapping).length === 0) return matchHeader;
  return (text) => {
    const n = normalizeHeader(text);
    if (Object.hasOwn(mapping, n)) {
      const key = mapping[n];
      return key ? { key: key as LedgerImportKey, matched: n } : { key: null };
    }
    return matchHeader(text);
  };
}

function knownCount(texts: string[], match: Matcher = matchHeader): { count: number; anchor: boolean } {
  let count = 0;
  let anchor = false;
  for (const tx of texts) {
    if (!tx) continue;
    const m = match(tx);
    if (m.key) {
      count++;
      if (PRIMARY_ANCHORS.has(m.key)) anchor = true;
    }
  }
  return { count, anchor };
}

function isHeaderCandidate(texts: string[], match: Matcher = matchHeader, mapped = false): boolean {
  const { count, anchor } = knownCount(texts, match);
  // a row the user mapped needs its anchor (出厂编号) only: the user said what its columns are
  return (count >= 3 || mapped) && anchor;
}

/** The row that most looks like a header (most text cells among the first rows): offered for mapping when none qualifies. */
export function headerCandidate(rows: RawRow[]): string[] {
  let best: string[] = [];
  for (const r of rows) {
    const texts = rowTexts(r);
    const n = texts.filter((x) => x && !/^[\d.\-/: ]+$/.test(x)).length;
    if (n > best.filter(Boolean).length) best = texts;
  }
  return best.filter((x) => x.length > 0);
}

/** Whether `childRow` is a second header level under `parentRow` (two-level merged headers). */
function isChildHeaderRow(parent: string[], child: string[], parentHasHMerge: boolean): boolean {
  let childKnown = 0;
  let group = '';
  const width = Math.max(parent.length, child.length);
  for (let j = 0; j < width; j++) {
    const p = parent[j] ?? '';
    const c = child[j] ?? '';
    if (p) group = matchHeader(p).key ? '' : p;
    if (!c || c === p) continue;
    // data under a recognised single-level header → this is a data row
    if (p && matchHeader(p).key && !parentHasHMerge) return false;
    if (matchTwoLevel(p || group, c).key) childKnown++;
    else if (p && matchHeader(p).key) return false;
  }
  return childKnown >= 1;
}

function hasHeaderBlockLabel(texts: string[]): boolean {
  for (const tx of texts) {
    if (!tx) continue;
    const n = normalizeHeader(tx);
    for (const { labels } of IMPORT_HEADER_BLOCK_LABELS) {
      for (const l of labels) if (n.startsWith(normalizeHeader(l))) return true;
    }
  }
  return false;
}

export interface HeaderLayout {
  headerRow: number;
  dataStartRow: number;
  /** Index in the buffered rows of the first data row. */
  dataIndex: number;
  columns: ColumnInfo[];
  headerBlock: HeaderBlock;
  fileIssues: RowIssue[];
  /** Columns whose header marks the verification as initial (首检日期). */
  initialVerification: boolean;
  /** Every text of the header row(s), normalised: a data row made of them is the header repeated (a pasted page). */
  headerTexts: ReadonlySet<string>;
  /** The header row's signature (`rowSignature`): the key a saved mapping is found by. */
  signature: string;
  /** The saved mapping applied because the file's header has its signature. */
  template?: { id: number; name: string };
  /** The mapping applied (given, or the template's). */
  mapping?: ColumnMapping;
}

/**
 * Finds the header row among the first buffered rows; null when none qualifies.
 * `rows` must hold at least the candidate rows plus one row after them.
 */
export function detectHeader(
  rows: RawRow[],
  opts: { mapping?: ColumnMapping; templates?: readonly MappingTemplate[] } = {},
): HeaderLayout | null {
  const texts = rows.map(rowTexts);
  let mapping = opts.mapping;
  let template: MappingTemplate | undefined;
  // a saved mapping of this organization whose header is a row of the file (the user's own mapping wins)
  if (!mapping && opts.templates?.length) {
    for (const tx of texts) {
      const sig = rowSignature(tx);
      template = sig ? opts.templates.find((x) => x.signature === sig) : undefined;
      if (template) break;
    }
    mapping = template?.mapping;
  }
  const norm = mapping ? normalizedMapping(mapping) : undefined;
  const match = mappedMatcher(norm);
  let idx = -1;
  for (let i = 0; i < rows.length; i++) {
    const mapped = !!norm && texts[i]!.some((x) => x && Object.hasOwn(norm, normalizeHeader(x)));
    if (isHeaderCandidate(texts[i]!, match, mapped)) {
      idx = i;
      break;
    }
  }
  if (idx < 0) return null;
  let parentIdx = -1;
  let childIdx = -1;
  const hasHMerge = (i: number) => (rows[i]?.hSlaves?.size ?? 0) > 0;
  // the row below is a second header level?
  if (
    idx + 1 < rows.length &&
    rows[idx + 1]!.row === rows[idx]!.row + 1 &&
    isChildHeaderRow(texts[idx]!, texts[idx + 1]!, hasHMerge(idx))
  ) {
    parentIdx = idx;
    childIdx = idx + 1;
  } else if (
    idx > 0 &&
    rows[idx - 1]!.row === rows[idx]!.row - 1 &&
    !hasHeaderBlockLabel(texts[idx - 1]!) &&
    isParentOf(texts[idx - 1]!, texts[idx]!)
  ) {
    parentIdx = idx - 1;
    childIdx = idx;
  }
  const firstHeaderIdx = parentIdx >= 0 ? parentIdx : idx;
  const lastHeaderIdx = childIdx >= 0 ? childIdx : idx;
  const parentTexts = parentIdx >= 0 ? texts[parentIdx]! : null;
  const childTexts = childIdx >= 0 ? texts[childIdx]! : texts[idx]!;
  const parentRaw = parentIdx >= 0 ? rows[parentIdx]! : null;
  const childRaw = childIdx >= 0 ? rows[childIdx]! : rows[idx]!;

  const width = Math.max(parentTexts?.length ?? 0, childTexts.length);
  const columns: ColumnInfo[] = [];
  const fileIssues: RowIssue[] = [];
  const seen = new Map<string, ColumnInfo>();
  const fallbackCols: ColumnInfo[] = [];
  let lastParent = '';
  for (let j = 0; j < width; j++) {
    // the right-hand part of a horizontally merged header is not a column of its own: its data
    // cells are joined to the merge's first column (楼号 | 单元 under one 安装地点)
    const childText = childTexts[j] ?? '';
    const slave = parentRaw
      ? parentRaw.hSlaves?.has(j) && (childRaw.hSlaves?.has(j) || !childText || childText === (parentTexts?.[j] ?? ''))
      : childRaw.hSlaves?.has(j);
    if (slave) {
      const owner = columns[columns.length - 1];
      if (owner) {
        owner.spans ??= [];
        owner.spans.push(j);
      }
      continue;
    }
    const rawParent = parentRaw ? cellText(parentRaw.cells[j]).trim() : '';
    const rawChild = cellText(childRaw.cells[j]).trim();
    let p = parentTexts?.[j] ?? '';
    const c = childTexts[j] ?? '';
    // CSV / unmerged group label: an empty parent cell continues the group label on its left
    if (parentTexts) {
      if (p) lastParent = matchHeader(p).key ? '' : rawParent;
      else if (c && lastParent) p = cleanText(lastParent);
    }
    let header: string;
    let match: HeaderMatch;
    if (parentTexts && p && c && c !== p) {
      header = `${rawParent || lastParent}/${rawChild}`;
      match = matchTwoLevel(p, c);
    } else if (c) {
      header = rawChild || rawParent;
      match = matchHeader(c);
    } else if (p && parentTexts?.[j]) {
      header = rawParent;
      match = matchHeader(p);
    } else {
      header = '';
      match = { key: null };
    }
    if (norm && header) {
      // the user's mapping names the column by its header as shown (`parent/child` for two levels) or by its own text
      const n = normalizeHeader(header);
      const own = normalizeHeader(c || p);
      const hit = Object.hasOwn(norm, n) ? norm[n] : Object.hasOwn(norm, own) ? norm[own] : undefined;
      if (hit !== undefined) match = hit ? { key: hit as LedgerImportKey, matched: n } : { key: null };
    }
    const col: ColumnInfo = { index: j, header, key: null };
    if (match.unitHint) col.unitHint = match.unitHint;
    // 编号 beside a 序号 column, or under a group label (出厂信息/编号), names the instrument, not the row
    const bianhao = match.key === 'seq' && normalizeHeader(rawChild || rawParent) === normalizeHeader(IMPORT_SEQ_OR_SERIAL_HEADER);
    if (bianhao && (seen.has('seq') || header.includes('/'))) {
      fallbackCols.push(col);
    } else if (match.key === 'fallbackSerial') {
      fallbackCols.push(col);
    } else if (match.key) {
      const first = seen.get(match.key);
      if (first) {
        fileIssues.push(issue(0, header, match.key, 'duplicate_column', { first: first.header }));
      } else {
        col.key = match.key;
        seen.set(match.key, col);
      }
    }
    if (header || match.key) columns.push(col);
  }
  if (!seen.has('serialNo') && fallbackCols.length > 0) {
    const col = fallbackCols[0]!;
    col.key = 'serialNo';
    seen.set('serialNo', col);
    fileIssues.push(issue(0, col.header, 'serialNo', 'fallback_serial_column'));
  }
  // 编号 is a row number only while it holds 1…n; with other values and no serial column it is the serial
  const seqCol = seen.get('seq');
  if (seqCol && !seen.has('serialNo') && normalizeHeader(seqCol.header) === normalizeHeader(IMPORT_SEQ_OR_SERIAL_HEADER)) {
    const values: string[] = [];
    for (let i = lastHeaderIdx + 1; i < rows.length; i++) {
      const v = cleanText(cellText(rows[i]!.cells[seqCol.index]));
      if (v) values.push(v);
    }
    // row numbers are short (a meter number such as 150610001976 is not one, even when they run on)
    const numbered = values.every((v, i) => /^\d{1,6}$/.test(v) && (i === 0 || Number(v) === Number(values[i - 1]) + 1));
    if (values.length > 0 && !numbered) {
      seqCol.key = 'serialNo';
      seen.delete('seq');
      seen.set('serialNo', seqCol);
      fileIssues.push(issue(0, seqCol.header, 'serialNo', 'fallback_serial_column'));
    }
  }
  const initialHeaders = new Set(IMPORT_INITIAL_VERIFICATION_HEADERS.map(normalizeHeader));
  const vd = seen.get('verificationDate');
  let initialVerification = false;
  if (vd) {
    const n = normalizeHeader(vd.header);
    const child = n.includes('/') ? n.slice(n.lastIndexOf('/') + 1) : n;
    initialVerification = initialHeaders.has(n) || initialHeaders.has(child);
  }
  const headerBlock = parseHeaderBlock(rows.slice(0, firstHeaderIdx));
  // a units row ((mm), (m³/h)) or a column-number row (1, 2, 3 …) right under the header is not data
  let dataIndex = lastHeaderIdx + 1;
  const next = rows[dataIndex];
  if (next && next.row === rows[lastHeaderIdx]!.row + 1) {
    const units = unitRow(next);
    if (units) {
      for (const col of columns) {
        const u = units.get(col.index);
        if (u && !col.unitHint) col.unitHint = u;
      }
      dataIndex++;
    } else if (isColumnNumberRow(next)) dataIndex++;
  }
  const headerTexts = new Set<string>();
  for (let i = firstHeaderIdx; i <= lastHeaderIdx; i++) {
    for (const c of rows[i]!.cells) {
      const k = headerTextKey(c);
      if (k) headerTexts.add(k);
    }
  }
  return {
    headerRow: rows[firstHeaderIdx]!.row,
    dataStartRow: rows[dataIndex - 1]!.row + 1,
    dataIndex,
    columns,
    headerBlock,
    fileIssues,
    initialVerification,
    headerTexts,
    signature: rowSignature(texts[idx]!),
    ...(template ? { template: { id: template.id, name: template.name } } : {}),
    ...(mapping ? { mapping } : {}),
  };
}

/** A header cell's text as compared with data rows (spaces and case ignored); '' for a blank or non-text cell. */
export function headerTextKey(c: Cell): string {
  return typeof c === 'string' ? compactText(c).toLowerCase() : '';
}

/** A row right under a repeated header that repeats the units row or the column numbers. */
export function isHeaderAppendix(r: RawRow): boolean {
  return isColumnNumberRow(r) || unitRow(r) !== null;
}

const BRACKETED = /^[([【〔](.*)[)\]】〕]$/;

/** Every non-empty cell is a bracketed unit such as (mm) → column index → unit. */
function unitRow(r: RawRow): Map<number, string> | null {
  const out = new Map<number, string>();
  for (let j = 0; j < r.cells.length; j++) {
    const c = r.cells[j];
    if (isBlankCell(c)) continue;
    if (typeof c !== 'string') return null;
    const m = BRACKETED.exec(c.normalize('NFKC').trim());
    if (!m) return null;
    out.set(j, m[1]!.trim());
  }
  return out.size > 0 ? out : null;
}

/** 1, 2, 3 … (≥3 consecutive column numbers starting at 1, nothing else). */
function isColumnNumberRow(r: RawRow): boolean {
  let expect = 1;
  for (let j = 0; j < r.cells.length; j++) {
    const c = r.cells[j];
    if (isBlankCell(c)) continue;
    const n = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : NaN;
    if (n !== expect) return false;
    expect++;
  }
  return expect > 3;
}

/** `parent` (the row above a header candidate) carries group labels over `child`. */
function isParentOf(parent: string[], child: string[]): boolean {
  let verticalKnown = 0;
  let groups = 0;
  const width = Math.max(parent.length, child.length);
  for (let j = 0; j < width; j++) {
    const p = parent[j] ?? '';
    const c = child[j] ?? '';
    if (!p) continue;
    const pk = matchHeader(p).key;
    if (pk && (!c || c === p)) verticalKnown++;
    else if (!pk && c && c !== p) groups++;
    else if (pk && c && c !== p) return false;
  }
  return verticalKnown >= 1 && groups >= 1;
}

// ---------------------------------------------------------------------------------------------
// Header block (填报单位, 统一社会信用代码, 填报日期 … above the header row)

interface LabelEntry {
  field: keyof HeaderBlock;
  label: string;
}
let labelEntries: LabelEntry[] | null = null;
function headerLabels(): LabelEntry[] {
  if (labelEntries) return labelEntries;
  const list: LabelEntry[] = [];
  for (const { field, labels } of IMPORT_HEADER_BLOCK_LABELS) {
    for (const l of labels) list.push({ field: field as keyof HeaderBlock, label: normalizeHeader(l) });
  }
  list.sort((a, b) => b.label.length - a.label.length);
  labelEntries = list;
  return list;
}

const orgKindOf = aliasLookup<string>(IMPORT_ORG_KIND_ALIASES);

export function parseHeaderBlock(rows: RawRow[]): HeaderBlock {
  const block: HeaderBlock = {};
  const labels = headerLabels();
  for (const r of rows) {
    const cells = r.cells.map((c) => cellText(c));
    for (let j = 0; j < cells.length; j++) {
      const text = cells[j]!.normalize('NFKC').trim();
      if (!text) continue;
      // a cell may hold several `label: value` pairs
      const found: Array<{ pos: number; end: number; field: keyof HeaderBlock }> = [];
      const squeezed = text.replace(/\s+/g, ' ');
      const lower = squeezed.toLowerCase();
      for (const { field, label } of labels) {
        let from = 0;
        for (;;) {
          const pos = lower.indexOf(label, from);
          if (pos < 0) break;
          from = pos + label.length;
          const overlap = found.some((f) => pos < f.end && pos + label.length > f.pos);
          if (overlap) continue;
          // a label is followed by a colon, the end of the cell, or stands at the cell start
          const after = squeezed.slice(pos + label.length).trimStart();
          if (!(after.startsWith(':') || after.length === 0 || pos === 0)) continue;
          found.push({ pos, end: pos + label.length, field });
        }
      }
      if (found.length === 0) continue;
      found.sort((a, b) => a.pos - b.pos);
      for (let k = 0; k < found.length; k++) {
        const f = found[k]!;
        const next = k + 1 < found.length ? found[k + 1]!.pos : squeezed.length;
        let value = squeezed
          .slice(f.end, next)
          .replace(/^\s*:\s*/, '')
          .trim();
        if (!value && k === found.length - 1) {
          // label alone in its cell: the value is the next non-empty cell of the row
          for (let q = j + 1; q < cells.length; q++) {
            const v = cells[q]!.trim();
            if (v) {
              if (!headerLabels().some((l) => normalizeHeader(v).startsWith(l.label))) value = cleanText(v);
              break;
            }
          }
        }
        value = value.replace(/^[:]\s*/, '').trim();
        if (value && block[f.field] === undefined) block[f.field] = value;
      }
    }
  }
  if (block.creditCode) block.creditCode = compactText(block.creditCode).toUpperCase();
  if (block.orgKind) block.orgKind = orgKindOf(block.orgKind) ?? block.orgKind;
  if (block.reportDate) {
    const d = parseDate(block.reportDate);
    if (d.ok) block.reportDate = d.date;
  }
  return block;
}
