import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type AuditContent,
  CHECKPOINT_FORMAT,
  checkpointAuthentic,
  entryHash,
  GENESIS_HASH,
  type StoredEntry,
  signCheckpoint,
  verifyChain,
} from './audit.rules.js';
import { parseKeyFile } from './audit-key.js';

const K1 = 'a'.repeat(64);
const K2 = 'b'.repeat(64);

function chain(n: number, key: Buffer | null, keyId: string | null): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c: AuditContent = {
      chain: 'org:1',
      seq,
      at: 't',
      actor: 'cli',
      actorUserId: null,
      action: 'x',
      entityType: null,
      entityId: null,
      orgId: 1,
      data: '{}',
    };
    const hash = entryHash(prev, c, key ?? undefined);
    out.push({ ...c, id: seq, prevHash: prev, hash, keyId });
    prev = hash;
  }
  return out;
}

describe('audit key file', () => {
  it('reads one key per line; the last is current; comments and blank lines ignored', () => {
    const ring = parseKeyFile(`# keys\nk1 ${K1}\n\nk2 ${K2}\n`, 'f');
    expect(ring.current.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k1', 'k2']);
    expect(ring.byId.get('k1')?.toString('hex')).toBe(K1);
  });

  it('refuses a malformed line, a short key, an id reused with another key, and an empty file (naming the line)', () => {
    expect(() => parseKeyFile(`k1 ${K1}\nk2 xyz\n`, 'f')).toThrow(
      expect.objectContaining({ code: 'audit_key_invalid', details: { file: 'f', line: 2 } }),
    );
    expect(() => parseKeyFile(`k1 ${'a'.repeat(62)}\n`, 'f')).toThrow(expect.objectContaining({ code: 'audit_key_invalid' }));
    expect(() => parseKeyFile(`k1 ${K1}\nk1 ${K2}\n`, 'f')).toThrow(expect.objectContaining({ details: { file: 'f', line: 2 } }));
    expect(() => parseKeyFile('# nothing\n', 'f')).toThrow(expect.objectContaining({ details: { file: 'f', line: 0 } }));
  });
});

describe('keyed chains', () => {
  const keys = new Map([['k1', Buffer.from(K1, 'hex')]]);

  it('a keyed chain verifies under its key, not under another or as plain SHA-256', () => {
    expect(verifyChain(chain(3, Buffer.from(K1, 'hex'), 'k1'), undefined, keys)).toBeNull();
    expect(verifyChain(chain(3, Buffer.from(K2, 'hex'), 'k1'), undefined, keys)?.problem).toBe('hash_mismatch');
    expect(verifyChain(chain(3, null, 'k1'), undefined, keys)?.problem).toBe('hash_mismatch');
    expect(verifyChain(chain(3, Buffer.from(K1, 'hex'), 'k9'), undefined, keys)).toMatchObject({
      problem: 'key_unknown',
      entry: { seq: 1 },
    });
  });

  it('an unkeyed chain verifies in legacy mode only; checked keyed it is remembered as unkeyed', () => {
    const legacy = chain(3, null, null);
    expect(verifyChain(legacy, undefined, 'legacy')).toBeNull();
    const state = { expectedSeq: 1, prevHash: GENESIS_HASH, last: null, unkeyed: null };
    expect(verifyChain(legacy, state, keys)).toBeNull();
    expect(state.unkeyed).toMatchObject({ seq: 1 });
  });
});

describe('checkpoints', () => {
  const key = randomBytes(32);
  const keys = new Map([['k1', key]]);
  const cp = signCheckpoint(
    { format: CHECKPOINT_FORMAT, at: 't', keyId: 'k1', chains: [{ chain: 'platform', seq: 3, hash: 'h' }], entries: 3 },
    key,
  );

  it('verifies under the key it names; any edit, another key or an unknown key id is refused', () => {
    expect(checkpointAuthentic(cp, keys)).toBe(true);
    expect(checkpointAuthentic({ ...cp, chains: [{ chain: 'platform', seq: 2, hash: 'h' }] }, keys)).toBe(false);
    expect(checkpointAuthentic({ ...cp, entries: 4 }, keys)).toBe(false);
    expect(checkpointAuthentic(cp, new Map([['k1', randomBytes(32)]]))).toBe(false);
    expect(checkpointAuthentic({ ...cp, keyId: 'k2' }, keys)).toBe(false);
  });
});
