/**
 * The per-row converter (docs/domain/forms.md §2–§4): trailer, repeated-header and section rows, then one raw row → a
 * ParsedLedgerRow with normalised values, errors and warnings; in-file duplicates. The header comes from
 * detect-header.ts.
 */

import type { Category, Conclusion, GasMedium, OwnershipType, Purpose, SubmissionMode } from '@qiangjian/shared';
import { CIVIL_METER_CATEGORIES, enumLabel, MANDATORY_CATEGORIES, t } from '@qiangjian/shared';
import {
  IMPORT_CATALOGUE_BY_CATEGORY,
  IMPORT_CATALOGUE_TYPE_VARIANTS,
  IMPORT_CATEGORY_BY_ORG_KIND,
  IMPORT_CONCLUSION_ALIASES,
  IMPORT_DURATION_WORDS,
  IMPORT_GAS_MEDIUM_ALIASES,
  IMPORT_ORIGIN_ALIASES,
  IMPORT_OWNERSHIP_ALIASES,
  IMPORT_PURPOSE_ALIASES,
  IMPORT_REMOVAL_REASON_ALIASES,
  IMPORT_SECTION_MARKS,
  IMPORT_SECTION_NUMERALS,
  IMPORT_STATE_ALIASES,
  IMPORT_SUBMISSION_MODE_ALIASES,
  IMPORT_TRAILER_EXACT_TEXTS,
  IMPORT_TRAILER_PREFIXES,
  LEDGER_HEADER_ALIASES,
} from '@qiangjian/shared/data';
import { type Cell, cellText, isBlankCell, parseDate } from '../../../lib/sheets/cells.js';
import type { RawRow } from '../../../lib/sheets/raw-row.js';
import { cleanText, compactText, valueKey } from '../../../lib/sheets/text.js';
import { headerTextKey } from './detect-header.js';
import {
  type ColumnInfo,
  type DivisionResolver,
  issue,
  type LedgerImportKey,
  type LedgerRowValues,
  type ParsedLedgerRow,
  type RowIssue,
  type VerificationValues,
} from './parse-types.js';
import {
  aliasLookup,
  categoryFromName,
  electricityClassOf,
  gRatingFromModel,
  normalizeSerial,
  parseCaliber,
  parseCount,
  parseGRating,
  parseQ3,
  parseValidity,
  validUntilFromDuration,
} from './parse-values.js';

// ---------------------------------------------------------------------------------------------
// Trailer rows (合计, 小计, 填表说明, 备注：, signatures) and blank rows

const TRAILER_EXACT = new Set(IMPORT_TRAILER_EXACT_TEXTS.map(valueKey));
const TRAILER_PREFIX_KEYS = IMPORT_TRAILER_PREFIXES.map((p) => compactText(p).toLowerCase());

export type RowKind = 'blank' | 'data' | 'trailer' | 'trailerStart' | 'header' | 'section';
const DATA = { kind: 'data' as RowKind };

function startsWithTotal(k: string): boolean {
  for (const w of TRAILER_EXACT) {
    if (k.startsWith(w)) {
      const next = k.charCodeAt(w.length);
      if (Number.isNaN(next) || next === 58 || (next >= 48 && next <= 57)) return true;
    }
  }
  return false;
}

/** First characters of every trailer word: a quick negative test before any normalisation. */
let trailerFirstChars: Set<number> | null = null;

function isTrailerText(s: string): boolean {
  if (!trailerFirstChars) {
    trailerFirstChars = new Set<number>();
    for (const w of [...TRAILER_EXACT, ...TRAILER_PREFIX_KEYS]) trailerFirstChars.add(w.charCodeAt(0));
  }
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  const c = s.charCodeAt(i);
  // plain ASCII/CJK first characters that start no trailer word cannot be a trailer
  if (((c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff)) && !trailerFirstChars.has(c >= 65 && c <= 90 ? c + 32 : c)) return false;
  const k = compactText(s).toLowerCase();
  if (TRAILER_EXACT.has(k.replace(/[:]+$/, '')) || startsWithTotal(k)) return true;
  for (const p of TRAILER_PREFIX_KEYS) if (k.startsWith(p)) return true;
  return false;
}

/** A cell that starts with a short label and a colon (a signature such as `<label>:<name>`). */
const SIGNATURE_LABEL = /^[^:：]{1,8}[:：]/;

// ---------------------------------------------------------------------------------------------
// Row converter

type Values = Partial<LedgerRowValues>;

/** Per-row scratch state; a class so every row has the same shape. */
class RowState {
  values: Values = {};
  ver: VerificationValues = {};
  errors: RowIssue[] = [];
  warnings: RowIssue[] = [];
  catalogueItem: { text: string; col: ColumnInfo } | undefined = undefined;
  catalogueType: { text: string; col: ColumnInfo } | undefined = undefined;
  accuracyText: { text: string; col: ColumnInfo } | undefined = undefined;
  validity: { months?: number; rangeFrom?: string; col: ColumnInfo; text: string } | undefined = undefined;
  nozzleCol: ColumnInfo | undefined = undefined;
  quantityCol: ColumnInfo | undefined = undefined;
  /** The state column's value as read: `in_service` / `suspended` / `removed` / `scrapped`; undefined when the cell is blank. */
  state: 'in_service' | 'suspended' | 'removed' | 'scrapped' | undefined = undefined;
  serialBlank = true;
  nameBlank = true;
  constructor(readonly row: number) {}
}

