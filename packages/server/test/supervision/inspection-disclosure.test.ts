import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionDisclosure } from '../../src/modules/supervision/disclosure/inspection-results.service.js';
import * as inspections from '../../src/modules/supervision/inspections/inspections.service.js';
import { useTestApp } from '../db.js';
import { actorFor } from '../factories.js';
import { pngOf } from './png.js';
import { buildRandomInspections } from './random-inspection-fixtures.js';

/**
 * Disclosure of the inspection results of random draws (docs/SUPERVISION.md "Disclosure of inspection results"):
 * publish one record or a whole draw (one transaction, already published ones skipped), refusals (draft, not random,
 * undecided findings, twice), scope (another office → 404), audit, the public answer without any person's name or
 * phone, the kind filter, and expiry by the period (12 months, enforcement setting) while the record keeps it.
 */
describe('inspection result disclosure', () => {
  const t = useTestApp();
  let f: Awaited<ReturnType<typeof buildRandomInspections>>;
  let adhoc: number;
  let personNames: string[];
  let certs: string[];

  beforeAll(async () => {
    const w = t.world;
    f = await buildRandomInspections(t.ctx, w);
    // an ad-hoc visit of the same site, finished (origin adhoc: not a draw's result)
    const actor = await actorFor(t.ctx, w.users.inspector);
    const a = await inspections.createInspection(t.ctx, actor, {
      targetId: f.sup.targetOf(`${w.stationA.creditCode}/${w.siteA}`),
      inspectorIds: f.sup.inspectors.office,
      visitedAt: '2024-10-14T16:00',
      representative: { name: '赵会计', title: null, phone: '13700000000' },
      answers: { ledger: 'yes' },
    });
    for (const role of ['inspector1', 'inspector2', 'representative'] as const)
      await inspections.addSignature(t.ctx, actor, a.id, { role, dataBase64: pngOf().toString('base64') });
    await inspections.finishInspection(t.ctx, actor, a.id);
    adhoc = a.id;
    const d = (await t.as('inspector').get(`/api/v1/supervision/inspections/${f.siteInspection}`)).json();
    certs = d.inspectors.map((i: { certNo: string }) => i.certNo);
    personNames = [...d.inspectors.map((i: { name: string }) => i.name), '王站长', '李经理', '赵会计'];
  });

  const url = (id: number) => `/api/v1/supervision/inspections/${id}/disclosure`;

  it('refuses a draft, a record not from a draw, and a record whose findings are not all decided — with their codes', async () => {
    const draft = await t.as('inspector').post(url(f.waterInspection));
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error.code).toBe('inspection_disclosure_draft');
    const notRandom = await t.as('inspector').post(url(adhoc));
    expect(notRandom.statusCode).toBe(409);
    expect(notRandom.json().error).toMatchObject({ code: 'inspection_disclosure_not_random', details: { origin: 'adhoc' } });
    expect(notRandom.json().error.message).toContain('非抽取检查');
    const undecided = await t.as('inspector').post(url(f.siteInspection));
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json().error).toMatchObject({ code: 'inspection_disclosure_undecided', details: { undecided: 3 } });
    expect((await t.as('regulator').get(url(f.siteInspection))).json()).toEqual({ disclosure: null });
  });

  it('scope and permission: another office → 404, the party and a viewer cannot publish', async () => {
    expect((await t.as('inspector2').post(url(f.siteInspection))).statusCode).toBe(404);
    expect((await t.as('inspector2').get(url(f.siteInspection))).statusCode).toBe(404);
    expect((await t.as('enterpriseA').post(url(f.siteInspection))).statusCode).toBe(403);
    expect((await t.as('viewer').post(url(f.siteInspection))).statusCode).toBe(403);
    expect((await t.as('enterpriseB').get(url(f.siteInspection))).statusCode).toBe(404);
    // publishing a whole draw is the bureau's
    expect((await t.as('inspector').post(`/api/v1/supervision/draws/${f.drawId}/disclosure`)).statusCode).toBe(403);
  });

  it('the office inspector publishes its record once decided; twice is refused; the disclosure is audited', async () => {
    const base = `/api/v1/supervision/inspections/${f.siteInspection}`;
    for (const [code, decision] of [
      ['overdue_in_use', 'confirm'],
      ['seal_broken', 'confirm'],
      ['failed_in_use', 'dismiss'],
    ] as const)
      expect((await t.as('inspector').post(`${base}/proposals/${f.proposals[code]}`, { decision })).statusCode).toBe(200);
    // rectification ordered on the broken seal
    const finding = (await t.as('inspector').get(base)).json().proposals.find((p: { code: string }) => p.code === 'seal_broken').findingId;
    expect((await t.as('inspector').post('/api/v1/supervision/orders', { findingId: finding })).statusCode).toBe(201);

    const p = await t.as('inspector').post(url(f.siteInspection));
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().disclosure).toMatchObject({ publishedOn: '2024-10-15', until: '2025-10-14', active: true });
    const again = await t.as('regulator').post(url(f.siteInspection));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'inspection_disclosure_published',
      details: { disclosureId: p.json().disclosure.id },
    });
    expect(again.json().error.message).toContain('2025-10-14');
    // the party sees that its visit is published
    expect((await t.as('enterpriseA').get(url(f.siteInspection))).json().disclosure).toMatchObject({ until: '2025-10-14' });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_type', '=', 'disclosure')
      .where('entity_id', '=', String(p.json().disclosure.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['disclosure_created']);
    expect(JSON.parse(audit[0]?.data as string)).toMatchObject({
      kind: 'inspection_result',
      itemId: f.siteInspection,
      until: '2025-10-14',
    });
  });

  it('the regulator publishes the draw: every finished record in one go, the published one skipped; audited on the draw', async () => {
    await f.finishWater();
    const r = await t.as('regulator').post(`/api/v1/supervision/draws/${f.drawId}/disclosure`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ published: 1, skipped: 1 });
    expect(r.json().items.map((i: { inspectionId: number; outcome: string }) => [i.inspectionId, i.outcome])).toEqual(
      [
        [f.siteInspection, 'already_published'],
        [f.waterInspection, 'published'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const twice = (await t.as('regulator').post(`/api/v1/supervision/draws/${f.drawId}/disclosure`)).json();
    expect(twice).toMatchObject({ published: 0, skipped: 2 });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_type', '=', 'draw')
      .where('entity_id', '=', String(f.drawId))
      .where('action', '=', 'draw_results_published')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]?.data as string).published).toEqual([f.waterInspection]);
    // a committed draw that has not been run has no results
    const notRun = await t.as('regulator').post(`/api/v1/supervision/draws/${f.sup.drawId}/disclosure`);
    expect(notRun.statusCode).toBe(409);
    expect(notRun.json().error.code).toBe('inspection_disclosure_draw_not_run');
    expect((await t.as('regulator').post('/api/v1/supervision/draws/999999/disclosure')).statusCode).toBe(404);
  });

  it('the public answer: results with the draw, findings by code, 已责令改正, 执法证号 only — no person, no phone; filter by kind', async () => {
    const all = await t.anonymous.get('/api/v1/public/disclosures?kind=inspection_result');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(2);
    const site = all.json().items.find((i: { partyName: string }) => i.partyName === '示例嘎鲁图顺达加油站 一号站');
    expect(site).toMatchObject({
      kind: 'inspection_result',
      title: '双随机抽查结果',
      documentNo: `乌审市监计检〔2024〕${f.siteInspection}号`,
      partyCreditCode: t.world.stationA.creditCode,
      publishedOn: '2024-10-15',
      until: '2025-10-14',
      fields: {
        inspectionDate: '2024-10-15',
        drawId: String(f.drawId),
        drawTitle: f.drawTitle,
        resultCode: 'found',
        result: '发现问题',
        findings: '超过检定周期继续使用 1 项、破坏计量器具或其铅(签)封 1 项',
        ordered: '是',
        inspectors: certs.join('、'),
      },
    });
    expect(site.fields.town).toBeTruthy();
    const water = all.json().items.find((i: { partyName: string }) => i.partyName === '示例乌审旗供水公司');
    expect(water.fields).toMatchObject({ resultCode: 'none', result: '未发现问题', findings: '', ordered: '' });
    const body = all.body;
    for (const s of [...personNames, '13900000000', '13800000000', '13700000000', '站长', '经理']) expect(body).not.toContain(s);
    // the kind filter: penalty decisions only → none of these
    const penalties = (await t.anonymous.get('/api/v1/public/disclosures?kind=penalty_decision')).json();
    expect(penalties.items.some((i: { kind: string }) => i.kind === 'inspection_result')).toBe(false);
    const bad = await t.anonymous.get('/api/v1/public/disclosures?kind=gossip');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('kind');
    // an inspection result has no decision document
    expect((await t.anonymous.get(`/api/v1/public/disclosures/${site.id}`)).statusCode).toBe(200);
    expect((await t.anonymous.get(`/api/v1/public/disclosures/${site.id}/document.pdf`)).statusCode).toBe(404);
  });

  it('expiry: after its period an item leaves the public answer but the record keeps its publication', async () => {
    t.ctx.clock.set('2025-10-15T02:00:00.000Z');
    try {
      const pub = (await t.anonymous.get('/api/v1/public/disclosures?kind=inspection_result')).json();
      expect(pub.total).toBe(0);
      const r = await inspectionDisclosure(t.ctx, await actorFor(t.ctx, t.world.users.regulator), f.siteInspection);
      expect(r.disclosure).toMatchObject({ until: '2025-10-14', active: false });
      expect(await t.ctx.db.selectFrom('disclosures').select('id').where('kind', '=', 'inspection_result').execute()).toHaveLength(2);
    } finally {
      t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    }
    // on the last day of its period it is still shown
    t.ctx.clock.set('2025-10-14T02:00:00.000Z');
    try {
      expect((await t.anonymous.get('/api/v1/public/disclosures?kind=inspection_result')).json().total).toBe(2);
    } finally {
      t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    }
  });
});
