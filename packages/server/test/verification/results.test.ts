import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { createTestApp, createTestContext, type TestContext } from '../db.js';
import {
  buildAuthorization,
  buildInstrument,
  buildStandard,
  buildVerifier,
  buildWorld,
  DUE_SOON_DISPENSER,
  login,
  type Session,
} from '../factories.js';
import { multipartFile } from '../files.js';

// Clock: Tue 2024-10-15 10:00 Beijing.
describe('results (检定结果): checks, state moves, status update, bulk XLSX, reverse trace', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let ent: Session;
  let inst: Session;
  let disp: { id: number; serialNo: string; nozzleIds: number[] }[];
  let verifierId: number;
  let standardId: number;
  let appId: number;

  beforeEach(async () => {
    ctx = await createTestContext();
    app = await createTestApp(ctx);
    w = await buildWorld(ctx);
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser', 'water_meter'], region: '150626' });
    verifierId = await buildVerifier(ctx, w.institution.id, { certificateNo: 'JDY-001' });
    standardId = await buildStandard(ctx, w.institution.id, { certificateNo: 'BZ-001' });
    disp = [];
    for (let i = 0; i < 2; i++)
      disp.push(
        await buildInstrument(ctx, {
          ...DUE_SOON_DISPENSER,
          orgId: w.stationA.id,
          siteId: w.siteA,
          nozzles: 2,
          validUntil: '2024-10-20',
          status: 'due_soon',
        }),
      );
    ent = await login(app, w.users.enterpriseA.username);
    inst = await login(app, w.users.institution.username);
    const a = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: ent.headers,
      payload: {
        institutionId: w.institution.id,
        instrumentIds: disp.map((d) => d.id),
        mode: 'on_site',
        preferredDate: '2024-10-16',
        contact: { name: '李四', phone: '13900000001' },
      },
    });
    appId = a.json().id;
  });
  afterEach(async () => {
    await app.close();
    await ctx.cleanup();
  });

  const post = (s: Session, url: string, payload?: unknown) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const good = { errors: [0.1, 0.12, 0.15, -0.2, -0.22, -0.18, 0.05, 0.02, 0.04] };
  const result = (over: Record<string, unknown> = {}) => ({
    instrumentId: disp[0]!.id,
    nozzleId: disp[0]!.nozzleIds[0],
    date: '2024-10-15',
    conclusion: 'passed',
    certificateNo: 'JD2024-0001',
    verifierId,
    standardId,
    measurements: good,
    seals: ['F001', 'F002', 'F003'],
    ...over,
  });
  const postResults = (results: unknown[]) => post(inst, `/api/v1/applications/${appId}/results`, { results });

  it('results are refused before acceptance', async () => {
    const r = await postResults([result()]);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('result_application_not_accepted');
  });

  describe('after acceptance', () => {
    beforeEach(async () => {
      expect((await post(inst, `/api/v1/applications/${appId}/accept`)).statusCode).toBe(200);
    });

    it('first result → in_progress with valid-until from the rule catalog; last nozzle → completed; statuses refresh at once', async () => {
      const r1 = await postResults([result()]);
      expect(r1.statusCode, r1.body).toBe(200);
      expect(r1.json().application.status).toBe('in_progress');
      // JJG 443-2023: 6 months → 2025-04-14
      expect(r1.json().results[0]).toMatchObject({
        nozzleNo: 1,
        validUntil: '2025-04-14',
        conclusion: 'passed',
        seals: ['F001', 'F002', 'F003'],
      });
      expect(r1.json().results[0].measurements.withinLimits).toBe(true);
      const r2 = await postResults([
        result({ nozzleId: disp[0]!.nozzleIds[1], certificateNo: 'JD2024-0002' }),
        result({ instrumentId: disp[1]!.id, nozzleId: undefined, certificateNo: 'JD2024-0003', validUntil: '2025-04-10' }),
      ]);
      expect(r2.statusCode, r2.body).toBe(200);
      expect(r2.json().application.status).toBe('completed');
      const rows = await ctx.db
        .selectFrom('instruments')
        .select(['id', 'status', 'valid_until'])
        .where(
          'id',
          'in',
          disp.map((d) => d.id),
        )
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.status, r.valid_until])).toEqual([
        ['valid', '2025-04-14'],
        ['valid', '2025-04-10'],
      ]);
      const v = await ctx.db.selectFrom('verifications').selectAll().where('application_id', '=', appId).orderBy('id').execute();
      expect(v.map((x) => [x.source, Number(x.institution_id), Number(x.verifier_id), Number(x.standard_id)])).toEqual(
        Array(3).fill(['result', w.institution.id, verifierId, standardId]),
      );
      const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'results_recorded').execute();
      expect(audit).toHaveLength(2);
    });

    it('a failed result makes the instrument failed', async () => {
      const r = await postResults([
        result({ conclusion: 'failed', measurements: { errors: [0.4, 0.41, 0.39, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] } }),
      ]);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().results[0].validUntil).toBeNull();
      expect(r.json().instruments[0].status).toBe('failed');
    });

    it('refuses 合格 when the measured data contradict it (error and repeatability)', async () => {
      const e = await postResults([result({ measurements: { errors: [0.1, 0.12, 0.31, 0, 0, 0, 0, 0, 0] } })]);
      expect(e.statusCode).toBe(422);
      expect(e.json().error.code).toBe('result_conclusion_contradicts_data');
      expect(e.json().error.message).toContain('0.31');
      const rep = await postResults([result({ measurements: { points: [{ point: 'qmax', errors: [0.0, 0.06, 0.12] }] } })]);
      expect(rep.json().error.code).toBe('result_conclusion_contradicts_data');
      const bad = await postResults([result({ measurements: { errors: [0.1, 0.2] } })]);
      expect(bad.json().error.code).toBe('result_measurements_invalid');
    });

    it('refuses a valid-until beyond the rule maximum, or not after the date', async () => {
      const r = await postResults([result({ validUntil: '2025-06-30' })]);
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'result_valid_until_exceeds_rule', details: { max: '2025-04-14' } });
      expect((await postResults([result({ validUntil: '2024-10-15' })])).json().error.code).toBe('result_valid_until_invalid');
    });

    it('refuses a lapsed or unqualified verifier, an expired, faulty or inapplicable standard', async () => {
      const lapsed = await buildVerifier(ctx, w.institution.id, { validUntil: '2024-09-30' });
      expect((await postResults([result({ verifierId: lapsed })])).json().error.code).toBe('result_verifier_lapsed');
      const waterOnly = await buildVerifier(ctx, w.institution.id, { categories: ['water_meter'] });
      expect((await postResults([result({ verifierId: waterOnly })])).json().error.code).toBe('result_verifier_not_qualified');
      const expired = await buildStandard(ctx, w.institution.id, { validUntil: '2024-10-14' });
      expect((await postResults([result({ standardId: expired })])).json().error.code).toBe('result_standard_expired');
      const faulty = await buildStandard(ctx, w.institution.id, { faulty: true });
      expect((await postResults([result({ standardId: faulty })])).json().error.code).toBe('result_standard_faulty');
      const water = await buildStandard(ctx, w.institution.id, { categories: ['water_meter'] });
      expect((await postResults([result({ standardId: water })])).json().error.code).toBe('result_standard_not_applicable');
      expect(await ctx.db.selectFrom('verifications').selectAll().execute()).toEqual([]);
    });

    it('refuses when the authorization no longer covers the category or was expired on the date', async () => {
      await ctx.db.updateTable('authorizations').set({ valid_to: '2024-10-14' }).where('org_id', '=', w.institution.id).execute();
      expect((await postResults([result()])).json().error.code).toBe('result_authorization_expired');
      await ctx.db
        .updateTable('authorizations')
        .set({ valid_to: '2026-12-31', categories: JSON.stringify(['water_meter']) })
        .where('org_id', '=', w.institution.id)
        .execute();
      const r = await postResults([result()]);
      expect(r.json().error.code).toBe('result_out_of_authorized_scope');
      expect(r.json().error.message).toContain(disp[0]!.serialNo);
    });

    it('refuses instruments outside the application, foreign nozzles, future dates and duplicates', async () => {
      const other = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationA.id, nozzles: 1 });
      expect((await postResults([result({ instrumentId: other.id, nozzleId: undefined })])).json().error.code).toBe(
        'result_instrument_not_in_application',
      );
      expect((await postResults([result({ nozzleId: other.nozzleIds[0] })])).json().error.code).toBe('result_nozzle_unknown');
      expect((await postResults([result({ date: '2024-10-16' })])).json().error.code).toBe('result_date_invalid');
      expect((await postResults([result(), result()])).json().error.code).toBe('result_duplicate');
      const otherVerifier = await buildVerifier(ctx, w.stationB.id);
      expect((await postResults([result({ verifierId: otherVerifier })])).statusCode).toBe(404);
    });

    it('the enterprise cannot enter results (403); another institution gets 404', async () => {
      expect((await post(ent, `/api/v1/applications/${appId}/results`, { results: [result()] })).statusCode).toBe(403);
    });

    it('bulk results from XLSX: row errors name the row and column; a clean sheet records all', async () => {
      const sheet = async (rows: (string | number | Date | null)[][]) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('检定结果');
        ws.addRow(['检定结果录入表']);
        ws.addRow([
          '出厂编号',
          '枪号',
          '检定日期',
          '检定结论',
          '检定证书编号',
          '有效期至',
          '检定员证号',
          '计量标准证书号',
          '误差1',
          '误差2',
          '误差3',
          '重复性',
        ]);
        for (const r of rows) ws.addRow(r);
        return Buffer.from(await wb.xlsx.writeBuffer());
      };
      const upload = async (buf: Buffer) => {
        const mp = multipartFile('r.xlsx', buf);
        return app.inject({
          method: 'POST',
          url: `/api/v1/applications/${appId}/results/import`,
          headers: { ...inst.headers, ...mp.headers },
          payload: mp.payload,
        });
      };
      const bad = await upload(
        await sheet([
          [disp[0]!.serialNo, 1, '2024/10/15', '合格', 'C-1', null, 'JDY-001', 'BZ-001', 0.1, 0.12, 0.11, 0.02],
          ['NOPE', 1, '2024-13-40', '良好', 'C-2', null, 'JDY-999', 'BZ-001', 0.1, 'x', 0.1, null],
        ]),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('result_import_invalid');
      const errs = bad.json().error.details.errors as { row: number; column: string }[];
      expect(errs.map((e) => [e.row, e.column])).toEqual([
        [4, '出厂编号'],
        [4, '检定日期'],
        [4, '检定结论'],
        [4, '检定员证号'],
        [4, '误差2'],
      ]);
      const contradict = await upload(
        await sheet([[disp[0]!.serialNo, 1, '2024-10-15', '合格', 'C-1', null, 'JDY-001', 'BZ-001', 0.1, 0.12, 0.35, null]]),
      );
      expect(contradict.json().error.details.errors[0]).toMatchObject({ row: 3, code: 'result_conclusion_contradicts_data' });
      const ok = await upload(
        await sheet([
          [disp[0]!.serialNo, 1, new Date(Date.UTC(2024, 9, 15)), '合格', 'C-1', null, 'JDY-001', 'BZ-001', 0.1, 0.12, 0.11, 0.02],
          [disp[0]!.serialNo, 2, '2024年10月15日', '合格', 'C-2', '2025-04-01', 'JDY-001', 'BZ-001', 0.1, 0.12, 0.11, 0.02],
          [disp[1]!.serialNo, null, 45580, '不合格', 'C-3', null, 'JDY-001', 'BZ-001', null, null, null, null],
        ]),
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ imported: 3, application: { status: 'completed' } });
      expect(
        ok.json().results.map((r: { nozzleNo: number; validUntil: string | null; date: string }) => [r.nozzleNo, r.date, r.validUntil]),
      ).toEqual([
        [1, '2024-10-15', '2025-04-14'],
        [2, '2024-10-15', '2025-04-01'],
        [0, '2024-10-15', null],
      ]);
    });

    it('reverse trace and faulty standard → re-verification tasks', async () => {
      await postResults([result(), result({ nozzleId: disp[0]!.nozzleIds[1], certificateNo: 'X2' })]);
      const tr = await app.inject({
        method: 'GET',
        url: `/api/v1/verification/standards/${standardId}/trace?from=2024-10-01&to=2024-10-31`,
        headers: inst.headers,
      });
      expect(tr.json().total).toBe(2);
      expect(tr.json().items[0]).toMatchObject({ instrumentId: disp[0]!.id, serialNo: disp[0]!.serialNo, orgId: w.stationA.id });
      const m = await post(inst, `/api/v1/verification/standards/${standardId}/faulty`, { since: '2024-10-01' });
      expect(m.statusCode, m.body).toBe(200);
      expect(m.json().tasksOpened).toBe(2);
      expect((await post(inst, `/api/v1/verification/standards/${standardId}/faulty`, { since: '2024-10-01' })).json().tasksOpened).toBe(0);
      const tasks = await app.inject({ method: 'GET', url: '/api/v1/verification/reverification-tasks', headers: ent.headers });
      expect(tasks.json().total).toBe(2);
      expect((await postResults([result({ nozzleId: disp[1]!.nozzleIds[0], instrumentId: disp[1]!.id })])).json().error.code).toBe(
        'result_standard_faulty',
      );
    });
  });
});