type Converter = (cell: Cell, st: RowState) => void;

const SOFT_KEYS: ReadonlySet<LedgerImportKey> = new Set([
  'model',
  'measuringRange',
  'accuracyClass',
  'manufacturer',
  'origin',
  'location',
  'purpose',
  'submissionMode',
]);

const purposeOf = aliasLookup<Purpose>(IMPORT_PURPOSE_ALIASES);
const originOf = aliasLookup<'domestic' | 'imported'>(IMPORT_ORIGIN_ALIASES);
const submissionOf = aliasLookup<SubmissionMode>(IMPORT_SUBMISSION_MODE_ALIASES);
const mediumOf = aliasLookup<GasMedium>(IMPORT_GAS_MEDIUM_ALIASES);
const ownershipOf = aliasLookup<OwnershipType>(IMPORT_OWNERSHIP_ALIASES);
const conclusionExact = aliasLookup<Conclusion>(IMPORT_CONCLUSION_ALIASES);
const stateOf = aliasLookup<'in_service' | 'suspended' | 'removed' | 'scrapped'>(IMPORT_STATE_ALIASES);
const removalReasonOf = aliasLookup<'rotation' | 'inaccurate' | 'failed' | 'damaged'>(IMPORT_REMOVAL_REASON_ALIASES);
const FAILED_WORDS = IMPORT_CONCLUSION_ALIASES.failed.map(valueKey);
const PASSED_WORDS = IMPORT_CONCLUSION_ALIASES.passed.map(valueKey);

function conclusionOf(text: string): Conclusion | null {
  const exact = conclusionExact(text);
  if (exact) return exact;
  const k = valueKey(text);
  if (FAILED_WORDS.some((w) => k.includes(w))) return 'failed';
  if (PASSED_WORDS.some((w) => k.includes(w))) return 'passed';
  return null;
}

/** Small bounded memo for columns with few distinct values (names, enumerations, dates). */
function memo<R>(fn: (s: string) => R, cap = 20000): (s: string) => R {
  const m = new Map<string, R>();
  return (s) => {
    let r = m.get(s);
    if (r === undefined && !m.has(s)) {
      r = fn(s);
      if (m.size < cap) m.set(s, r);
    }
    return r as R;
  };
}

export interface ConverterOptions {
  resolveDivision?: DivisionResolver;
  initialVerification: boolean;
  /** The header's texts (HeaderLayout.headerTexts): rows repeating them are skipped. */
  headerTexts?: ReadonlySet<string>;
  /** The importing organization's kind (category from the organization, categories it may import). */
  orgKind?: string;
  /** The import day: the removal date of a leaving state without a date. */
  importDay?: string;
}

/** Mandatory categories an organization kind may not import (docs/domain/forms.md §4 "Category against the organization"). */
function forbiddenCategories(orgKind: string | undefined): ReadonlySet<Category> {
  if (!orgKind) return new Set();
  const own = IMPORT_CATEGORY_BY_ORG_KIND[orgKind];
  if (own) return new Set(MANDATORY_CATEGORIES.filter((c) => c !== own));
  if (orgKind === 'gas_station') return new Set(CIVIL_METER_CATEGORIES);
  return new Set();
}

const SECTION_HEADING = new RegExp(
  `^[(（]?[${IMPORT_SECTION_NUMERALS}]+[${IMPORT_SECTION_MARKS.map((m) => m.replace(/[\]\\^-]/g, '\\$&')).join('')}]`,
);

const SERIAL_HEADER = LEDGER_HEADER_ALIASES.serialNo[0]!;
const NAME_HEADER = LEDGER_HEADER_ALIASES.instrumentName[0]!;

/** Limited-use (first-only) mode defaults for the verification kind (docs/domain/regulations.md §2). */
function isLimitedUse(v: Values): boolean {
  switch (v.category) {
    case 'water_meter':
      return !((v.caliberDn ?? 0) > 50 || (v.q3 ?? 0) > 16);
    case 'gas_meter': {
      const g = v.gRating ? Number(v.gRating.slice(1)) : 0;
      return !(g > 16);
    }
    case 'electricity_meter':
      return !(v.accuracyClass === '0.5S' || v.accuracyClass === '0.2S');
    default:
      return false;
  }
}

const assumedIssues = new Map<string, RowIssue>();

