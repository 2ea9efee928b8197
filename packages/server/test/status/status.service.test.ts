import { RULE_SEEDS } from '@qiangjian/shared/data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import {
  assertValidUntilWithinRule,
  listRules,
  listStatusSettings,
  refreshInstrumentStatus,
  refreshStatuses,
  ruleFor,
  statusCounts,
  updateRule,
  updateStatusSetting,
} from '../../src/modules/status/status.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { actorFor, buildInstrument, buildWorld, storedStatus } from '../factories.js';

describe('stored status and rule versions', () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  beforeEach(async () => {
    ctx = await createTestContext(); // clock: 2024-10-15
    world = await buildWorld(ctx);
  });
  afterEach(async () => ctx.cleanup());

  it('seeds every rule of docs/domain/regulations.md §2 once, auxiliaries not mandatory, settings with defaults', async () => {
    const rules = await listRules(ctx, CLI_ACTOR);
    expect(rules.length).toBe(RULE_SEEDS.length);
    expect(RULE_SEEDS.length).toBe(18);
    expect(
      rules
        .filter((r) => !r.mandatory)
        .map((r) => r.category)
        .sort(),
    ).toEqual(['dipstick', 'hydrometer', 'standard_measure', 'tank_level_gauge', 'thermometer']);
    const s = await ctx.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'status.%').orderBy('key').execute();
    expect(Object.fromEntries(s.map((r) => [r.key, r.value]))).toMatchObject({
      'status.warn_days.meter': '180',
      'status.warn_days.dispenser': '30',
    });
  });

  it('refreshStatuses stores status, valid_until, due_date, reason and nozzle statuses; only changed rows count', async () => {
    const a = (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        verifications: [{ date: '2024-01-05' }],
      })
    ).id;
    const b = (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        nozzles: 2,
        verifications: [{ date: '2024-06-05' }, { date: '2024-07-01', nozzleNo: 2, conclusion: 'failed' }],
      })
    ).id;
    const w = (await buildInstrument(ctx, { orgId: world.water.id, category: 'water_meter', caliberDn: 15, installDate: '2023-01-01' })).id;
    const r = await refreshStatuses(ctx);
    expect(r).toMatchObject({ instruments: 3, changed: 3 });
    expect(await storedStatus(ctx, a)).toMatchObject({
      status: 'overdue',
      valid_until: '2024-07-04',
      due_date: '2024-07-04',
      reason_code: 'overdue',
      rule_ref: 'fuel_dispenser.jjg443_2015@1',
      status_reason: '超期未检：JJG 443-2015 检定周期6个月，上次检定 2024-01-05，有效期至 2024-07-04',
      status_as_of: '2024-10-15',
    });
    expect(await storedStatus(ctx, b)).toMatchObject({ status: 'failed', reason_code: 'failed_verification', valid_until: '2024-12-04' });
    const nz = await ctx.db
      .selectFrom('nozzles')
      .select(['nozzle_no', 'status', 'valid_until'])
      .where('instrument_id', '=', b)
      .orderBy('nozzle_no')
      .execute();
    expect(nz.map((x) => [x.nozzle_no, x.status, x.valid_until])).toEqual([
      [1, 'valid', '2024-12-04'],
      [2, 'failed', null],
    ]);
    expect(await storedStatus(ctx, w)).toMatchObject({ status: 'unverified', due_date: '2023-01-01', reason_code: 'never_verified' });
    expect(await refreshStatuses(ctx)).toMatchObject({ instruments: 3, changed: 0 });
  });

  it('refreshInstrumentStatus recomputes inside the caller transaction (a new verification, a removal)', async () => {
    const id = (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        verifications: [{ date: '2024-01-05' }],
      })
    ).id;
    await refreshStatuses(ctx);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('verifications')
        .values({
          org_id: world.stationA.id,
          instrument_id: id,
          nozzle_no: 0,
          kind: 'periodic',
          date: '2024-10-01',
          conclusion: 'passed',
          source: 'test',
          created_at: 'x',
        } as never)
        .execute();
      await refreshInstrumentStatus(ctx, trx, [id]);
    });
    expect(await storedStatus(ctx, id)).toMatchObject({
      status: 'valid',
      valid_until: '2025-03-31',
      rule_ref: 'fuel_dispenser.jjg443_2023@1',
    });
    // a rolled-back transaction leaves the stored status untouched
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('instruments').set({ removal_date: '2024-10-10', ledger_state: 'removed' }).where('id', '=', id).execute();
        await refreshInstrumentStatus(ctx, trx, [id]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await storedStatus(ctx, id)).status).toBe('valid');
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('instruments').set({ removal_date: '2024-10-10', ledger_state: 'removed' }).where('id', '=', id).execute();
      await refreshInstrumentStatus(ctx, trx, [id]);
    });
    expect(await storedStatus(ctx, id)).toMatchObject({ status: 'removed', reason_code: 'removed', due_date: null });
  });

  it('ruleFor gives the edition of the verification date and the maximum valid-until; beyond it is refused', async () => {
    const r15 = await ruleFor(ctx, ctx.db, { category: 'fuel_dispenser' }, '2024-04-30');
    expect(r15).toMatchObject({ regulation: 'JJG 443-2015', maxValidUntil: '2024-10-29' });
    const r23 = await ruleFor(ctx, ctx.db, { category: 'fuel_dispenser' }, '2024-05-01');
    expect(r23?.regulation).toBe('JJG 443-2023');
    expect(r23?.citation).toContain('JJG 443-2023');
    const w = await ruleFor(ctx, ctx.db, { category: 'water_meter', caliberDn: 32 }, '2024-05-01');
    expect(w).toMatchObject({ maxValidUntil: '2028-04-30', attributesAssumed: false });
    await expect(assertValidUntilWithinRule(ctx, ctx.db, { category: 'fuel_dispenser' }, '2024-05-01', '2024-11-01')).rejects.toMatchObject(
      { code: 'valid_until_beyond_rule' },
    );
    await assertValidUntilWithinRule(ctx, ctx.db, { category: 'fuel_dispenser' }, '2024-05-01', '2024-10-31');
  });

  it('a rule edit creates a new version recorded now, audited, refreshes stored statuses; earlier as-of dates keep the old version', async () => {
    const id = (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        verifications: [{ date: '2024-06-05' }],
      })
    ).id;
    await refreshStatuses(ctx);
    expect((await storedStatus(ctx, id)).valid_until).toBe('2024-12-04');
    const admin = await actorFor(ctx, world.users.admin);
    const current = (await listRules(ctx, admin, { category: 'fuel_dispenser' })).find((r) => r.ruleKey === 'fuel_dispenser.jjg443_2023');
    if (!current) throw new Error('seed missing');
    ctx.clock.set('2024-10-20T02:00:00.000Z');
    const edited = await updateRule(ctx, admin, current.id, { cycleMonths: 3, note: 'test edit' });
    expect(edited).toMatchObject({
      ruleKey: 'fuel_dispenser.jjg443_2023',
      version: 2,
      cycleMonths: 3,
      current: true,
      recordedBy: `user:${world.users.admin.username}`,
    });
    // stored status refreshed with the new version
    expect(await storedStatus(ctx, id)).toMatchObject({
      valid_until: '2024-09-04',
      status: 'overdue',
      rule_ref: 'fuel_dispenser.jjg443_2023@2',
    });
    // history kept, old version superseded
    const all = await listRules(ctx, admin, { category: 'fuel_dispenser', history: '1' });
    expect(
      all.filter((r) => r.ruleKey === 'fuel_dispenser.jjg443_2023').map((r) => [r.version, r.cycleMonths, r.supersededAt !== null]),
    ).toEqual([
      [1, 6, true],
      [2, 3, false],
    ]);
    // audit with before/after
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data', 'entity_id'])
      .where('action', '=', 'rule_updated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ fromVersion: 1, toVersion: 2, changes: { cycleMonths: { before: 6, after: 3 } } });
    // a status as of a date before the edit uses the version recorded by then
    const before = await statusCounts(ctx, admin, { orgId: world.stationA.id }, '2024-10-19');
    expect(before.counts).toEqual([{ category: 'fuel_dispenser', status: 'valid', instruments: 1, units: 1 }]);
    const after = await statusCounts(ctx, admin, { orgId: world.stationA.id }, '2024-10-21');
    expect(after.counts).toEqual([{ category: 'fuel_dispenser', status: 'overdue', instruments: 1, units: 1 }]);
    // editing a superseded version conflicts; non-admins are forbidden
    await expect(updateRule(ctx, admin, current.id, { cycleMonths: 4 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateRule(ctx, await actorFor(ctx, world.users.regulator), edited.id, { cycleMonths: 4 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(updateRule(ctx, admin, edited.id, { effectiveFrom: '2024-05-01', effectiveTo: '2024-01-01' })).rejects.toMatchObject({
      code: 'rule_invalid',
    });
  });

  it('a setting edit is versioned too: a status for a date before the edit uses the warning window in force then', async () => {
    (await buildInstrument(ctx, { orgId: world.stationA.id, category: 'fuel_dispenser', verifications: [{ date: '2024-06-05' }] })).id;
    const admin = await actorFor(ctx, world.users.admin);
    // valid until 2024-12-04; the dispenser window is 30 days
    ctx.clock.set('2024-10-20T02:00:00.000Z');
    await updateStatusSetting(ctx, admin, 'status.warn_days.dispenser', '60');
    const asOf = async (d: string) => (await statusCounts(ctx, admin, { orgId: world.stationA.id }, d)).counts.map((c) => c.status);
    expect(await asOf('2024-10-19')).toEqual(['valid']); // 30 days then: 2024-11-18 < 2024-12-04
    expect(await asOf('2024-10-21')).toEqual(['due_soon']); // 60 days now: 2024-12-20 ≥ 2024-12-04
    ctx.clock.set('2024-10-25T02:00:00.000Z');
    await updateStatusSetting(ctx, admin, 'status.warn_days.dispenser', '45');
    expect(await asOf('2024-10-22')).toEqual(['due_soon']);
    expect(await asOf('2024-10-24')).toEqual(['due_soon']);
    expect(await asOf('2024-10-19')).toEqual(['valid']);
    const setting = (await listStatusSettings(ctx, admin)).find((x) => x.key === 'status.warn_days.dispenser');
    expect(setting?.value).toBe('45');
    expect(setting?.history?.map((h) => [h.version, h.value, h.recordedBy])).toEqual([
      [1, '30', 'system'],
      [2, '60', `user:${world.users.admin.username}`],
      [3, '45', `user:${world.users.admin.username}`],
    ]);
    // a key never edited has no history and its current value applies to every date
    expect((await listStatusSettings(ctx, admin)).find((x) => x.key === 'status.warn_days.meter')?.history).toEqual([]);
  });
});
