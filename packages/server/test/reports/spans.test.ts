import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncReportSpans } from '../../src/modules/reports/reports.service.js';
import { listRules, updateRule } from '../../src/modules/status/status.service.js';
import { useTestApp } from '../db.js';
import { actorFor, buildInstrument } from '../factories.js';

/**
 * The reports' status spans (docs/REPORTS.md "Status spans"): every write path marks the instrument, a report builds
 * what is marked before it reads, and a rule edit rebuilds the spans of every instrument — so a report never counts a
 * stale span. Figures by hand.
 */
const Q = (asOf: string) => `regionCode=150626&from=2024-06-07&to=2024-10-15&asOf=${asOf}`;

describe('status spans behind the reports', () => {
  const t = useTestApp({ now: '2024-10-15T02:00:00.000Z' });
  let dispenser: number;
  const a3 = async (asOf: string) => {
    const r = await t.as('regulator').get(`/api/v1/reports/attachment3?${Q(asOf)}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().total as Record<string, number>;
  };
  beforeAll(async () => {
    // a dispenser without nozzle records, verified 2024-06-05: valid until 2024-12-04 under the seeded 6-month cycle
    dispenser = (
      await buildInstrument(t.ctx, {
        orgId: t.world.stationA.id,
        siteId: t.world.siteA,
        category: 'fuel_dispenser',
        installDate: '2020-01-01',
        verifications: [{ date: '2024-06-05' }],
      })
    ).id;
  });

  it('a report builds the marked instruments first; nothing stays marked', async () => {
    expect(await a3('2024-10-15')).toMatchObject({ dispensers: 1, validDispensers: 1, overdueDispensers: 0 });
    const left = await sql<{ n: number }>`select count(*) as n from report_span_dirty`.execute(t.ctx.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it('a raw write (no service, no audit) is seen: a failing verification recorded by SQL', async () => {
    await t.ctx.db
      .insertInto('verifications')
      .values({
        org_id: t.world.stationA.id,
        instrument_id: dispenser,
        nozzle_no: 0,
        kind: 'periodic',
        date: '2024-09-01',
        conclusion: 'failed',
        source: 'test',
        created_at: '2024-09-01T00:00:00.000Z',
      } as never)
      .execute();
    expect(await a3('2024-08-31')).toMatchObject({ validDispensers: 1, failedInUseDispensers: 0 });
    expect(await a3('2024-10-15')).toMatchObject({ validDispensers: 0, failedInUseDispensers: 1 });
    // removed from service by SQL: not in service from its removal date on
    await t.ctx.db
      .updateTable('instruments')
      .set({ removal_date: '2024-10-01', ledger_state: 'removed' })
      .where('id', '=', dispenser)
      .execute();
    expect(await a3('2024-09-30')).toMatchObject({ dispensers: 1, failedInUseDispensers: 1 });
    expect(await a3('2024-10-15')).toMatchObject({ dispensers: 0, failedInUseDispensers: 0 });
  });

  it('a rule edit rebuilds the spans: dates from its recording on use the new cycle, earlier dates the old one', async () => {
    const id = (
      await buildInstrument(t.ctx, {
        orgId: t.world.stationA.id,
        siteId: t.world.siteA,
        category: 'fuel_dispenser',
        installDate: '2020-01-01',
        verifications: [{ date: '2024-06-05' }],
      })
    ).id;
    expect(await a3('2024-10-21')).toMatchObject({ dispensers: 1, validDispensers: 1 });
    const admin = await actorFor(t.ctx, t.world.users.admin);
    const rule = (await listRules(t.ctx, admin, { category: 'fuel_dispenser' })).find((r) => r.ruleKey === 'fuel_dispenser.jjg443_2023');
    if (!rule) throw new Error('seed missing');
    t.ctx.clock.set('2024-10-20T02:00:00.000Z');
    await updateRule(t.ctx, admin, rule.id, { cycleMonths: 3, note: 'spans test' });
    t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    // valid until 2024-09-04 under the 3-month cycle recorded 2024-10-20; before that day the 6-month cycle holds
    expect(await a3('2024-10-19')).toMatchObject({ dispensers: 1, validDispensers: 1, overdueDispensers: 0 });
    expect(await a3('2024-10-21')).toMatchObject({ dispensers: 1, validDispensers: 0, overdueDispensers: 1 });
    const spans = await t.ctx.db.selectFrom('report_spans').selectAll().where('instrument_id', '=', id).orderBy('from_date').execute();
    expect(spans.map((s) => [s.from_date, s.to_date, s.status, s.valid_until])).toEqual([
      ['2020-01-01', '2024-06-05', 'unverified', null],
      ['2024-06-05', '2024-10-20', 'valid', '2024-12-04'],
      ['2024-10-20', '9999-12-31', 'overdue', '2024-09-04'],
    ]);
    // building again changes nothing
    expect(await syncReportSpans(t.ctx)).toBe(0);
  });
});