/** Precompiled per-column converters; `convert` turns one raw row into a ParsedLedgerRow. */
export class RowConverter {
  private readonly converters: Array<Converter | null>;
  private readonly forbidden: ReadonlySet<Category>;
  /** The category every row takes because the file has no name column and the organization's kind implies one. */
  readonly orgCategory: Category | undefined;
  private readonly keyCols = new Map<LedgerImportKey, ColumnInfo>();
  private readonly seqIndex: number;
  private readonly nameIndex: number;
  private readonly rowClass: new () => ParsedLedgerRow;
  private readonly softAt: Array<ColumnInfo | null>;

  constructor(
    readonly columns: ColumnInfo[],
    private readonly opts: ConverterOptions,
  ) {
    const width = columns.reduce((m, c) => Math.max(m, c.index + 1), 0);
    this.converters = new Array<Converter | null>(width).fill(null);
    for (const col of columns) {
      if (!col.key) continue;
      this.keyCols.set(col.key, col);
      this.converters[col.index] = this.build(col);
    }
    this.forbidden = forbiddenCategories(opts.orgKind);
    // no name column: the category the organization's kind implies (a water utility's list of serials)
    this.orgCategory = this.keyCols.has('instrumentName') ? undefined : (IMPORT_CATEGORY_BY_ORG_KIND[opts.orgKind ?? ''] ?? undefined);
    this.seqIndex = this.keyCols.get('seq')?.index ?? -1;
    this.nameIndex = this.keyCols.get('instrumentName')?.index ?? -1;
    this.spanned = columns.filter((c) => c.key !== null && c.spans !== undefined);
    const cols = columns;
    this.rowClass = class implements ParsedLedgerRow {
      row = 0;
      cells: string[] = [];
      values: Values = {};
      errors: RowIssue[] = [];
      warnings: RowIssue[] = [];
      get raw(): Record<string, string> {
        const out: Record<string, string> = {};
        for (const c of cols) if (c.header) out[c.header] = this.cells[c.index] ?? '';
        return out;
      }
    };
    for (const col of columns) if (!this.colOrder.has(col.header)) this.colOrder.set(col.header, col.index);
    this.softAt = new Array<ColumnInfo | null>(width).fill(null);
    for (const col of columns) if (col.key && SOFT_KEYS.has(col.key)) this.softAt[col.index] = col;
  }

  private readonly colOrder = new Map<string, number>();
  /** Issues in column order (file-wide issues without a column last). */
  private readonly byColumn = (a: RowIssue, b: RowIssue): number =>
    (a.column === null ? 1e9 : (this.colOrder.get(a.column) ?? 1e8)) - (b.column === null ? 1e9 : (this.colOrder.get(b.column) ?? 1e8));

  private readonly spanned: ColumnInfo[];

  /** Cells under a header merged across several columns are joined (space-separated) into the first. */
  private joinSpans(r: RawRow): void {
    for (const col of this.spanned) {
      const parts: string[] = [];
      const first = r.cells[col.index];
      if (!isBlankCell(first) && !r.hSlaves?.has(col.index)) parts.push(cellText(first).trim());
      for (const j of col.spans!) {
        const c = r.cells[j];
        if (!isBlankCell(c) && !r.hSlaves?.has(j)) parts.push(cellText(c).trim());
      }
      if (parts.length > 1) {
        while (r.cells.length <= col.index) r.cells.push(undefined);
        r.cells[col.index] = parts.join(' ');
      }
    }
  }

  /** Missing soft columns (file-level warning). */
  missingSoftColumns(): string[] {
    const out: string[] = [];
    for (const k of SOFT_KEYS) if (!this.keyCols.has(k)) out.push(LEDGER_HEADER_ALIASES[k][0]!);
    return out;
  }

  column(key: LedgerImportKey): ColumnInfo | undefined {
    return this.keyCols.get(key);
  }

  /** First characters a repeated header text or a section heading can start with (a quick negative test). */
  private suspectFirst: Set<number> | null = null;

  /** Whether a name cell may be a header text or a section heading (then the row is classified the slow way). */
  private maybeHeading(n: string): boolean {
    if (!this.suspectFirst) {
      const set = new Set<number>();
      for (const k of this.opts.headerTexts ?? []) {
        set.add(k.charCodeAt(0));
        set.add(k.toUpperCase().charCodeAt(0));
      }
      for (const ch of `${IMPORT_SECTION_NUMERALS}(（`) set.add(ch.charCodeAt(0));
      this.suspectFirst = set;
    }
    const c = n.charCodeAt(0);
    if (c > 32 && c !== 0x3000 && !this.suspectFirst.has(c)) return false;
    return (this.opts.headerTexts?.has(headerTextKey(n)) ?? false) || SECTION_HEADING.test(n.trim());
  }

