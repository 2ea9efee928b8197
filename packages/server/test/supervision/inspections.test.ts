import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { createDraw, drawAssignments, runDrawPlan } from '../../src/modules/supervision/draws/draws.service.js';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';
import { buildSupervision } from './fixtures.js';
import { pngOf } from './png.js';

/**
 * Inspections (docs/SUPERVISION.md, Inspections) through the API: a draft from a drawn assignment (its inspectors,
 * origin and draw), instruments checked with the status at the visit, proposed findings from the data, ≥ 2 inspectors,
 * photos refused by content/size/damage with their file name, signatures, finish (frozen), confirm/dismiss → findings,
 * an audited correction keeping the original, scope (office towns, the party's own finished visits, 404 elsewhere),
 * the party's rating, and the repeated-visit flag.
 */

const b64 = (b: Buffer) => b.toString('base64');

describe('inspections', () => {
  const t = useTestApp();
  let sup: Awaited<ReturnType<typeof buildSupervision>>;
  let assignmentId: number;
  let drawId: number;
  let siteTarget: number;
  let overdue: number;
  let sealed: number;
  let otherStation: number;
  let inspectionId: number;

  beforeAll(async () => {
    const w = t.world;
    sup = await buildSupervision(t.ctx, w);
    siteTarget = sup.targetOf(`${w.stationA.creditCode}/${w.siteA}`);
    // a dispenser overdue at D = 2024-10-15 (6-month cycle), and one valid with two seals in the ledger
    overdue = (
      await buildInstrument(t.ctx, {
        orgId: w.stationA.id,
        siteId: w.siteA,
        nozzles: 2,
        installDate: '2020-05-01',
        verifications: [
          { nozzleNo: 1, date: '2023-10-01', validUntil: '2024-04-01' },
          { nozzleNo: 2, date: '2023-10-01', validUntil: '2024-04-01' },
        ],
      })
    ).id;
    sealed = (
      await buildInstrument(t.ctx, {
        orgId: w.stationA.id,
        siteId: w.siteA,
        nozzles: 2,
        installDate: '2020-05-01',
        verifications: [
          { nozzleNo: 1, date: '2024-09-01', validUntil: '2025-03-01' },
          { nozzleNo: 2, date: '2024-09-01', validUntil: '2025-03-01' },
        ],
      })
    ).id;
    await t.ctx.db.updateTable('instruments').set({ seal_nos: 'QF0101,QF0102' }).where('id', '=', sealed).execute();
    otherStation = (await buildInstrument(t.ctx, { orgId: w.stationB.id, siteId: w.siteB, adminDivisionCode: '150626102' })).id;
    const d = await createDraw(t.ctx, SYSTEM_ACTOR, {
      title: '嘎鲁图镇加油站点抽查',
      regionCode: '150626100',
      kinds: ['station_site'],
      by: 'kind-town',
      ratioBp: 10000,
    });
    drawId = d.id;
    await runDrawPlan(t.ctx, SYSTEM_ACTOR, drawId, null);
    const planned = await drawAssignments(t.ctx, SYSTEM_ACTOR, drawId);
    assignmentId = planned.find((a) => a.targetKey === `${w.stationA.creditCode}/${w.siteA}`)?.id as number;
    expect(assignmentId).toBeGreaterThan(0);
  });

  it('my tasks list the drawn assignment with its inspectors (执法证号)', async () => {
    const r = await t.as('inspector').get('/api/v1/supervision/inspections/tasks');
    expect(r.statusCode, r.body).toBe(200);
    const task = r.json().find((x: { assignmentId: number }) => x.assignmentId === assignmentId);
    expect(task).toMatchObject({ kind: 'random', drawId, drawTitle: '嘎鲁图镇加油站点抽查', targetId: siteTarget, inspectionId: null });
    expect(task.inspectors).toHaveLength(2);
    expect(task.inspectors.every((i: { certNo: string }) => i.certNo.startsWith('FX-'))).toBe(true);
    // the other office's inspector does not get it
    const other = (await t.as('inspector2').get('/api/v1/supervision/inspections/tasks')).json();
    expect(other.some((x: { assignmentId: number }) => x.assignmentId === assignmentId)).toBe(false);
    expect((await t.as('enterprise').get('/api/v1/supervision/inspections/tasks')).statusCode).toBe(403);
  });

  it('a draft needs ≥ 2 valid inspectors, the actor among them, instruments of the target', async () => {
    const one = await t
      .as('inspector')
      .post('/api/v1/supervision/inspections', { targetId: siteTarget, inspectorIds: [sup.inspectors.office[0]] });
    expect(one.statusCode).toBe(400);
    expect(one.json().error).toMatchObject({ code: 'inspection_inspectors_too_few', details: { parameter: 'inspectorIds' } });
    const notMe = await t.as('inspector').post('/api/v1/supervision/inspections', {
      targetId: siteTarget,
      inspectorIds: [sup.inspectors.office[1], sup.inspectors.bureau[1]],
    });
    expect(notMe.statusCode).toBe(403);
    expect(notMe.json().error.code).toBe('inspection_actor_not_inspector');
    const unknown = await t
      .as('inspector')
      .post('/api/v1/supervision/inspections', { targetId: siteTarget, inspectorIds: [sup.inspectors.office[0], 999999] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'inspection_inspector_invalid',
      details: { parameter: 'inspectorIds', id: 999999 },
    });
    // another office's town: the target is not found for this inspector
    const w = t.world;
    const far = sup.targetOf(`${w.stationB.creditCode}/${w.siteB}`);
    expect(
      (await t.as('inspector').post('/api/v1/supervision/inspections', { targetId: far, inspectorIds: sup.inspectors.office })).statusCode,
    ).toBe(404);
  });

  it('a draft from the assignment: its inspectors, origin and draw; items with the status at the visit; proposals from the data', async () => {
    const c = await t.as('inspector').post('/api/v1/supervision/inspections', { assignmentId });
    expect(c.statusCode, c.body).toBe(201);
    const d = c.json();
    inspectionId = d.id;
    expect(d).toMatchObject({ state: 'draft', origin: 'random', drawId, drawTitle: '嘎鲁图镇加油站点抽查', targetKind: 'station_site' });
    expect(d.inspectors.map((i: { id: number }) => i.id).sort()).toEqual([...sup.inspectors.office].sort());
    expect(d.checklist.group).toBe('station');
    expect(d.checklist.instrumentChecks).toContain('onsiteTest');
    expect((await t.as('inspector').post('/api/v1/supervision/inspections', { assignmentId })).json().error.code).toBe(
      'inspection_assignment_taken',
    );

    const wrong = await t
      .as('inspector')
      .patch(`/api/v1/supervision/inspections/${inspectionId}`, { items: [{ instrumentId: otherStation }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'inspection_instrument_not_at_target', details: { instrumentId: otherStation } });

    const instruments = (await t.as('inspector').get(`/api/v1/supervision/inspections/${inspectionId}/instruments`)).json();
    expect(instruments.map((x: { id: number }) => x.id).sort()).toEqual([overdue, sealed].sort());
    const s = instruments.find((x: { id: number }) => x.id === sealed);
    expect(s.sealNos).toEqual(['QF0101', 'QF0102']);
    expect(s.nozzles).toEqual([1, 2]);
    const byCode = await t.as('inspector').get(`/api/v1/supervision/inspections/${inspectionId}/instruments?q=${s.publicCode}`);
    expect(byCode.json().map((x: { id: number }) => x.id)).toEqual([sealed]);

    const p = await t.as('inspector').patch(`/api/v1/supervision/inspections/${inspectionId}`, {
      visitedAt: '2024-10-15T09:30',
      representative: { name: '王站长', title: '站长', phone: null },
      answers: { ledger: 'yes', filed: 'yes', measure: 'yes' },
      items: [
        { instrumentId: overdue, certificatePresent: true, seals: [], selfLockOn: true, tests: [] },
        {
          instrumentId: sealed,
          certificatePresent: true,
          seals: [
            { no: 'QF0101', intact: true },
            { no: 'QF0102', intact: false },
          ],
          selfLockOn: true,
          tests: [
            { nozzleNo: 1, indicatedL: 20, standardL: 20.09, stopped: true },
            { nozzleNo: 2, indicatedL: 20, standardL: 20.01 },
          ],
          note: '2号封签断裂',
        },
      ],
    });
    expect(p.statusCode, p.body).toBe(200);
    const dd = p.json();
    expect(dd.items[0]).toMatchObject({ instrumentId: overdue, statusAtVisit: 'overdue' });
    expect(dd.items[0].reason).toBeTruthy();
    expect(dd.items[1]).toMatchObject({ instrumentId: sealed, statusAtVisit: 'valid', ledgerSeals: ['QF0101', 'QF0102'] });
    expect(dd.items[1].tests.map((x: { errorPct: number; passed: boolean }) => [x.errorPct, x.passed])).toEqual([
      [-0.45, false],
      [-0.05, true],
    ]);
    expect(dd.mpePct).toBe(0.3);
    expect(dd.proposals.map((x: { code: string; instrumentIds: number[]; id: number | null }) => [x.code, x.instrumentIds, x.id])).toEqual([
      ['overdue_in_use', [overdue], null],
      ['seal_broken', [sealed], null],
      ['failed_in_use', [sealed], null],
    ]);
    expect(dd.proposals[1].basisText).toContain('QF0102');
  });

  it('photos: not an image, too large, corrupt → refused with the file name; a PNG is stored with its SHA-256', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}/photos`;
    const txt = await t.as('inspector').post(url, { fileName: '记录.txt', dataBase64: b64(Buffer.from('hello, not an image')) });
    expect(txt.statusCode).toBe(415);
    expect(txt.json().error).toMatchObject({ code: 'inspection_photo_not_image', details: { fileName: '记录.txt' } });
    expect(txt.json().error.message).toContain('记录.txt');
    const png = pngOf(6, 6);
    const cut = await t.as('inspector').post(url, { fileName: 'cut.png', dataBase64: b64(png.subarray(0, png.length - 12)) });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error).toMatchObject({ code: 'inspection_photo_corrupt', details: { fileName: 'cut.png' } });
    expect((await t.as('admin').patch('/api/v1/supervision/inspections/settings', { photoMaxBytes: 10_000 })).statusCode).toBe(200);
    const big = await t.as('inspector').post(url, { fileName: 'big.png', dataBase64: b64(pngOf(6, 6, 20_000)) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'inspection_photo_too_large', details: { fileName: 'big.png', maxBytes: 10_000 } });
    expect((await t.as('inspector').patch('/api/v1/supervision/inspections/settings', { photoMaxBytes: 10_000 })).statusCode).toBe(403);
    const badSetting = await t.as('admin').patch('/api/v1/supervision/inspections/settings', { onsiteMpePct: -1 });
    expect(badSetting.statusCode).toBe(400);
    expect(JSON.stringify(badSetting.json().error)).toContain('onsiteMpePct');
    const ok = await t.as('inspector').post(url, { fileName: 'dispenser.png', dataBase64: `data:image/png;base64,${b64(png)}` });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      kind: 'photo',
      mime: 'image/png',
      bytes: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
    });
    const file = await t.as('inspector').get(`/api/v1/supervision/inspections/${inspectionId}/files/${ok.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.rawPayload, png)).toBe(0);
  });

  it('finishing needs the signatures; finished → frozen with the proposals stored', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}`;
    const early = await t.as('inspector').post(`${url}/finish`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('inspection_incomplete');
    expect(early.json().error.details.missing).toEqual(['signature:inspector1', 'signature:inspector2', 'signature:representative']);
    for (const role of ['inspector1', 'inspector2', 'representative'])
      expect((await t.as('inspector').post(`${url}/signatures`, { role, dataBase64: b64(pngOf(40, 20)) })).statusCode).toBe(201);
    // the other office's inspector cannot even see it
    expect((await t.as('inspector2').post(`${url}/finish`)).statusCode).toBe(404);
    const done = await t.as('inspector').post(`${url}/finish`);
    expect(done.statusCode, done.body).toBe(200);
    const d = done.json();
    expect(d.state).toBe('finished');
    expect(d.files.filter((f: { kind: string }) => f.kind === 'signature')).toHaveLength(3);
    expect(d.proposals.every((p: { id: number; state: string }) => p.id > 0 && p.state === 'proposed')).toBe(true);
    const frozen = await t.as('inspector').patch(url, { note: 'later' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('inspection_frozen');
    expect((await t.as('inspector').post(`${url}/photos`, { fileName: 'x.png', dataBase64: b64(pngOf()) })).json().error.code).toBe(
      'inspection_frozen',
    );
    const tasks = (await t.as('inspector').get('/api/v1/supervision/inspections/tasks')).json();
    expect(tasks.some((x: { assignmentId: number }) => x.assignmentId === assignmentId)).toBe(false);
    const target = (await t.as('regulator').get(`/api/v1/supervision/targets/${siteTarget}`)).json();
    expect(target.lastInspectionDate).toBe('2024-10-15');
  });

  it('the inspector confirms or dismisses each proposal; confirmed ones are findings (source inspection) naming the instruments', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}`;
    const d = (await t.as('inspector').get(url)).json();
    const byCode = (c: string) => d.proposals.find((p: { code: string }) => p.code === c).id;
    for (const c of ['overdue_in_use', 'seal_broken'])
      expect((await t.as('inspector').post(`${url}/proposals/${byCode(c)}`, { decision: 'confirm' })).statusCode).toBe(200);
    const dis = await t.as('inspector').post(`${url}/proposals/${byCode('failed_in_use')}`, { decision: 'dismiss', note: '复测合格' });
    expect(dis.statusCode).toBe(200);
    const again = await t.as('inspector').post(`${url}/proposals/${byCode('seal_broken')}`, { decision: 'dismiss' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('inspection_proposal_decided');
    const f = (await t.as('regulator').get('/api/v1/findings?source=inspection')).json();
    expect(f.items.map((x: { code: string; refs: { instrumentIds: number[] } }) => [x.code, x.refs.instrumentIds]).sort()).toEqual([
      ['overdue_in_use', [overdue]],
      ['seal_broken', [sealed]],
    ]);
    expect(f.items.every((x: { orgId: number; date: string }) => x.orgId === t.world.stationA.id && x.date === '2024-10-15')).toBe(true);
    expect((await t.as('inspector').get(url)).json().findings).toBe(2);
  });

  it('a correction keeps the original, is audited, and leaves the record finished', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}`;
    const noReason = await t.as('inspector').post(`${url}/corrections`, { note: 'x' });
    expect(noReason.statusCode).toBe(400);
    const c = await t
      .as('inspector')
      .post(`${url}/corrections`, { reason: '代表职务填写错误', representative: { name: '王站长', title: '副站长', phone: null } });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ state: 'finished', representative: { title: '副站长' } });
    expect(c.json().corrections).toMatchObject([{ reason: '代表职务填写错误' }]);
    expect(c.json().items).toHaveLength(2);
    // a correction whose data imply a new finding proposes it; earlier decisions stay
    const c2 = await t
      .as('inspector')
      .post(`${url}/corrections`, { reason: '台账情况补录', answers: { ledger: 'no', filed: 'yes', measure: 'yes' } });
    expect(c2.statusCode, c2.body).toBe(200);
    expect(c2.json().proposals.map((p: { code: string; state: string }) => [p.code, p.state])).toEqual([
      ['overdue_in_use', 'confirmed'],
      ['seal_broken', 'confirmed'],
      ['failed_in_use', 'dismissed'],
      ['no_ledger', 'proposed'],
    ]);
    const hist = (await t.as('inspector').get(`${url}/corrections`)).json();
    expect(hist[0].original.representative.title).toBe('站长');
    expect(hist[1].original.answers).toEqual({ ledger: 'yes', filed: 'yes', measure: 'yes' });
    expect(hist[0].original.items).toHaveLength(2);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_type', '=', 'inspection')
      .where('entity_id', '=', String(inspectionId))
      .orderBy('id')
      .execute();
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('inspection_created');
    expect(actions).toContain('inspection_finished');
    expect(actions).toContain('inspection_corrected');
    expect(actions.filter((a) => a === 'inspection_proposal_decided')).toHaveLength(3);
  });

  it('scope: the party sees its own finished visit (执法证号, draw) but not drafts nor others; another org → 404', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}`;
    const mine = await t.as('enterprise').get(url);
    expect(mine.statusCode).toBe(200);
    const v = mine.json();
    expect(v).toMatchObject({ origin: 'random', drawId, drawTitle: '嘎鲁图镇加油站点抽查' });
    expect(v.inspectors.every((i: { certNo: string }) => i.certNo.startsWith('FX-'))).toBe(true);
    // the party reads the confirmed findings only
    expect(v.proposals.map((p: { code: string }) => p.code).sort()).toEqual(['overdue_in_use', 'seal_broken']);
    expect((await t.as('enterpriseB').get(url)).statusCode).toBe(404);
    expect((await t.as('waterUser').get(url)).statusCode).toBe(404);
    expect((await t.as('inspector2').get(url)).statusCode).toBe(404);
    expect((await t.as('institution').get(url)).statusCode).toBe(403);
    const list = (await t.as('enterprise').get('/api/v1/supervision/inspections')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([inspectionId]);
    expect((await t.as('enterpriseB').get('/api/v1/supervision/inspections')).json().total).toBe(0);
    // a draft of stationA's target is not shown to the party
    const draft = await t
      .as('inspector')
      .post('/api/v1/supervision/inspections', { targetId: siteTarget, inspectorIds: sup.inspectors.office });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await t.as('enterprise').get(`/api/v1/supervision/inspections/${draft.json().id}`)).statusCode).toBe(404);
    const drafts = (await t.as('inspector').get('/api/v1/supervision/inspections?state=draft&mine=1')).json();
    expect(drafts.items.map((x: { id: number }) => x.id)).toContain(draft.json().id);
    expect((await t.as('inspector2').get('/api/v1/supervision/inspections?pageSize=100')).json().total).toBe(0);
    const photo = v.files.find((f: { kind: string }) => f.kind === 'photo');
    expect((await t.as('enterprise').get(`${url}/files/${photo.id}`)).statusCode).toBe(200);
    expect((await t.as('enterpriseB').get(`${url}/files/${photo.id}`)).statusCode).toBe(404);
  });

  it('the party rates its visit once; others cannot', async () => {
    const url = `/api/v1/supervision/inspections/${inspectionId}/rating`;
    expect((await t.as('enterpriseB').post(url, { stars: 1 })).statusCode).toBe(404);
    expect((await t.as('inspector').post(url, { stars: 5 })).statusCode).toBe(403);
    expect((await t.as('enterprise').post(url, { stars: 6 })).statusCode).toBe(400);
    const r = await t.as('enterprise').post(url, { stars: 4, comment: '检查规范' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ rating: 4, ratingComment: '检查规范' });
    expect((await t.as('enterprise').post(url, { stars: 5 })).json().error.code).toBe('inspection_already_rated');
    expect(
      (await t.as('regulator').get('/api/v1/supervision/inspections')).json().items.find((x: { id: number }) => x.id === inspectionId)
        .rating,
    ).toBe(4);
  });

  it('a target visited again and again outside any draw is flagged to the regulator', async () => {
    const visit = async (day: string) => {
      const c = await t.as('inspector').post('/api/v1/supervision/inspections', {
        targetId: siteTarget,
        inspectorIds: sup.inspectors.office,
        visitedAt: `${day}T10:00`,
        representative: { name: '王站长', title: null, phone: null },
      });
      expect(c.statusCode, c.body).toBe(201);
      const id = c.json().id as number;
      for (const role of ['inspector1', 'inspector2', 'representative'])
        await t.as('inspector').post(`/api/v1/supervision/inspections/${id}/signatures`, { role, dataBase64: b64(pngOf()) });
      const f = await t.as('inspector').post(`/api/v1/supervision/inspections/${id}/finish`);
      expect(f.statusCode, f.body).toBe(200);
      expect(f.json().origin).toBe('adhoc');
      return f.json();
    };
    await visit('2024-08-01');
    const second = await visit('2024-09-01');
    expect(second.repeatedVisitFlag).toBe(false);
    const third = await visit('2024-10-01');
    expect(third).toMatchObject({ adhocVisits: 3, repeatedVisitFlag: true });
    const flagged = (await t.as('regulator').get('/api/v1/supervision/inspections?repeated=1&pageSize=100')).json();
    expect(flagged.items.length).toBeGreaterThanOrEqual(4);
    expect(
      flagged.items.every((x: { targetId: number; repeatedVisitFlag: boolean }) => x.targetId === siteTarget && x.repeatedVisitFlag),
    ).toBe(true);
    const party = (await t.as('enterprise').get('/api/v1/supervision/inspections?pageSize=100')).json();
    expect(party.items.filter((x: { origin: string }) => x.origin === 'adhoc')).toHaveLength(3);
  });
});
