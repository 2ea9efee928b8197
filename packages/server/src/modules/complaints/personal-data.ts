import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { auditKeyring } from '../../audit/audit-key.js';
import type { Config } from '../../config.js';

/**
 * Personal data of complainants (docs/COMPLAINTS.md "Privacy"): AES-256-GCM encryption at rest, a keyed hash of the
 * phone, unguessable tracking codes and the signed arithmetic challenge of the public form.
 *
 * The key: `QIANGJIAN_PII_KEY` (64 hex digits) when set — in production, a key the database's insiders cannot read.
 * Unset (development, demo, tests): derived with HKDF-SHA256 from the FIRST key of the audit key file (which rotation
 * never removes), so it lives outside the database as the audit key does. Sub-keys for encryption, the phone hash,
 * the challenge and the throttle come from the master key by HKDF with their own labels.
 */
export interface PiiKeys {
  enc: Buffer;
  phone: Buffer;
  challenge: Buffer;
  throttle: Buffer;
}

const cache = new Map<string, PiiKeys>();

export function piiKeys(config: Pick<Config, 'db' | 'auditKeyFile' | 'piiKey'>): PiiKeys {
  const id = `${config.piiKey ?? ''}|${config.db}|${config.auditKeyFile ?? ''}`;
  const hit = cache.get(id);
  if (hit) return hit;
  let master: Buffer;
  if (config.piiKey) master = Buffer.from(config.piiKey, 'hex');
  else {
    const ring = auditKeyring(config);
    const first = [...ring.byId.values()][0] ?? ring.current.key;
    master = Buffer.from(hkdfSync('sha256', first, Buffer.alloc(0), 'qiangjian-pii-master-v1', 32));
  }
  const sub = (label: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), label, 32));
  const keys = {
    enc: sub('pii-enc-v1'),
    phone: sub('pii-phone-v1'),
    challenge: sub('complaint-challenge-v1'),
    throttle: sub('throttle-v1'),
  };
  cache.set(id, keys);
  return keys;
}

/** `v1:` + base64(iv 12 | tag 16 | ciphertext). */
export function encrypt(keys: PiiKeys, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys.enc, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
}

export function decrypt(keys: PiiKeys, stored: string | null): string | null {
  if (!stored) return null;
  if (!stored.startsWith('v1:')) throw new Error('unknown personal-data format');
  const raw = Buffer.from(stored.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', keys.enc, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

export function phoneHash(keys: PiiKeys, normalizedPhone: string): string {
  return createHmac('sha256', keys.phone).update(normalizedPhone).digest('hex');
}

/** A keyed hash of a client address (the throttle never stores an address). */
export function addressHash(keys: PiiKeys, address: string): string {
  return createHmac('sha256', keys.throttle).update(address).digest('hex').slice(0, 32);
}

/** Crockford base32 without I, L, O, U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `TS-XXXX-XXXX-XXXX-XXXX`: 80 random bits. */
export function newTrackingCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let s = '';
  for (let i = 0; i < 16; i++) {
    s = ALPHABET[Number(bits & 31n)] + s;
    bits >>= 5n;
  }
  return `TS-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}`;
}

/** A tracking code as typed: upper case, O→0, I/L→1, spaces and dashes normalised. */
export function normalizeTrackingCode(raw: string): string {
  const s = raw
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const body = s.startsWith('TS') ? s.slice(2) : s;
  if (body.length !== 16) return raw.toUpperCase();
  return `TS-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}`;
}

/**
 * The arithmetic challenge: `a + b`, stateless and signed. Token = `nonce.expiresMs.a.b.mac`, the MAC over the nonce,
 * the expiry and the answer; the server checks the MAC with the given answer and the expiry, and spends the nonce
 * (complaint_challenges_used), so a token works once.
 */
export function newChallenge(keys: PiiKeys, nowMs: number, ttlSeconds: number) {
  const a = randomInt(2, 20);
  const b = randomInt(2, 20);
  const nonce = randomBytes(12).toString('base64url');
  const exp = nowMs + ttlSeconds * 1000;
  const mac = challengeMac(keys, nonce, exp, a + b);
  return { token: `${nonce}.${exp}.${a}.${b}.${mac}`, a, b, question: `${a} + ${b}`, expiresAt: new Date(exp).toISOString() };
}

function challengeMac(keys: PiiKeys, nonce: string, exp: number, answer: number): string {
  return createHmac('sha256', keys.challenge).update(`${nonce}.${exp}.${answer}`).digest('base64url');
}

/** The nonce and expiry of a token whose MAC matches the answer and which has not expired; null otherwise. */
export function checkChallenge(keys: PiiKeys, token: string, answer: number, nowMs: number): { nonce: string; expiresAt: string } | null {
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [nonce, expRaw, , , mac] = parts as [string, string, string, string, string];
  const exp = Number(expRaw);
  if (!Number.isFinite(exp) || exp < nowMs) return null;
  const want = Buffer.from(challengeMac(keys, nonce, exp, answer));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return { nonce, expiresAt: new Date(exp).toISOString() };
}
