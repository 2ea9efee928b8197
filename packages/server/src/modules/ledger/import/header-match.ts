/** Header matching against the ledger's header aliases (docs/domain/forms.md §4; `LEDGER_HEADER_ALIASES`). */
import {
  IMPORT_HEADER_CONTEXT_WORDS,
  LEDGER_FALLBACK_SERIAL_HEADERS,
  LEDGER_HEADER_ALIASES,
  type LedgerImportKey,
} from '@qiangjian/shared/data';
import { normalizeHeader, splitUnitHint } from '../../../lib/sheets/text.js';

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
