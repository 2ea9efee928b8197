import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { createInspector } from '../../src/modules/supervision/registers/inspectors.service.js';
import { useTestApp } from '../db.js';
import {
  buildAuthorization,
  buildComplaint,
  buildEnforcement,
  buildInstrument,
  buildOrg,
  buildStandard,
  buildUser,
  buildVerifier,
  DUE_SOON_DISPENSER,
} from '../factories.js';
import { multipartForm, readXlsx, rowValues } from '../files.js';
import { buildSupervision } from '../supervision/fixtures.js';

/** Complaints and reports (docs/COMPLAINTS.md): public intake, privacy, duplicates, rate limits, scope, the clocks. */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');
const PHONE = '13987654321';

async function challenge(t: ReturnType<typeof useTestApp>) {
  const r = await t.anonymous.get('/api/v1/public/challenge');
  expect(r.statusCode).toBe(200);
  const c = r.json() as { token: string; a: number; b: number; question: string };
  expect(c.question).toBe(`${c.a} + ${c.b}`);
  return { challengeToken: c.token, challengeAnswer: c.a + c.b };
}

function body(extra: Record<string, unknown> = {}) {
  return {
    type: 'complaint',
    subject: 'dispenser',
    description: '加油机显示40升，实际只有38升',
    occurredOn: '2024-10-12',
    amountYuan: 15.5,
    name: '李四',
    phone: PHONE,
    ...extra,
  };
}

