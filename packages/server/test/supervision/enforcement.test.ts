import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { caseClock, checkDecision, limitDate } from '../../src/modules/supervision/cases/cases.rules.js';
import { getCase } from '../../src/modules/supervision/cases/cases.service.js';
import { recordFindingWithoutRecord } from '../../src/modules/supervision/findings/findings.service.js';
import { orderDeadline } from '../../src/modules/supervision/orders/orders.rules.js';
import { makeCalendar } from '../../src/modules/verification/calendar/working-days.js';
import { useTestApp } from '../db.js';
import { actorFor } from '../factories.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%evidence\n');

describe('enforcement rules (pure)', () => {
  const cal = makeCalendar([
    { date: '2024-10-01', kind: 'holiday' },
    { date: '2024-10-02', kind: 'holiday' },
    { date: '2024-10-12', kind: 'workday' },
  ]);
  it('order deadline: N working days after the issue day (non-working issue day counts from the next), or calendar days', () => {
    expect(orderDeadline(cal, '2024-10-14', 5, 'working')).toBe('2024-10-21');
    // issued on a holiday: counts from 10-03 (Thu)
    expect(orderDeadline(cal, '2024-10-01', 2, 'working')).toBe('2024-10-07');
    // 10-12 is a 调休 working Saturday
    expect(orderDeadline(cal, '2024-10-11', 1, 'working')).toBe('2024-10-12');
    expect(orderDeadline(cal, '2024-10-14', 90, 'calendar')).toBe('2025-01-12');
  });
  it('case clock: 90 calendar days from 立案 plus extensions, warning window, overdue, stopped once decided', () => {
    expect(limitDate('2024-07-01', 90, 0)).toBe('2024-09-29');
    expect(limitDate('2024-07-01', 90, 30)).toBe('2024-10-29');
    expect(caseClock('filed', '2024-10-29', '2024-10-15', 15)).toEqual({ daysLeft: 14, clock: 'warning' });
    expect(caseClock('filed', '2024-10-29', '2024-10-01', 15)).toEqual({ daysLeft: 28, clock: 'ok' });
    expect(caseClock('filed', '2024-09-29', '2024-10-15', 15)).toEqual({ daysLeft: -16, clock: 'overdue' });
    expect(caseClock('decided', '2024-09-29', '2024-10-15', 15)).toEqual({ daysLeft: null, clock: 'stopped' });
  });
  it('decision checks: basis required and from the code, fine range per outcome, gains only with confiscation', () => {
    const v = {
      orderDays: 5,
      orderUnit: 'working' as const,
      orderActions: 'x',
      bases: [{ id: 'a', text: 'A' }],
      fine: { min: 100, max: 2000 },
      confiscation: false,
    };
    const s = { gainsMax: 1000 };
    const code = (f: () => unknown) => {
      try {
        f();
        return null;
      } catch (e) {
        return [(e as { code: string }).code, (e as { details: { field: string } }).details.field];
      }
    };
    expect(code(() => checkDecision(v, s, { outcome: 'penalty', fine: 500, gains: 0 }))).toEqual([
      'case_legal_basis_required',
      'legalBasisId',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'penalty', legalBasisId: 'b', fine: 500, gains: 0 }))).toEqual([
      'case_legal_basis_invalid',
      'legalBasisId',
    ]);
    expect(checkDecision(v, s, { outcome: 'penalty', legalBasisId: 'a', fine: 500, gains: 0 })).toEqual({ id: 'a', text: 'A' });
    expect(code(() => checkDecision(v, s, { outcome: 'penalty', legalBasisId: 'a', fine: 50, gains: 0 }))).toEqual([
      'case_fine_out_of_range',
      'fine',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'penalty', legalBasisId: 'a', fine: 2000.01, gains: 0 }))).toEqual([
      'case_fine_out_of_range',
      'fine',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'penalty', legalBasisId: 'a', fine: 500, gains: 1 }))).toEqual([
      'case_gains_out_of_range',
      'gains',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'mitigated', legalBasisId: 'a', fine: 50, gains: 0 }))).toEqual([
      'case_reason_required',
      'reason',
    ]);
    expect(checkDecision(v, s, { outcome: 'mitigated', legalBasisId: 'a', fine: 50, gains: 0, reason: 'r' }).id).toBe('a');
    expect(code(() => checkDecision(v, s, { outcome: 'no_penalty', legalBasisId: 'a', fine: 0, gains: 0 }))).toEqual([
      'case_reason_required',
      'reason',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'no_penalty', legalBasisId: 'a', fine: 10, gains: 0, reason: 'r' }))).toEqual([
      'case_fine_out_of_range',
      'fine',
    ]);
    expect(code(() => checkDecision(v, s, { outcome: 'transfer', legalBasisId: 'a', fine: 10, gains: 0 }))).toEqual([
      'case_fine_out_of_range',
      'fine',
    ]);
    expect(checkDecision({ ...v, confiscation: true }, s, { outcome: 'penalty', legalBasisId: 'a', fine: 100, gains: 1000 }).id).toBe('a');
    expect(
      code(() => checkDecision({ ...v, confiscation: true }, s, { outcome: 'penalty', legalBasisId: 'a', fine: 100, gains: 1000.5 })),
    ).toEqual(['case_gains_out_of_range', 'gains']);
  });
});