  /** Classifies a row: blank (skip uncounted), trailer (skip with warning) or data. */
  classify(r: RawRow, inTrailer: boolean): { kind: RowKind; text?: string } {
    // fast path: a name cell that is not a trailer text ⇒ data
    if (!inTrailer && this.nameIndex >= 0) {
      const n = r.cells[this.nameIndex];
      const lead = r.cells[0];
      const labelled = typeof lead === 'string' && /[:：]\s*$/.test(lead);
      if (
        typeof n === 'string' &&
        n.length > 0 &&
        !labelled &&
        !isBlankCell(n) &&
        !r.hSlaves?.has(this.nameIndex) &&
        !isTrailerText(n) &&
        !this.maybeHeading(n)
      ) {
        return DATA;
      }
    }
    const texts: string[] = [];
    let numeric = 0;
    for (let j = 0; j < r.cells.length; j++) {
      const c = r.cells[j];
      if (isBlankCell(c)) continue;
      if (r.hSlaves?.has(j)) continue;
      if (typeof c === 'number' || (typeof c === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(c))) {
        if (j !== this.seqIndex) numeric++;
        continue;
      }
      texts.push(cellText(c));
    }
    if (texts.length === 0) return { kind: numeric === 0 ? 'blank' : 'data' };
    // the header again (a second page pasted below the first): most texts are header texts, nothing else in the row
    const headers = this.opts.headerTexts;
    if (headers && texts.length >= 2 && numeric === 0) {
      let same = 0;
      for (const x of texts) if (headers.has(compactText(x).toLowerCase())) same++;
      if (same >= 2 && same * 5 >= texts.length * 4) return { kind: 'header', text: texts.join(' ').trim() };
    }
    // a section heading (一、居民水表 / （二）加油机) alone in its row, with no serial number
    if (texts.length === 1 && numeric === 0 && SECTION_HEADING.test(texts[0]!.trim())) {
      const serial = this.keyCols.get('serialNo');
      if (!serial || isBlankCell(r.cells[serial.index]) || r.hSlaves?.has(serial.index)) return { kind: 'section', text: texts[0]!.trim() };
    }
    const first = compactText(texts[0]!).toLowerCase();
    if (texts.length === 1 && TRAILER_EXACT.has(valueKey(texts[0]!))) return { kind: 'trailer', text: texts[0]!.trim() };
    // 合计：25台 / 合计 25
    if (texts.length <= 2 && startsWithTotal(first)) return { kind: 'trailer', text: texts.join(' ').trim() };
    if (texts.length <= 2 && numeric === 0) {
      for (const p of TRAILER_PREFIX_KEYS) if (first.startsWith(p)) return { kind: 'trailerStart', text: texts[0]!.trim() };
      if (inTrailer) return { kind: 'trailer', text: texts[0]!.trim() };
    } else if (/[:：]$/.test(texts[0]!.trim()) || SIGNATURE_LABEL.test(texts[0]!.trim())) {
      // a signature line spread over cells: `<label>: | <name> | <date label>: | <date>`, or `<label>:<name> | <label>:<name> | …`
      const serial = this.keyCols.get('serialNo');
      const serialText = serial ? compactText(cellText(r.cells[serial.index])).toLowerCase() : '';
      if (!serialText || serialText === first || TRAILER_PREFIX_KEYS.some((p) => serialText.startsWith(p))) {
        for (const p of TRAILER_PREFIX_KEYS) if (first.startsWith(p)) return { kind: 'trailerStart', text: texts.join(' ').trim() };
      }
    }
    return { kind: 'data' };
  }

  convert(r: RawRow): ParsedLedgerRow {
    if (this.spanned.length > 0) this.joinSpans(r);
    const cells = r.cells;
    const st = new RowState(r.row);
    let allText = r.hSlaves === undefined;
    for (let j = 0; allText && j < cells.length; j++) if (typeof cells[j] !== 'string') allText = false;
    const texts: string[] = allText ? (cells as string[]) : new Array<string>(cells.length);
    for (let j = 0; j < cells.length; j++) {
      let c = cells[j];
      if (!allText) {
        if (r.hSlaves?.has(j)) c = undefined;
        texts[j] = cellText(c);
      }
      const conv = this.converters[j];
      if (!conv) continue;
      if (isBlankCell(c)) {
        const col = this.softAt[j];
        if (col) st.warnings.push(issue(st.row, col.header, col.key!, 'soft_missing'));
        continue;
      }
      conv(c, st);
    }
    for (const col of this.columns) {
      if (col.index >= cells.length && col.key && SOFT_KEYS.has(col.key)) {
        st.warnings.push(issue(st.row, col.header, col.key, 'soft_missing'));
      }
    }
    this.finish(st);
    if (st.errors.length > 1) st.errors.sort(this.byColumn);
    if (st.warnings.length > 1) st.warnings.sort(this.byColumn);
    const out = new this.rowClass();
    out.row = r.row;
    out.cells = texts;
    out.values = st.values;
    out.errors = st.errors;
    out.warnings = st.warnings;
    return out;
  }

  private err(st: RowState, col: ColumnInfo | undefined | null, key: string, code: string, params: Record<string, string | number> = {}) {
    st.errors.push(issue(st.row, col ? col.header : null, key, code, params));
  }

  private warn(st: RowState, col: ColumnInfo | undefined | null, key: string, code: string, params: Record<string, string | number> = {}) {
    st.warnings.push(issue(st.row, col ? col.header : null, key, code, params));
  }