describe('public intake', () => {
  const t = useTestApp({ each: true });

  it('files a complaint with a challenge and shows its status by tracking code, without personal data or internal notes', async () => {
    const res = await t.anonymous.post('/api/v1/public/complaints', { ...(await challenge(t)), ...body() }, { remoteAddress: '10.1.0.1' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as { trackingCode: string; receivedAt: string; decisionDeadline: string };
    expect(r.trackingCode).toMatch(/^TS-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    // Tuesday 2024-10-15: 7 working days → Thursday 2024-10-24
    expect(r.decisionDeadline).toBe('2024-10-24');
    const id = Number((await t.ctx.db.selectFrom('complaints').select('id').executeTakeFirstOrThrow()).id);
    await t.as('regulator').post(`/api/v1/complaints/${id}/notes`, { text: 'INTERNAL-NOTE-XYZ' });
    const s = await t.anonymous.get(`/api/v1/public/complaints/${r.trackingCode.toLowerCase()}`);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ trackingCode: r.trackingCode, type: 'complaint', stage: 'received', replies: [] });
    expect(s.body).not.toContain(PHONE);
    expect(s.body).not.toContain('李四');
    expect(s.body).not.toContain('INTERNAL-NOTE-XYZ');
  });

  it('names the bad field, strips HTML, refuses a wrong, reused or missing challenge', async () => {
    const bad = await t.anonymous.post('/api/v1/public/complaints', { ...(await challenge(t)), ...body({ phone: '12345' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'complaint_field_invalid', details: { field: 'phone' } });
    expect(bad.json().error.message).toContain('手机号码');
    const noText = await t.anonymous.post('/api/v1/public/complaints', { ...(await challenge(t)), ...body({ description: '<b></b>' }) });
    expect(noText.json().error.details.field).toBe('description');
    const noSubject = await t.anonymous.post('/api/v1/public/complaints', { ...(await challenge(t)), ...body({ subject: 'car' }) });
    expect(noSubject.json().error.details.field).toBe('subject');

    const ch = await challenge(t);
    const wrong = await t.anonymous.post('/api/v1/public/complaints', { ...ch, challengeAnswer: ch.challengeAnswer + 1, ...body() });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('complaint_challenge_invalid');
    const forged = await t.anonymous.post('/api/v1/public/complaints', { ...ch, challengeToken: `${ch.challengeToken}x`, ...body() });
    expect(forged.json().error.code).toBe('complaint_challenge_invalid');
    const ok = await t.anonymous.post('/api/v1/public/complaints', {
      ...ch,
      ...body({ description: '<script>alert(1)</script>少给油<img src=x onerror=alert(2)>了两升' }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await t.anonymous.post('/api/v1/public/complaints', { ...ch, ...body() });
    expect(again.json().error.code).toBe('complaint_challenge_invalid');
    const row = await t.ctx.db.selectFrom('complaints').select('description').executeTakeFirstOrThrow();
    expect(row.description).toBe('少给油了两升');
    // the challenge expires
    const late = await challenge(t);
    t.ctx.clock.advance(11 * 60_000);
    expect((await t.anonymous.post('/api/v1/public/complaints', { ...late, ...body() })).json().error.code).toBe(
      'complaint_challenge_invalid',
    );
  });

  it('takes attachments as multipart, checked by content, size and count', async () => {
    const fields = async (extra: Record<string, unknown> = {}) => ({ data: JSON.stringify({ ...(await challenge(t)), ...body(extra) }) });
    const ok = multipartForm(await fields(), [
      { field: 'attachments', fileName: 'photo.jpg', content: PNG },
      { field: 'attachments', fileName: 'receipt.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    const res = await t.anonymous.post('/api/v1/public/complaints', ok.payload, { headers: ok.headers });
    expect(res.statusCode, res.body).toBe(201);
    const id = Number((await t.ctx.db.selectFrom('complaints').select('id').executeTakeFirstOrThrow()).id);
    const detail = (await t.as('regulator').get(`/api/v1/complaints/${id}`)).json();
    expect(detail.attachments.map((a: { type: string }) => a.type)).toEqual(['png', 'pdf']);
    const file = await t.as('regulator').get(`/api/v1/complaints/${id}/attachments/${detail.attachments[0].id}`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.from(file.rawPayload).equals(PNG)).toBe(true);

    const fake = multipartForm(await fields(), [
      { field: 'attachments', fileName: 'photo.png', content: Buffer.from('<html>not a photo</html>') },
    ]);
    const r2 = await t.anonymous.post('/api/v1/public/complaints', fake.payload, { headers: fake.headers });
    expect(r2.statusCode).toBe(415);
    expect(r2.json().error.code).toBe('upload_type_not_allowed');

    const many = multipartForm(
      await fields(),
      Array.from({ length: 6 }, (_, i) => ({ field: 'attachments', fileName: `p${i}.png`, content: PNG })),
    );
    const r3 = await t.anonymous.post('/api/v1/public/complaints', many.payload, { headers: many.headers });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.code).toBe('complaint_too_many_files');

    const big = multipartForm(await fields(), [
      { field: 'attachments', fileName: 'big.png', content: Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]) },
    ]);
    const r4 = await t.anonymous.post('/api/v1/public/complaints', big.payload, { headers: big.headers });
    expect(r4.statusCode).toBe(413);
    expect(await t.ctx.db.selectFrom('complaints').select('id').execute()).toHaveLength(1);
  });

  it('rate-limits per address and per phone, and wrong tracking codes per address (settings)', async () => {
    const patch = await t.as('admin').patch('/api/v1/complaints/settings', { perIpPerHour: 2, perPhonePerDay: 2, wrongLookupsPerHour: 3 });
    expect(patch.statusCode, patch.body).toBe(200);
    const send = async (ip: string, phone: string) =>
      t.anonymous.post('/api/v1/public/complaints', { ...(await challenge(t)), ...body({ phone }) }, { remoteAddress: ip });
    expect((await send('10.2.0.1', '13900000001')).statusCode).toBe(201);
    expect((await send('10.2.0.1', '13900000002')).statusCode).toBe(201);
    const third = await send('10.2.0.1', '13900000003');
    expect(third.statusCode).toBe(429);
    expect(third.json().error).toMatchObject({ code: 'complaint_rate_limited', details: { by: 'address' } });
    expect((await send('10.2.0.2', '13900000001')).statusCode).toBe(201);
    const byPhone = await send('10.2.0.3', '139-0000-0001');
    expect(byPhone.statusCode).toBe(429);
    expect(byPhone.json().error.details.by).toBe('phone');
    // the accepted ones are kept
    expect(await t.ctx.db.selectFrom('complaints').select('id').execute()).toHaveLength(3);
    // an hour later the address may file again
    t.ctx.clock.advance(61 * 60_000);
    expect((await send('10.2.0.1', '13900000009')).statusCode).toBe(201);

    const good = (await t.ctx.db.selectFrom('complaints').select('tracking_code').executeTakeFirstOrThrow()).tracking_code;
    for (let i = 0; i < 3; i++)
      expect((await t.anonymous.get(`/api/v1/public/complaints/TS-AAAA-AAAA-AAAA-AAA${i}`, { remoteAddress: '10.3.0.1' })).statusCode).toBe(
        404,
      );
    const blocked = await t.anonymous.get(`/api/v1/public/complaints/${good}`, { remoteAddress: '10.3.0.1' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('complaint_lookup_rate_limited');
    expect((await t.anonymous.get(`/api/v1/public/complaints/${good}`, { remoteAddress: '10.3.0.2' })).statusCode).toBe(200);
  });

  it('links a duplicate (same phone and instrument within 30 days) instead of losing it', async () => {
    const { world: w } = t;
    const ins = await buildInstrument(t.ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 1 });
    const code = (await t.ctx.db.selectFrom('instruments').select('public_code').where('id', '=', ins.id).executeTakeFirstOrThrow())
      .public_code;
    const first = await buildComplaint(t.ctx, { instrumentCode: code, phone: PHONE });
    const second = await buildComplaint(t.ctx, { instrumentCode: code, phone: '139 8765 4321' });
    const other = await buildComplaint(t.ctx, { instrumentCode: code, phone: '13911112222' });
    const list = (await t.as('regulator').get('/api/v1/complaints')).json();
    const byCode = new Map(list.items.map((i: { trackingCode: string; duplicateOf: string | null }) => [i.trackingCode, i.duplicateOf]));
    expect(byCode.get(second.trackingCode)).toBe(first.trackingCode);
    expect(byCode.get(other.trackingCode)).toBeNull();
    expect(byCode.get(first.trackingCode)).toBeNull();
    const d = (await t.as('regulator').get(`/api/v1/complaints/${first.id}`)).json();
    expect(d.duplicates).toEqual([second.trackingCode]);
    expect(d).toMatchObject({ orgId: w.stationA.id, siteId: w.siteA, instrumentId: ins.id, townCode: '150626100' });
    // 31 days later the same phone and instrument is a new complaint
    t.ctx.clock.advance(31 * 86_400_000);
    const later = await buildComplaint(t.ctx, { instrumentCode: code, phone: PHONE });
    expect((await t.as('regulator', { newSession: true }).get(`/api/v1/complaints/${later.id}`)).json().duplicateOf).toBeNull();
  });
});

describe('privacy: encrypted at rest, masked, full view audited', () => {
  const t = useTestApp({ each: true });

  it('the database holds no phone number or name in the clear', async () => {
    const c = await buildComplaint(t.ctx, { phone: PHONE, name: '赵六六', townCode: '150626100' });
    const row = await t.ctx.db.selectFrom('complaints').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.phone_enc).toMatch(/^v1:/);
    expect(row.phone_enc).not.toContain(PHONE);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(PHONE);
    expect(JSON.stringify(row)).not.toContain('赵六六');
    const audit = await t.ctx.db.selectFrom('audit_log').select('data').execute();
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    if (t.ctx.engine === 'sqlite') {
      // the file itself (and its write-ahead log): grep finds no phone number, in ASCII or UTF-16
      const bytes = Buffer.concat(
        [t.ctx.config.db, `${t.ctx.config.db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
      );
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
      expect(bytes.includes(Buffer.from(PHONE, 'utf16le'))).toBe(false);
      expect(bytes.includes(Buffer.from('赵六六'))).toBe(false);
      // the check can fail: the tracking code is in the file in the clear
      expect(bytes.includes(Buffer.from(c.trackingCode))).toBe(true);
    }
  });

  it('lists mask it; the enterprise sees none; the full view is for the bureau and the handler only, and audited', async () => {
    const { world: w } = t;
    const c = await buildComplaint(t.ctx, { phone: PHONE, name: '赵六六', townCode: '150626100', orgName: undefined });
    await t.ctx.db.updateTable('complaints').set({ org_id: w.stationA.id }).where('id', '=', c.id).execute();
    const item = (await t.as('regulator').get('/api/v1/complaints')).json().items[0];
    expect(item).toMatchObject({ nameMasked: '赵**', phoneMasked: '139****4321' });
    const insp = (await t.as('inspector').get('/api/v1/complaints')).json().items[0];
    expect(insp.phoneMasked).toBe('139****4321');
    const viewer = await t.as('viewer').get(`/api/v1/complaints/${c.id}`);
    expect(viewer.json()).toMatchObject({ phoneMasked: '139****4321', canShowPersonal: false });
    expect(viewer.body).not.toContain(PHONE);
    const own = await t.as('enterprise').get(`/api/v1/complaints/${c.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ nameMasked: null, phoneMasked: null, canShowPersonal: false, canHandle: false });
    expect((await t.as('enterprise').get('/api/v1/complaints')).json().items[0].phoneMasked).toBeNull();

    // an office inspector who is not the handler may not; the viewer and the enterprise may not
    expect((await t.as('inspector').post(`/api/v1/complaints/${c.id}/personal`)).statusCode).toBe(403);
    expect((await t.as('viewer').post(`/api/v1/complaints/${c.id}/personal`)).statusCode).toBe(403);
    expect((await t.as('enterprise').post(`/api/v1/complaints/${c.id}/personal`)).statusCode).toBe(403);
    const audited = async () =>
      (await t.ctx.db.selectFrom('audit_log').select(['actor']).where('action', '=', 'complaint_personal_viewed').execute()).map(
        (r) => r.actor,
      );
    expect(await audited()).toEqual([]);
    const full = await t.as('regulator').post(`/api/v1/complaints/${c.id}/personal`);
    expect(full.json()).toEqual({ name: '赵六六', phone: PHONE });
    expect(await audited()).toEqual([`user:${w.users.regulator.username}`]);
    // accepting makes the office inspector the handler: now it may, and that view is audited too
    expect((await t.as('inspector').post(`/api/v1/complaints/${c.id}/decision`, { accept: true })).statusCode).toBe(200);
    const mine = await t.as('inspector').post(`/api/v1/complaints/${c.id}/personal`);
    expect(mine.json().phone).toBe(PHONE);
    expect(await audited()).toHaveLength(2);
  });
});

describe('scope: an office sees only its towns, 404 otherwise', () => {
  const t = useTestApp();

  it('office 1 neither lists nor opens nor acts on a complaint of office 2’s town', async () => {
    const a = await buildComplaint(t.ctx, { townCode: '150626100' });
    const b = await buildComplaint(t.ctx, { townCode: '150626102' });
    const codes = async (who: 'inspector' | 'inspector2' | 'regulator') =>
      (await t.as(who).get('/api/v1/complaints')).json().items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(await codes('inspector')).toEqual([a.trackingCode]);
    expect(await codes('inspector2')).toEqual([b.trackingCode]);
    expect((await codes('regulator')).sort()).toEqual([a.trackingCode, b.trackingCode].sort());
    expect((await t.as('inspector').get(`/api/v1/complaints/${b.id}`)).statusCode).toBe(404);
    expect((await t.as('inspector').post(`/api/v1/complaints/${b.id}/decision`, { accept: true })).statusCode).toBe(404);
    expect((await t.as('inspector').post(`/api/v1/complaints/${b.id}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect((await t.as('inspector').post(`/api/v1/complaints/${b.id}/personal`)).statusCode).toBe(404);
    // the office of the town is assigned at intake
    expect((await t.as('inspector2').get(`/api/v1/complaints/${b.id}`)).json().officeId).toBe(t.world.office2.id);
    // an enterprise sees only complaints about itself
    expect((await t.as('enterprise').get(`/api/v1/complaints/${a.id}`)).statusCode).toBe(404);
    expect((await t.as('enterprise').get('/api/v1/complaints')).json().items).toEqual([]);
    const stats = (await t.as('inspector').get('/api/v1/complaints/stats')).json();
    expect(stats.total).toBe(1);
  });
});

describe('handling: acceptance, pause, mediation, 举报 decision, reply', () => {
  const t = useTestApp({ each: true });

  it('refusal tells the complainant why; acceptance runs the mediation clock; reply closes; satisfaction recorded', async () => {
    const r = await buildComplaint(t.ctx, { townCode: '150626100' });
    const refused = await t.as('inspector').post(`/api/v1/complaints/${r.id}/decision`, { accept: false, reason: '不属于计量纠纷' });
    expect(refused.json()).toMatchObject({ stage: 'refused', refusalReason: '不属于计量纠纷', nextDeadline: null });
    const pub = (await t.anonymous.get(`/api/v1/public/complaints/${r.trackingCode}`)).json();
    expect(pub).toMatchObject({ stage: 'refused', replies: [{ text: '不属于计量纠纷' }] });
    expect((await t.as('inspector').post(`/api/v1/complaints/${r.id}/decision`, { accept: true })).json().error.code).toBe(
      'complaint_wrong_stage',
    );

    const c = await buildComplaint(t.ctx, { townCode: '150626100' });
    // waiting on the complainant: the clock stops, the reason is shown to the complainant
    const paused = await t.as('inspector').post(`/api/v1/complaints/${c.id}/pause`, { reason: '请补充加油小票' });
    expect(paused.json()).toMatchObject({ paused: true, pauseReason: '请补充加油小票', flag: null });
    expect((await t.anonymous.get(`/api/v1/public/complaints/${c.trackingCode}`)).json()).toMatchObject({
      paused: true,
      pauseReason: '请补充加油小票',
    });
    // Tuesday 10-15 → resumed Thursday 10-17: two working days paused, the deadline moves from 10-24 to 10-28
    t.ctx.clock.set('2024-10-17T02:00:00.000Z');
    const resumed = (await t.as('inspector', { newSession: true }).post(`/api/v1/complaints/${c.id}/resume`)).json();
    expect(resumed).toMatchObject({ paused: false, pausedWorkingDays: 2, decisionDeadline: '2024-10-28' });
    const accepted = (await t.as('inspector').post(`/api/v1/complaints/${c.id}/decision`, { accept: true })).json();
    expect(accepted).toMatchObject({ stage: 'accepted', officeId: t.world.office.id, handlerUserId: t.world.users.inspector.id });
    // 45 working days from Thursday 10-17 (+2 paused) → 2024-12-23
    expect(accepted.clocks.find((k: { kind: string }) => k.kind === 'mediation').deadline).toBe('2024-12-23');
    expect(accepted.clocks.find((k: { kind: string }) => k.kind === 'decision')).toMatchObject({ met: true });

    t.ctx.clock.set('2024-10-21T02:00:00.000Z');
    const s1 = await t.as('inspector', { newSession: true }).post(`/api/v1/complaints/${c.id}/sessions`, {
      heldOn: '2024-10-18',
      parties: ['投诉人', '加油站'],
      summary: '双方陈述',
      outcome: 'continue',
    });
    expect(s1.json()).toMatchObject({ stage: 'mediating', mediationResult: null });
    const s2 = await t.as('inspector').post(`/api/v1/complaints/${c.id}/sessions`, {
      heldOn: '2024-10-21',
      parties: ['投诉人', '加油站'],
      summary: '加油站退还15.5元',
      outcome: 'agreement',
    });
    expect(s2.json()).toMatchObject({ mediationResult: 'agreement', sessions: [{ outcome: 'continue' }, { outcome: 'agreement' }] });
    await t.as('inspector').post(`/api/v1/complaints/${c.id}/notes`, { text: 'INTERNAL-ONLY' });
    const closed = await t.as('inspector').post(`/api/v1/complaints/${c.id}/reply`, { text: '经调解，加油站已退还差价。' });
    expect(closed.json()).toMatchObject({ stage: 'closed', nextDeadline: null });
    expect((await t.as('inspector').post(`/api/v1/complaints/${c.id}/satisfaction`, { satisfaction: 5 })).json().satisfaction).toBe(5);
    const pub2 = (await t.anonymous.get(`/api/v1/public/complaints/${c.trackingCode}`)).json();
    expect(pub2.stage).toBe('closed');
    expect(pub2.replies.map((x: { text: string }) => x.text)).toEqual(['经调解，加油站已退还差价。']);
    // a 投诉 has no case decision
    expect((await t.as('inspector').post(`/api/v1/complaints/${r.id}/case-extension`)).statusCode).toBe(409);

    const stats = (await t.as('regulator').get('/api/v1/complaints/stats')).json();
    expect(stats).toMatchObject({
      total: 2,
      decidedInTime: { numerator: 2, denominator: 2 },
      mediationSuccess: { numerator: 1, denominator: 1, rate: 1 },
      handlingDays: { n: 1 },
    });
    // (10-15 10:00 → 10-21 10:00 local = 4 working days, less 2 paused)
    expect(stats.handlingDays.median).toBe(2);
    const list = (await t.as('regulator').get('/api/v1/complaints?decidedInTime=yes')).json();
    expect(list.total).toBe(2);
  });

  it('举报: 15 working days to decide on a case, +15 once; no decision in time is flagged overdue', async () => {
    const r = await buildComplaint(t.ctx, { type: 'report', subject: 'water_meter', townCode: '150626100' });
    const a = (await t.as('regulator').post(`/api/v1/complaints/${r.id}/decision`, { accept: true })).json();
    // received Tuesday 2024-10-15: 15 working days → 2024-11-05
    expect(a.clocks.find((k: { kind: string }) => k.kind === 'case_decision').deadline).toBe('2024-11-05');
    const x = (await t.as('regulator').post(`/api/v1/complaints/${r.id}/case-extension`)).json();
    expect(x.clocks.find((k: { kind: string }) => k.kind === 'case_decision').deadline).toBe('2024-11-26');
    expect((await t.as('regulator').post(`/api/v1/complaints/${r.id}/case-extension`)).json().error.code).toBe('complaint_extension_used');
    t.ctx.clock.set('2024-11-25T02:00:00.000Z');
    expect((await t.as('regulator', { newSession: true }).get(`/api/v1/complaints/${r.id}`)).json().flag).toBe('near');
    t.ctx.clock.set('2024-11-27T02:00:00.000Z');
    expect((await t.as('regulator', { newSession: true }).get(`/api/v1/complaints/${r.id}`)).json().flag).toBe('overdue');
    const overdue = (await t.as('regulator').get('/api/v1/complaints?flag=overdue')).json();
    expect(overdue.items.map((i: { id: number }) => i.id)).toEqual([r.id]);
    const d = (await t.as('regulator').post(`/api/v1/complaints/${r.id}/case-decision`, { decision: 'no_case', note: '查无实据' })).json();
    expect(d).toMatchObject({ caseDecision: 'no_case' });
    // a mediation is for 投诉 only
    const m = await t.as('regulator').post(`/api/v1/complaints/${r.id}/sessions`, {
      heldOn: '2024-11-27',
      parties: ['a'],
      summary: 's',
      outcome: 'continue',
    });
    expect(m.json().error.code).toBe('complaint_wrong_type');
  });

  it('my complaints: the handler’s list sorted by deadline', async () => {
    const a = await buildComplaint(t.ctx, { townCode: '150626100' });
    t.ctx.clock.set('2024-10-14T02:00:00.000Z');
    const b = await buildComplaint(t.ctx, { townCode: '150626100' });
    for (const c of [a, b])
      await t.as('inspector').post(`/api/v1/complaints/${c.id}/assign`, { handlerUserId: t.world.users.inspector.id });
    const mine = (await t.as('inspector').get('/api/v1/complaints?mine=true')).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([b.id, a.id]);
    expect((await t.as('regulator').get('/api/v1/complaints?mine=true')).json().total).toBe(0);
    const bad = await t.as('inspector').post(`/api/v1/complaints/${a.id}/assign`, { handlerUserId: t.world.users.inspector2.id });
    expect(bad.json().error).toMatchObject({ code: 'complaint_assignee_invalid', details: { field: 'handlerUserId' } });
  });
});

describe('utility self-report, Attachment 2 and the risk score', () => {
  const t = useTestApp();

  it('feeds complaintsReceived, the utility’s own figures and the risk input', async () => {
    const { world: w } = t;
    const put = await t.as('waterUser').put('/api/v1/complaints/self-reports', {
      periodStart: '2024-06-17',
      periodEnd: '2024-10-15',
      meterType: 'water_meter',
      handled: 120,
      metersReplaced: 60,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.as('enterprise').put('/api/v1/complaints/self-reports', put.json())).statusCode).toBe(403);
    const water = await t.ctx.db.selectFrom('organizations').select('name').where('id', '=', w.water.id).executeTakeFirstOrThrow();
    const c = await buildComplaint(t.ctx, { subject: 'water_meter', orgName: water.name });
    await t.as('regulator').post(`/api/v1/complaints/${c.id}/decision`, { accept: true });
    await buildComplaint(t.ctx, { subject: 'water_meter', orgName: water.name }); // received, not accepted: not counted
    const a2 = await t.as('regulator').get('/api/v1/reports/attachment2?regionCode=150626&from=2024-06-17&to=2024-10-15');
    expect(a2.statusCode, a2.body).toBe(200);
    const row = a2.json().rows.find((x: { orgId: number; meterType: string }) => x.orgId === w.water.id && x.meterType === 'water_meter');
    expect(row).toMatchObject({ complaintsReceived: 1, utilityComplaintsHandled: 120, inaccurateMetersReplaced: 60 });
    expect(a2.json().total).toMatchObject({ complaintsReceived: 1, utilityComplaintsHandled: 120 });

    expect((await t.as('regulator').post('/api/v1/supervision/targets/refresh')).statusCode).toBe(200);
    const targets = (await t.as('regulator').get('/api/v1/supervision/targets?pageSize=100')).json().items;
    const target = targets.find((x: { orgId: number; siteId: number | null }) => x.orgId === w.water.id && x.siteId === null);
    expect(target.riskInputs.complaints).toBe(2);
  });
});

describe('arbitration verification (仲裁检定) and the refund proposal', () => {
  const t = useTestApp();

  it('the office requests it, the institution records a failing result like any verification, the refund is proposed', async () => {
    const { ctx, world: w } = t;
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser'], region: '150626' });
    const verifierId = await buildVerifier(ctx, w.institution.id);
    const standardId = await buildStandard(ctx, w.institution.id);
    const ins = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 1 });
    const code = (await ctx.db.selectFrom('instruments').select('public_code').where('id', '=', ins.id).executeTakeFirstOrThrow())
      .public_code;
    const c = await buildComplaint(ctx, { instrumentCode: code });
    expect((await t.as('inspector').post(`/api/v1/complaints/${c.id}/decision`, { accept: true })).statusCode).toBe(200);
    const req = await t.as('inspector').post(`/api/v1/complaints/${c.id}/arbitrations`, {
      institutionId: w.institution.id,
      preferredDate: '2024-10-16',
      contactName: '承办人',
      contactPhone: '0477-1234567',
    });
    expect(req.statusCode, req.body).toBe(200);
    const arb = req.json().arbitrations[0];
    expect(arb).toMatchObject({ institutionId: w.institution.id, instrumentId: ins.id, result: null, applicationStatus: 'submitted' });
    // the refund needs a failing result first
    const early = await t.as('inspector').post(`/api/v1/complaints/${c.id}/arbitrations/${arb.id}/refund`, {
      billedQuantity: 1000,
      billedFrom: '2024-04-15',
      billedTo: '2024-10-15',
    });
    expect(early.json().error.code).toBe('complaint_no_failing_result');

    const acc = await t.as('institution').post(`/api/v1/applications/${arb.applicationId}/accept`);
    expect(acc.statusCode, acc.body).toBe(200);
    const rec = await t.as('institution').post(`/api/v1/applications/${arb.applicationId}/results`, {
      results: [
        {
          instrumentId: ins.id,
          nozzleId: ins.nozzleIds[0],
          date: '2024-10-15',
          conclusion: 'failed',
          certificateNo: 'ZC2024-0001',
          verifierId,
          standardId,
          measurements: { errors: [0.5, 0.6, 0.55, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] },
          seals: ['F001'],
        },
      ],
    });
    expect(rec.statusCode, rec.body).toBe(200);
    const d = (await t.as('inspector').get(`/api/v1/complaints/${c.id}`)).json();
    expect(d.arbitrations[0].result).toMatchObject({ conclusion: 'failed', certificateNo: 'ZC2024-0001', errorPct: 0.6 });
    // recorded on the instrument like any verification
    expect((await t.as('regulator').get(`/api/v1/instruments/${ins.id}`)).json().status).toBe('failed');
    const refund = await t.as('inspector').post(`/api/v1/complaints/${c.id}/arbitrations/${arb.id}/refund`, {
      billedQuantity: 1000,
      billedFrom: '2024-04-15',
      billedTo: '2024-10-15',
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json().arbitrations[0].refund).toMatchObject({
      errorPct: 0.6,
      countedQuantity: 1000,
      refundQuantity: 5.96,
      capMonths: 12,
    });
    const replied = await t.as('inspector').post(`/api/v1/complaints/${c.id}/reply`, { text: '仲裁检定不合格，已责令退还多收油款。' });
    expect(replied.json().stage).toBe('closed');
    const pub = (await t.anonymous.get(`/api/v1/public/complaints/${c.trackingCode}`)).json();
    expect(pub).toMatchObject({ stage: 'closed', replies: [{ text: '仲裁检定不合格，已责令退还多收油款。' }] });
  });
});

describe('export: GET /complaints/export.xlsx (the list’s filters, scope and masking)', () => {
  const t = useTestApp();
  const HEADER = ['序号', '查询码', '类型', '对象', '办理阶段', '被投诉单位', '乡镇', '承办单位', '承办人', '投诉人', '联系电话'];
  /** The sheet's data rows (title row 1, header row 2) as column → value of the export's header. */
  async function sheet(who: Parameters<typeof t.as>[0], query = '') {
    const res = await t.as(who).get(`/api/v1/complaints/export.xlsx${query}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('投诉举报-2024-10-15.xlsx');
    const ws = (await readXlsx(res.rawPayload)).worksheets[0];
    if (!ws) throw new Error('no sheet');
    const header = rowValues(ws, 2) as string[];
    expect(header.slice(0, HEADER.length)).toEqual(HEADER);
    const rows = [];
    for (let n = 3; n <= ws.rowCount; n++) {
      const v = rowValues(ws, n);
      rows.push(Object.fromEntries(header.map((h, i) => [h, v[i] ?? null])));
    }
    return { rows, title: String(ws.getRow(1).getCell(1).value), cells: JSON.stringify(ws.getSheetValues()) };
  }
  let a: { trackingCode: string };
  let b: { trackingCode: string };
  let anon: { trackingCode: string };
  let aboutA: { trackingCode: string };

  it('masks name and phone exactly as the list, in the list’s order and filters', async () => {
    const { world: w } = t;
    a = await buildComplaint(t.ctx, { townCode: '150626100', phone: PHONE, name: '赵六六' });
    b = await buildComplaint(t.ctx, { townCode: '150626102', type: 'report', subject: 'water_meter', phone: '13911112222', name: '钱七' });
    anon = await buildComplaint(t.ctx, { townCode: '150626100', type: 'report', anonymous: true });
    const ins = await buildInstrument(t.ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 1 });
    const code = (await t.ctx.db.selectFrom('instruments').select('public_code').where('id', '=', ins.id).executeTakeFirstOrThrow())
      .public_code;
    aboutA = await buildComplaint(t.ctx, { instrumentCode: code, phone: '13933334444', name: '孙八' });

    const list = (await t.as('regulator').get('/api/v1/complaints?pageSize=100')).json().items as {
      trackingCode: string;
      nameMasked: string | null;
      phoneMasked: string | null;
    }[];
    const { rows, title, cells } = await sheet('regulator');
    expect(title).toContain('已脱敏');
    expect(rows.map((r) => r.查询码)).toEqual(list.map((i) => i.trackingCode));
    for (const i of list) {
      const r = rows.find((x) => x.查询码 === i.trackingCode);
      if (i.trackingCode === anon.trackingCode) expect(r).toMatchObject({ 投诉人: '匿名', 联系电话: null });
      else expect(r).toMatchObject({ 投诉人: i.nameMasked, 联系电话: i.phoneMasked });
    }
    expect(rows.find((r) => r.查询码 === a.trackingCode)).toMatchObject({
      序号: expect.any(Number),
      类型: '投诉',
      对象: '加油机',
      办理阶段: '待受理',
      投诉人: '赵**',
      联系电话: '139****4321',
    });
    for (const raw of [PHONE, '赵六六', '13911112222', '钱七', '13933334444', '孙八']) expect(cells).not.toContain(raw);

    // the list's filters
    const reports = await sheet('regulator', '?type=report');
    expect(reports.rows.map((r) => r.查询码).sort()).toEqual([b.trackingCode, anon.trackingCode].sort());
    const town = await sheet('regulator', '?townCode=150626102');
    expect(town.rows.map((r) => r.查询码)).toEqual([b.trackingCode]);
    const org = await sheet('regulator', `?orgId=${w.stationA.id}`);
    expect(org.rows.map((r) => r.查询码)).toEqual([aboutA.trackingCode]);
    expect((await sheet('regulator', '?stage=closed')).rows).toEqual([]);
    const bad = await t.as('regulator').get('/api/v1/complaints/export.xlsx?stage=nope');
    expect(bad.statusCode).toBe(400);
    // accepted by office 1's inspector: it becomes the handler, the export shows its name
    expect((await t.as('inspector').post(`/api/v1/complaints/${await idOf(a.trackingCode)}/decision`, { accept: true })).statusCode).toBe(
      200,
    );
    const mine = await sheet('inspector', '?mine=true');
    expect(mine.rows.map((r) => r.查询码)).toEqual([a.trackingCode]);
    expect(mine.rows[0]?.承办人).toBe(w.users.inspector.username);
    // every export is audited, with its filter (never personal data)
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'data', 'actor'])
      .where('action', '=', 'export')
      .where('entity_type', '=', 'complaint')
      .execute();
    expect(audit.length).toBe(6);
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(audit.some((x) => JSON.parse(x.data).filter?.type === 'report')).toBe(true);
  });

  it('scope: an office exports its towns, an enterprise only complaints about itself without personal data', async () => {
    const { world: w } = t;
    const office1 = await sheet('inspector');
    expect(office1.rows.map((r) => r.查询码).sort()).toEqual([a.trackingCode, anon.trackingCode, aboutA.trackingCode].sort());
    const office2 = await sheet('inspector2');
    expect(office2.rows.map((r) => r.查询码)).toEqual([b.trackingCode]);
    // another office's town asked for by filter: nothing
    expect((await sheet('inspector', '?townCode=150626102')).rows).toEqual([]);
    const own = await sheet('enterpriseA');
    expect(own.rows).toEqual([
      expect.objectContaining({ 查询码: aboutA.trackingCode, 投诉人: null, 联系电话: null, 承办单位: null, 承办人: null }),
    ]);
    expect(own.cells).not.toContain('孙');
    // station B asks for station A's complaints: none
    expect((await sheet('enterpriseB', `?orgId=${w.stationA.id}`)).rows).toEqual([]);
    // no complaint permission at all
    const inst = await t.as('institution').get('/api/v1/complaints/export.xlsx');
    expect(inst.statusCode).toBe(403);
    expect(inst.json().error.code).toBe('forbidden');
  });

  async function idOf(code: string) {
    return Number((await t.ctx.db.selectFrom('complaints').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow()).id);
  }
});

describe('the ids the detail page picks by name are checked again on the server', () => {
  const t = useTestApp();

  it('handler, case, target, inspectors and institution outside the caller’s scope are refused; the pickers’ data lists them', async () => {
    const { ctx, world: w } = t;
    const sup = await buildSupervision(ctx, w);
    // another county: its bureau, a regulator and an inspector registered in its pool
    const bureau2 = await buildOrg(ctx, { kind: 'bureau', regionCode: '150627' });
    const regulator2 = await buildUser(ctx, { role: 'regulator', orgId: bureau2.id });
    const foreignInspector = await createInspector(ctx, SYSTEM_ACTOR, {
      userId: (await buildUser(ctx, { role: 'inspector', orgId: bureau2.id })).id,
      officeId: bureau2.id,
      certNo: 'FX-B2-1',
      validFrom: '2024-01-01',
      validUntil: '2027-12-31',
    });
    const { caseA: caseOfB } = await buildEnforcement(ctx, w.stationB.id);
    const { caseA: caseOfA } = await buildEnforcement(ctx, w.stationA.id);
    const inst2 = await buildOrg(ctx, { kind: 'institution', regionCode: '150626100' });
    await buildAuthorization(ctx, inst2.id, { categories: ['water_meter'], region: '150626' });
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser'], region: '150626' });
    const ins = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, siteId: w.siteA, nozzles: 1 });
    const code = (await ctx.db.selectFrom('instruments').select('public_code').where('id', '=', ins.id).executeTakeFirstOrThrow())
      .public_code;
    const r = await buildComplaint(ctx, { type: 'report', instrumentCode: code });
    const as = t.as('inspector');
    expect((await as.post(`/api/v1/complaints/${r.id}/decision`, { accept: true })).statusCode).toBe(200);
    const d = (await as.get(`/api/v1/complaints/${r.id}`)).json();
    expect(d).toMatchObject({ orgId: w.stationA.id, siteId: w.siteA, instrumentCategory: 'fuel_dispenser', instrumentRegion: '150626100' });

    // what the pickers show: the inspectors with their user ids, the organization's targets, its cases, the institutions
    const register = (await as.get('/api/v1/supervision/inspectors?pageSize=100')).json().items as { id: number; userId: number }[];
    expect(register.find((i) => i.id === sup.inspectors.office[0])?.userId).toBe(w.users.inspector.id);
    const targets = (await as.get(`/api/v1/supervision/targets?orgId=${w.stationA.id}`)).json().items as {
      id: number;
      orgId: number;
      siteId: number | null;
    }[];
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((x) => x.orgId === w.stationA.id)).toBe(true);
    const siteTarget = targets.find((x) => x.siteId === w.siteA);
    if (!siteTarget) throw new Error('no site target');
    const cases = (await as.get(`/api/v1/supervision/cases?orgId=${w.stationA.id}`)).json().items as { id: number }[];
    expect(cases.map((x) => x.id)).toEqual([caseOfA]);
    const institutions = (await as.get('/api/v1/verification/institutions')).json() as { id: number }[];
    expect(institutions.map((i) => i.id)).toEqual(expect.arrayContaining([w.institution.id, inst2.id]));

    // handler: another office's inspector, another county's regulator → refused; the county bureau's → taken
    for (const handlerUserId of [w.users.inspector2.id, regulator2.id]) {
      const bad = await as.post(`/api/v1/complaints/${r.id}/assign`, { handlerUserId });
      expect(bad.json().error).toMatchObject({ code: 'complaint_assignee_invalid', details: { field: 'handlerUserId' } });
    }
    // case: one of office 2's town → 404
    expect((await as.post(`/api/v1/complaints/${r.id}/case-decision`, { decision: 'open_case', caseId: caseOfB })).statusCode).toBe(404);
    // target: station B's (office 2's town) → 404
    const inspection = { decision: 'open_inspection', plannedDate: '2024-10-16', inspectorIds: sup.inspectors.office };
    const targetB = sup.targetOf(w.stationB.creditCode);
    expect((await as.post(`/api/v1/complaints/${r.id}/case-decision`, { ...inspection, targetId: targetB })).statusCode).toBe(404);
    // inspectors: office 2's, or another county's bureau pool → not covering
    for (const inspectorIds of [sup.inspectors.office2, [sup.inspectors.office[0], foreignInspector.id]]) {
      const bad = await t
        .as('regulator')
        .post(`/api/v1/complaints/${r.id}/case-decision`, { ...inspection, targetId: siteTarget.id, inspectorIds });
      expect(bad.json().error).toMatchObject({ code: 'inspection_inspector_not_covering', details: { field: 'inspectorIds' } });
    }
    // institution: one not authorized for dispensers → refused, no application filed
    const arb = { preferredDate: '2024-10-20', contactName: '承办人', contactPhone: '0477-1234567' };
    const notAuthorized = await as.post(`/api/v1/complaints/${r.id}/arbitrations`, { ...arb, institutionId: inst2.id });
    expect(notAuthorized.json().error.code).toBe('application_not_authorized');
    const notInstitution = await as.post(`/api/v1/complaints/${r.id}/arbitrations`, { ...arb, institutionId: w.office2.id });
    expect(notInstitution.json().error.code).toBe('application_institution_invalid');
    const unchanged = (await as.get(`/api/v1/complaints/${r.id}`)).json();
    expect(unchanged).toMatchObject({ handlerUserId: w.users.inspector.id, caseDecision: null, arbitrations: [] });
    expect(await ctx.db.selectFrom('inspection_assignments').select('id').where('kind', '=', 'complaint').execute()).toEqual([]);

    // what the pickers offer is taken
    expect((await as.post(`/api/v1/complaints/${r.id}/assign`, { handlerUserId: w.users.regulator.id })).json().handlerUserId).toBe(
      w.users.regulator.id,
    );
    const ok = await as.post(`/api/v1/complaints/${r.id}/case-decision`, { ...inspection, targetId: siteTarget.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ caseDecision: 'open_inspection', linkedAssignmentId: expect.any(Number) });
    const arbOk = await as.post(`/api/v1/complaints/${r.id}/arbitrations`, { ...arb, institutionId: w.institution.id });
    expect(arbOk.statusCode, arbOk.body).toBe(200);
  });
});
