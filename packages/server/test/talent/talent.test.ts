import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { openCase } from '../../src/modules/supervision/cases/cases.service.js';
import { recordFindingWithoutRecord } from '../../src/modules/supervision/findings/findings.service.js';
import { useTestApp } from '../db.js';
import { actorFor, buildInstrument, buildOrg, buildUser, buildVerifier, type TestUser } from '../factories.js';
import { readXlsx, rowValues } from '../files.js';
import { buildSupervision } from '../supervision/fixtures.js';
import { buildFinishedInspectionB } from '../supervision/inspection-fixtures.js';

/**
 * The talent pool (docs/TALENT.md): people from the verifier and inspector registers plus enterprise metrologists,
 * certificates flagged by validity, activity counted from the records, recommendations audited and exported; scope.
 */
describe('talent pool', () => {
  const t = useTestApp();
  let verifierA: number;
  let verifierExpiring: number;
  let verifierOther: number;
  let institution2: TestUser;
  let regulator2: TestUser;
  let sup: Awaited<ReturnType<typeof buildSupervision>>;

  beforeAll(async () => {
    const { ctx, world: w } = t;
    verifierA = await buildVerifier(ctx, w.institution.id, { validUntil: '2026-12-31', categories: ['water_meter'] });
    verifierExpiring = await buildVerifier(ctx, w.institution.id, { validUntil: '2024-12-01' });
    const inst2 = await buildOrg(ctx, { kind: 'institution', regionCode: '150626100' });
    institution2 = await buildUser(ctx, { role: 'institution', orgId: inst2.id });
    verifierOther = await buildVerifier(ctx, inst2.id, { validUntil: '2024-10-01' });
    const bureau2 = await buildOrg(ctx, { kind: 'bureau', regionCode: '150627' });
    regulator2 = await buildUser(ctx, { role: 'regulator', orgId: bureau2.id });
    sup = await buildSupervision(ctx, w);
    // three verifications recorded by verifierA, one by the other institution's verifier
    const inst = await buildInstrument(ctx, { orgId: w.water.id, category: 'water_meter' });
    const now = ctx.clock.now().toISOString();
    for (const [i, v] of [verifierA, verifierA, verifierA, verifierOther].entries())
      await ctx.db
        .insertInto('verifications')
        .values({
          org_id: w.water.id,
          instrument_id: inst.id,
          kind: 'periodic',
          date: `2024-0${i + 1}-10`,
          conclusion: 'passed',
          verifier_id: v,
          source: 'test',
          created_at: now,
        })
        .execute();
    // a finished inspection of office 2's inspectors; a case opened by the regulator (a bureau inspector too)
    await buildFinishedInspectionB(ctx, w, sup);
    const finding = await ctx.db.transaction().execute((trx) =>
      recordFindingWithoutRecord(ctx, trx, SYSTEM_ACTOR, {
        orgId: w.stationA.id,
        code: 'overdue_in_use',
        date: '2024-09-01',
        refs: {},
        note: null,
      }),
    );
    await openCase(ctx, await actorFor(ctx, w.users.regulator), { findingId: finding, filedOn: '2024-09-02', summary: 's' });
  });

  const people = async (who: Parameters<typeof t.as>[0], q = '') =>
    (await t.as(who).get(`/api/v1/talent/people?pageSize=200${q}`)).json().items as {
      key: string;
      name: string;
      source: string;
      activity: Record<string, number>;
      certificateState: string | null;
    }[];

  it('lists verifiers, inspectors and metrologists from their registers, with activity computed from the records', async () => {
    const w = t.world;
    const m = await t.as('regulator').post('/api/v1/talent/metrologists', { orgId: w.water.id, name: '郝建国', title: '计量管理员' });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.json()).toMatchObject({
      source: 'metrologist',
      name: '郝建国',
      orgName: w.water.name,
      certificates: [],
      certificateState: null,
    });
    const list = await people('regulator');
    const byKey = new Map(list.map((p) => [p.key, p]));
    expect(byKey.get(`verifier-${verifierA}`)?.activity).toEqual({ verifications: 3, inspections: 0, cases: 0, complaints: 0 });
    expect(byKey.get(`verifier-${verifierOther}`)?.activity.verifications).toBe(1);
    for (const id of sup.inspectors.office2) expect(byKey.get(`inspector-${id}`)?.activity.inspections).toBe(1);
    expect(byKey.get(`inspector-${sup.inspectors.office[0]}`)?.activity.inspections).toBe(0);
    // the regulator's own inspector record opened the case
    expect(byKey.get(`inspector-${sup.inspectors.bureau[0]}`)?.activity.cases).toBe(1);
    expect(byKey.get(m.json().key)?.activity).toEqual({ verifications: 0, inspections: 0, cases: 0, complaints: 0 });
    // nothing is copied: the verifier's name comes from its register
    await t.ctx.db.updateTable('verifiers').set({ name: '改名后' }).where('id', '=', verifierA).execute();
    expect((await t.as('regulator').get(`/api/v1/talent/people/verifier-${verifierA}`)).json().name).toBe('改名后');
    // filters
    expect((await people('regulator', '&source=metrologist')).map((p) => p.name)).toEqual(['郝建国']);
    expect((await people('regulator', '&q=%E9%83%9D')).map((p) => p.key)).toEqual([m.json().key]);
  });

  it('flags expired and expiring certificates (the register certificate and the pool ones)', async () => {
    const list = await people('regulator');
    const state = (k: string) => list.find((p) => p.key === k)?.certificateState;
    expect(state(`verifier-${verifierA}`)).toBe('valid');
    expect(state(`verifier-${verifierExpiring}`)).toBe('expiring');
    expect(state(`verifier-${verifierOther}`)).toBe('expired');
    const key = `verifier-${verifierA}`;
    const add = await t.as('regulator').post(`/api/v1/talent/people/${key}/certificates`, {
      name: '二级注册计量师',
      certNo: 'ZC-1',
      issuer: '省局',
      validUntil: '2024-10-14',
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().certificates.map((c: { name: string; state: string }) => c.state)).toEqual(['valid', 'expired']);
    expect(add.json().certificateState).toBe('expired');
    expect((await people('regulator', '&certificate=expired')).map((p) => p.key)).toContain(key);
    const certId = add.json().certificates[1].id as number;
    // another person's certificate id is not found through this person
    expect((await t.as('regulator').delete(`/api/v1/talent/people/verifier-${verifierExpiring}/certificates/${certId}`)).statusCode).toBe(
      404,
    );
    const del = await t.as('regulator').delete(`/api/v1/talent/people/${key}/certificates/${certId}`);
    expect([del.statusCode, del.json().certificateState]).toEqual([200, 'valid']);
    const bad = await t
      .as('regulator')
      .post(`/api/v1/talent/people/${key}/certificates`, { name: '', certNo: 'x', validUntil: '2024-02-30' });
    expect(bad.statusCode).toBe(400);
  });

  it('marks, recommends with a reason (audited), refuses a second recommendation, withdraws and exports', async () => {
    const key = `inspector-${sup.inspectors.office2[0]}`;
    const prof = await t.as('regulator').put(`/api/v1/talent/people/${key}/profile`, {
      specialties: ['计量执法', '计量执法', '计量纠纷调解'],
      marked: true,
      note: '骨干',
    });
    expect(prof.statusCode, prof.body).toBe(200);
    expect(prof.json()).toMatchObject({ marked: true, specialties: ['计量执法', '计量纠纷调解'], note: '骨干' });
    expect((await people('regulator', '&marked=1')).map((p) => p.key)).toEqual([key]);
    const rec = await t.as('regulator').post(`/api/v1/talent/people/${key}/recommendation`, { reason: '执法规范，熟悉加油机计量作弊查处' });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json().recommendation).toMatchObject({ reason: '执法规范，熟悉加油机计量作弊查处', state: 'recommended' });
    const again = await t.as('regulator').post(`/api/v1/talent/people/${key}/recommendation`, { reason: '再次推荐此人' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'talent_already_recommended']);
    const short = await t.as('regulator').post(`/api/v1/talent/people/verifier-${verifierA}/recommendation`, { reason: '好' });
    expect(short.statusCode).toBe(400);
    const second = await t
      .as('regulator')
      .post(`/api/v1/talent/people/verifier-${verifierA}/recommendation`, { reason: '检定量大、差错率低' });
    expect(second.statusCode).toBe(201);

    // the viewer (city bureau) exports; XLSX holds the people and the reasons
    const xlsx = await t.as('viewer').get('/api/v1/talent/recommendations/export?format=xlsx');
    expect(xlsx.statusCode, xlsx.body.slice(0, 200)).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('filename*=');
    const ws = (await readXlsx(xlsx.rawPayload)).worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 1)[0]).toBe('计量人才推荐名单');
    const rows = [4, 5].map((n) => rowValues(ws, n).map(String));
    expect(rows.map((r) => r[7]).sort()).toEqual(['执法规范，熟悉加油机计量作弊查处', '检定量大、差错率低'].sort());
    expect(rows.find((r) => r[7] === '检定量大、差错率低')?.[6]).toContain('检定 3 台次');
    const pdf = await t.as('regulator').get('/api/v1/talent/recommendations/export?format=pdf');
    expect([pdf.statusCode, pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);

    const list = (await t.as('regulator').get('/api/v1/talent/recommendations?state=recommended')).json();
    expect(list.total).toBe(2);
    const id = list.items.find((r: { key: string }) => r.key === key).id as number;
    const w1 = await t.as('regulator').post(`/api/v1/talent/recommendations/${id}/withdraw`, { reason: '调离岗位' });
    expect([w1.statusCode, w1.json().state, w1.json().withdrawReason]).toEqual([200, 'withdrawn', '调离岗位']);
    const w2 = await t.as('regulator').post(`/api/v1/talent/recommendations/${id}/withdraw`, { reason: '调离岗位' });
    expect([w2.statusCode, w2.json().error.code]).toEqual([409, 'talent_recommendation_withdrawn']);
    expect((await t.as('regulator').post(`/api/v1/talent/people/${key}/recommendation`, { reason: '重新推荐，表现突出' })).statusCode).toBe(
      201,
    );

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('action', 'like', 'talent_%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'talent_profile_updated',
        'talent_recommended',
        'talent_recommendations_exported',
        'talent_recommendation_withdrawn',
        'talent_metrologist_created',
        'talent_certificate_added',
        'talent_certificate_removed',
      ]),
    );
    expect(audit.filter((a) => a.action === 'talent_recommended')).toHaveLength(3);
  });

  it('scope: an institution sees its own verifiers only; another county sees none; others are refused', async () => {
    const inst = await people('institution');
    expect(inst.map((p) => p.key).sort()).toEqual([`verifier-${verifierA}`, `verifier-${verifierExpiring}`].sort());
    expect((await t.as(institution2).get(`/api/v1/talent/people/verifier-${verifierA}`)).statusCode).toBe(404);
    expect(
      (await t.as('institution').put(`/api/v1/talent/people/verifier-${verifierA}/profile`, { specialties: [], marked: true })).statusCode,
    ).toBe(403);
    expect((await t.as('institution').get('/api/v1/talent/recommendations/export?format=xlsx')).statusCode).toBe(403);
    expect(await people(regulator2)).toEqual([]);
    expect((await t.as(regulator2).get(`/api/v1/talent/people/verifier-${verifierA}`)).statusCode).toBe(404);
    expect(
      (await t.as(regulator2).post(`/api/v1/talent/people/verifier-${verifierA}/recommendation`, { reason: '跨县推荐测试' })).statusCode,
    ).toBe(404);
    for (const role of ['inspector', 'enterprise'] as const) expect((await t.as(role).get('/api/v1/talent/people')).statusCode).toBe(403);
    expect(
      (await t.as('viewer').post(`/api/v1/talent/people/verifier-${verifierA}/recommendation`, { reason: '查看者不能推荐' })).statusCode,
    ).toBe(403);
    // a metrologist belongs to a utility or a gas station
    const wrong = await t.as('regulator').post('/api/v1/talent/metrologists', { orgId: t.world.institution.id, name: '某人' });
    expect([wrong.statusCode, wrong.json().error.code, wrong.json().error.details.field]).toEqual([
      400,
      'talent_metrologist_org_kind',
      'orgId',
    ]);
  });
});
