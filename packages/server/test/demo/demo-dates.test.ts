import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { dashboard } from '../../src/modules/verification/dashboard/dashboard.service.js';
import { createTestContext, type TestContext } from '../db.js';

// The demo is laid out relative to today(ctx): seeded on Mon 2025-03-03 10:00 Beijing, its statuses and
// applications must look current as of that day (and nothing may be dated after it).
const NOW = '2025-03-03T02:00:00.000Z';
const TODAY = '2025-03-03';

describe('demo county relative to today', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: NOW });
    await seedDemo(ctx, CLI_ACTOR, { meterScale: 0.1 });
  }, 300_000);
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('outside demo mode the demo accounts must change the published password at first login', async () => {
    expect(ctx.config.demoMode).toBe(false);
    const flags = await ctx.db
      .selectFrom('users')
      .select(['username', 'must_change_password'])
      .where('username', 'in', ['regulator', 'station'])
      .execute();
    expect(flags).toHaveLength(2);
    expect(flags.every((u) => u.must_change_password === 1)).toBe(true);
  });

  it('stores statuses as of today with a believable mix', async () => {
    const rows = await ctx.db
      .selectFrom('instruments')
      .select(['category', 'status', 'status_as_of'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy(['category', 'status', 'status_as_of'])
      .execute();
    // written as of today (an unchanged status keeps the day it was last written, e.g. a result's day)
    const asOf = rows.map((r) => String(r.status_as_of)).sort();
    expect(asOf[asOf.length - 1]).toBe(TODAY);
    expect((asOf[0] ?? '') >= '2024-12-01').toBe(true);
    const count = (cat: string | null, status: string) =>
      rows.filter((r) => (cat === null || r.category === cat) && r.status === status).reduce((a, r) => a + Number(r.n), 0);
    const total = rows.reduce((a, r) => a + Number(r.n), 0);
    // mostly valid
    expect(count(null, 'valid') / total).toBeGreaterThan(0.85);
    // dispensers: most valid, some due soon, the two overdue of §8
    expect(count('fuel_dispenser', 'valid')).toBeGreaterThan(100);
    expect(count('fuel_dispenser', 'due_soon')).toBeGreaterThanOrEqual(3);
    expect(count('fuel_dispenser', 'overdue')).toBe(2);
    // meters: rotation due / overdue, unverified, failed, removed (rotated in P)
    for (const cat of ['water_meter', 'gas_meter', 'electricity_meter']) {
      expect(count(cat, 'rotation_due')).toBeGreaterThan(0);
      expect(count(cat, 'rotation_overdue')).toBeGreaterThan(0);
      // one failed verification each, plus the failed sample tests (spot checks) of docs/domain/forms.md §8: water 2, gas 1, electricity 0
      const sampledFailures: Record<string, number> = { water_meter: 2, gas_meter: 1, electricity_meter: 0 };
      expect(count(cat, 'failed')).toBe(1 + (sampledFailures[cat] ?? 0));
      expect(count(cat, 'removed')).toBeGreaterThan(0);
    }
    expect(count('water_meter', 'unverified')).toBeGreaterThan(0);
    // every removed meter has its 备案历史 entry (filed → removed, reason rotation, on its removal date)
    const removed = await ctx.db
      .selectFrom('instruments')
      .leftJoin('instrument_state_changes as sc', (j) =>
        j.onRef('sc.instrument_id', '=', 'instruments.id').on('sc.to_state', '=', 'removed'),
      )
      .select(['instruments.removal_date', 'sc.effective_date', 'sc.reason', 'sc.from_state'])
      .where('instruments.ledger_state', '=', 'removed')
      .execute();
    expect(removed.length).toBeGreaterThan(0);
    for (const r of removed) {
      expect(r).toMatchObject({ effective_date: r.removal_date, reason: 'rotation', from_state: 'filed' });
      expect((r.removal_date ?? '') <= TODAY).toBe(true);
    }
    // the `station` login's station has three dispensers to apply for
    const u = await ctx.db.selectFrom('users').select('org_id').where('username', '=', 'station').executeTakeFirstOrThrow();
    const due = await ctx.db
      .selectFrom('instruments')
      .select('id')
      .where('org_id', '=', u.org_id)
      .where('category', '=', 'fuel_dispenser')
      .where('status', 'in', ['overdue', 'due_soon', 'unverified'])
      .execute();
    expect(due.length).toBeGreaterThanOrEqual(3);
    // no verification dated in the future
    const last = await ctx.db
      .selectFrom('verifications')
      .select((eb) => eb.fn.max('date').as('d'))
      .executeTakeFirstOrThrow();
    expect(String(last.d) < TODAY).toBe(true);
  });

  it('applications fall in the weeks before today: on time, late, returned, unanswered, open with a running clock', async () => {
    const versions = await ctx.db
      .selectFrom('application_versions')
      .select(['submitted_at', 'accept_deadline', 'responded_at', 'application_id', 'version'])
      .execute();
    expect(versions.length).toBeGreaterThan(40);
    for (const v of versions) {
      expect(v.submitted_at < NOW).toBe(true);
      expect(v.submitted_at >= '2024-12-01').toBe(true);
      if (v.responded_at) expect(v.responded_at < NOW).toBe(true);
    }
    const open = versions.filter((v) => v.responded_at === null);
    expect(open.some((v) => v.accept_deadline > NOW)).toBe(true); // clock running
    expect(open.some((v) => v.accept_deadline < NOW)).toBe(true); // overdue
    const d = await dashboard(ctx, CLI_ACTOR, {});
    expect(d.to).toBe(TODAY);
    const county = d.institutions.find((i) => i.submitted > 20);
    expect(county?.onTime.numerator).toBeGreaterThan(0);
    expect(county && county.onTime.numerator < county.onTime.denominator).toBe(true); // some late
    expect(county?.returnsWithoutFeedback).toBeGreaterThan(0);
    expect(county?.unansweredResubmissions).toBeGreaterThan(0);
    expect(d.unansweredResubmissions.length).toBeGreaterThan(0);
  });

  it('leaves notifications in the inboxes of the demo users (the notifications layer runs the producer last)', async () => {
    const rows = await ctx.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.username', 'notifications.kind', 'notifications.created_at'])
      .execute();
    const users = new Set(rows.map((r) => r.username));
    for (const u of ['station', 'institution', 'inspector', 'regulator']) expect(users.has(u), u).toBe(true);
    expect(rows.filter((r) => r.username === 'station' && r.kind === 'instruments_due')).toHaveLength(1);
    for (const r of rows) expect(r.created_at <= NOW).toBe(true);
  });
});
