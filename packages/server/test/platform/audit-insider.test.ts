import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEntry } from '../../src/audit/audit.repository.js';
import { type AuditContent, entryHash, GENESIS_HASH } from '../../src/audit/audit.rules.js';
import { recordAuditAlone, toStored, upgradeLegacyAudit, verifyAudit } from '../../src/audit/audit.service.js';
import { auditCheckpointJob, createCheckpoint } from '../../src/audit/audit-checkpoint.js';
import { auditKeyFileOf, newKeyLine } from '../../src/audit/audit-key.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { openContext } from '../../src/bootstrap.js';
import { REPO_ROOT } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { createOrg, updateOrg } from '../../src/modules/orgs/orgs.service.js';
import { createTestContext, type TestContext, useTestApp } from '../db.js';
import { creditCode } from '../factories.js';

const TMP = path.join(REPO_ROOT, '.tmp', 'test', 'audit-keys');

function tmpFile(name: string): string {
  fs.mkdirSync(TMP, { recursive: true });
  return path.join(TMP, `${process.pid}_${randomBytes(4).toString('hex')}_${name}`);
}

type Row = { id: number; seq: number; chain: string } & AuditContent & { prevHash: string; hash: string; keyId: string | null };

async function chainRows(ctx: AppContext, chain: string): Promise<Row[]> {
  const rows = await ctx.db.selectFrom('audit_log').selectAll().where('chain', '=', chain).orderBy('seq').execute();
  return rows.map(toStored);
}

/** What an insider with the database file can do: rewrite entries from `fromSeq` on and recompute hashes and head. */
async function rewriteChain(
  ctx: AppContext,
  chain: string,
  fromSeq: number,
  edit: (r: Row) => Row,
  hash: (prev: string, r: Row) => string,
  keyId: (r: Row) => string | null = (r) => r.keyId,
) {
  const rows = await chainRows(ctx, chain);
  let prev = GENESIS_HASH;
  for (const r0 of rows) {
    if (r0.seq < fromSeq) {
      prev = r0.hash;
      continue;
    }
    const r = edit(r0);
    const h = hash(prev, r);
    await sql`update audit_log set data = ${r.data}, actor = ${r.actor}, prev_hash = ${prev}, hash = ${h}, key_id = ${keyId(r)} where id = ${r.id}`.execute(
      ctx.db,
    );
    prev = h;
  }
  const last = rows[rows.length - 1] as Row;
  await sql`update audit_chain_head set seq = ${last.seq}, hash = ${prev} where chain = ${chain}`.execute(ctx.db);
}

