import { verifyPublishedDraw } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';

/**
 * Campaigns and self-inspection (docs/CAMPAIGNS.md) through the API on a hand-built scenario: the 2024 campaign of
 * 150626 in the standard world (stations A and B, the water utility, the institution take part), the clock moved
 * across the notice's dates.
 */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const at = (day: string) => `${day}T02:00:00.000Z`;

describe('campaigns and self-inspection', () => {
  const t = useTestApp({ now: at('2024-06-01') });
  /** moving the clock ends the sessions (idle expiry): every request logs in afresh */
  const as = (who: Parameters<typeof t.as>[0]) => {
    const fresh = () => t.as(who, { newSession: true });
    return {
      get: (u: string) => fresh().get(u),
      post: (u: string, b?: unknown) => fresh().post(u, b),
      put: (u: string, b?: unknown) => fresh().put(u, b),
      patch: (u: string, b?: unknown) => fresh().patch(u, b),
      upload: (u: string, name: string, content: Buffer) => fresh().upload(u, name, content),
    };
  };
  let id = 0;
  const base = () => `/api/v1/campaigns/${id}`;

  beforeAll(async () => {
    const a = t.world.stationA.id;
    // station A on the due date 2024-07-01 (dispensers: 6-month cycle): one valid, two overdue, one never verified,
    // one still a draft in the ledger (valid), one installed later (not in service then)
    await buildInstrument(t.ctx, { orgId: a, installDate: '2023-01-01', verifications: [{ date: '2024-03-01' }] });
    await buildInstrument(t.ctx, { orgId: a, installDate: '2022-01-01', verifications: [{ date: '2023-06-01' }] });
    await buildInstrument(t.ctx, { orgId: a, installDate: '2022-01-01', verifications: [{ date: '2023-05-01' }] });
    await buildInstrument(t.ctx, { orgId: a, installDate: '2024-01-01' });
    await buildInstrument(t.ctx, { orgId: a, installDate: '2024-02-01', ledgerState: 'draft', verifications: [{ date: '2024-04-01' }] });
    await buildInstrument(t.ctx, { orgId: a, installDate: '2024-08-01', verifications: [{ date: '2024-07-20' }] });
    // the water utility: one meter overdue on the due date
    await buildInstrument(t.ctx, {
      orgId: t.world.water.id,
      category: 'fuel_dispenser',
      installDate: '2022-01-01',
      verifications: [{ date: '2023-01-05' }],
    });
  });

  it('creates a campaign from the template for a year with every utility, station and institution of the region', async () => {
    const res = await as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    id = c.id;
    expect(c.phases.map((p: { start: string; end: string }) => [p.start, p.end])).toEqual([
      ['2024-06-07', '2024-07-01'],
      ['2024-07-01', '2024-09-01'],
      ['2024-09-01', '2024-10-15'],
    ]);
    expect([c.selfInspectionDue, c.finalReportDate, c.reportingDays]).toEqual(['2024-07-01', '2024-10-20', [14, 28]]);
    expect(c.participants).toBe(4);
    const list = (await as('regulator').get(`${base()}/participants`)).json();
    const w = t.world;
    expect(list.items.map((p: { orgId: number }) => p.orgId).sort()).toEqual(
      [w.stationA.id, w.stationB.id, w.water.id, w.institution.id].sort(),
    );
    expect((await as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' })).json().error.code).toBe(
      'campaign_exists',
    );
    expect((await as('enterprise').post('/api/v1/campaigns', { year: 2025, regionCode: '150626' })).statusCode).toBe(403);
  });

  it('refuses dates out of order naming the field, and records an edit', async () => {
    const c = (await as('regulator').get(base())).json();
    const phases = c.phases.map((p: object) => ({ ...p }));
    phases[0].end = '2024-06-01';
    const bad = await as('regulator').patch(base(), { phases });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'campaign_end_before_start', details: { field: 'phases[0].end' } });
    expect(bad.json().error.message).toContain('第1阶段的结束日期');
    phases[0].end = '2024-07-01';
    phases[2].start = '2024-08-15';
    const order = await as('regulator').patch(base(), { phases });
    expect(order.json().error).toMatchObject({ code: 'campaign_phase_order', details: { field: 'phases[2].start' } });
    const ok = await as('regulator').patch(base(), { reportingDays: [28, 14, 7] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().reportingDays).toEqual([7, 14, 28]);
    await as('regulator').patch(base(), { reportingDays: [14, 28] });
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'campaign').execute();
    expect(audit.map((a) => a.action)).toEqual(['campaign_created', 'campaign_updated', 'campaign_updated']);
  });

  it('shows the current phase and days left to every participant', async () => {
    t.ctx.clock.set(at('2024-06-20'));
    const cur = (await as('enterprise').get('/api/v1/campaigns/current')).json();
    expect(cur.now).toMatchObject({ stage: 'running', phase: { key: 'self_inspection' }, daysLeft: 11, nextReportDate: '2024-06-28' });
    expect(cur.mine).toMatchObject({ status: 'not_started', due: '2024-07-01', daysToDue: 11, lastRemindedAt: null });
    const office = (await as('inspector').get('/api/v1/campaigns/current')).json();
    expect(office.campaign.id).toBe(id);
    expect(office.mine).toBeNull();
  });

  it('prefills the form from the ledger and statuses as of the due date', async () => {
    const mine = (await as('enterprise').get(`${base()}/self-inspection`)).json();
    expect(mine.records).toEqual({
      asOf: '2024-07-01',
      instrumentCount: 5,
      overdueCount: 2,
      unverifiedCount: 1,
      failedCount: 0,
      draftCount: 1,
    });
    expect(mine.form).toMatchObject({
      kind: 'station',
      ledgerEstablished: true,
      allFiled: false,
      instrumentCount: 5,
      overdueCount: 2,
      unverifiedCount: 1,
    });
    expect(mine).toMatchObject({ state: null, status: 'not_started', attachment1: { orgId: t.world.stationA.id, asOf: '2024-07-01' } });
    const inst = (await as('institution').get(`${base()}/self-inspection`)).json();
    expect(inst).toMatchObject({ formKind: 'institution', records: null, attachment1: null });
  });

  it('saves a draft, submits on time, freezes it, and keeps the old version on a correction', async () => {
    const ent = as('enterprise');
    const form = (await ent.get(`${base()}/self-inspection`)).json().form;
    const wrong = await ent.put(`${base()}/self-inspection`, { form: { ...form, kind: 'utility', sealsIntact: undefined } });
    expect(wrong.json().error).toMatchObject({ code: 'self_inspection_wrong_form', details: { field: 'form.kind' } });
    expect((await ent.post(`${base()}/self-inspection/submit`)).json().error.code).toBe('self_inspection_no_draft');
    const saved = await ent.put(`${base()}/self-inspection`, { form: { ...form, fixedCount: 1, fixedText: 'x' } });
    expect(saved.json()).toMatchObject({ version: 1, state: 'draft', status: 'draft' });
    expect((await ent.upload(`${base()}/self-inspection/files`, 'photo.png', PNG)).statusCode).toBe(201);
    expect((await ent.upload(`${base()}/self-inspection/files`, 'x.csv', Buffer.from('a,b\n'))).statusCode).toBe(415);
    t.ctx.clock.set(at('2024-06-28'));
    const sub = (await ent.post(`${base()}/self-inspection/submit`)).json();
    expect(sub).toMatchObject({ version: 1, state: 'submitted', status: 'submitted', late: false, gaps: [] });
    expect(sub.files.map((f: { fileName: string }) => f.fileName)).toEqual(['photo.png']);
    // frozen: no edit, no second submission, no new file
    expect((await ent.put(`${base()}/self-inspection`, { form })).json().error.code).toBe('self_inspection_frozen');
    expect((await ent.post(`${base()}/self-inspection/submit`)).json().error.code).toBe('self_inspection_frozen');
    expect((await ent.upload(`${base()}/self-inspection/files`, 'p.png', PNG)).json().error.code).toBe('self_inspection_frozen');
    // a correction is version 2 with its reason; version 1 stays submitted
    expect((await ent.post(`${base()}/self-inspection/correction`, { reason: '' })).statusCode).toBe(400);
    const corr = (await ent.post(`${base()}/self-inspection/correction`, { reason: '漏报一台' })).json();
    expect(corr).toMatchObject({ version: 2, state: 'draft', status: 'submitted', correctionReason: '漏报一台' });
    expect(corr.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [1, 'submitted'],
      [2, 'draft'],
    ]);
    expect(corr.files).toHaveLength(1);
    const v1 = await t.ctx.db
      .selectFrom('self_inspections')
      .select(['form', 'state'])
      .where('version', '=', 1)
      .where('org_id', '=', t.world.stationA.id)
      .executeTakeFirstOrThrow();
    expect([v1.state, JSON.parse(v1.form).fixedText]).toEqual(['submitted', 'x']);
  });

  it('marks a late submission late (not refused) and flags a gap with both numbers', async () => {
    t.ctx.clock.set(at('2024-07-03'));
    const water = as('waterUser');
    const form = (await water.get(`${base()}/self-inspection`)).json().form;
    expect(form).toMatchObject({ kind: 'utility', overdueCount: 1 });
    await water.put(`${base()}/self-inspection`, { form: { ...form, overdueCount: 0 } });
    const sub = (await water.post(`${base()}/self-inspection/submit`)).json();
    expect(sub).toMatchObject({
      state: 'submitted',
      status: 'late',
      late: true,
      gaps: [{ field: 'overdueCount', reported: 0, records: 1 }],
    });
    // station B: a draft only; the institution: nothing
    const b = as('enterpriseB');
    await b.put(`${base()}/self-inspection`, { form: (await b.get(`${base()}/self-inspection`)).json().form });
    const list = (await as('regulator').get(`${base()}/participants`)).json().items;
    const by = new Map(list.map((p: { orgId: number }) => [p.orgId, p]));
    const w = t.world;
    expect(by.get(w.stationA.id)).toMatchObject({ status: 'submitted', overdue: false, gaps: [] });
    expect(by.get(w.water.id)).toMatchObject({ status: 'late', gaps: [{ field: 'overdueCount', reported: 0, records: 1 }] });
    expect(by.get(w.stationB.id)).toMatchObject({ status: 'draft', overdue: true });
    expect(by.get(w.institution.id)).toMatchObject({ status: 'not_started', overdue: true });
    const gaps = (await as('regulator').get(`${base()}/participants?gap=1`)).json();
    expect(gaps.items.map((p: { orgId: number }) => p.orgId)).toEqual([w.water.id]);
    const late = (await as('regulator').get(`${base()}/participants?status=late`)).json();
    expect(late.total).toBe(1);
  });

  it('reminds in one click: a row per organization, audited, shown as 已催报 on the participant card', async () => {
    const w = t.world;
    const res = await as('regulator').post(`${base()}/reminders`, { orgIds: [w.stationB.id, w.institution.id] });
    expect(res.json()).toMatchObject({ reminded: 2, at: at('2024-07-03') });
    const rows = await t.ctx.db.selectFrom('campaign_reminders').select(['org_id']).where('campaign_id', '=', id).execute();
    expect(rows.map((r) => Number(r.org_id)).sort()).toEqual([w.stationB.id, w.institution.id].sort());
    const audit = await t.ctx.db.selectFrom('audit_log').select(['org_id']).where('action', '=', 'self_inspection_reminded').execute();
    expect(audit).toHaveLength(2);
    const card = (await as('enterpriseB').get('/api/v1/campaigns/current')).json();
    expect(card.mine).toMatchObject({ status: 'draft', lastRemindedAt: at('2024-07-03') });
    expect((await as('enterprise').post(`${base()}/reminders`, { orgIds: [w.stationB.id] })).statusCode).toBe(403);
  });

  it('draws the re-check share with the shared algorithm, reproducible by the verifier', async () => {
    const reg = as('regulator');
    expect((await reg.get(`${base()}/recheck-draw`)).statusCode).toBe(404);
    expect((await reg.post(`${base()}/recheck-draw/run`)).json().error.code).toBe('recheck_not_committed');
    const committed = (await reg.post(`${base()}/recheck-draw`)).json();
    expect(committed.record.seed).toBeUndefined();
    expect(committed.ratioBp).toBe(1000);
    expect(committed.record.strata[0].candidates).toEqual([t.world.stationA.creditCode, t.world.water.creditCode].sort());
    expect((await reg.post(`${base()}/recheck-draw`)).json().error.code).toBe('recheck_already_committed');
    const run = (await reg.post(`${base()}/recheck-draw/run`)).json();
    // ceil(2 × 10 %) = 1 of the two submitters
    expect(run.record.strata[0].drawn).toHaveLength(1);
    expect(await verifyPublishedDraw(run.record)).toEqual({ ok: true });
    const tampered = {
      ...run.record,
      strata: [
        { ...run.record.strata[0], drawn: run.record.strata[0].candidates.filter((c: string) => c !== run.record.strata[0].drawn[0]) },
      ],
    };
    expect((await verifyPublishedDraw(tampered)).ok).toBe(false);
    const drawnOrg = run.orgIds[run.record.strata[0].drawn[0]];
    const list = (await reg.get(`${base()}/participants`)).json().items;
    expect(list.filter((p: { recheck: boolean }) => p.recheck).map((p: { orgId: number }) => p.orgId)).toEqual([drawnOrg]);
  });

  it('keeps scope: another enterprise’s report is 404, an office reads only its towns', async () => {
    const w = t.world;
    expect((await as('enterpriseB').get(`${base()}/self-inspections/${w.stationA.id}`)).statusCode).toBe(404);
    expect((await as('enterprise').get(`${base()}/self-inspections/${w.stationA.id}`)).statusCode).toBe(200);
    const file = (await as('enterprise').get(`${base()}/self-inspection`)).json().files[0].id;
    expect((await as('enterpriseB').get(`${base()}/self-inspections/${w.stationA.id}/files/${file}`)).statusCode).toBe(404);
    expect((await as('regulator').get(`${base()}/self-inspections/${w.stationA.id}/files/${file}`)).statusCode).toBe(200);
    // office 2 covers 150626102 (station B only)
    const office2 = (await as('inspector2').get(`${base()}/participants`)).json();
    expect(office2.items.map((p: { orgId: number }) => p.orgId)).toEqual([w.stationB.id]);
    expect((await as('inspector2').get(`${base()}/self-inspections/${w.stationA.id}`)).statusCode).toBe(404);
    expect((await as('inspector').get(`${base()}/self-inspections/${w.stationA.id}`)).statusCode).toBe(200);
    // a campaign of the city is invisible to the county's regulator (outside its region), who cannot create one there
    const other = await as('admin').post('/api/v1/campaigns', { year: 2024, regionCode: '150600' });
    expect(other.statusCode).toBe(201);
    expect((await as('regulator').get(`/api/v1/campaigns/${other.json().id}`)).statusCode).toBe(404);
    expect((await as('regulator').post('/api/v1/campaigns', { year: 2025, regionCode: '150600' })).statusCode).toBe(404);
    // participants edit: only kinds of the region
    const bad = await as('regulator').put(`${base()}/participants`, { orgIds: [w.office.id] });
    expect(bad.json().error).toMatchObject({ code: 'campaign_participant_kind', details: { field: 'orgIds' } });
    const fewer = await as('regulator').put(`${base()}/participants`, { orgIds: [w.stationA.id, w.water.id] });
    expect(fewer.json().participants).toBe(2);
    expect((await as('enterpriseB').get(base())).statusCode).toBe(404);
  });
});
