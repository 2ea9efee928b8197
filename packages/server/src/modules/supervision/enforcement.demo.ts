import { addDays, type ViolationCode } from '@qiangjian/shared';
import { DEMO_ENFORCEMENT } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { closeCase, decideCase, openCase } from './cases/cases.service.js';
import { recordFindingWithoutRecord } from './findings/findings.service.js';
import { issueOrder, replyOrder } from './orders/orders.service.js';

/**
 * Demo layer of enforcement (docs/ENFORCEMENT.md; docs/domain/forms.md §8): inspection findings, rectification orders
 * (one overdue, one replied and waiting for review, one fresh for the demo station's login) and the two cases of
 * docs/domain/forms.md §8 — the station with overdue dispensers (fine 1,000 元, 实施细则 第四十三条) and the broken seal (fine
 * 2,000 元 + confiscated gains 8,500 元) — decided and published; plus a finding left for a case to be opened.
 * Dates count back from today, so the overdue order is overdue and the publications are in their period.
 */
export async function seedEnforcementDemo(ctx: AppContext, cli: Actor, world: DemoWorld): Promise<void> {
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

  // the two cases of docs/domain/forms.md §8
  const station = await finding('station_9', 'overdue_in_use', 70, E.notes.overdueStation);
  if (station) {
    const c = await openCase(ctx, actor, { findingId: station.id, filedOn: addDays(D, -65), summary: E.cases.overdueStation });
    await decideCase(ctx, actor, c.id, { decidedOn: addDays(D, -25), outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000, gains: 0 });
    await closeCase(ctx, actor, c.id, { closedOn: addDays(D, -8), note: E.cases.paid });
  }
  const seal = await finding('station_12', 'seal_broken', 50, E.notes.seal);
  if (seal) {
    const c = await openCase(ctx, actor, { findingId: seal.id, filedOn: addDays(D, -48), summary: E.cases.seal });
    await decideCase(ctx, actor, c.id, {
      decidedOn: addDays(D, -6),
      outcome: 'penalty',
      legalBasisId: 'rules_46',
      fine: 2000,
      gains: 8500,
    });
  }
  // a finding waiting for 立案 (the nozzle failing on site), and an open case whose 90-day clock warns
  await finding('station_2', 'failed_in_use', 4, E.notes.failedNozzle);
  const late = await finding('station_6', 'unauthorized_modification', 85, E.notes.modification);
  if (late) await openCase(ctx, actor, { findingId: late.id, filedOn: addDays(D, -80), summary: E.cases.modification });
}
