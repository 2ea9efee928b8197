/** Text normalisation for header and cell texts (docs/domain/forms.md §4). */
import { IMPORT_HEADER_REQUIRED_MARKERS, IMPORT_HEADER_SEPARATORS } from '@qiangjian/shared/data';

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