  private build(col: ColumnInfo): Converter | null {
    const key = col.key!;
    const text = (c: Cell) => cleanText(cellText(c));
    const setText = (k: keyof Values) => (c: Cell, st: RowState) => {
      const v = text(c);
      if (v) (st.values as Record<string, unknown>)[k] = v;
    };
    const enumConv = <T>(lookup: (s: string) => T | null, k: keyof Values): Converter => {
      const m = memo(lookup);
      return (c, st) => {
        const s = text(c);
        if (!s) return;
        const v = m(s);
        if (v === null) this.err(st, col, key, 'invalid_value', { value: s });
        else (st.values as Record<string, unknown>)[k] = v;
      };
    };
    const dateConv = (assign: (st: RowState, d: string) => void, monthEnd: boolean): Converter => {
      const m = memo((s: string) => parseDate(s));
      return (c, st) => {
        const r = typeof c === 'string' ? m(c) : parseDate(c);
        if (!r.ok) {
          this.err(st, col, key, 'invalid_date', { value: cellText(c).trim() });
          return;
        }
        if (r.monthOnly) {
          const d = monthEnd ? r.monthOnly.last : r.monthOnly.first;
          this.warn(st, col, key, 'date_month_only', { value: cellText(c).trim(), date: d });
          assign(st, d);
        } else assign(st, r.date);
      };
    };
    switch (key) {
      case 'seq':
        return null;
      case 'instrumentName': {
        const cat = memo((s: string) => categoryFromName(s));
        return (c, st) => {
          const s = text(c);
          if (!s) return;
          st.nameBlank = false;
          st.values.instrumentName = s;
          const category = cat(s);
          if (category) st.values.category = category;
          else this.err(st, col, key, 'unknown_instrument_name', { value: s });
        };
      }
      case 'serialNo':
        return (c, st) => {
          const r = normalizeSerial(c);
          if (!r.ok) {
            st.serialBlank = false;
            this.err(st, col, key, r.code, { value: cellText(c).trim() });
          } else if (r.serial) {
            st.serialBlank = false;
            st.values.serialNo = r.serial;
          }
        };
      case 'catalogueItem':
      case 'catalogueType':
        return (c, st) => {
          const s = text(c);
          if (s) st[key] = { text: s, col };
        };
      case 'accuracyClass':
        return (c, st) => {
          const s = text(c);
          if (s) st.accuracyText = { text: s, col };
        };
      case 'model':
      case 'measuringRange':
      case 'manufacturer':
      case 'location':
      case 'remarks':
      case 'fuelGrade':
      case 'typeApprovalNo':
        return setText(key);
      case 'institution':
        return (c, st) => {
          const s = text(c);
          if (s) st.ver.institution = s;
        };
      case 'certificateNo':
        return (c, st) => {
          const s = text(c);
          if (s) st.ver.certificateNo = s;
        };
      case 'conclusion': {
        const m = memo(conclusionOf);
        return (c, st) => {
          const s = text(c);
          if (!s) return;
          const v = m(s);
          if (v === null) this.err(st, col, key, 'invalid_value', { value: s });
          else st.ver.conclusion = v;
        };
      }
      case 'origin':
        return enumConv(originOf, 'origin');
      case 'purpose':
        return enumConv(purposeOf, 'purpose');
      case 'submissionMode':
        return enumConv(submissionOf, 'submissionMode');
      case 'gasMedium':
        return enumConv(mediumOf, 'gasMedium');
      case 'ownership': {
        const m = memo((s: string) => ownershipOf(s) ?? ('other' as OwnershipType));
        return (c, st) => {
          const s = text(c);
          if (s) st.values.ownership = m(s);
        };
      }
      case 'quantity':
      case 'nozzles': {
        const m = memo(parseCount);
        return (c, st) => {
          const n = typeof c === 'string' ? m(c) : parseCount(c);
          if (n === null || n < 1) {
            this.err(st, col, key, 'invalid_quantity', { value: cellText(c).trim() });
            return;
          }
          if (key === 'quantity') {
            st.values.quantity = n;
            st.quantityCol = col;
          } else {
            st.values.nozzles = n;
            st.nozzleCol = col;
          }
        };
      }
      case 'caliberDn': {
        const m = memo(parseCaliber);
        return (c, st) => {
          const n = typeof c === 'string' ? m(c) : parseCaliber(c);
          if (n === null) this.err(st, col, key, 'invalid_caliber', { value: cellText(c).trim() });
          else st.values.caliberDn = n;
        };
      }
      case 'q3': {
        const m = memo(parseQ3);
        return (c, st) => {
          const n = typeof c === 'string' ? m(c) : parseQ3(c);
          if (n === null) this.err(st, col, key, 'invalid_number', { value: cellText(c).trim() });
          else st.values.q3 = n;
        };
      }
      case 'gRating': {
        const m = memo(parseGRating);
        return (c, st) => {
          const g = typeof c === 'string' ? m(c) : parseGRating(c);
          if (g === null) this.err(st, col, key, 'invalid_g_rating', { value: cellText(c).trim() });
          else st.values.gRating = g;
        };
      }
      case 'sealNos':
        return (c, st) => {
          const list = cleanText(cellText(c))
            .split(/[,;/\s、，；]+/)
            .filter((x) => x.length > 0);
          if (list.length > 0) st.values.sealNos = list;
        };
      case 'adminDivisionCode': {
        const resolve = this.opts.resolveDivision;
        return (c, st) => {
          let s = compactText(cellText(c));
          if (!s) return;
          if (/^\d{12}$/.test(s)) s = s.slice(0, 9);
          const isCode = /^(\d{6}|\d{9})$/.test(s);
          if (resolve) {
            const code = resolve(s);
            if (code) st.values.adminDivisionCode = code;
            else this.err(st, col, key, 'unknown_division', { value: s });
          } else if (isCode) st.values.adminDivisionCode = s;
          else if (/^\d+$/.test(s)) this.err(st, col, key, 'unknown_division', { value: s });
          else st.values.adminDivisionName = s;
        };
      }
      case 'state': {
        const m = memo(stateOf);
        return (c, st) => {
          const s = text(c);
          if (!s) return;
          const v = m(s);
          if (v === null) this.err(st, col, key, 'invalid_state', { value: s });
          else st.state = v;
        };
      }
      case 'removalDate':
        return dateConv((st, d) => (st.values.removalDate = d), false);
      case 'removalReason': {
        const m = memo(removalReasonOf);
        return (c, st) => {
          const s = text(c);
          if (!s) return;
          const v = m(s);
          st.values.removalReason = v ?? 'other';
          if (v === null) st.values.removalNote = s;
        };
      }
      case 'replacesSerial':
        return (c, st) => {
          const r = normalizeSerial(c);
          if (!r.ok) this.err(st, col, key, r.code, { value: cellText(c).trim() });
          else if (r.serial) st.values.replacesSerial = r.serial;
        };
      case 'installDate':
        return dateConv((st, d) => (st.values.installDate = d), false);
      case 'firstUseDate':
        return dateConv((st, d) => (st.values.firstUseDate = d), false);
      case 'manufactureDate':
        return dateConv((st, d) => (st.values.manufactureDate = d), false);
      case 'verificationDate':
        return dateConv((st, d) => (st.ver.date = d), false);
      case 'validUntil': {
        const m = memo((s: string) => parseValidity(s));
        // 有效期（年）| 6, 检定有效期(月) | 6: a bare number is a duration in the header's unit
        const unit = col.unitHint ? compactText(col.unitHint) : '';
        const unitMonths = IMPORT_DURATION_WORDS.yearSuffixes.includes(unit)
          ? 12
          : IMPORT_DURATION_WORDS.monthSuffixes.includes(unit)
            ? 1
            : 0;
        return (c, st) => {
          let r = typeof c === 'string' ? m(c) : parseValidity(c);
          if (unitMonths && r.kind !== 'range') {
            const n = Number(typeof c === 'number' ? c : compactText(cellText(c)));
            if (n > 0 && n * unitMonths <= 600 && Number.isInteger(n * unitMonths)) r = { kind: 'duration', months: n * unitMonths };
          }
          const shown = cellText(c).trim();
          switch (r.kind) {
            case 'date':
              if (r.date.monthOnly) {
                this.warn(st, col, key, 'date_month_only', { value: shown, date: r.date.monthOnly.last });
                st.ver.validUntil = r.date.monthOnly.last;
              } else st.ver.validUntil = r.date.date;
              break;
            case 'range':
              st.ver.validUntil = r.to;
              st.validity = { rangeFrom: r.from, col, text: shown };
              break;
            case 'duration':
              st.validity = { months: r.months, col, text: shown };
              break;
            default:
              this.err(st, col, key, 'invalid_validity', { value: shown });
          }
        };
      }
      default:
        return null;
    }
  }

