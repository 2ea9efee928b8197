import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit.service.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { createOrg, updateOrg } from '../../src/modules/orgs/orgs.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { creditCode } from '../factories.js';

describe('audit hash chain', () => {
  let ctx: TestContext;
  let orgId: number;
  beforeEach(async () => {
    ctx = await createTestContext();
    const o = await createOrg(ctx, CLI_ACTOR, { name: 'A', kind: 'gas_station', creditCode: creditCode(), regionCode: '150626100' });
    orgId = o.id;
    for (let i = 0; i < 4; i++) await updateOrg(ctx, CLI_ACTOR, orgId, { name: `A${i}` });
    await createOrg(ctx, CLI_ACTOR, { name: 'B', kind: 'water_supply', creditCode: creditCode(), regionCode: '150626100' });
  });
  afterEach(async () => ctx.cleanup());

  async function entryIds(chain: string) {
    return (await ctx.db.selectFrom('audit_log').select(['id', 'seq']).where('chain', '=', chain).orderBy('seq').execute()).map((r) => ({
      id: Number(r.id),
      seq: Number(r.seq),
    }));
  }

  it('an untouched log verifies, and updates carry a before/after diff', async () => {
    const r = await verifyAudit(ctx, CLI_ACTOR);
    // two organization chains, and the platform chain registering them (one audit_chain_opened each)
    expect(r).toMatchObject({ ok: true, chains: 3, entries: 8 });
    const upd = await ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'org_updated')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(upd.data)).toEqual({ changes: { name: { before: 'A', after: 'A0' } } });
  });

  it('detects an edited entry and names it', async () => {
    const ids = await entryIds(`org:${orgId}`);
    const target = ids[2] as { id: number; seq: number };
    await sql`update audit_log set data = ${'{"changes":{}}'} where id = ${target.id}`.execute(ctx.db);
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.ok).toBe(false);
    expect(r.failure).toEqual({ chain: `org:${orgId}`, seq: 3, id: target.id, problem: 'hash_mismatch' });
  });

  it('detects a deleted entry in the middle', async () => {
    const ids = await entryIds(`org:${orgId}`);
    await sql`delete from audit_log where id = ${(ids[1] as { id: number }).id}`.execute(ctx.db);
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.failure).toMatchObject({ chain: `org:${orgId}`, seq: 3, problem: 'seq_gap' });
  });

  it('detects reordering (two entries swap their sequence numbers)', async () => {
    const ids = await entryIds(`org:${orgId}`);
    const [a, b] = [ids[1] as { id: number }, ids[2] as { id: number }];
    await sql`update audit_log set seq = -1 where id = ${a.id}`.execute(ctx.db);
    await sql`update audit_log set seq = 2 where id = ${b.id}`.execute(ctx.db);
    await sql`update audit_log set seq = 3 where id = ${a.id}`.execute(ctx.db);
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.ok).toBe(false);
    expect(r.failure?.id).toBe(b.id);
  });

  it('detects a cut tail through the chain head', async () => {
    const ids = await entryIds(`org:${orgId}`);
    await sql`delete from audit_log where id = ${(ids[ids.length - 1] as { id: number }).id}`.execute(ctx.db);
    const r = await verifyAudit(ctx, CLI_ACTOR);
    expect(r.failure).toMatchObject({ chain: `org:${orgId}`, problem: 'head_mismatch' });
  });
});
