import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/modules/status/status.repository.js';
import { refreshInstrumentStatus, refreshStatuses } from '../../src/modules/status/status.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildInstrument, buildWorld, type InstrumentSpec } from '../factories.js';

/** A mixed ledger: every category family, nozzles with a failed one, removed and never-verified instruments. */
function specs(orgA: number, orgB: number): InstrumentSpec[] {
  const out: InstrumentSpec[] = [];
  for (let i = 0; i < 60; i++) {
    const org = i % 3 === 0 ? orgB : orgA;
    const d = `20${16 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    out.push({
      orgId: org,
      category: 'water_meter',
      caliberDn: i % 4 === 0 ? 40 : 15,
      installDate: d,
      verifications: i % 7 ? [{ date: d, kind: 'initial' }] : [],
    });
    out.push({
      orgId: org,
      category: 'gas_meter',
      gRating: i % 5 ? 'G4' : 'G25',
      gasMedium: i % 2 ? 'natural_gas' : 'lpg',
      verifications: [{ date: d, kind: 'initial' }],
    });
    out.push({ orgId: org, category: 'electricity_meter', accuracyClass: i % 6 ? '2' : '0.5S', installDate: d });
    out.push({
      orgId: org,
      category: 'fuel_dispenser',
      nozzles: 2,
      verifications: [
        { date: `2024-0${1 + (i % 9)}-10` },
        ...(i % 4 === 0 ? [{ date: `2024-0${1 + (i % 9)}-20`, nozzleNo: 2, conclusion: 'failed' }] : []),
      ],
    });
    if (i % 10 === 0) out.push({ orgId: org, category: 'water_meter', ledgerState: 'removed', removalDate: '2024-03-01', installDate: d });
    // rule conditions on the name (mechanical / three-phase / long-life bearing electricity meters)
    const names = ['三相机械式电能表', '单相感应式电能表', '磁力轴承电能表', '电能表'];
    out.push({
      orgId: org,
      category: 'electricity_meter',
      instrumentName: names[i % 4],
      catalogueType: i % 5 ? null : '三相',
      installDate: d,
    });
    // no install date, no verification: the service start falls back to the creation date
    if (i % 6 === 0) out.push({ orgId: org, category: 'gas_meter' });
  }
  return out;
}

async function snapshot(ctx: TestContext) {
  const instruments = await ctx.db
    .selectFrom('instruments')
    .select(['id', 'status', 'valid_until', 'due_date', 'reason_code', 'reason_flags', 'rule_ref', 'status_reason'])
    .orderBy('id')
    .execute();
  const nozzles = await ctx.db.selectFrom('nozzles').select(['id', 'status', 'valid_until']).orderBy('id').execute();
  return { instruments, nozzles };
}

async function clearStored(ctx: TestContext, orgId?: number) {
  let q = ctx.db.updateTable('instruments').set({
    status: null,
    valid_until: null,
    due_date: null,
    reason_code: null,
    reason_flags: null,
    rule_ref: null,
    status_reason: null,
  });
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  await q.execute();
  let n = ctx.db.updateTable('nozzles').set({ status: null, valid_until: null });
  if (orgId !== undefined) n = n.where('org_id', '=', orgId);
  await n.execute();
}

describe('set-wise refresh paths', () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let total: number;
  beforeEach(async () => {
    ctx = await createTestContext(); // clock: 2024-10-15
    world = await buildWorld(ctx);
    const list = specs(world.water.id, world.stationA.id);
    for (const s of list) (await buildInstrument(ctx, s)).id;
    total = list.length;
  });
  afterEach(async () => ctx.cleanup());

  it('worker threads + staged apply (chunk transactions) or bulk (indexes rebuilt) store exactly what the in-process refresh stores', async () => {
    const first = await refreshStatuses(ctx, { parallelMin: Number.POSITIVE_INFINITY });
    expect(first).toMatchObject({ instruments: total, changed: total });
    const expected = await snapshot(ctx);
    expect(new Set(expected.instruments.map((r) => r.status))).toEqual(
      new Set(['valid', 'overdue', 'due_soon', 'unverified', 'failed', 'removed', 'rotation_due', 'rotation_overdue']),
    );
    expect(expected.nozzles.every((n) => n.status !== null)).toBe(true);

    const parallelCtx = { ...ctx, config: { ...ctx.config, refreshWorkers: 2 } };
    // SQLite: both write modes (staged: applied afterwards in chunk transactions; bulk: indexes dropped, rows written as computed)
    for (const sqliteMode of ['bulk', 'staged'] as const) {
      await clearStored(ctx);
      const fractions: number[] = [];
      const applied: number[] = [];
      const second = await refreshStatuses(parallelCtx, {
        parallelMin: 0,
        batchSize: 17,
        sqliteMode,
        applyChunk: 7,
        onApplied: async (n) => {
          // between two apply transactions another write runs (the old apply held the connection for all of it)
          await ctx.db.transaction().execute((trx) => trx.updateTable('import_jobs').set({ progress: 0 }).where('id', '=', -1).execute());
          applied.push(n);
        },
        onProgress: (f) => fractions.push(f),
      });
      expect(second, sqliteMode).toMatchObject({ instruments: total, changed: total });
      expect(await snapshot(ctx)).toEqual(expected);
      expect(fractions.at(-1)).toBe(1);
      if (ctx.engine === 'sqlite' && sqliteMode === 'staged') {
        expect(applied).toHaveLength(Math.ceil(total / 7));
        expect(applied.at(-1)).toBe(total);
      } else expect(applied).toEqual([]);
    }
    // nothing changed: nothing written
    expect(await refreshStatuses(parallelCtx, { parallelMin: 0, batchSize: 17 })).toMatchObject({ changed: 0 });

    if (ctx.engine === 'sqlite') {
      const s = ctx.handle.sqlite as NonNullable<typeof ctx.handle.sqlite>;
      const names = (
        s.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'instruments' order by name").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['instruments_org_status', 'instruments_status_due', 'instruments_valid_until']));
      expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
      // the rebuilt index answers like the table does
      const viaIndex = s
        .prepare("select count(*) as n from instruments indexed by instruments_status_due where status = 'overdue'")
        .get() as { n: number };
      expect(viaIndex.n).toBe(expected.instruments.filter((r) => r.status === 'overdue').length);
    }
  });

  it('the set-wise refresh (trimmed reads) stores what the per-write refresh (full rows) stores', async () => {
    await refreshStatuses(ctx, { parallelMin: Number.POSITIVE_INFINITY });
    const setWise = await snapshot(ctx);
    await clearStored(ctx);
    const ids = setWise.instruments.map((r) => Number(r.id));
    await ctx.db.transaction().execute((trx) => refreshInstrumentStatus(ctx, trx, ids));
    expect(await snapshot(ctx)).toEqual(setWise);
    expect(new Set(setWise.instruments.map((r) => r.rule_ref)).size).toBeGreaterThan(8);
  });

  it('instruments with the same inputs share one computation; one differing input (a certificate date) does not', async () => {
    const same = { orgId: world.water.id, category: 'water_meter', caliberDn: 40, installDate: '2020-01-10' } as const;
    const a = (await buildInstrument(ctx, { ...same, verifications: [{ date: '2020-01-01' }] })).id;
    const b = (await buildInstrument(ctx, { ...same, verifications: [{ date: '2020-01-01' }] })).id;
    const c = (await buildInstrument(ctx, { ...same, verifications: [{ date: '2020-01-01', validUntil: '2020-12-31' }] })).id;
    await refreshStatuses(ctx, { parallelMin: Number.POSITIVE_INFINITY });
    const rows = (await snapshot(ctx)).instruments.filter((r) => [a, b, c].includes(Number(r.id)));
    const [ra, rb, rc] = [a, b, c].map((id) => rows.find((r) => Number(r.id) === id));
    expect({ ...ra, id: 0 }).toEqual({ ...rb, id: 0 });
    expect(ra?.valid_until).toBe('2023-12-31'); // DN40: 4-year usage limit from 2020-01-01
    expect(rc).toMatchObject({ valid_until: '2020-12-31', reason_code: 'rotation_overdue' });
  });

  it('an organization-scoped refresh in workers writes only that organization', async () => {
    await refreshStatuses(ctx, { parallelMin: Number.POSITIVE_INFINITY });
    const expected = await snapshot(ctx);
    await clearStored(ctx, world.stationA.id);
    const orgCount = Number(
      (
        await ctx.db
          .selectFrom('instruments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', world.stationA.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const parallelCtx = { ...ctx, config: { ...ctx.config, refreshWorkers: 2 } };
    const r = await refreshStatuses(parallelCtx, { orgId: world.stationA.id, parallelMin: 0, batchSize: 9 });
    expect(r).toMatchObject({ instruments: orgCount, changed: orgCount });
    expect(await snapshot(ctx)).toEqual(expected);
  });

  it('SQLite apply skips a row whose stored status changed after the refresh read it', async () => {
    if (ctx.engine !== 'sqlite') return;
    const s = ctx.handle.sqlite as NonNullable<typeof ctx.handle.sqlite>;
    await refreshStatuses(ctx, { parallelMin: Number.POSITIVE_INFINITY });
    const [a, b] = (await snapshot(ctx)).instruments;
    if (!a || !b) throw new Error('ledger missing');
    const change = (r: typeof a, prevStatus: string | null): repo.StoredStatus => ({
      id: Number(r.id),
      prev: { status: prevStatus, validUntil: r.valid_until, reason: r.status_reason },
      status: 'failed',
      validUntil: null,
      dueDate: null,
      reasonCode: 'failed_verification',
      reasonFlags: null,
      ruleRef: null,
      reason: 'x',
      asOf: '2024-10-15',
    });
    const applied = await ctx.db.transaction().execute(async () => {
      repo.stageReset(s);
      // a: compared against its current values → written; b: compared against values it no longer holds → skipped
      repo.stageInsert(s, [change(a, a.status), change(b, b.status === 'valid' ? 'overdue' : 'valid')], []);
      return repo.applyStageChunk(s, 'instruments', 0, 10);
    });
    expect(applied).toEqual({ changes: 1, last: Math.max(Number(a.id), Number(b.id)) });
    const after = await snapshot(ctx);
    expect(after.instruments[0]?.status).toBe('failed');
    expect(after.instruments[1]).toEqual(b);
  });
});