  private finish(st: RowState): void {
    const v = st.values;
    const nameCol = this.keyCols.get('instrumentName');
    // category
    if (!v.category && this.orgCategory) {
      // no name column: the organization's category (a catalogue item/type that contradicts it is caught by checkCatalogue)
      // (no instrument name either: a new record is named after the category's catalogue item, a stored one keeps its name)
      v.category = this.orgCategory;
    }
    if (!v.category && st.nameBlank) {
      const fromCatalogue = st.catalogueType?.text ?? st.catalogueItem?.text;
      const cat = fromCatalogue ? categoryFromName(fromCatalogue) : null;
      if (cat) {
        v.category = cat;
        v.instrumentName = fromCatalogue;
      } else if (nameCol) this.err(st, nameCol, 'instrumentName', 'required_missing');
      else st.errors.push(issue(st.row, null, 'instrumentName', 'instrument_name_missing'));
    }
    // serial (hard)
    if (st.serialBlank) {
      const sc = this.keyCols.get('serialNo');
      if (sc) this.err(st, sc, 'serialNo', 'required_missing');
      else st.errors.push(issue(st.row, null, 'serialNo', 'required_missing', { column: SERIAL_HEADER }));
    }
    const category = v.category;
    if (category && this.forbidden.has(category)) {
      this.err(st, nameCol, 'instrumentName', 'category_not_for_org', {
        category: enumLabel('category', category),
        orgKind: enumLabel('orgKind', this.opts.orgKind ?? ''),
      });
    }
    if (category) {
      this.checkCatalogue(st, category);
      // accuracy class
      if (st.accuracyText) {
        if (category === 'electricity_meter') {
          const k = electricityClassOf(st.accuracyText.text);
          if (k) v.accuracyClass = k;
          else this.err(st, st.accuracyText.col, 'accuracyClass', 'invalid_value', { value: st.accuracyText.text });
        } else v.accuracyClass = st.accuracyText.text;
      }
      // G-rating from the model
      if (category === 'gas_meter' && !v.gRating && v.model) {
        const g = gRatingFromModel(v.model);
        if (g) v.gRating = g;
      }
      // quantity
      if (v.quantity !== undefined && v.quantity !== 1) {
        if (category === 'fuel_dispenser') this.err(st, st.quantityCol, 'quantity', 'dispenser_quantity', { value: v.quantity });
        else this.warn(st, st.quantityCol, 'quantity', 'quantity_multiple', { value: v.quantity });
      }
      if (v.nozzles !== undefined && category !== 'fuel_dispenser') {
        this.warn(st, st.nozzleCol, 'nozzles', 'nozzles_ignored');
        delete v.nozzles;
      }
      if (category !== 'gas_meter') delete v.gRating;
      this.assumeAttributes(st, category);
    } else if (st.accuracyText) v.accuracyClass = st.accuracyText.text;
    // a blank 器具数量 stays undefined: a new instrument gets 1, an update keeps the stored quantity
    this.finishVerification(st);
    this.finishState(st);
  }

