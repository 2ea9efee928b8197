/**
 * 统一社会信用代码 (GB 32100-2015) with the embedded GB 11714 organization-code check digit.
 * Pure; returns a structured problem so callers can render the catalog message.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const W17 = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeProblem =
  | { kind: 'length'; length: number }
  | { kind: 'char'; position: number; char: string }
  | { kind: 'org_check'; position: 17; expected: string; actual: string }
  | { kind: 'check'; position: 18; expected: string; actual: string };

export function normalizeCreditCode(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

function orgCodeValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return ch.charCodeAt(0) - 55; // A=10 … Z=35
}

export function checkCreditCode(raw: string): { ok: true; code: string } | { ok: false; code: string; problem: CreditCodeProblem } {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return { ok: false, code, problem: { kind: 'length', length: code.length } };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_ALPHABET.includes(code[i] as string)) {
      return { ok: false, code, problem: { kind: 'char', position: i + 1, char: code[i] as string } };
    }
  }
  // position 17: GB 11714 check over positions 9–16
  let s = 0;
  for (let i = 0; i < 8; i++) s += orgCodeValue(code[8 + i] as string) * (W17[i] as number);
  const c = 11 - (s % 11);
  const expected17 = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  // position 18 is computed over positions 1–17 as written
  let t = 0;
  for (let i = 0; i < 17; i++) t += CREDIT_CODE_ALPHABET.indexOf(code[i] as string) * (W18[i] as number);
  const v = 31 - (t % 31);
  const expected18 = CREDIT_CODE_ALPHABET[v === 31 ? 0 : v] as string;
  if (code[16] !== expected17) {
    return { ok: false, code, problem: { kind: 'org_check', position: 17, expected: expected17, actual: code[16] as string } };
  }
  if (code[17] !== expected18) {
    return { ok: false, code, problem: { kind: 'check', position: 18, expected: expected18, actual: code[17] as string } };
  }
  return { ok: true, code };
}

/** Completes a 17-character prefix with its check character (used by demo data and tests). */
export function completeCreditCode(prefix17: string): string {
  let t = 0;
  for (let i = 0; i < 17; i++) t += CREDIT_CODE_ALPHABET.indexOf(prefix17[i] as string) * (W18[i] as number);
  const v = 31 - (t % 31);
  return prefix17 + (CREDIT_CODE_ALPHABET[v === 31 ? 0 : v] as string);
}

/** Builds a valid code from the 8-char GB 11714 body: fixes position 17 and 18. */
export function makeCreditCode(head8: string, orgBody8: string): string {
  let s = 0;
  for (let i = 0; i < 8; i++) s += orgCodeValue(orgBody8[i] as string) * (W17[i] as number);
  const c = 11 - (s % 11);
  const d17 = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return completeCreditCode(head8 + orgBody8 + d17);
}
