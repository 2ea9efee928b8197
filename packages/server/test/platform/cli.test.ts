import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import { REPO_ROOT } from '../../src/config.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

async function cli(db: string, args: string[]) {
  try {
    const r = await run(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, QIANGJIAN_LOG: 'silent' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('qiangjian CLI (real process)', () => {
  let ctx: TestContext;
  let db: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    db = ctx.engine === 'postgres' ? (ctx.config.db as string) : ctx.handle.location;
  });
  afterAll(async () => ctx.cleanup());

  it('org create: a wrong check character exits non-zero and names the position', async () => {
    const r = await cli(db, [
      'org',
      'create',
      '--name',
      '示例站',
      '--kind',
      'gas_station',
      '--credit-code',
      '911506263141592686',
      '--region',
      '150626100',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第18位校验码应为 5');
    const r17 = await cli(db, [
      'org',
      'create',
      '--name',
      '示例站',
      '--kind',
      'gas_station',
      '--credit-code',
      '914403001922038316',
      '--region',
      '150626100',
    ]);
    expect(r17.code).toBe(1);
    expect(r17.stderr).toContain('第17位（组织机构代码校验码）应为');
    const bad = await cli(db, [
      'org',
      'create',
      '--name',
      'x',
      '--kind',
      'spaceship',
      '--credit-code',
      '911506263141592685',
      '--region',
      '150626100',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--kind');
  });

  it('org create with a valid code succeeds and prints JSON with --json; a duplicate is refused', async () => {
    const r = await cli(db, [
      '--json',
      'org',
      'create',
      '--name',
      '示例站',
      '--kind',
      'gas_station',
      '--credit-code',
      '９１１５０６２６３１４１５９２６８５',
      '--region',
      '150626100',
    ]);
    expect(r.code).toBe(0);
    const org = JSON.parse(r.stdout);
    expect(org).toMatchObject({ name: '示例站', kind: 'gas_station', creditCode: '911506263141592685', regionCode: '150626100' });
    const dup = await cli(db, [
      'org',
      'create',
      '--name',
      'y',
      '--kind',
      'gas_station',
      '--credit-code',
      '911506263141592685',
      '--region',
      '150626100',
    ]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('已被其他单位使用');
    const row = await ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('action', '=', 'org_created')
      .executeTakeFirstOrThrow();
    expect(row.actor).toBe('cli');
  });

  it('user reset-password prints a one-time password that logs in and must be changed; an unknown user is named', async () => {
    const org = await buildOrg(ctx, { kind: 'bureau' });
    const made = await cli(db, [
      'user',
      'create',
      '--username',
      'clerk7',
      '--role',
      'regulator',
      '--org',
      org.creditCode,
      '--password',
      'Xq7-long-enough-pw!',
    ]);
    expect(made.code).toBe(0);
    const r = await cli(db, ['--json', 'user', 'reset-password', 'clerk7']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { username: string; password: string; mustChangePassword: boolean };
    expect(out).toMatchObject({ username: 'clerk7', mustChangePassword: true });
    const row = await ctx.db
      .selectFrom('users')
      .select(['password_hash', 'must_change_password'])
      .where('username', '=', 'clerk7')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(out.password, row.password_hash)).toBe(true);
    expect(await verifyPassword('Xq7-long-enough-pw!', row.password_hash)).toBe(false);
    expect(Number(row.must_change_password)).toBe(1);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'data'])
      .where('action', '=', 'user_updated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe('cli');
    expect(String(audit.data)).toContain('reset');
    const plain = await cli(db, ['user', 'reset-password', 'clerk7']);
    expect(plain.stdout).toContain('一次性密码');
    const unknown = await cli(db, ['user', 'reset-password', 'nobody-here']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nobody-here');
  });

  it('audit verify: passes untouched, fails naming the entry after a direct edit', async () => {
    const ok = await cli(db, ['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('审计日志校验通过');
    const target = await ctx.db.selectFrom('audit_log').select(['id', 'chain', 'seq']).orderBy('id').executeTakeFirstOrThrow();
    await sql`update audit_log set actor = 'someone' where id = ${target.id}`.execute(ctx.db);
    const bad = await cli(db, ['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`记录 id ${target.id}`);
    expect(bad.stderr).toContain('内容被修改');
  });

  it('audit verify and db backup on a mistyped SQLite path: refused in Chinese, no empty database created', async () => {
    const missing = path.join(REPO_ROOT, '.tmp', 'test', `no_such_${process.pid}_${Date.now()}.db`);
    for (const args of [
      ['audit', 'verify'],
      ['db', 'backup', `${missing}.copy`],
    ]) {
      const r = await cli(missing, args);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('数据库文件');
      expect(r.stderr).toContain('不存在');
      expect(fs.existsSync(missing)).toBe(false);
    }
  });

  it('db backup makes a consistent copy (SQLite) or points to pg_dump (PostgreSQL)', async () => {
    const out = path.join(REPO_ROOT, '.tmp', 'test', `backup_${process.pid}_${Date.now()}.db`);
    const r = await cli(db, ['db', 'backup', out]);
    if (ctx.engine === 'postgres') {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('pg_dump');
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    const { openDatabase } = await import('../../src/db/database.js');
    const h = openDatabase(out, { readonly: true });
    const n = await h.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(0);
    await h.close();
    fs.rmSync(out, { force: true });
  });
});

describe('qiangjian audit checkpoint / verify --against (real process)', () => {
  let ctx: TestContext;
  let db: string;
  const dir = path.join(REPO_ROOT, '.tmp', 'test', `checkpoints_${process.pid}_${Date.now()}`);
  beforeAll(async () => {
    ctx = await createTestContext();
    db = ctx.engine === 'postgres' ? (ctx.config.db as string) : ctx.handle.location;
    const { createOrg } = await import('../../src/modules/orgs/orgs.service.js');
    const { CLI_ACTOR } = await import('../../src/auth/actor.js');
    const { creditCode } = await import('../factories.js');
    await createOrg(ctx, CLI_ACTOR, { name: 'A', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    fs.mkdirSync(dir, { recursive: true });
  });
  afterAll(async () => {
    await ctx.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = path.join(dir, 'cp.json');
  let cp: { chains: { chain: string; seq: number }[] };

  it('audit checkpoint writes a signed checkpoint and never overwrites a file', async () => {
    const w = await cli(db, ['audit', 'checkpoint', '--out', file]);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('审计检查点已写入');
    expect(w.stdout).toContain(file);
    cp = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(cp).toMatchObject({ format: 'qiangjian-audit-checkpoint/1', entries: 2 });
    expect(cp.chains).toHaveLength(2);
    const again = await cli(db, ['audit', 'checkpoint', '--out', file]);
    expect(again.code).toBe(1);
  });

  it('audit verify --against: passes on the untouched log', async () => {
    const ok = await cli(db, ['audit', 'verify', '--against', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('与检查点');
  });

  it('audit verify --against: a forged checkpoint and a file that is no checkpoint are refused in Chinese', async () => {
    const forgedFile = path.join(dir, 'forged.json');
    const orgChain = cp.chains.find((c) => c.chain !== 'platform') as { chain: string; seq: number };
    fs.writeFileSync(forgedFile, JSON.stringify({ ...cp, chains: [{ ...orgChain, seq: orgChain.seq + 5 }] }));
    const forged = await cli(db, ['audit', 'verify', '--against', forgedFile]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('检查点文件签名不符');
    const junk = path.join(dir, 'junk.json');
    fs.writeFileSync(junk, '{"hello":1}');
    const bad = await cli(db, ['audit', 'verify', '--against', junk]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不是检查点');
  });

  it('a wiped log passes plain verify but fails against the checkpoint, naming each chain and seq', async () => {
    const orgChain = cp.chains.find((c) => c.chain !== 'platform') as { chain: string; seq: number };
    await sql`delete from audit_log`.execute(ctx.db);
    await sql`delete from audit_chain_head`.execute(ctx.db);
    const plain = await cli(db, ['audit', 'verify']);
    expect(plain.code).toBe(0);
    const wiped = await cli(db, ['audit', 'verify', '--against', file]);
    expect(wiped.code).toBe(1);
    expect(wiped.stderr).toContain(`链 ${orgChain.chain} 第 ${orgChain.seq} 条`);
    expect(wiped.stderr).toContain('整条链缺失');
  });

  it('refuses to checkpoint a log that does not verify', async () => {
    const { updateOrg, createOrg } = await import('../../src/modules/orgs/orgs.service.js');
    const { CLI_ACTOR } = await import('../../src/auth/actor.js');
    const { creditCode } = await import('../factories.js');
    const o = await createOrg(ctx, CLI_ACTOR, { name: 'C', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    await updateOrg(ctx, CLI_ACTOR, o.id, { name: 'C2' });
    await sql`update audit_log set actor = 'someone' where chain = ${`org:${o.id}`} and seq = 1`.execute(ctx.db);
    const r = await cli(db, ['audit', 'checkpoint', '--out', path.join(dir, 'broken.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('审计日志校验失败');
    expect(fs.existsSync(path.join(dir, 'broken.json'))).toBe(false);
  });
});
