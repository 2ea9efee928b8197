/** Cells as the spreadsheet readers deliver them, and dates read from them (docs/domain/forms.md §4). */

import { daysInMonth, ymd } from '@qiangjian/shared';
import { IMPORT_DATE_WORDS } from '@qiangjian/shared/data';
import { compactText } from './text.js';

/** A cell as the readers deliver it: CSV text, or an XLSX string / number / date. */
export type Cell = string | number | Date | boolean | null | undefined;

export type DateResult = { ok: true; date: string; monthOnly?: { first: string; last: string } } | { ok: false };

const FAIL: DateResult = { ok: false };
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

function dateOf(y: number, m: number, d: number): DateResult {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return FAIL;
  return { ok: true, date: ymd(y, m, d) };
}

function monthOf(y: number, m: number): DateResult {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12) return FAIL;
  const first = ymd(y, m, 1);
  return { ok: true, date: first, monthOnly: { first, last: ymd(y, m, daysInMonth(y, m)) } };
}

/** Serials below 1950-01-01 are not plausible ledger dates (a year typed as 2024 would read as 1905). */
const MIN_SERIAL = 18264;

/** Excel 1900-system serial → date (epoch 1899-12-30, exact from 1900-03-01 on). */
export function excelSerialToDate(n: number): DateResult {
  if (!(n >= MIN_SERIAL && n < 2958466)) return FAIL;
  const days = Math.floor(n + 1e-7);
  const d = new Date(EXCEL_EPOCH_MS + days * 86400000);
  return dateOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function fromJsDate(d: Date): DateResult {
  const t = d.getTime();
  if (Number.isNaN(t)) return FAIL;
  const r = new Date(t + 500); // 23:59:59.9995 float noise belongs to the next day
  return dateOf(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

function numberDate(n: number): DateResult {
  if (Number.isInteger(n) && n >= 19000101 && n <= 21991231) {
    return dateOf(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
  }
  if (Number.isInteger(n) && n >= 190001 && n <= 219912) return monthOf(Math.floor(n / 100), n % 100);
  return excelSerialToDate(n);
}

const Y = IMPORT_DATE_WORDS.year;
const M = IMPORT_DATE_WORDS.month;
const D = IMPORT_DATE_WORDS.day;
const DATE_RE = new RegExp(`^(\\d{4})(?:[-/.]|${Y})(\\d{1,2})(?:(?:[-/.]|${M})(\\d{1,2})${D}?|${M})?$`);
const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses a date cell; month-only values come back with `monthOnly`. */
export function parseDate(cell: Cell): DateResult {
  if (cell instanceof Date) return fromJsDate(cell);
  if (typeof cell === 'number') return numberDate(cell);
  if (typeof cell !== 'string') return FAIL;
  let s = cell;
  // fast path: YYYY-MM-DD
  if (
    s.length === 10 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    isDigitCode(s.charCodeAt(0)) &&
    isDigitCode(s.charCodeAt(3)) &&
    isDigitCode(s.charCodeAt(5)) &&
    isDigitCode(s.charCodeAt(6)) &&
    isDigitCode(s.charCodeAt(8)) &&
    isDigitCode(s.charCodeAt(9))
  ) {
    return dateOf(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10));
  }
  s = compactText(s.trim().replace(TIME_SUFFIX, ''));
  if (s.length === 0) return FAIL;
  const m = DATE_RE.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return m[3] === undefined ? monthOf(y, mo) : dateOf(y, mo, Number(m[3]));
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    if (s.length === 8 || s.length === 6) return numberDate(Number(s));
    if (s.length <= 5 || s.includes('.')) return excelSerialToDate(Number(s));
  }
  return FAIL;
}

/** Display text of a cell (what the user sees; used for `raw`, header texts and messages). */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return Number.isInteger(c) && Math.abs(c) < 1e21 ? c.toFixed(0) : String(c);
  if (c instanceof Date) {
    const r = new Date(c.getTime() + 500);
    return Number.isNaN(r.getTime()) ? '' : r.toISOString().slice(0, 10);
  }
  return String(c);
}

/** An absent cell, or text made only of spaces, tabs, ideographic / no-break spaces and line breaks. */
export function isBlankCell(c: Cell): boolean {
  if (c === null || c === undefined) return true;
  if (typeof c === 'string') {
    if (c.length === 0) return true;
    for (let i = 0; i < c.length; i++) {
      const x = c.charCodeAt(i);
      if (x !== 32 && x !== 9 && x !== 0x3000 && x !== 0xa0 && x !== 10 && x !== 13) return false;
    }
    return true;
  }
  return false;
}