describe('audit that survives an insider with the database file', () => {
  let ctx: TestContext;
  let orgId: number;
  let chain: string;
  beforeEach(async () => {
    ctx = await createTestContext();
    const o = await createOrg(ctx, CLI_ACTOR, { name: 'A', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    orgId = o.id;
    chain = `org:${orgId}`;
    for (let i = 0; i < 4; i++) await updateOrg(ctx, CLI_ACTOR, orgId, { name: `A${i}` });
    await createOrg(ctx, CLI_ACTOR, { name: 'B', kind: 'water_supply', creditCode: creditCode(), regionCode: '150626100' });
  });
  afterEach(async () => ctx.cleanup());

  it('entries are keyed (HMAC, key id recorded) and every new chain is registered in the platform chain', async () => {
    const rows = await chainRows(ctx, chain);
    expect(rows.every((r) => r.keyId !== null)).toBe(true);
    const plain = entryHash((rows[0] as Row).prevHash, rows[0] as Row);
    expect((rows[0] as Row).hash).not.toBe(plain);
    const opened = (await chainRows(ctx, 'platform')).filter((r) => r.action === 'audit_chain_opened').map((r) => r.entityId);
    expect(opened).toContain(chain);
    expect(opened).toHaveLength(2);
    expect(await verifyAudit(ctx, CLI_ACTOR)).toMatchObject({ ok: true, problems: [] });
  });

  it('an entry rewritten with the plain SHA-256 recomputed down the chain and in the head is detected', async () => {
    const edit = (r: Row) => (r.seq === 2 ? { ...r, data: '{"changes":{}}' } : r);
    await rewriteChain(ctx, chain, 2, edit, (prev, r) => entryHash(prev, r));
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ chain, seq: 2, problem: 'hash_mismatch' });
  });

  it('the same rewrite passed off as legacy (key id removed) is reported unkeyed', async () => {
    const edit = (r: Row) => (r.seq === 2 ? { ...r, actor: 'someone' } : r);
    await rewriteChain(
      ctx,
      chain,
      1,
      edit,
      (prev, r) => entryHash(prev, r),
      () => null,
    );
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.failure).toMatchObject({ chain, seq: 1, problem: 'unkeyed' });
    // and the one-time upgrade does not bless it: the log holds keyed entries
    expect(await upgradeLegacyAudit(ctx)).toBeNull();
    expect((await verifyAudit(ctx, CLI_ACTOR)).failure).toMatchObject({ chain, seq: 1, problem: 'unkeyed' });
  });

  it('the same rewrite recomputed as an HMAC under a wrong key is detected', async () => {
    const wrong = randomBytes(32);
    await rewriteChain(
      ctx,
      chain,
      3,
      (r) => (r.seq === 3 ? { ...r, actor: 'someone' } : r),
      (prev, r) => entryHash(prev, r, wrong),
    );
    expect((await verifyAudit(ctx, CLI_ACTOR)).failure).toMatchObject({ chain, seq: 3, problem: 'hash_mismatch' });
  });

  it("an organization's chain deleted whole (entries and head) is chain_missing", async () => {
    await sql`delete from audit_log where chain = ${chain}`.execute(ctx.db);
    await sql`delete from audit_chain_head where chain = ${chain}`.execute(ctx.db);
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ chain, seq: null, id: null, problem: 'chain_missing' }]);
  });

  it('a chain the platform chain never registered is chain_unregistered', async () => {
    await ctx.db.transaction().execute(async (trx) => {
      const key = { id: 'k-x', key: randomBytes(32) };
      await appendEntry(
        trx,
        {
          chain: 'org:999999',
          at: '2024-10-15T02:00:00.000Z',
          actor: 'cli',
          actorUserId: null,
          action: 'x',
          entityType: null,
          entityId: null,
          orgId: 999999,
          data: '{}',
        },
        ctx.engine === 'postgres',
        key,
      );
    });
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.problems).toContainEqual({ chain: 'org:999999', seq: null, id: null, problem: 'chain_unregistered' });
  });

  it('a wiped log passes plain verify but not against a checkpoint (chain_missing for every chain)', async () => {
    const cp = await createCheckpoint(ctx, CLI_ACTOR);
    expect(cp.chains.map((c) => c.chain).sort()).toHaveLength(3);
    await sql`delete from audit_log`.execute(ctx.db);
    await sql`delete from audit_chain_head`.execute(ctx.db);
    expect((await verifyAudit(ctx, CLI_ACTOR)).ok).toBe(true);
    const r = await verifyAudit(ctx, CLI_ACTOR, { against: cp });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toEqual(['chain_missing', 'chain_missing', 'chain_missing']);
    expect(r.problems.map((p) => p.chain).sort()).toEqual(cp.chains.map((c) => c.chain).sort());
  });

  it('a cut tail with a mended head passes plain verify but not against a checkpoint', async () => {
    const cp = await createCheckpoint(ctx, CLI_ACTOR);
    const rows = await chainRows(ctx, chain);
    const last = rows[rows.length - 1] as Row;
    const before = rows[rows.length - 2] as Row;
    await sql`delete from audit_log where id = ${last.id}`.execute(ctx.db);
    await sql`update audit_chain_head set seq = ${before.seq}, hash = ${before.hash} where chain = ${chain}`.execute(ctx.db);
    expect((await verifyAudit(ctx, CLI_ACTOR)).ok).toBe(true);
    const r = await verifyAudit(ctx, CLI_ACTOR, { against: cp });
    expect(r.problems).toEqual([{ chain, seq: last.seq, id: null, problem: 'checkpoint_mismatch' }]);
    // entries written after the checkpoint do not disturb it
    await updateOrg(ctx, CLI_ACTOR, orgId, { name: 'later' });
    expect((await verifyAudit(ctx, CLI_ACTOR, { against: cp })).problems.map((p) => p.problem)).toEqual(['checkpoint_mismatch']);
  });

  it('a checkpoint edited to match a cut log (seq lowered) is checkpoint_forged', async () => {
    const cp = await createCheckpoint(ctx, CLI_ACTOR);
    expect((await verifyAudit(ctx, CLI_ACTOR, { against: cp })).ok).toBe(true);
    const forged = { ...cp, chains: cp.chains.map((c) => (c.chain === chain ? { ...c, seq: c.seq - 1 } : c)) };
    const r = await verifyAudit(ctx, CLI_ACTOR, { against: forged });
    expect(r.problems.map((p) => p.problem)).toContain('checkpoint_forged');
  });

  it('serve writes one checkpoint a day into QIANGJIAN_AUDIT_CHECKPOINT_DIR and keeps the newest N', async () => {
    const dir = tmpFile('checkpoints');
    const c = { ...ctx, config: { ...ctx.config, auditCheckpointDir: dir, auditCheckpointKeep: 2 } };
    for (let i = 0; i < 3; i++) {
      await auditCheckpointJob.run(c);
      ctx.clock.advance(86_400_000);
    }
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^audit-checkpoint-20241017T\d+Z\.json$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('audit keys: file outside the database, rotation, legacy upgrade', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => ctx.cleanup());

  const withKeyFile = (file: string): AppContext => ({ ...ctx, config: { ...ctx.config, auditKeyFile: file } });

  it('the default key file sits beside a SQLite database (mode 0600) or under data/ for PostgreSQL', async () => {
    await recordAuditAlone(ctx, CLI_ACTOR, { action: 'x', entityType: null, entityId: null, data: {} });
    const file = auditKeyFileOf(ctx.config) as string;
    expect(file).toBe(ctx.engine === 'postgres' ? path.join(REPO_ROOT, 'data', 'audit.key') : `${ctx.config.db}.audit-key`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^k-[0-9a-f]{8} [0-9a-f]{64}$/m);
  });

  it('rotation: entries under key 1, then key 2 appended: new entries under key 2, all verify; key 1 removed: named', async () => {
    const file = tmpFile('keys');
    const k1 = newKeyLine();
    const k2 = newKeyLine();
    fs.writeFileSync(file, k1);
    const c1 = withKeyFile(file);
    await createOrg(c1, CLI_ACTOR, { name: 'A', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    fs.writeFileSync(file, `${k1}${k2}`);
    await createOrg(c1, CLI_ACTOR, { name: 'B', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    const ids = (await ctx.db.selectFrom('audit_log').select('key_id').orderBy('id').execute()).map((r) => r.key_id);
    const [id1, id2] = [k1.split(' ')[0], k2.split(' ')[0]];
    expect(ids[0]).toBe(id1);
    expect(ids[ids.length - 1]).toBe(id2);
    expect(await verifyAudit(c1, CLI_ACTOR)).toMatchObject({ ok: true });
    fs.writeFileSync(file, k2);
    const r = await verifyAudit(c1, CLI_ACTOR);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ seq: 1, problem: 'key_unknown', keyId: id1 });
    fs.rmSync(file);
    await expect(verifyAudit(c1, CLI_ACTOR)).rejects.toMatchObject({ code: 'audit_key_missing' });
    fs.writeFileSync(file, 'k1 not-hex\n');
    await expect(verifyAudit(c1, CLI_ACTOR)).rejects.toMatchObject({ code: 'audit_key_invalid' });
    fs.rmSync(file);
  });

  /** A log written before keys: plain SHA-256 entries, key_id NULL, no registry. */
  async function writeLegacy(chains: Record<string, number>) {
    for (const [chain, n] of Object.entries(chains)) {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= n; seq++) {
        const c: AuditContent = {
          chain,
          seq,
          at: `2024-10-0${seq}T00:00:00.000Z`,
          actor: 'cli',
          actorUserId: null,
          action: 'org_updated',
          entityType: 'organization',
          entityId: '1',
          orgId: chain === 'platform' ? null : 1,
          data: `{"n":${seq}}`,
        };
        const hash = entryHash(prev, c);
        await ctx.db
          .insertInto('audit_log')
          .values({
            chain,
            seq,
            at: c.at,
            actor: c.actor,
            actor_user_id: null,
            action: c.action,
            entity_type: c.entityType,
            entity_id: c.entityId,
            org_id: c.orgId,
            data: c.data,
            prev_hash: prev,
            hash,
          })
          .execute();
        prev = hash;
      }
      await ctx.db.insertInto('audit_chain_head').values({ chain, seq: n, hash: prev, updated_at: '2024-10-09T00:00:00.000Z' }).execute();
    }
  }

  it('a legacy log that verifies is rekeyed once in one transaction, its chains registered, audit_rekeyed recorded', async () => {
    await writeLegacy({ platform: 3, 'org:1': 4 });
    expect((await verifyAudit(ctx, CLI_ACTOR)).problems.map((p) => p.problem)).toContain('unkeyed');
    // start-up (openContext: serve and every CLI command) performs the upgrade
    const opened = await openContext(ctx.config);
    expect(opened.rekeyed).toEqual({ chains: 2, entries: 7 });
    await opened.handle.close();
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r).toMatchObject({ ok: true, entries: 9 });
    const platform = await chainRows(ctx, 'platform');
    expect(platform.map((e) => e.action).slice(3)).toEqual(['audit_chain_opened', 'audit_rekeyed']);
    expect(JSON.parse((platform[4] as Row).data)).toMatchObject({ chains: 2, entries: 7 });
    expect(await upgradeLegacyAudit(ctx)).toBeNull();
  });

  it('a legacy log that does not verify is left as it is (verify names the broken entry)', async () => {
    await writeLegacy({ 'org:1': 3 });
    await sql`update audit_log set data = '{"n":9}' where seq = 2`.execute(ctx.db);
    expect(await upgradeLegacyAudit(ctx)).toBeNull();
    expect((await ctx.db.selectFrom('audit_log').select('key_id').where('key_id', 'is not', null).execute()).length).toBe(0);
    expect((await verifyAudit(ctx, CLI_ACTOR)).failure).toMatchObject({ chain: 'org:1', seq: 2, problem: 'hash_mismatch' });
  });
});

describe('GET /api/v1/audit/checkpoint', () => {
  const t = useTestApp();

  it('answers a signed checkpoint as a download that verify --against accepts', async () => {
    const r = await t.as('admin').get('/api/v1/audit/checkpoint');
    expect(r.statusCode).toBe(200);
    // RFC 6266: the Chinese name (审计检查点-…) in filename*, an ASCII fallback in filename
    expect(r.headers['content-disposition']).toMatch(
      /^attachment; filename="_____-\d{8}T\d+Z\.json"; filename\*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%A3%80%E6%9F%A5%E7%82%B9-\d{8}T\d+Z\.json$/,
    );
    const cp = r.json();
    expect(cp.format).toBe('qiangjian-audit-checkpoint/1');
    expect(cp.chains.length).toBeGreaterThan(0);
    expect((await verifyAudit(t.ctx, CLI_ACTOR, { against: cp })).ok).toBe(true);
    expect((await t.as('regulator').get('/api/v1/audit/checkpoint')).statusCode).toBe(403);
  });
});
