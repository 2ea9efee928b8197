import { addDays, type ViolationCode } from '@qiangjian/shared';
import { DEMO_ENFORCEMENT } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { closeCase, decideCase, openCase } from './cases/cases.service.js';
import { recordFindingWithoutRecord } from './findings/findings.service.js';
import { DEMO_OVERDUE_VISIT_DAYS_AGO, type DemoFinding, demoCtxOn } from './inspections/inspections.demo.js';
import { issueOrder, replyOrder } from './orders/orders.service.js';

/**
 * Demo layer of enforcement (docs/ENFORCEMENT.md; docs/domain/forms.md §8): inspection findings, rectification orders
 * (one overdue, one replied and waiting for review, one fresh for the demo station's login) and the two cases of
 * docs/domain/forms.md §8 — the station with overdue dispensers (fine 1,000 元, 实施细则 第四十三条) and the broken seal (fine
 * 2,000 元 + confiscated gains 8,500 元) — opened from the findings the demo's inspections confirmed (`found`), decided
 * and published; the nozzle stopped on site stays a finding waiting for 立案. Dates count back from today, so the
 * overdue order is overdue and the publications are in their period; each step runs on its own day.
 */
export async function seedEnforcementDemo(
  ctx: AppContext,
  cli: Actor,
  world: DemoWorld,
  found: readonly DemoFinding[] = [],
): Promise<void> {
  const D = today(ctx);
  // the bureau's 计量股 regulator acts (documents and timelines show its login), audited as that user name
  const bureau = world.orgs.find((o) => o.key === 'bureau');
  const actor: Actor = bureau
    ? {
        ...cli,
        kind: 'user',
        username: 'regulator',
        role: 'regulator',
        orgId: bureau.id,
        orgKind: 'bureau',
        regionCode: bureau.regionCode,
        via: 'session',
      }
    : cli;
  const org = (key: string) => world.orgs.find((o) => o.key === key);
  const E = DEMO_ENFORCEMENT;
  const finding = async (key: string, code: ViolationCode, daysAgo: number, note: string) => {
    const o = org(key);
    if (!o) return null;
    const id = await ctx.db
      .transaction()
      .execute((trx) =>
        recordFindingWithoutRecord(ctx, trx, actor, { orgId: o.id, code, date: addDays(D, -daysAgo), refs: { demo: true }, note }),
      );
    return { id, org: o };
  };
  const enterprise = (o: { id: number; key: string }, username: string): Actor => ({
    kind: 'user',
    userId: null,
    username,
    role: 'enterprise',
    orgId: o.id,
    orgKind: null,
    regionCode: null,
    townCodes: [],
    via: 'session',
  });

  // orders: the demo station (fresh), one overdue, the water utility's rotation (replied), two stations without ledger
  const fresh = await finding('station_1', 'no_ledger', 3, E.notes.noLedger);
  if (fresh) await issueOrder(ctx, actor, { findingId: fresh.id, issuedOn: addDays(D, -2) });
  const overdue = await finding('station_3', 'not_filed', 45, E.notes.notFiled);
  if (overdue) await issueOrder(ctx, actor, { findingId: overdue.id, issuedOn: addDays(D, -40) });
  for (const key of ['station_4', 'station_5']) {
    const f = await finding(key, 'no_ledger', 12, E.notes.noLedger);
    if (f) await issueOrder(ctx, actor, { findingId: f.id, issuedOn: addDays(D, -10) });
  }
  const water = await finding('water', 'rotation_overdue', 25, E.notes.rotation);
  if (water) {
    const o = await issueOrder(ctx, actor, { findingId: water.id, issuedOn: addDays(D, -20) });
    await replyOrder(ctx, enterprise(water.org, 'water'), o.id, E.waterReply);
  }

  // the two cases of docs/domain/forms.md §8, from the inspections' findings (a finding recorded without a record
  // only when the demo's draw did not reach such a station, e.g. at a tiny meter scale)
  const fromInspection = (code: ViolationCode) => found.find((f) => f.code === code)?.findingId;
  const on = (daysAgo: number) => demoCtxOn(ctx, addDays(D, -daysAgo), '15:00');
  const overdueVisit = DEMO_OVERDUE_VISIT_DAYS_AGO;
  const overdueFinding =
    fromInspection('overdue_in_use') ?? (await finding('station_9', 'overdue_in_use', overdueVisit, E.notes.overdueStation))?.id;
  if (overdueFinding) {
    const c = await openCase(on(overdueVisit - 2), actor, {
      findingId: overdueFinding,
      filedOn: addDays(D, -(overdueVisit - 2)),
      summary: E.cases.overdueStation,
    });
    await decideCase(on(5), actor, c.id, { decidedOn: addDays(D, -5), outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000, gains: 0 });
    await closeCase(on(1), actor, c.id, { closedOn: addDays(D, -1), note: E.cases.paid });
  }
  const sealFinding = fromInspection('seal_broken') ?? (await finding('station_12', 'seal_broken', 38, E.notes.seal))?.id;
  if (sealFinding) {
    const c = await openCase(on(36), actor, { findingId: sealFinding, filedOn: addDays(D, -36), summary: E.cases.seal });
    await decideCase(on(6), actor, c.id, {
      decidedOn: addDays(D, -6),
      outcome: 'penalty',
      legalBasisId: 'rules_46',
      fine: 2000,
      gains: 8500,
    });
  }
  // a finding waiting for 立案 (the nozzle failing on site), and an open case whose 90-day clock warns
  if (!fromInspection('failed_in_use') && !fromInspection('quantity_out_of_tolerance'))
    await finding('station_2', 'failed_in_use', 4, E.notes.failedNozzle);
  const late = await finding('station_6', 'unauthorized_modification', 85, E.notes.modification);
  if (late) await openCase(ctx, actor, { findingId: late.id, filedOn: addDays(D, -80), summary: E.cases.modification });
}
