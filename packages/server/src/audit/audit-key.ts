import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, REPO_ROOT } from '../config.js';
import { isPostgresUrl } from '../db/database.js';
import { AppError } from '../errors.js';

/**
 * The audit HMAC keys, read from a key file outside the database (docs/ARCHITECTURE.md "Audit trail").
 * Format: one key per line, `<keyId> <64 or more hex digits>`; blank lines and `#` comments ignored. The last line is
 * the current key (new entries and checkpoints); earlier lines verify older entries. Rotation appends a line.
 */
export interface AuditKeyring {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
  /** The key file, or null for the per-process key of an in-memory database. */
  file: string | null;
}

const KEY_LINE = /^([A-Za-z0-9._-]{1,64})\s+([0-9a-fA-F]{64,})$/;

export function parseKeyFile(text: string, file: string): AuditKeyring {
  const byId = new Map<string, Buffer>();
  let current: AuditKeyring['current'] | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = KEY_LINE.exec(line);
    if (!m || (m[2] as string).length % 2 !== 0) throw keyFileError(file, i + 1);
    const id = m[1] as string;
    const key = Buffer.from(m[2] as string, 'hex');
    const known = byId.get(id);
    if (known && !known.equals(key)) throw keyFileError(file, i + 1);
    byId.set(id, key);
    current = { id, key };
  });
  if (!current) throw keyFileError(file, 0);
  return { current, byId, file };
}

function keyFileError(file: string, line: number): AppError {
  return new AppError('audit_key_invalid', { params: { file, line }, details: { file, line } });
}

/** Which key file a configuration uses: the configured one, else beside the SQLite file, else data/audit.key. */
export function auditKeyFileOf(config: Pick<Config, 'db' | 'auditKeyFile'>): string | null {
  if (config.auditKeyFile) return path.resolve(config.auditKeyFile);
  if (config.db === ':memory:') return null;
  if (isPostgresUrl(config.db)) return path.join(REPO_ROOT, 'data', 'audit.key');
  return `${path.resolve(config.db)}.audit-key`;
}

let memoryRing: AuditKeyring | null = null;
const cache = new Map<string, { stamp: string; ring: AuditKeyring }>();

/**
 * The keyring of a configuration. A missing default key file is created with a fresh random key (mode 0600); a
 * configured key file must exist. The file is re-read when it changes (rotation while `serve` runs).
 */
export function auditKeyring(config: Pick<Config, 'db' | 'auditKeyFile'>): AuditKeyring {
  const file = auditKeyFileOf(config);
  if (file === null) {
    memoryRing ??= ringOf(newKeyLine(), '(memory)', null);
    return memoryRing;
  }
  let st = statOf(file);
  if (!st) {
    if (config.auditKeyFile) throw new AppError('audit_key_missing', { params: { file }, details: { file } });
    createKeyFile(file);
    st = statOf(file) as fs.Stats;
  }
  const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.ring;
  const ring = parseKeyFile(fs.readFileSync(file, 'utf8'), file);
  cache.set(file, { stamp, ring });
  return ring;
}

function ringOf(text: string, label: string, file: string | null): AuditKeyring {
  return { ...parseKeyFile(text, label), file };
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** A new key line with a random id, so a lost and re-created key file never reuses an id with another key. */
export function newKeyLine(): string {
  return `k-${randomBytes(4).toString('hex')} ${randomBytes(32).toString('hex')}\n`;
}

/** Creates the key file atomically (written aside, then linked into place: a racing process reads a whole file). */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `# qiangjian audit key (docs/ARCHITECTURE.md "Audit trail")\n${newKeyLine()}`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
