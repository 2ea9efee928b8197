import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { notify, produceNotifications } from '../../src/modules/notifications/notifications.service.js';
import { createApplication } from '../../src/modules/verification/applications/applications.service.js';
import { useTestApp } from '../db.js';
import { actorFor, buildAuthorization, buildEnforcement, buildInstrument, DUE_SOON_DISPENSER, type TestUser } from '../factories.js';
import { buildSupervision } from '../supervision/fixtures.js';
import { buildFinishedInspectionB } from '../supervision/inspection-fixtures.js';

/**
 * Notifications (docs/NOTIFICATIONS.md): the producer over every module's sources is idempotent, digests per
 * organization and day (never per meter), and reaches only the organization concerned, the office of its town and the
 * bureau over it; the inbox API (list, unread, read, read all), preferences, and the direct notify.
 */
async function inbox(ctx: AppContext, user: TestUser) {
  return ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
}
const kinds = (rows: { kind: string }[]) => rows.map((r) => r.kind).sort();

describe('notifications producer', () => {
  const t = useTestApp();
  let orderA: number;
  let applicationId: number;
  beforeAll(async () => {
    const { ctx, world: w } = t;
    for (let i = 0; i < 3; i++) await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA });
    for (let i = 0; i < 2; i++)
      await buildInstrument(ctx, {
        ...DUE_SOON_DISPENSER,
        orgId: w.stationA.id,
        siteId: w.siteA,
        status: 'overdue',
        validUntil: '2024-09-01',
      });
    await buildInstrument(ctx, {
      ...DUE_SOON_DISPENSER,
      orgId: w.stationB.id,
      siteId: w.siteB,
      status: 'overdue',
      validUntil: '2024-09-01',
      adminDivisionCode: '150626102',
    });
    orderA = (await buildEnforcement(ctx, w.stationA.id)).orderA;
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser'] });
    const inst = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA });
    const app = await createApplication(ctx, await actorFor(ctx, w.users.enterpriseA), {
      institutionId: w.institution.id,
      instrumentIds: [inst.id],
      mode: 'bring_in',
      preferredDate: '2024-10-20',
      contact: { name: 'c', phone: '13900000000' },
    });
    applicationId = app.id;
  });

  it('creates one due digest per organization and day, not one per meter, and the events of the window', async () => {
    const { ctx, world: w } = t;
    const r = await produceNotifications(ctx, { lookbackDays: 7 });
    expect(r.created).toBeGreaterThan(0);
    const a = await inbox(ctx, w.users.enterpriseA);
    const digestsA = a.filter((n) => n.kind === 'instruments_due');
    expect(digestsA).toHaveLength(1);
    expect(JSON.parse(digestsA[0]?.params ?? '{}')).toMatchObject({ dueSoon: 4, overdue: 2, date: '2024-10-15' });
    expect(digestsA[0]).toMatchObject({ link: '/status/due-list', org_id: w.stationA.id, read_at: null, in_app: 1 });
    expect(kinds(a)).toEqual(['instruments_due', 'order_issued']);
    expect(a.find((n) => n.kind === 'order_issued')?.link).toBe(`/supervision/orders/${orderA}`);
    const b = await inbox(ctx, w.users.enterpriseB);
    expect(kinds(b)).toEqual(['instruments_due']);
    expect(JSON.parse(b[0]?.params ?? '{}')).toMatchObject({ dueSoon: 0, overdue: 1 });
    const inst = await inbox(ctx, w.users.institution);
    expect(kinds(inst)).toEqual(['application_submitted']);
    expect(inst[0]?.link).toBe(`/verification/applications/${applicationId}`);
  });

  it('running again creates nothing: one notification per recipient and dedupe key', async () => {
    const { ctx } = t;
    const before = await ctx.db.selectFrom('notifications').select('id').execute();
    expect((await produceNotifications(ctx, { lookbackDays: 7 })).created).toBe(0);
    expect((await produceNotifications(ctx)).created).toBe(0);
    const after = await ctx.db.selectFrom('notifications').select('id').execute();
    expect(after).toHaveLength(before.length);
    const produced = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'notifications_produced').execute();
    expect(produced).toHaveLength(1);
  });

  it('reaches only the organization concerned: a utility, another station and another office get nothing of station A', async () => {
    const { ctx, world: w } = t;
    expect(await inbox(ctx, w.users.waterUser)).toEqual([]);
    expect(await inbox(ctx, w.users.inspector2)).toEqual([]);
    for (const n of await inbox(ctx, w.users.enterpriseB)) expect(n.org_id).toBe(w.stationB.id);
  });

  it('an overdue order reaches the organization, the office of its town and the bureau — not the other office', async () => {
    const { ctx, world: w } = t;
    const order = await ctx.db.selectFrom('rectification_orders').select('deadline').where('id', '=', orderA).executeTakeFirstOrThrow();
    ctx.clock.set(`${order.deadline}T02:00:00.000Z`);
    ctx.clock.advance(2 * 86_400_000);
    await produceNotifications(ctx);
    const overdue = async (u: TestUser) => (await inbox(ctx, u)).filter((n) => n.kind === 'order_overdue');
    expect(await overdue(w.users.enterpriseA)).toHaveLength(1);
    expect(await overdue(w.users.inspector)).toHaveLength(1);
    expect(await overdue(w.users.regulator)).toHaveLength(1);
    expect(await overdue(w.users.inspector2)).toEqual([]);
    expect(await overdue(w.users.enterpriseB)).toEqual([]);
    expect(await overdue(w.users.waterUser)).toEqual([]);
    // the next day's digest is a new notification; the overdue order is not told twice
    const digests = (await inbox(ctx, w.users.enterpriseA)).filter((n) => n.kind === 'instruments_due');
    expect(digests).toHaveLength(2);
    expect((await produceNotifications(ctx, { lookbackDays: 7 })).created).toBe(0);
  });

  it('an application overdue for acceptance reaches the institution and the applicant', async () => {
    const { ctx, world: w } = t;
    expect((await inbox(ctx, w.users.institution)).map((n) => n.kind)).toContain('application_overdue');
    expect((await inbox(ctx, w.users.enterpriseA)).map((n) => n.kind)).toContain('application_overdue');
    expect((await inbox(ctx, w.users.enterpriseB)).map((n) => n.kind)).not.toContain('application_overdue');
  });
});