  /**
   * State, removal date and removal reason (docs/domain/forms.md §4): a removal date without a state column means removed; a leaving
   * state without a date takes the import day (warning); a blank reason is `other`; a removal date before the install
   * date (or, without one, before the verification date) is an error on the removal-date column.
   */
  private finishState(st: RowState): void {
    const v = st.values;
    const stateCol = this.keyCols.get('state');
    const dateCol = this.keyCols.get('removalDate');
    let state: 'filed' | 'suspended' | 'removed' | 'scrapped' | undefined;
    if (st.state) state = st.state === 'in_service' ? 'filed' : st.state;
    else if (stateCol) {
      // a blank state cell is in service, unless the cell could not be read (its error is on the row already)
      if (!st.errors.some((e) => e.key === 'state')) {
        state = 'filed';
        v.ledgerStateAssumed = true;
      }
    } else if (v.removalDate) state = 'removed';
    if (state === undefined) {
      if (v.removalReason !== undefined && !st.errors.some((e) => e.key === 'removalDate' || e.key === 'state')) {
        // a reason alone says nothing about the state
        this.warn(st, this.keyCols.get('removalReason'), 'removalReason', 'removal_ignored');
        delete v.removalReason;
        delete v.removalNote;
      }
      return;
    }
    v.ledgerState = state;
    if (state === 'filed') {
      if (v.removalDate !== undefined || v.removalReason !== undefined) {
        const col = v.removalDate !== undefined ? dateCol : this.keyCols.get('removalReason');
        this.warn(st, col, v.removalDate !== undefined ? 'removalDate' : 'removalReason', 'removal_ignored');
      }
      delete v.removalDate;
      delete v.removalReason;
      delete v.removalNote;
      return;
    }
    if (!v.removalDate) {
      if (st.errors.some((e) => e.key === 'removalDate')) return;
      v.removalDate = this.opts.importDay ?? new Date().toISOString().slice(0, 10);
      v.removalDateAssumed = true;
      this.warn(st, dateCol ?? stateCol, 'removalDate', 'removal_date_assumed', {
        state: enumLabel('ledgerState', state),
        date: v.removalDate,
      });
    }
    if (!v.removalReason) {
      v.removalReason = 'other';
      v.removalReasonAssumed = true;
    }
    const start = v.installDate ?? v.verification?.date;
    if (start && v.removalDate < start && !v.removalDateAssumed) {
      this.err(st, dateCol, 'removalDate', v.installDate ? 'removal_before_install' : 'removal_before_verification', {
        removalDate: v.removalDate,
        date: start,
      });
    }
  }

