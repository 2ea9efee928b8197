/** Text normalisation for headers and cell values (forms.md §4). */
import {
  IMPORT_HEADER_CONTEXT_WORDS,
  IMPORT_HEADER_REQUIRED_MARKERS,
  IMPORT_HEADER_SEPARATORS,
  LEDGER_FALLBACK_SERIAL_HEADERS,
  LEDGER_HEADER_ALIASES,
  type LedgerImportKey,
} from '@qiangjian/shared/data';

/**
 * True when `s` needs no NFKC/trim work: every char is printable ASCII (no space) or a CJK unified
 * ideograph. Keeps the hot path free of `normalize()` for typical cells.
 */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (c >= 0x4e00 && c <= 0x9fff) continue;
    return false;
  }
  return true;
}

const WS_RUN = /[\s\u00a0\u3000\u200b\ufeff]+/g;
const ZERO_WIDTH = /[\u200b-\u200d\ufeff]/g;

const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g;
const halfWidth = (ch: string) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0);

/**
 * Free cell text: full-width ASCII → half-width (ＬＸＳ－１５ → LXS-15, （）→ ()), trimmed, inner whitespace runs
 * collapsed to one space. Not NFKC: units and symbols users wrote stay as written (m³, ℃, Ⅱ级); keys, serials
 * and headers are compared in NFKC form (compactText, valueKey, normalizeHeader).
 */
export function cleanText(s: string): string {
  if (s.length === 0 || isPlain(s)) return s;
  return s.replace(FULL_WIDTH_ASCII, halfWidth).replace(ZERO_WIDTH, '').replace(WS_RUN, ' ').trim();
}

/** Like cleanText but removes every space (serials, codes, numbers). */
export function compactText(s: string): string {
  if (s.length === 0 || isPlain(s)) return s;
  return s.normalize('NFKC').replace(WS_RUN, '').replace(ZERO_WIDTH, '');
}

const SEPARATOR_RE = new RegExp(`[${IMPORT_HEADER_SEPARATORS.map((c) => `\\${c}`).join('')}]`, 'g');

/** Value-alias key: compact, lower-case ASCII, no trailing colon. */
export function valueKey(s: string): string {
  return compactText(s)
    .toLowerCase()
    .replace(/[:：]+$/, '');
}

/** Header normalisation: NFKC, no spaces, no required markers, `、`／ → `/`, lower-case ASCII. */
export function normalizeHeader(s: string): string {
  let h = s.normalize('NFKC').replace(WS_RUN, '').replace(ZERO_WIDTH, '');
  for (const m of IMPORT_HEADER_REQUIRED_MARKERS) {
    const mm = m.normalize('NFKC');
    while (h.includes(mm)) h = h.replace(mm, '');
  }
  h = h.replace(SEPARATOR_RE, '/').replace(/[:]+$/, '');
  return h.toLowerCase();
}

const TRAILING_BRACKET = /^(.+?)[([【〔]([^()[\]【】〔〕]*)[)\]】〕]$/;

/** Splits a trailing bracketed unit hint: `口径(mm)` → ['口径', 'mm']. */
export function splitUnitHint(normalized: string): [string, string] | null {
  const m = TRAILING_BRACKET.exec(normalized);
  return m ? [m[1]!, m[2]!] : null;
}

interface AliasTables {
  primary: Map<string, LedgerImportKey>;
  fallbackSerial: Set<string>;
}

let tables: AliasTables | null = null;
function aliasTables(): AliasTables {
  if (tables) return tables;
  const primary = new Map<string, LedgerImportKey>();
  for (const [key, list] of Object.entries(LEDGER_HEADER_ALIASES) as [LedgerImportKey, readonly string[]][]) {
    for (const alias of list) primary.set(normalizeHeader(alias), key);
  }
  const fallbackSerial = new Set(LEDGER_FALLBACK_SERIAL_HEADERS.map(normalizeHeader));
  tables = { primary, fallbackSerial };
  return tables;
}

export interface HeaderMatch {
  key: LedgerImportKey | 'fallbackSerial' | null;
  unitHint?: string;
  /** Normalised header text that matched (with or without its bracket). */
  matched?: string;
}

/** Matches one header text (already split into parent/child if two-level). */
export function matchHeader(text: string): HeaderMatch {
  const { primary, fallbackSerial } = aliasTables();
  const n = normalizeHeader(text);
  if (n.length === 0) return { key: null };
  const direct = primary.get(n);
  if (direct) return { key: direct, matched: n };
  if (fallbackSerial.has(n)) return { key: 'fallbackSerial', matched: n };
  const split = splitUnitHint(n);
  if (split) {
    const [base, hint] = split;
    const k = primary.get(base);
    if (k) return { key: k, unitHint: hint, matched: base };
    if (fallbackSerial.has(base)) return { key: 'fallbackSerial', unitHint: hint, matched: base };
  }
  // `出厂编号/表号`: parts separated by `/` that all name the same key
  const base = split ? split[0] : n;
  if (base.includes('/')) {
    let key: LedgerImportKey | null = null;
    for (const part of base.split('/')) {
      if (!part) continue;
      const k = primary.get(part) ?? primary.get(splitUnitHint(part)?.[0] ?? '');
      if (!k) continue;
      if (key && k !== key) return { key: null };
      key = k;
    }
    if (key) return { key, matched: n, ...(split ? { unitHint: split[1] } : {}) };
  }
  return { key: null };
}

/** Two-level header: `parent/child` first, then `child`. */
export function matchTwoLevel(parent: string | undefined, child: string): HeaderMatch {
  if (parent && child && parent !== child) {
    const both = matchHeader(`${parent}/${child}`);
    if (both.key) return both;
  }
  const c = matchHeader(child);
  if (c.key) return c;
  if (parent && child) {
    // a generic child under a group label: 检定信息 / 日期 → 检定日期, 安装信息 / 地点 → 安装地点
    const p = normalizeHeader(parent);
    const words = IMPORT_HEADER_CONTEXT_WORDS.filter((w) => p.includes(w)).sort((a, b) => b.length - a.length);
    for (const w of words) {
      const q = matchHeader(`${w}${child}`);
      if (q.key) return q;
    }
  }
  if (child) return c;
  return parent ? matchHeader(parent) : { key: null };
}
