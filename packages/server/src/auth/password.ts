import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { PASSWORD_MIN_LENGTH } from '@qiangjian/shared';
import { COMMON_PASSWORDS } from '@qiangjian/shared/data';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** scrypt$N$r$p$salt$hash (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/** Why a password is refused, or null when it is acceptable. */
export type PasswordProblem = 'too_short' | 'too_few_classes' | 'common' | 'contains_username';

const COMMON = new Set(COMMON_PASSWORDS);
/** Usernames shorter than this are not looked for inside passwords (two letters would refuse too much). */
const MIN_USERNAME_IN_PASSWORD = 3;

/**
 * Password policy: at least PASSWORD_MIN_LENGTH characters, three of four character classes, not one of the common
 * passwords (ignoring case), and not containing the username (ignoring case).
 */
export function passwordProblem(pw: string, username?: string): PasswordProblem | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return 'too_short';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return 'too_few_classes';
  const lower = pw.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  const name = username?.trim().toLowerCase();
  if (name && name.length >= MIN_USERNAME_IN_PASSWORD && lower.includes(name)) return 'contains_username';
  return null;
}

export function passwordPolicyOk(pw: string, username?: string): boolean {
  return passwordProblem(pw, username) === null;
}

/** A random password that satisfies the policy (for the first admin). */
export function randomPassword(): string {
  const base = randomBytes(12).toString('base64url');
  return `Qj-${base}9a`;
}