  private checkCatalogue(st: RowState, category: Category): void {
    const v = st.values;
    const derived = IMPORT_CATALOGUE_BY_CATEGORY[category];
    let type = derived.type;
    for (const variant of IMPORT_CATALOGUE_TYPE_VARIANTS) {
      if (variant.category === category && v.instrumentName?.includes(variant.nameContains)) type = variant.type;
    }
    const item =
      category === 'fuel_dispenser' || category === 'water_meter' || category === 'gas_meter' || category === 'electricity_meter'
        ? derived.item
        : (v.instrumentName ?? derived.item);
    if (!(category === 'fuel_dispenser' || category === 'water_meter' || category === 'gas_meter' || category === 'electricity_meter')) {
      type = v.instrumentName ?? derived.type;
    }
    v.catalogueItem = item;
    v.catalogueType = type;
    for (const which of ['catalogueItem', 'catalogueType'] as const) {
      const given = st[which];
      if (!given) continue;
      const expected = which === 'catalogueItem' ? item : type;
      const ok =
        valueKey(given.text) === valueKey(expected) ||
        valueKey(given.text) === valueKey(derived.item) ||
        categoryFromName(given.text) === category;
      if (!ok) this.err(st, given.col, which, 'catalogue_mismatch', { value: given.text, expected });
      else v[which] = given.text;
    }
  }

  private assumeAttributes(st: RowState, category: Category): void {
    const v = st.values;
    const missing: string[] = [];
    if (category === 'water_meter') {
      if (v.caliberDn === undefined && v.q3 === undefined) missing.push('caliberDn');
    } else if (category === 'gas_meter') {
      if (!v.gRating) missing.push('gRating');
      if (!v.gasMedium) missing.push('gasMedium');
    } else if (category === 'electricity_meter') {
      if (!v.accuracyClass) missing.push('accuracyClass');
    } else return;
    if (missing.length === 0) return;
    v.attributesAssumed = true;
    const ck = `${category}:${missing.join(',')}`;
    let proto = assumedIssues.get(ck);
    if (!proto) {
      proto = issue(0, null, missing[0], 'attributes_assumed', {
        attributes: missing.map((m) => t(`import.attr.${m}`)).join(t('import.listSeparator')),
        defaults: t(`import.default.${category}`),
      });
      assumedIssues.set(ck, proto);
    }
    // same message on every row: copy the prepared issue (params object shared, treat as read-only)
    // the column of the first missing attribute when the file has it (its cell is blank)
    const col = this.keyCols.get(missing[0] as LedgerImportKey);
    st.warnings.push({
      row: st.row,
      column: col ? col.header : null,
      key: proto.key!,
      code: proto.code,
      message: proto.message,
      params: proto.params!,
    });
  }

  private finishVerification(st: RowState): void {
    const ver = st.ver;
    const v = st.values;
    if (st.validity) {
      const val = st.validity;
      if (val.rangeFrom && !ver.date) ver.date = val.rangeFrom;
      if (val.months !== undefined) {
        if (ver.date) ver.validUntil = validUntilFromDuration(ver.date, val.months);
        else this.err(st, val.col, 'validUntil', 'validity_without_date', { value: val.text });
      }
    }
    const hasAny = ver.date || ver.validUntil || ver.certificateNo || ver.conclusion || ver.institution;
    if (!hasAny) return;
    if (ver.date && ver.validUntil && ver.validUntil < ver.date) {
      const col = this.keyCols.get('validUntil');
      this.err(st, col, 'validUntil', 'valid_until_before_date', { validUntil: ver.validUntil, date: ver.date });
    }
    if (ver.date) {
      if (!ver.conclusion) {
        ver.conclusion = 'passed';
        ver.conclusionAssumed = true;
        this.warn(st, this.keyCols.get('conclusion'), 'conclusion', 'conclusion_assumed');
      }
    } else if (!st.errors.some((e) => e.key === 'verificationDate')) {
      // (an unreadable date already has its error on that column)
      this.warn(st, this.keyCols.get('verificationDate') ?? null, 'verificationDate', 'verification_date_missing');
    }
    ver.kind = this.opts.initialVerification || isLimitedUse(v) ? 'initial' : 'periodic';
    v.verification = ver;
  }
}

/** In-file duplicate detection: the first row with org + category + serial wins (docs/domain/forms.md §4). */
export class DuplicateTracker {
  private readonly first = new Map<string, Map<string, number>>();
  constructor(private readonly serialColumn: ColumnInfo | undefined) {}

  /** Adds `duplicate_in_file` to a later row with the same key; only rows without errors claim a key. */
  check(row: ParsedLedgerRow, orgKey = ''): void {
    const { category, serialNo } = row.values;
    if (!category || !serialNo) return;
    const group = orgKey ? `${orgKey}\u0000${category}` : category;
    let seen = this.first.get(group);
    if (!seen) {
      seen = new Map();
      this.first.set(group, seen);
    }
    const firstRow = seen.get(serialNo);
    if (firstRow === undefined) {
      if (row.errors.length === 0) seen.set(serialNo, row.row);
      return;
    }
    row.errors.push(
      issue(row.row, this.serialColumn ? this.serialColumn.header : null, 'serialNo', 'duplicate_in_file', {
        serialNo,
        firstRow,
      }),
    );
  }
}

export { NAME_HEADER };
