import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpStep } from './totp.js';

// RFC 6238 appendix B (SHA-1 rows): the 20-byte ASCII secret "12345678901234567890", 8-digit codes
const RFC_KEY = Buffer.from('12345678901234567890');
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors', () => {
    for (const [seconds, code] of VECTORS) expect(hotp(RFC_KEY, totpStep(seconds * 1000), 8)).toBe(code);
  });

  it('base32 round-trips and reads the RFC 4648 example', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    const b = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(b)).equals(b)).toBe(true);
  });

  it('accepts the current code and one step of drift, refuses other codes and a step already used', () => {
    const secret = base32Encode(RFC_KEY);
    const now = 1111111111 * 1000;
    const step = totpStep(now);
    const code = (s: number) => hotp(RFC_KEY, s);
    expect(matchTotp(secret, code(step), now, null)).toBe(step);
    expect(matchTotp(secret, code(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(secret, code(step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(secret, code(step - 2), now, null)).toBe(null);
    expect(matchTotp(secret, code(step), now, step)).toBe(null);
    expect(matchTotp(secret, '12345', now, null)).toBe(null);
    expect(matchTotp(secret, 'abcdef', now, null)).toBe(null);
  });

  it('builds the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('qiangjian', 'admin', 'MZXW6YTBOI')).toBe(
      'otpauth://totp/qiangjian%3Aadmin?secret=MZXW6YTBOI&issuer=qiangjian&algorithm=SHA1&digits=6&period=30',
    );
  });
});