describe('campaign reporting days', () => {
  const t = useTestApp({ now: '2024-09-26T02:00:00.000Z' });
  it('the 28th is announced to the bureau and the offices of the campaign region, not to enterprises', async () => {
    const { ctx, world: w } = t;
    const c = await t.as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' });
    expect(c.statusCode, c.body).toBe(201);
    await produceNotifications(ctx, { lookbackDays: 1 });
    const day = async (u: TestUser) => (await inbox(ctx, u)).filter((n) => n.kind === 'campaign_report_day');
    for (const u of [w.users.regulator, w.users.inspector, w.users.inspector2, w.users.admin, w.users.viewer]) {
      const rows = await day(u);
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]?.params ?? '{}')).toMatchObject({ date: '2024-09-28' });
    }
    expect(await day(w.users.enterpriseA)).toEqual([]);
    expect(await day(w.users.institution)).toEqual([]);
  });

  it('a reminder (催报) reaches the participant reminded, not the others', async () => {
    const { ctx, world: w } = t;
    const c = (await t.as('regulator').get('/api/v1/campaigns/current')).json().campaign;
    const r = await t.as('regulator').post(`/api/v1/campaigns/${c.id}/reminders`, { orgIds: [w.stationA.id] });
    expect(r.statusCode, r.body).toBe(200);
    await produceNotifications(ctx);
    const reminded = async (u: TestUser) => (await inbox(ctx, u)).filter((n) => n.kind === 'campaign_reminder');
    expect(await reminded(w.users.enterpriseA)).toHaveLength(1);
    expect((await reminded(w.users.enterpriseA))[0]?.link).toBe('/self-inspection');
    expect(await reminded(w.users.enterpriseB)).toEqual([]);
    expect(await reminded(w.users.waterUser)).toEqual([]);
  });
});

