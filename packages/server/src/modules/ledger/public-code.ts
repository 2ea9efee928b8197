import { randomBytes } from 'node:crypto';

/** Lower-case base32 without look-alikes (no 0/o, 1/l): 32 symbols. */
const ALPHA32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A stable, unguessable public code for the QR lookup page: 16 symbols × 5 bits = 80 random bits
 * from the CSPRNG. Never derived from the id or serial.
 */
let pool = Buffer.alloc(0);
let offset = 0;
export function newPublicCode(): string {
  if (offset + 10 > pool.length) {
    pool = randomBytes(10 * 4096);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 10);
  offset += 10;
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHA32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function isPublicCode(s: string): boolean {
  return /^[a-z2-9]{16}$/.test(s);
}
