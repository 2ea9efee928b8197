/** Ledger value parsing (docs/domain/forms.md §4): validity periods, numbers, serials, categories, enumerations (dates: lib/sheets/cells.ts). */

import type { Category } from '@qiangjian/shared';
import { periodEnd } from '@qiangjian/shared';
import {
  IMPORT_CALIBER_PREFIXES,
  IMPORT_CALIBER_SUFFIXES,
  IMPORT_CATEGORY_NAME_ALIASES,
  IMPORT_CATEGORY_NAME_EXCLUSIONS,
  IMPORT_DATE_WORDS,
  IMPORT_DURATION_WORDS,
  IMPORT_ELECTRICITY_CLASS_ALIASES,
  IMPORT_ELECTRICITY_CLASS_MARKS,
  IMPORT_NAME_SPEC_SUFFIXES,
  IMPORT_NUMBER_UNIT_SUFFIXES,
  IMPORT_Q3_PREFIXES,
  IMPORT_Q3_SUFFIXES,
} from '@qiangjian/shared/data';
import { type Cell, type DateResult, parseDate } from '../../../lib/sheets/cells.js';
import { compactText, valueKey } from '../../../lib/sheets/text.js';

export type ValidityResult =
  | { kind: 'date'; date: DateResult & { ok: true } }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'duration'; months: number }
  | { kind: 'invalid' };

const RANGE_SEPARATORS = [...IMPORT_DATE_WORDS.rangeSeparators];

/** 检定有效期: a date, a range `A至B` / `A~B`, or a duration `6个月` / `半年` / `1年`. */
export function parseValidity(cell: Cell): ValidityResult {
  const d = parseDate(cell);
  if (d.ok) return { kind: 'date', date: d };
  if (typeof cell !== 'string') return { kind: 'invalid' };
  const s = compactText(cell);
  for (const sep of RANGE_SEPARATORS) {
    const i = s.indexOf(sep);
    if (i > 0) {
      const a = parseDate(s.slice(0, i));
      const b = parseDate(s.slice(i + sep.length));
      if (a.ok && b.ok) return { kind: 'range', from: a.date, to: b.monthOnly ? b.monthOnly.last : b.date };
    }
  }
  // 2024.01.01-2024.06.30: a hyphen between two whole dates
  for (let i = s.indexOf('-'); i > 0; i = s.indexOf('-', i + 1)) {
    const a = parseDate(s.slice(0, i));
    const b = parseDate(s.slice(i + 1));
    if (a.ok && b.ok && !a.monthOnly && !b.monthOnly) return { kind: 'range', from: a.date, to: b.date };
  }
  if (IMPORT_DURATION_WORDS.halfYear.includes(s)) return { kind: 'duration', months: 6 };
  const num = /^(\d+(?:\.5)?)(.+)$/.exec(s);
  if (num) {
    const n = Number(num[1]);
    const unit = num[2]!;
    if (IMPORT_DURATION_WORDS.monthSuffixes.includes(unit) && Number.isInteger(n) && n > 0) return { kind: 'duration', months: n };
    if (IMPORT_DURATION_WORDS.yearSuffixes.includes(unit) && n > 0 && Number.isInteger(n * 12)) return { kind: 'duration', months: n * 12 };
  }
  return { kind: 'invalid' };
}

/** verificationDate + N months by the month rule of docs/domain/forms.md §1 (last valid day). */
export function validUntilFromDuration(date: string, months: number): string {
  return periodEnd(date, months);
}

/** Strips one of `prefixes` / `suffixes` (already in valueKey form). */
function strip(s: string, prefixes: readonly string[], suffixes: readonly string[]): string {
  let out = s;
  for (const p of prefixes) {
    if (out.startsWith(p)) {
      out = out.slice(p.length);
      break;
    }
  }
  for (const x of suffixes) {
    if (out.endsWith(x)) {
      out = out.slice(0, -x.length);
      break;
    }
  }
  return out;
}

const NUM_RE = /^\d+(?:\.\d+)?$/;
const INT_RE = /^\d+$/;
const CAL_PRE = IMPORT_CALIBER_PREFIXES.map(valueKey);
const CAL_SUF = IMPORT_CALIBER_SUFFIXES.map(valueKey);
const Q3_PRE = IMPORT_Q3_PREFIXES.map(valueKey);
const Q3_SUF = IMPORT_Q3_SUFFIXES.map(valueKey);
const UNIT_SUF = IMPORT_NUMBER_UNIT_SUFFIXES.map(valueKey);