describe('inspections assigned', () => {
  const t = useTestApp();
  it('an inspection reaches its inspectors only', async () => {
    const { ctx, world: w } = t;
    const sup = await buildSupervision(ctx, w);
    const inspection = await buildFinishedInspectionB(ctx, w, sup);
    await produceNotifications(ctx, { lookbackDays: 1 });
    const assigned = async (u: TestUser) => (await inbox(ctx, u)).filter((n) => n.kind === 'inspection_assigned');
    const mine = await assigned(w.users.inspector2);
    expect(mine.map((n) => n.link)).toContain(`/supervision/inspections/${inspection.id}`);
    expect((await assigned(w.users.inspector)).map((n) => n.link)).not.toContain(`/supervision/inspections/${inspection.id}`);
    expect(await assigned(w.users.enterpriseB)).toEqual([]);
  });
});

describe('notifications API', () => {
  const t = useTestApp();
  const send = (user: TestUser, n: number) =>
    t.ctx.db.transaction().execute((trx) =>
      notify(t.ctx, trx, {
        kind: 'order_issued',
        dedupeKey: `api:${user.id}:${n}`,
        recipients: [{ userId: user.id }],
        params: { orderNo: `N-${n}`, deadline: '2024-10-30', org: 'x' },
        link: '/my/orders',
      }),
    );

  it('lists the own inbox newest first, filters unread, counts unread, marks one and all read', async () => {
    const a = t.world.users.enterpriseA;
    for (let i = 1; i <= 3; i++) expect(await send(a, i)).toBe(1);
    await send(t.world.users.enterpriseB, 1);
    const list = await t.as(a).get('/api/v1/notifications?pageSize=2');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(3);
    expect(list.json().items.map((n: { params: { orderNo: string } }) => n.params.orderNo)).toEqual(['N-3', 'N-2']);
    expect((await t.as(a).get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 3 });
    const first = list.json().items[0];
    const read = await t.as(a).post(`/api/v1/notifications/${first.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await t.as(a).get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 });
    expect((await t.as(a).get('/api/v1/notifications?unread=1')).json().total).toBe(2);
    expect((await t.as(a).post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 2 });
    expect((await t.as(a).get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 });
    // the other user's inbox is untouched
    expect((await t.as('enterpriseB').get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 });
  });

  it("another user's notification answers 404 and stays unread", async () => {
    const b = t.world.users.enterpriseB;
    const mine = (await t.as(b).get('/api/v1/notifications')).json().items[0];
    const res = await t.as('enterpriseA').post(`/api/v1/notifications/${mine.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await t.as(b).get('/api/v1/notifications?unread=1')).json().total).toBe(1);
  });

  it('preferences list the kinds of the role; a kind of another role is refused naming the field', async () => {
    const prefs = await t.as('enterpriseA').get('/api/v1/notifications/preferences');
    expect(prefs.statusCode, prefs.body).toBe(200);
    const ks = prefs.json().kinds.map((k: { kind: string }) => k.kind);
    expect(ks).toContain('instruments_due');
    expect(ks).not.toContain('campaign_report_day');
    expect(prefs.json()).toMatchObject({ email: null, emailEnabled: false });
    const bad = await t.as('enterpriseA').put('/api/v1/notifications/preferences', {
      kinds: [{ kind: 'campaign_report_day', inApp: false, email: false }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'notification_kind_not_for_role', details: { field: 'kinds[0].kind' } });
    const badEmail = await t.as('enterpriseA').put('/api/v1/notifications/preferences', { email: 'not an address' });
    expect(badEmail.statusCode).toBe(400);
    const ok = await t.as('enterpriseA').put('/api/v1/notifications/preferences', {
      email: 'a@example.test',
      kinds: [{ kind: 'order_issued', inApp: false, email: false }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().email).toBe('a@example.test');
    expect(ok.json().kinds.find((k: { kind: string }) => k.kind === 'order_issued')).toEqual({
      kind: 'order_issued',
      inApp: false,
      email: false,
    });
    // turned off in the inbox (and no e-mail): nothing is created
    expect(await send(t.world.users.enterpriseA, 9)).toBe(0);
  });

  it('a direct notify is rolled back with the transaction that failed', async () => {
    const user = t.world.users.waterUser;
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await notify(t.ctx, trx, {
          kind: 'order_issued',
          dedupeKey: 'rolled-back',
          recipients: [{ orgId: t.world.water.id }],
          params: { orderNo: 'R', deadline: '2024-10-30', org: 'x' },
          link: '/my/orders',
        });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await inbox(t.ctx, user)).toEqual([]);
  });
});
