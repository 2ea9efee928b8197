import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordOverdueFindings } from '../../src/modules/verification/dashboard/dashboard.service.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import {
  buildAuthorization,
  buildInstrument,
  buildOrg,
  buildUser,
  buildWorld,
  DUE_SOON_DISPENSER,
  login,
  type Session,
} from '../factories.js';

// Fixed clock: Tue 2024-10-15 10:00 Beijing. Deadline for 3 working days: Fri 2024-10-18 23:59:59 Beijing.
describe('applications (预约): transitions, refusals, scope, acceptance clock', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let ent: Session;
  let entB: Session;
  let inst: Session;
  let inst2: Session;
  let reg: Session;
  let admin: Session;
  let city: { id: number };
  let disp: { id: number; serialNo: string; nozzleIds: number[] }[];
  let meter: { id: number; serialNo: string };

  beforeEach(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    w = await buildWorld(ctx);
    city = await buildOrg(ctx, { kind: 'institution', regionCode: '150600' });
    const cityUser = await buildUser(ctx, { role: 'institution', orgId: city.id });
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser', 'water_meter'], region: '150626' });
    await buildAuthorization(ctx, city.id, { categories: ['gas_meter', 'electricity_meter'], region: '150600' });
    disp = [];
    for (let i = 0; i < 3; i++)
      disp.push(await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 2 }));
    meter = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationB.id, siteId: w.siteB, adminDivisionCode: '150626102' });
    ent = await login(app, w.users.enterpriseA.username);
    entB = await login(app, w.users.enterpriseB.username);
    inst = await login(app, w.users.institution.username);
    inst2 = await login(app, cityUser.username);
    reg = await login(app, w.users.regulator.username);
    admin = await login(app, w.users.admin.username);
  });
  afterEach(async () => {
    await app.close();
    await ctx.cleanup();
  });

  /** Moves the fixed clock; sessions idle out after 30 min, so everyone logs in again. */
  async function at(iso: string) {
    ctx.clock.set(iso);
    ent = await login(app, w.users.enterpriseA.username);
    inst = await login(app, w.users.institution.username);
    reg = await login(app, w.users.regulator.username);
  }

  const body = (ids: number[], institutionId?: number) => ({
    institutionId: institutionId ?? w.institution.id,
    instrumentIds: ids,
    mode: 'bring_in',
    preferredDate: '2024-10-20',
    contact: { name: '张三', phone: '13900000000' },
  });
  const post = (s: Session, url: string, payload?: unknown) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const get = (s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });

  async function apply(ids = disp.map((d) => d.id)) {
    const res = await post(ent, '/api/v1/applications', body(ids));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number; status: string; acceptDeadline: string; overdue: boolean };
  }

  it('submits with version 1 and a deadline of 3 working days, audited', async () => {
    const a = await apply();
    expect(a).toMatchObject({ version: 1, status: 'submitted', acceptDeadline: '2024-10-18T15:59:59.000Z', overdue: false });
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'org_id']).where('entity_type', '=', 'application').execute();
    expect(audit).toEqual([{ action: 'application_submitted', org_id: w.stationA.id }]);
  });

  it('a submission before a weekend and a configured holiday counts only working days', async () => {
    // Fri 2024-09-27 10:00 Beijing: Sun 09-29 is a 调休 workday, 10-01..07 are holidays → Tue 2024-10-08
    await at('2024-09-27T02:00:00.000Z');
    const a = await apply();
    expect(a.acceptDeadline).toBe('2024-10-08T15:59:59.000Z');
  });

  it('the bureau edits the working-day calendar and the next deadlines follow it (holiday later, make-up workday sooner); audited', async () => {
    const put = (sess: Session, date: string, payload: unknown) =>
      app.inject({ method: 'PUT', url: `/api/v1/verification/calendar/${date}`, headers: sess.headers, payload: payload as object });
    expect((await put(ent, '2024-10-17', { kind: 'holiday', name: 'x' })).statusCode).toBe(403);
    // Thu 10-17 a holiday: Tue 10:00 + 3 working days → Mon 10-21 instead of Fri 10-18
    expect((await put(reg, '2024-10-17', { kind: 'holiday', name: '临时假日' })).statusCode).toBe(200);
    expect((await apply([disp[0]?.id as number])).acceptDeadline).toBe('2024-10-21T15:59:59.000Z');
    // and Sat 10-19 a make-up working day: → Sat 10-19
    expect((await put(reg, '2024-10-19', { kind: 'workday', name: '调休上班' })).statusCode).toBe(200);
    expect((await apply([disp[1]?.id as number])).acceptDeadline).toBe('2024-10-19T15:59:59.000Z');
    // back to a normal day: the deadline is the plain one again
    expect((await put(reg, '2024-10-17', { kind: 'normal' })).statusCode).toBe(200);
    expect((await put(reg, '2024-10-19', { kind: 'normal' })).statusCode).toBe(200);
    expect((await apply([disp[2]?.id as number])).acceptDeadline).toBe('2024-10-18T15:59:59.000Z');
    const year = await get(reg, '/api/v1/verification/calendar?year=2024');
    expect(year.json().some((d: { date: string }) => d.date === '2024-10-17')).toBe(false);
    const audit = await ctx.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'calendar_day_changed').execute();
    expect(audit.map((a) => a.entity_id)).toEqual(['2024-10-17', '2024-10-19', '2024-10-17', '2024-10-19']);
  });

  it('the deadline follows the configured number of working days (admin setting, audited)', async () => {
    const denied = await app.inject({
      method: 'PUT',
      url: '/api/v1/verification/settings',
      headers: ent.headers,
      payload: { acceptDeadlineWorkingDays: 5 },
    });
    expect(denied.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/verification/settings',
      headers: admin.headers,
      payload: { acceptDeadlineWorkingDays: 5 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const a = await apply();
    expect(a.acceptDeadline).toBe('2024-10-22T15:59:59.000Z');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'verification_settings_updated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data).changes.acceptDeadlineWorkingDays).toEqual({ before: 3, after: 5 });
  });

  it("an enterprise cannot apply for another organization's instrument (404)", async () => {
    const res = await post(entB, '/api/v1/applications', body([disp[0]!.id]));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('refuses an institution without an authorization covering the category and region, naming the instrument', async () => {
    const res = await post(ent, '/api/v1/applications', body([disp[0]!.id], city.id));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('application_not_authorized');
    expect(res.json().error.message).toContain(disp[0]!.serialNo);
    // region: the county institution is authorized for 150626 only
    const far = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, adminDivisionCode: '150627100' });
    const r2 = await post(ent, '/api/v1/applications', body([far.id]));
    expect(r2.json().error.code).toBe('application_not_authorized');
  });

  it('refuses when the authorization is not valid on the submission date', async () => {
    await ctx.db.updateTable('authorizations').set({ valid_to: '2024-10-01' }).where('org_id', '=', w.institution.id).execute();
    const res = await post(ent, '/api/v1/applications', body([disp[0]!.id]));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('application_authorization_expired');
  });

  it('refuses an instrument already in an open application and a removed instrument', async () => {
    await apply([disp[0]!.id]);
    const busy = await post(ent, '/api/v1/applications', body([disp[0]!.id]));
    expect(busy.json().error.code).toBe('application_instrument_busy');
    await ctx.db
      .updateTable('instruments')
      .set({ ledger_state: 'removed', removal_date: '2024-10-01' })
      .where('id', '=', disp[1]!.id)
      .execute();
    const gone = await post(ent, '/api/v1/applications', body([disp[1]!.id]));
    expect(gone.json().error.code).toBe('application_instrument_not_in_service');
  });

  it('return requires a reason and a note; without a phone call it records no_rejection_feedback', async () => {
    const a = await apply();
    const noNote = await post(inst, `/api/v1/applications/${a.id}/return`, { reasonCode: 'data_error' });
    expect(noNote.statusCode).toBe(400);
    const badReason = await post(inst, `/api/v1/applications/${a.id}/return`, { reasonCode: 'nope', note: 'x' });
    expect(badReason.statusCode).toBe(400);
    const res = await post(inst, `/api/v1/applications/${a.id}/return`, { reasonCode: 'data_error', note: '出厂编号有误' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'returned', reasonCode: 'data_error', note: '出厂编号有误', phonedAt: null });
    const f = await ctx.db.selectFrom('findings').selectAll().execute();
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ org_id: w.institution.id, code: 'no_rejection_feedback', source: 'system', date: '2024-10-15' });
    expect(JSON.parse(f[0]!.refs).applicationIds).toEqual([a.id]);
  });

  it('a return with a phone call records no finding', async () => {
    const a = await apply();
    const res = await post(inst, `/api/v1/applications/${a.id}/return`, {
      reasonCode: 'missing_material',
      note: '缺少材料',
      phonedAt: '2024-10-15T03:00:00.000Z',
    });
    expect(res.json().phonedAt).toBe('2024-10-15T03:00:00.000Z');
    expect(await ctx.db.selectFrom('findings').selectAll().execute()).toEqual([]);
  });

  it('resubmit creates version 2 of the same thread with the changes stored, and a new deadline', async () => {
    const a = await apply();
    await post(inst, `/api/v1/applications/${a.id}/return`, {
      reasonCode: 'data_error',
      note: '请核对',
      phonedAt: '2024-10-15T03:00:00.000Z',
    });
    await at('2024-10-16T02:00:00.000Z');
    const res = await post(ent, `/api/v1/applications/${a.id}/resubmit`, {
      instrumentIds: [disp[0]!.id, disp[1]!.id],
      preferredDate: '2024-10-25',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, version: 2, status: 'submitted', acceptDeadline: '2024-10-21T15:59:59.000Z' });
    const d = (await get(ent, `/api/v1/applications/${a.id}`)).json();
    expect(d.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'returned'],
      [2, 'submitted'],
    ]);
    expect(d.versions[1].diff.preferredDate).toEqual({ before: '2024-10-20', after: '2024-10-25' });
    expect(d.versions[1].diff.instrumentIds.removed).toEqual([disp[2]!.id]);
    expect(d.instruments).toHaveLength(2);
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'application').orderBy('id').execute();
    expect(audit.map((x) => x.action)).toEqual(['application_submitted', 'application_returned', 'application_resubmitted']);
  });

  it('accept, then illegal transitions are refused with a code', async () => {
    const a = await apply();
    const ok = await post(inst, `/api/v1/applications/${a.id}/accept`);
    expect(ok.json().status).toBe('accepted');
    for (const [s, path, payload] of [
      [inst, 'accept', undefined],
      [inst, 'return', { reasonCode: 'other', note: 'x' }],
      [ent, 'withdraw', undefined],
      [ent, 'resubmit', {}],
    ] as const) {
      const r = await post(s, `/api/v1/applications/${a.id}/${path}`, payload);
      expect(r.statusCode, path).toBe(409);
      expect(r.json().error.code).toBe('application_illegal_transition');
    }
    expect(await ctx.db.selectFrom('findings').selectAll().execute()).toEqual([]); // accepted on time
  });

  it('withdraw before acceptance; the applicant cannot accept; resubmit needs a returned application', async () => {
    const a = await apply();
    expect((await post(ent, `/api/v1/applications/${a.id}/accept`)).statusCode).toBe(403);
    expect((await post(ent, `/api/v1/applications/${a.id}/resubmit`, {})).json().error.code).toBe('application_illegal_transition');
    const r = await post(ent, `/api/v1/applications/${a.id}/withdraw`);
    expect(r.json().status).toBe('withdrawn');
    expect((await post(inst, `/api/v1/applications/${a.id}/accept`)).json().error.code).toBe('application_illegal_transition');
  });

  it('a late acceptance records acceptance_delay against the institution', async () => {
    const a = await apply();
    await at('2024-10-21T02:00:00.000Z'); // Mon, after Fri's deadline
    const r = await post(inst, `/api/v1/applications/${a.id}/accept`);
    expect(r.json().status).toBe('accepted');
    const f = await ctx.db.selectFrom('findings').selectAll().execute();
    expect(f.map((x) => [x.code, Number(x.org_id)])).toEqual([['acceptance_delay', w.institution.id]]);
  });

  it('scope: an institution sees only applications addressed to it; a regulator sees its region', async () => {
    const a = await apply();
    expect((await get(inst2, `/api/v1/applications/${a.id}`)).statusCode).toBe(404);
    expect((await get(inst2, '/api/v1/applications')).json().total).toBe(0);
    expect((await post(inst2, `/api/v1/applications/${a.id}/accept`)).statusCode).toBe(404);
    expect((await get(inst, '/api/v1/applications')).json().total).toBe(1);
    expect((await get(entB, `/api/v1/applications/${a.id}`)).statusCode).toBe(404);
    expect((await get(reg, '/api/v1/applications')).json().total).toBe(1);
  });

  it('a resubmission never answered appears as overdue (list, dashboard) and the daily job records it once', async () => {
    const a = await apply();
    await post(inst, `/api/v1/applications/${a.id}/return`, {
      reasonCode: 'data_error',
      note: '请核对',
      phonedAt: '2024-10-15T03:00:00.000Z',
    });
    await post(ent, `/api/v1/applications/${a.id}/resubmit`, { preferredDate: '2024-10-28' });
    expect((await get(reg, '/api/v1/applications?overdue=true')).json().total).toBe(0);
    await at('2024-10-24T02:00:00.000Z'); // deadline was Fri 2024-10-18
    const list = (await get(reg, '/api/v1/applications?overdue=true')).json();
    expect(list.items.map((x: { id: number; version: number; overdue: boolean }) => [x.id, x.version, x.overdue])).toEqual([
      [a.id, 2, true],
    ]);
    const inbox = (await get(inst, '/api/v1/applications?status=submitted')).json();
    expect(inbox.items[0].overdue).toBe(true);
    const dash = (await get(reg, '/api/v1/verification/dashboard?from=2024-10-01&to=2024-10-31')).json();
    expect(dash.unansweredResubmissions).toHaveLength(1);
    expect(dash.overdueAcceptances[0]).toMatchObject({ applicationId: a.id, version: 2 });
    expect(dash.overdueAcceptances[0].overdueWorkingDays).toBeCloseTo(3.42, 1);
    const k = dash.institutions.find((i: { institutionId: number }) => i.institutionId === w.institution.id);
    expect(k).toMatchObject({
      submitted: 2,
      answered: 1,
      returned: 1,
      returnsWithoutFeedback: 0,
      overdueOpen: 1,
      unansweredResubmissions: 1,
    });
    expect(k.onTime).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(await recordOverdueFindings(ctx)).toBe(1);
    expect(await recordOverdueFindings(ctx)).toBe(0);
    const f = await ctx.db.selectFrom('findings').selectAll().execute();
    expect(f.map((x) => x.code)).toEqual(['acceptance_delay']);
    // a late answer afterwards does not record the same delay twice
    await post(inst, `/api/v1/applications/${a.id}/accept`);
    expect(await ctx.db.selectFrom('findings').selectAll().execute()).toHaveLength(1);
  });

  it('dashboard KPIs: median and p90 time to answer in working days and hours', async () => {
    const a1 = await apply([disp[0]!.id]);
    await at('2024-10-15T08:00:00.000Z'); // +6 h = 0.25 working day
    await post(inst, `/api/v1/applications/${a1.id}/accept`);
    const a2 = await apply([disp[1]!.id]);
    await at('2024-10-17T08:00:00.000Z'); // +2 days = 2 working days
    await post(inst, `/api/v1/applications/${a2.id}/return`, { reasonCode: 'other', note: 'x' });
    const dash = (await get(inst, '/api/v1/verification/dashboard?from=2024-10-01&to=2024-10-31')).json();
    expect(dash.institutions).toHaveLength(1);
    expect(dash.institutions[0]).toMatchObject({
      submitted: 2,
      accepted: 1,
      returned: 1,
      medianWorkingDays: 0.25,
      p90WorkingDays: 2,
      medianHours: 6,
      p90Hours: 48,
      returnsWithoutFeedback: 1,
    });
    expect(dash.institutions[0].onTime.rate).toBe(1);
  });

  it('prints a 预约送检单 PDF with the CJK font', async () => {
    const a = await apply();
    const res = await get(ent, `/api/v1/applications/${a.id}/slip.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain('NotoSansCJKsc');
    expect((await get(entB, `/api/v1/applications/${a.id}/slip.pdf`)).statusCode).toBe(404);
  });

  it('a meter of another town is covered by a county-wide authorization (region prefix)', async () => {
    const res = await post(entB, '/api/v1/applications', body([meter.id]));
    expect(res.statusCode, res.body).toBe(201);
  });
});