/** 口径: DN15, dn 15, 15, 15mm, Φ15 → 15; else null. */
export function parseCaliber(cell: Cell): number | null {
  if (typeof cell === 'number') return cell > 0 ? cell : null;
  if (typeof cell !== 'string') return null;
  const s = strip(valueKey(cell), CAL_PRE, CAL_SUF);
  if (!NUM_RE.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** 常用流量: 2.5, Q3=2.5, 2.5m³/h → 2.5; else null. */
export function parseQ3(cell: Cell): number | null {
  if (typeof cell === 'number') return cell > 0 ? cell : null;
  if (typeof cell !== 'string') return null;
  // 'Q3：4' → 'q3:4' → ':4' after the prefix
  const s = strip(valueKey(cell), Q3_PRE, Q3_SUF).replace(/^[:=]/, '');
  if (!NUM_RE.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** Whole number with an optional unit suffix (1台, 4把); null when not a whole number. */
export function parseCount(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const s = strip(valueKey(cell), [], UNIT_SUF);
  if (INT_RE.test(s)) return Number(s);
  if (/^\d+\.0+$/.test(s)) return Number(s);
  return null;
}

/** G-rating: G1.6, g4, 4 → G1.6 / G4; else null. */
export function parseGRating(cell: Cell): string | null {
  const s = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? valueKey(cell) : '';
  const m = /^g?(\d+(?:\.\d+)?)$/.exec(s);
  return m ? `G${Number(m[1])}` : null;
}

const G_IN_MODEL = /G(\d+(?:\.\d)?)(?![\d.])/i;
/** G-rating found inside 型号规格 (`G\d+(\.\d)?`). */
export function gRatingFromModel(model: string): string | null {
  const m = G_IN_MODEL.exec(compactText(model));
  return m ? `G${Number(m[1])}` : null;
}

const SCI_TEXT = /^\d\.\d+e\+?\d+$/i;
/** Excel's text-forcing spellings kept verbatim by a CSV export: ="000123" and a leading apostrophe. */
const EXCEL_TEXT_FORMULA = /^="(.*)"$/;

export type SerialResult =
  | { ok: true; serial: string }
  | { ok: false; code: 'serial_precision_lost' | 'serial_is_date' }
  | { ok: true; serial: '' };

/**
 * Serial normalisation: NFKC, no spaces, case kept; numeric cells → integer digits; a number beyond 2^53 − 1
 * (Excel/IEEE doubles cannot hold every digit) rejected; a date cell (Excel turned a serial like 1-1 into a date)
 * rejected; ="…" and a leading ' (text forced in Excel) unwrapped.
 */
export function normalizeSerial(cell: Cell): SerialResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, code: 'serial_precision_lost' };
    if (Math.abs(cell) > Number.MAX_SAFE_INTEGER) return { ok: false, code: 'serial_precision_lost' };
    if (Number.isInteger(cell)) return { ok: true, serial: cell.toFixed(0) };
    return { ok: true, serial: String(cell) };
  }
  if (cell instanceof Date) return { ok: false, code: 'serial_is_date' };
  if (typeof cell !== 'string') return { ok: true, serial: cell === null || cell === undefined ? '' : String(cell) };
  let s = compactText(cell);
  const forced = EXCEL_TEXT_FORMULA.exec(s);
  if (forced) s = compactText(forced[1] as string);
  else if (s.startsWith("'")) s = s.slice(1);
  if (SCI_TEXT.test(s)) return { ok: false, code: 'serial_precision_lost' };
  return { ok: true, serial: s };
}

interface CategoryTable {
  aliases: Array<{ alias: string; category: Category }>;
  exclusions: string[];
}
let categoryTable: CategoryTable | null = null;
function catTable(): CategoryTable {
  if (categoryTable) return categoryTable;
  const aliases: Array<{ alias: string; category: Category }> = [];
  for (const [category, list] of Object.entries(IMPORT_CATEGORY_NAME_ALIASES) as [Category, readonly string[]][]) {
    for (const a of list) aliases.push({ alias: valueKey(a), category });
  }
  aliases.sort((a, b) => b.alias.length - a.alias.length);
  categoryTable = { aliases, exclusions: IMPORT_CATEGORY_NAME_EXCLUSIONS.map(valueKey) };
  return categoryTable;
}

const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAME_SPEC = new RegExp(`(?:dn|g|φ)?\\d+(?:\\.\\d+)?(?:${IMPORT_NAME_SPEC_SUFFIXES.map(escapeRe).join('|')})?$`);

/** Category from 器具名称: exclusions first, then the longest alias the name ends with. */
export function categoryFromName(name: string): Category | null {
  // a trailing bracket holds a spec or note: 水表(DN15), 燃油加油机【双枪】
  const key = valueKey(name)
    .replace(/[([【〔][^()[\]【】〔〕]*[)\]】〕]$/, '')
    .replace(/[()]/g, '');
  if (key.length === 0) return null;
  const { aliases, exclusions } = catTable();
  for (const x of exclusions) if (key.includes(x)) return null;
  for (const { alias, category } of aliases) if (key.endsWith(alias)) return category;
  // a spec written after the name: 膜式燃气表G2.5, 冷水水表DN20, 单相电能表2级
  const bare = key.replace(NAME_SPEC, '');
  if (bare !== key && bare.length > 0) for (const { alias, category } of aliases) if (bare.endsWith(alias)) return category;
  return null;
}

/** Builds a lookup from value aliases (Record<code, aliases[]>), matching on valueKey. */
export function aliasLookup<T extends string>(table: Readonly<Record<string, readonly string[]>>): (text: string) => T | null {
  const map = new Map<string, T>();
  for (const [code, list] of Object.entries(table)) {
    map.set(valueKey(code), code as T);
    for (const a of list) map.set(valueKey(a), code as T);
  }
  return (text) => map.get(valueKey(text)) ?? null;
}

const electricityClassExact = aliasLookup<string>(IMPORT_ELECTRICITY_CLASS_ALIASES);
/** Every class alias as a token to find inside a longer text, longest first (0.5S级 before 0.5S before 0.5). */
const CLASS_TOKENS: ReadonlyArray<{ token: string; code: string }> = Object.entries(IMPORT_ELECTRICITY_CLASS_ALIASES)
  .flatMap(([code, list]) => [code, ...list].map((a) => ({ token: valueKey(a), code })))
  .sort((a, b) => b.token.length - a.token.length);
const CLASS_MARKS = {
  active: IMPORT_ELECTRICITY_CLASS_MARKS.active.map(valueKey),
  reactive: IMPORT_ELECTRICITY_CLASS_MARKS.reactive.map(valueKey),
};
const ASCII_ALNUM_DOT = /[0-9a-z.]/;

/**
 * An electricity meter's accuracy class as users write it → the active-energy class code ('2', '1', '0.5S', '0.2S'),
 * or null. A class alone (2级, 1.0, C, 0.5s级), with the reactive class beside it (有功1级/无功2级, 1.0/2.0 — the
 * active class comes first), or annotated (2级（有功）, 准确度等级：有功0.5S级). A mark before the first class labels
 * the class after it (有功1级 无功2级); otherwise each class is labelled by the mark after it (1级(有功)2级(无功)).
 * A class marked reactive is never returned.
 */
export function electricityClassOf(text: string): string | null {
  const exact = electricityClassExact(text);
  if (exact) return exact;
  const s = compactText(text).toLowerCase();
  type Hit = { at: number; end: number; code?: string; mark?: 'active' | 'reactive' };
  const hits: Hit[] = [];
  for (let i = 0; i < s.length; ) {
    const mark = (['active', 'reactive'] as const).find((m) => CLASS_MARKS[m].some((w) => s.startsWith(w, i)));
    if (mark) {
      const w = CLASS_MARKS[mark].find((x) => s.startsWith(x, i)) as string;
      hits.push({ at: i, end: i + w.length, mark });
      i += w.length;
      continue;
    }
    const before = i > 0 ? (s[i - 1] as string) : '';
    const tok = CLASS_TOKENS.find(({ token }) => {
      if (!s.startsWith(token, i)) return false;
      const after = s[i + token.length] ?? '';
      // not part of a longer number or word: 12级, 2.5, class
      const edgeBefore = /[a-z]/.test(token[0] as string) ? ASCII_ALNUM_DOT.test(before) : /[0-9.]/.test(before);
      const edgeAfter = /[a-z]$/.test(token) ? ASCII_ALNUM_DOT.test(after) : /[0-9.]/.test(after);
      return !edgeBefore && !edgeAfter;
    });
    if (tok) {
      hits.push({ at: i, end: i + tok.token.length, code: tok.code });
      i += tok.token.length;
    } else i++;
  }
  const classes = hits.filter((h) => h.code !== undefined);
  if (classes.length === 0) return null;
  const labelBefore = hits[0]?.mark !== undefined;
  const roleOf = (h: Hit): 'active' | 'reactive' | undefined => {
    const k = hits.indexOf(h);
    const neighbour = labelBefore ? hits[k - 1] : hits[k + 1];
    return neighbour?.mark;
  };
  const active = classes.find((h) => roleOf(h) === 'active');
  if (active) return active.code as string;
  const unmarked = classes.find((h) => roleOf(h) === undefined);
  return unmarked ? (unmarked.code as string) : null;
}
