import { beforeAll, describe, expect, it } from 'vitest';
import { refreshOrg } from '../../src/modules/status/status.api.js';
import { useTestApp } from '../db.js';
import { buildInstrument, storedStatus } from '../factories.js';

/**
 * Sample tests (监督抽查, docs/SUPERVISION.md): a civil meter from a home or from stock, tested by an institution, stored as
 * a `spot_check` verification; the status engine lets a failed one fail the meter and never lets a passed one renew it
 * (docs/domain/forms.md §1). Scope: the institution its own tests, the utility its meters', the regulator its region's.
 */
describe('sample tests (spot checks)', () => {
  const t = useTestApp();
  let valid: { id: number; code: string };
  let overdue: { id: number; code: string };
  let dispenserCode: string;

  const codeOf = async (id: number) =>
    (await t.ctx.db.selectFrom('instruments').select('public_code').where('id', '=', id).executeTakeFirstOrThrow()).public_code;

  beforeAll(async () => {
    const w = t.world;
    // a DN15 water meter verified in 2023 (valid at D = 2024-10-15), and one whose 6-year limit ran out
    const a = await buildInstrument(t.ctx, {
      orgId: w.water.id,
      category: 'water_meter',
      caliberDn: 15,
      installDate: '2023-03-01',
      verifications: [{ kind: 'initial', date: '2023-02-01' }],
    });
    const b = await buildInstrument(t.ctx, {
      orgId: w.water.id,
      category: 'water_meter',
      caliberDn: 15,
      installDate: '2017-03-01',
      verifications: [{ kind: 'initial', date: '2017-02-01' }],
    });
    await refreshOrg(t.ctx, w.water.id);
    valid = { id: a.id, code: await codeOf(a.id) };
    overdue = { id: b.id, code: await codeOf(b.id) };
    dispenserCode = await codeOf((await buildInstrument(t.ctx, { orgId: w.stationA.id, siteId: w.siteA })).id);
  });

  it('the meters start valid and past their limit', async () => {
    expect((await storedStatus(t.ctx, valid.id)).status).toBe('valid');
    expect((await storedStatus(t.ctx, overdue.id)).status).toBe('rotation_overdue');
  });

  it('a failed spot check fails the meter (reason failed_spot_check)', async () => {
    const r = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: valid.code,
      origin: 'in_service',
      date: '2024-10-10',
      conclusion: 'failed',
      errorPct: 4.2,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      instrumentId: valid.id,
      origin: 'in_service',
      conclusion: 'failed',
      statusAfter: 'failed',
      errorPct: 4.2,
    });
    expect(r.json().institutionId).toBe(t.world.institution.id);
    const s = await storedStatus(t.ctx, valid.id);
    expect(s).toMatchObject({ status: 'failed', reason_code: 'failed_spot_check' });
    const v = await t.ctx.db.selectFrom('verifications').selectAll().where('id', '=', r.json().verificationId).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ kind: 'spot_check', conclusion: 'failed', source: 'sample_test', valid_until: null });
  });

  it('a passed spot check never renews a meter', async () => {
    const before = await storedStatus(t.ctx, overdue.id);
    const r = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: overdue.code,
      origin: 'in_service',
      date: '2024-10-11',
      conclusion: 'passed',
      errorPct: 0.8,
    });
    expect(r.statusCode, r.body).toBe(201);
    const after = await storedStatus(t.ctx, overdue.id);
    expect(after.status).toBe(before.status);
    expect(after.valid_until).toBe(before.valid_until);
  });

  it('a meter from stock (verified, not installed) fails on a failed spot check and stays unrenewed by a passed one', async () => {
    const w = t.world;
    const stock = await buildInstrument(t.ctx, {
      orgId: w.water.id,
      category: 'water_meter',
      caliberDn: 15,
      installDate: null,
      verifications: [{ kind: 'initial', date: '2024-06-01' }],
    });
    const other = await buildInstrument(t.ctx, {
      orgId: w.water.id,
      category: 'water_meter',
      caliberDn: 15,
      installDate: null,
      verifications: [{ kind: 'initial', date: '2024-06-01' }],
    });
    await refreshOrg(t.ctx, w.water.id);
    const before = await storedStatus(t.ctx, other.id);
    const pass = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: await codeOf(other.id),
      origin: 'stock',
      date: '2024-10-12',
      conclusion: 'passed',
    });
    expect(pass.statusCode, pass.body).toBe(201);
    expect(await storedStatus(t.ctx, other.id)).toMatchObject({ status: before.status, valid_until: before.valid_until });
    const fail = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: await codeOf(stock.id),
      origin: 'stock',
      date: '2024-10-12',
      conclusion: 'failed',
      errorPct: -5.1,
    });
    expect(fail.statusCode, fail.body).toBe(201);
    expect(fail.json()).toMatchObject({ origin: 'stock', statusAfter: 'failed' });
  });

  it('bad input: not a civil meter, the same date twice, no meter named', async () => {
    const disp = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: dispenserCode,
      origin: 'stock',
      date: '2024-10-10',
      conclusion: 'passed',
    });
    expect(disp.statusCode).toBe(400);
    expect(disp.json().error.code).toBe('sample_test_not_civil_meter');
    const twice = await t.as('institution').post('/api/v1/supervision/sample-tests', {
      publicCode: overdue.code,
      origin: 'in_service',
      date: '2024-10-11',
      conclusion: 'passed',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'sample_test_date_taken', details: { parameter: 'date' } });
    const none = await t
      .as('institution')
      .post('/api/v1/supervision/sample-tests', { origin: 'stock', date: '2024-10-10', conclusion: 'passed' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details.name).toBe('publicCode');
    const badOrigin = await t
      .as('institution')
      .post('/api/v1/supervision/sample-tests', { publicCode: overdue.code, origin: 'home', date: '2024-10-12', conclusion: 'passed' });
    expect(badOrigin.statusCode).toBe(400);
    expect(
      (
        await t
          .as('enterprise')
          .post('/api/v1/supervision/sample-tests', { publicCode: overdue.code, origin: 'stock', date: '2024-10-12', conclusion: 'passed' })
      ).statusCode,
    ).toBe(403);
  });

  it('scope: the institution and the utility see theirs, a station sees none, the regulator its region', async () => {
    expect((await t.as('institution').get('/api/v1/supervision/sample-tests')).json().total).toBe(4);
    expect((await t.as('waterUser').get('/api/v1/supervision/sample-tests')).json().total).toBe(4);
    expect((await t.as('waterUser').get('/api/v1/supervision/sample-tests?origin=stock')).json().total).toBe(2);
    expect((await t.as('enterprise').get('/api/v1/supervision/sample-tests')).json().total).toBe(0);
    const reg = (await t.as('regulator').get('/api/v1/supervision/sample-tests?conclusion=failed&origin=in_service')).json();
    expect(reg.items.map((x: { instrumentId: number }) => x.instrumentId)).toEqual([valid.id]);
    expect((await t.as('inspector2').get('/api/v1/supervision/sample-tests')).json().total).toBe(0);
  });
});