describe('rectification orders, cases and the disclosure (API, data scope)', () => {
  const t = useTestApp();
  type Key =
    | 'ledgerA'
    | 'overdueA'
    | 'sealA'
    | 'failedA'
    | 'noBasisA'
    | 'mitigA'
    | 'transferA'
    | 'ledgerB'
    | 'orderA'
    | 'overdueOrder'
    | 'caseA'
    | 'disclosure';
  const f = {} as Record<Key, number>;
  const finding = (
    orgId: number,
    code:
      | 'no_ledger'
      | 'overdue_in_use'
      | 'seal_broken'
      | 'failed_in_use'
      | 'no_type_approval'
      | 'sale_without_instrument'
      | 'cheating_device',
    date: string,
  ) =>
    t.ctx.db
      .transaction()
      .execute((trx) => recordFindingWithoutRecord(t.ctx, trx, SYSTEM_ACTOR, { orgId, code, date, refs: {}, note: null }));

  beforeAll(async () => {
    const w = t.world;
    f.ledgerA = await finding(w.stationA.id, 'no_ledger', '2024-10-08');
    f.overdueA = await finding(w.stationA.id, 'overdue_in_use', '2024-07-01');
    f.sealA = await finding(w.stationA.id, 'seal_broken', '2024-09-01');
    f.failedA = await finding(w.stationA.id, 'failed_in_use', '2024-09-20');
    f.noBasisA = await finding(w.stationA.id, 'no_type_approval', '2024-09-20');
    f.mitigA = await finding(w.stationA.id, 'sale_without_instrument', '2024-09-20');
    f.transferA = await finding(w.stationA.id, 'cheating_device', '2024-09-20');
    f.ledgerB = await finding(w.stationB.id, 'no_ledger', '2024-10-08');
  });

  it('issues an order with the code’s default deadline (working days) and number; the enterprise sees it unread, then read', async () => {
    const me = (await t.as('inspector').get('/api/v1/auth/me')).json() as { username: string };
    await t.ctx.db.updateTable('users').set({ display_name: '王检查' }).where('username', '=', me.username).execute();
    const res = await t.as('inspector').post('/api/v1/supervision/orders', { findingId: f.ledgerA, issuedOn: '2024-10-14' });
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    // the issuer by name, as a person reads it (the row keeps the login name)
    expect(o.issuedBy).toBe('王检查');
    // no_ledger: 15 working days from Mon 2024-10-14 → 2024-11-04
    expect(o).toMatchObject({
      state: 'issued',
      deadline: '2024-11-04',
      deadlineDays: 15,
      deadlineUnit: 'working',
      overdue: false,
      unread: true,
      code: 'no_ledger',
    });
    expect(o.orderNo).toMatch(/2024.*1/);
    f.orderA = o.id;
    const sum = await t.as('enterprise').get('/api/v1/supervision/orders/summary');
    expect(sum.json()).toMatchObject({ open: 1, unread: 1 });
    const list = await t.as('enterprise').get('/api/v1/supervision/orders');
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: o.id, unread: true }] });
    expect((await t.as('enterprise').get(`/api/v1/supervision/orders/${o.id}`)).json().unread).toBe(false);
    expect((await t.as('enterprise').get('/api/v1/supervision/orders/summary')).json().unread).toBe(0);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'org_id'])
      .where('entity_type', '=', 'rectification_order')
      .execute();
    expect(audit).toEqual([{ action: 'order_created', org_id: t.world.stationA.id }]);
  });

  it('refuses a finding outside the scope (404), dates out of order (400, field named)', async () => {
    expect((await t.as('inspector').post('/api/v1/supervision/orders', { findingId: f.ledgerB })).statusCode).toBe(404);
    const early = await t.as('regulator').post('/api/v1/supervision/orders', { findingId: f.ledgerA, issuedOn: '2024-10-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'issuedOn' } });
    const dl = await t
      .as('regulator')
      .post('/api/v1/supervision/orders', { findingId: f.ledgerA, issuedOn: '2024-10-14', deadline: '2024-10-14' });
    expect(dl.json().error).toMatchObject({ code: 'order_deadline_invalid', details: { field: 'deadline' } });
    expect((await t.as('enterprise').post('/api/v1/supervision/orders', { findingId: f.ledgerA })).statusCode).toBe(403);
  });

  it('overdue: an issued order past its deadline is listed by the overdue filter and counted', async () => {
    const res = await t.as('regulator').post('/api/v1/supervision/orders', { findingId: f.overdueA, issuedOn: '2024-09-02' });
    expect(res.statusCode, res.body).toBe(201);
    // overdue_in_use: 10 working days from 2024-09-02 → Sat 2024-09-14 (a 调休 working day of the seeded calendar)
    expect(res.json()).toMatchObject({ deadline: '2024-09-14', overdue: true });
    f.overdueOrder = res.json().id;
    const overdue = await t.as('regulator').get('/api/v1/supervision/orders?overdue=1');
    expect(overdue.json().items.map((o: { id: number }) => o.id)).toEqual([f.overdueOrder]);
    expect((await t.as('inspector').get('/api/v1/supervision/orders/summary')).json()).toMatchObject({ open: 2, overdue: 1 });
    expect((await t.as('inspector2').get('/api/v1/supervision/orders/summary')).json()).toMatchObject({ open: 0, overdue: 0 });
  });

  it('reply with evidence files (type and size limits), then close after a desk review; every step audited', async () => {
    const ent = t.as('enterprise');
    expect((await ent.upload(`/api/v1/supervision/orders/${f.orderA}/files`, 'photo.png', PNG)).statusCode).toBe(201);
    const up = await ent.upload(`/api/v1/supervision/orders/${f.orderA}/files`, 'ledger.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    const bad = await ent.upload(`/api/v1/supervision/orders/${f.orderA}/files`, 'x.csv', Buffer.from('a,b\n'));
    expect([bad.statusCode, bad.json().error.code]).toEqual([415, 'upload_type_not_allowed']);
    const big = await ent.upload(
      `/api/v1/supervision/orders/${f.orderA}/files`,
      'big.pdf',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'upload_too_large']);
    const file = await ent.get(`/api/v1/supervision/orders/${f.orderA}/files/${up.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // the regulator may not close before a reply
    const early = await t
      .as('regulator')
      .post(`/api/v1/supervision/orders/${f.orderA}/review`, { outcome: 'close', method: 'desk_review', reviewedOn: '2024-10-15' });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'order_illegal_transition']);
    const reply = await ent.post(`/api/v1/supervision/orders/${f.orderA}/reply`, { text: 'done' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ state: 'replied', replyText: 'done', repliedLate: false });
    expect(reply.json().files).toHaveLength(2);
    expect((await ent.post(`/api/v1/supervision/orders/${f.orderA}/reply`, { text: 'again' })).statusCode).toBe(409);
    expect((await ent.upload(`/api/v1/supervision/orders/${f.orderA}/files`, 'late.png', PNG)).statusCode).toBe(409);
    const before = await t
      .as('inspector')
      .post(`/api/v1/supervision/orders/${f.orderA}/review`, { outcome: 'close', method: 'desk_review', reviewedOn: '2024-10-13' });
    expect(before.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'reviewedOn' } });
    const closed = await t.as('inspector').post(`/api/v1/supervision/orders/${f.orderA}/review`, {
      outcome: 'close',
      method: 'desk_review',
      reviewedOn: '2024-10-15',
      note: 'ok',
    });
    expect(closed.json()).toMatchObject({ state: 'closed', reviewMethod: 'desk_review', reviewedOn: '2024-10-15' });
    const actions = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'rectification_order')
      .where('entity_id', '=', String(f.orderA))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'order_created',
      'order_file_created',
      'order_file_created',
      'order_replied',
      'order_reviewed',
    ]);
  });

  it('escalates an overdue order without reply after re-inspection; a case opened from the finding links to it', async () => {
    const esc = await t.as('regulator').post(`/api/v1/supervision/orders/${f.overdueOrder}/review`, {
      outcome: 'escalate',
      method: 'reinspection',
      reviewedOn: '2024-10-14',
    });
    expect(esc.json()).toMatchObject({ state: 'escalated', overdue: false });
    const c = await t.as('regulator').post('/api/v1/supervision/cases', { findingId: f.overdueA, filedOn: '2024-07-20', summary: 's' });
    expect(c.statusCode, c.body).toBe(201);
    // 90 calendar days from 2024-07-20 → 2024-10-18: 3 days left on 2024-10-15, inside the warning window
    expect(c.json()).toMatchObject({ stage: 'filed', limitDate: '2024-10-18', daysLeft: 3, clock: 'warning', orderId: f.overdueOrder });
    expect(c.json().events.map((e: { kind: string }) => e.kind)).toEqual(['filed']);
    f.caseA = c.json().id;
    const again = await t.as('regulator').post('/api/v1/supervision/cases', { findingId: f.overdueA, filedOn: '2024-07-21', summary: 's' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'case_exists_for_finding']);
    const early = await t.as('regulator').post('/api/v1/supervision/cases', { findingId: f.sealA, filedOn: '2024-08-01', summary: 's' });
    expect(early.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'filedOn' } });
    expect(
      (await t.as('inspector').post('/api/v1/supervision/cases', { findingId: f.sealA, filedOn: '2024-09-02', summary: 's' })).statusCode,
    ).toBe(403);
    const warn = await t.as('regulator').get('/api/v1/supervision/cases?clock=warning');
    expect(warn.json().items.map((x: { id: number }) => x.id)).toEqual([f.caseA]);
  });

  it('extensions: the first up to 30 days, further ones only by collective decision', async () => {
    const url = `/api/v1/supervision/cases/${f.caseA}/extensions`;
    const long = await t.as('regulator').post(url, { days: 31, approvedOn: '2024-10-10', reason: 'r' });
    expect(long.json().error).toMatchObject({ code: 'case_extension_too_long', details: { field: 'days' } });
    const ok = await t.as('regulator').post(url, { days: 30, approvedOn: '2024-10-10', reason: 'r' });
    expect(ok.json()).toMatchObject({ limitDate: '2024-11-17', extensionDays: 30, clock: 'ok', daysLeft: 33 });
    const second = await t.as('regulator').post(url, { days: 10, approvedOn: '2024-10-12', reason: 'r' });
    expect(second.json().error).toMatchObject({ code: 'case_extension_requires_collective', details: { field: 'collective' } });
    const collective = await t.as('regulator').post(url, { days: 10, approvedOn: '2024-10-12', reason: 'r', collective: true });
    expect(collective.json()).toMatchObject({ limitDate: '2024-11-27', extensionDays: 40 });
    const before = await t.as('regulator').post(url, { days: 10, approvedOn: '2024-07-01', reason: 'r', collective: true });
    expect(before.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'approvedOn' } });
    const note = await t
      .as('regulator')
      .post(`/api/v1/supervision/cases/${f.caseA}/notes`, { kind: 'evidence', date: '2024-08-01', text: 'photos' });
    expect(note.json().events.map((e: { kind: string }) => e.kind)).toEqual(['filed', 'evidence', 'extension', 'extension']);
  });

  it('the decision: legal basis required, amounts in range, decision not before 立案; a penalty is published', async () => {
    const url = `/api/v1/supervision/cases/${f.caseA}/decision`;
    const reg = t.as('regulator');
    const noBasis = await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', fine: 1000 });
    expect([noBasis.statusCode, noBasis.json().error.code, noBasis.json().error.details.field]).toEqual([
      400,
      'case_legal_basis_required',
      'legalBasisId',
    ]);
    const wrong = await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', legalBasisId: 'rules_46', fine: 1000 });
    expect(wrong.json().error.code).toBe('case_legal_basis_invalid');
    const high = await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000.5 });
    expect(high.json().error).toMatchObject({ code: 'case_fine_out_of_range', details: { field: 'fine', min: 0, max: 1000 } });
    const gains = await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000, gains: 5 });
    expect(gains.json().error).toMatchObject({ code: 'case_gains_out_of_range', details: { field: 'gains' } });
    const order = await reg.post(url, { decidedOn: '2024-07-19', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000 });
    expect(order.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'decidedOn' } });
    const future = await reg.post(url, { decidedOn: '2024-10-16', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000 });
    expect(future.json().error).toMatchObject({ code: 'enforcement_date_future', details: { field: 'decidedOn' } });
    const decided = await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000 });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      stage: 'decided',
      clock: 'stopped',
      decision: { outcome: 'penalty', legalBasisId: 'rules_43', fine: 1000, gains: 0, decidedOn: '2024-10-14' },
      disclosure: { publishedOn: '2024-10-14', until: '2025-10-13', active: true },
    });
    expect((await reg.post(url, { decidedOn: '2024-10-14', outcome: 'penalty', legalBasisId: 'rules_43', fine: 1 })).statusCode).toBe(409);
    const pub = await t.anonymous.get('/api/v1/public/disclosures');
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({
      total: 1,
      items: [{ kind: 'penalty_decision', partyName: expect.any(String), documentNo: decided.json().decision.decisionNo }],
    });
    expect(pub.json().items[0].fields).toMatchObject({ basis: expect.stringContaining('第四十三条'), decidedOn: '2024-10-14' });
    expect(JSON.stringify(pub.json())).not.toContain(decided.json().summary === 's' ? 'summary' : 'x-never');
    const pdf = await t.anonymous.get(`/api/v1/public/disclosures/${pub.json().items[0].id}/document.pdf`);
    expect([pdf.statusCode, pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    f.disclosure = pub.json().items[0].id;
    const close = await reg.post(`/api/v1/supervision/cases/${f.caseA}/close`, { closedOn: '2024-10-13' });
    expect(close.json().error).toMatchObject({ code: 'enforcement_date_order', details: { field: 'closedOn' } });
    expect((await reg.post(`/api/v1/supervision/cases/${f.caseA}/close`, { closedOn: '2024-10-15' })).json().stage).toBe('closed');
  });

  it('outcomes: 减轻 below the range with a reason, 不予处罚 and transfer without amounts and without publication; gains where confiscation applies', async () => {
    const reg = t.as('regulator');
    const open = async (findingId: number, filedOn: string) =>
      (await reg.post('/api/v1/supervision/cases', { findingId, filedOn, summary: 's' })).json().id as number;
    const seal = await open(f.sealA, '2024-09-02');
    const ok = await reg.post(`/api/v1/supervision/cases/${seal}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'penalty',
      legalBasisId: 'rules_46',
      fine: 2000,
      gains: 8500,
    });
    expect(ok.json().decision).toMatchObject({ fine: 2000, gains: 8500 });
    // fine + gains ≥ 10,000 元: the serious period (36 months)
    expect(ok.json().disclosure).toMatchObject({ publishedOn: '2024-10-10', until: '2027-10-09' });
    const failed = await open(f.failedA, '2024-09-21');
    const noReason = await reg.post(`/api/v1/supervision/cases/${failed}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'no_penalty',
      legalBasisId: 'law_25',
    });
    expect(noReason.json().error).toMatchObject({ code: 'case_reason_required', details: { field: 'reason' } });
    const np = await reg.post(`/api/v1/supervision/cases/${failed}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'no_penalty',
      legalBasisId: 'law_25',
      reason: '首次轻微并及时改正',
    });
    expect(np.json()).toMatchObject({ stage: 'decided', decision: { outcome: 'no_penalty', fine: 0 }, disclosure: null });
    const noBasisCode = await open(f.noBasisA, '2024-09-21');
    const transfer = await reg.post(`/api/v1/supervision/cases/${noBasisCode}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'transfer',
      legalBasisId: 'x',
    });
    expect(transfer.json().error.code).toBe('case_legal_basis_invalid');
    // 减轻: below the code's minimum (sale_without_instrument: 1,000–10,000 元) only as mitigated, with a reason; published
    const mitig = await open(f.mitigA, '2024-09-21');
    const low = await reg.post(`/api/v1/supervision/cases/${mitig}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'penalty',
      legalBasisId: 'station_9',
      fine: 500,
    });
    expect(low.json().error).toMatchObject({ code: 'case_fine_out_of_range', details: { field: 'fine', min: 1000, max: 10000 } });
    const noWhy = await reg.post(`/api/v1/supervision/cases/${mitig}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'mitigated',
      legalBasisId: 'station_9',
      fine: 500,
    });
    expect(noWhy.json().error).toMatchObject({ code: 'case_reason_required', details: { field: 'reason' } });
    const m = await reg.post(`/api/v1/supervision/cases/${mitig}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'mitigated',
      legalBasisId: 'station_9',
      fine: 500,
      reason: '主动消除违法行为危害后果',
    });
    expect(m.json()).toMatchObject({ decision: { outcome: 'mitigated', fine: 500 }, disclosure: { until: '2025-10-09', active: true } });
    // transfer to the police: no amounts, not published
    const tr = await open(f.transferA, '2024-09-21');
    const trFine = await reg.post(`/api/v1/supervision/cases/${tr}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'transfer',
      legalBasisId: 'law_27',
      fine: 100,
    });
    expect(trFine.json().error).toMatchObject({ code: 'case_fine_out_of_range', details: { field: 'fine' } });
    const trOk = await reg.post(`/api/v1/supervision/cases/${tr}/decision`, {
      decidedOn: '2024-10-10',
      outcome: 'transfer',
      legalBasisId: 'law_27',
    });
    expect(trOk.json()).toMatchObject({ stage: 'decided', decision: { outcome: 'transfer', fine: 0, gains: 0 }, disclosure: null });
    expect((await t.anonymous.get('/api/v1/public/disclosures')).json().total).toBe(3);
    const fig = await reg.get('/api/v1/supervision/cases/summary');
    expect(fig.json()).toMatchObject({ byStage: { filed: 1, decided: 4, closed: 1 }, fines: 3500, gains: 8500 });
  });

  it('scope: cases are for regulator and office roles; an enterprise reads only its own decided case (no timeline); others 404', async () => {
    expect((await t.as('inspector').get(`/api/v1/supervision/cases/${f.caseA}`)).statusCode).toBe(200);
    expect((await t.as('inspector2').get(`/api/v1/supervision/cases/${f.caseA}`)).statusCode).toBe(404);
    expect((await t.as('inspector2').get('/api/v1/supervision/cases')).json().total).toBe(0);
    const own = await t.as('enterprise').get(`/api/v1/supervision/cases/${f.caseA}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().events).toEqual([]);
    const list = await t.as('enterprise').get('/api/v1/supervision/cases');
    expect(list.json().items.every((c: { stage: string }) => c.stage !== 'filed')).toBe(true);
    expect((await t.as('enterpriseB').get(`/api/v1/supervision/cases/${f.caseA}`)).statusCode).toBe(404);
    expect((await t.as('enterpriseB').get(`/api/v1/supervision/cases/${f.caseA}/decision.pdf`)).statusCode).toBe(404);
    expect((await t.as('enterpriseB').get(`/api/v1/supervision/orders/${f.orderA}`)).statusCode).toBe(404);
    expect((await t.as('inspector2').get(`/api/v1/supervision/orders/${f.orderA}`)).statusCode).toBe(404);
    expect((await t.as('enterpriseB').get('/api/v1/supervision/orders')).json().total).toBe(0);
  });

  it('settings are data: an admin narrows a fine range and changes a deadline (versioned, audited); bad values refused', async () => {
    const admin = t.as('admin');
    const before = (await admin.get('/api/v1/supervision/enforcement-settings')).json();
    expect(before.violations.no_ledger).toMatchObject({ orderDays: 15, orderUnit: 'working', fine: null });
    const bad = await admin.put('/api/v1/supervision/enforcement-settings', { caseNumberFormat: 'no-seq' });
    expect(bad.statusCode).toBe(400);
    const upd = await admin.put('/api/v1/supervision/enforcement-settings', {
      violations: { ...before.violations, no_ledger: { ...before.violations.no_ledger, orderDays: 20, orderUnit: 'calendar' } },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().violations.no_ledger).toMatchObject({ orderDays: 20, orderUnit: 'calendar' });
    expect((await t.as('regulator').put('/api/v1/supervision/enforcement-settings', { caseWarnDays: 1 })).statusCode).toBe(403);
    const versions = await t.ctx.db
      .selectFrom('setting_versions')
      .select(['version', 'recorded_by'])
      .where('key', '=', 'enforcement')
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const o = await t.as('inspector').post('/api/v1/supervision/orders', { findingId: f.ledgerA, issuedOn: '2024-10-14' });
    expect(o.json()).toMatchObject({ deadline: '2024-11-03', deadlineDays: 20, deadlineUnit: 'calendar' });
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'enforcement_settings_updated').execute();
    expect(audit).toHaveLength(1);
  });

  it('documents: the order notice and the decision as PDF and DOCX', async () => {
    const pdf = await t.as('enterprise').get(`/api/v1/supervision/orders/${f.orderA}/notice.pdf?red=1`);
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    const docx = await t.as('regulator').get(`/api/v1/supervision/cases/${f.caseA}/decision.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 4).toString('hex')).toBe('504b0304');
    const filed = (await t.as('regulator').get('/api/v1/supervision/cases?stage=filed')).json().items[0];
    expect((await t.as('regulator').get(`/api/v1/supervision/cases/${filed.id}/decision.pdf`)).statusCode).toBe(409);
  });
  it('disclosure period: an expired item leaves the public endpoint but stays in the records', async () => {
    t.ctx.clock.set('2025-10-14T02:00:00.000Z');
    try {
      const pub = (await t.anonymous.get('/api/v1/public/disclosures')).json();
      expect(pub.items.map((i: { id: number }) => i.id)).not.toContain(f.disclosure);
      expect(pub.total).toBe(1);
      expect((await t.anonymous.get(`/api/v1/public/disclosures/${f.disclosure}`)).statusCode).toBe(404);
      expect((await t.anonymous.get(`/api/v1/public/disclosures/${f.disclosure}/document.pdf`)).statusCode).toBe(404);
      expect(await t.ctx.db.selectFrom('disclosures').select('id').where('id', '=', f.disclosure).executeTakeFirst()).toBeTruthy();
      // the case keeps its publication record (read through the service: the clock jump ends the test sessions)
      const c = await getCase(t.ctx, await actorFor(t.ctx, t.world.users.regulator), f.caseA);
      expect(c.disclosure).toMatchObject({ until: '2025-10-13', active: false });
    } finally {
      t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    }
  });
});
