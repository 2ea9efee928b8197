import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { drawCommitment, drawCount, type PublishedDraw, verifyPublishedDraw } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { REPO_ROOT } from '../../src/config.js';
import { drawAssignments } from '../../src/modules/supervision/draws/draws.service.js';
import { useTestApp } from '../db.js';
import { buildUser, type TestUser } from '../factories.js';

/**
 * Supervision registers and double-random draws (docs/SUPERVISION.md) through the API: targets and inspectors with their
 * scope, a draw committed then run (recusals incl. an organization's sites, k per stratum, ≥ 2 inspectors, the cap and
 * all-or-nothing failure, the commitment, the witness), the public record, planned assignments, and `draw verify`.
 */

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

describe('supervision registers and draws', () => {
  const t = useTestApp();
  const certs: Record<string, string> = {};
  let extra: TestUser[] = [];

  const addInspector = async (user: TestUser, officeId: number, cert: string) => {
    const r = await t.as('regulator').post('/api/v1/supervision/inspectors', {
      userId: user.id,
      officeId,
      certNo: cert,
      validFrom: '2024-01-01',
      validUntil: '2027-12-31',
    });
    expect(r.statusCode, r.body).toBe(201);
    certs[user.username] = cert;
    return r.json().id as number;
  };

  beforeAll(async () => {
    const w = t.world;
    extra = [
      await buildUser(t.ctx, { role: 'inspector', orgId: w.office.id }),
      await buildUser(t.ctx, { role: 'inspector', orgId: w.office.id }),
      await buildUser(t.ctx, { role: 'inspector', orgId: w.office2.id }),
      await buildUser(t.ctx, { role: 'inspector', orgId: w.bureau.id }),
    ];
    await addInspector(w.users.inspector, w.office.id, 'JZ-100-1');
    await addInspector(extra[0] as TestUser, w.office.id, 'JZ-100-2');
    await addInspector(extra[1] as TestUser, w.office.id, 'JZ-100-3');
    await addInspector(w.users.inspector2, w.office2.id, 'JZ-102-1');
    await addInspector(extra[2] as TestUser, w.office2.id, 'JZ-102-2');
  });

  it('the target register lists every regulated organization and each station site, with risk inputs; an office sees its towns', async () => {
    const w = t.world;
    const r = await t.as('regulator').post('/api/v1/supervision/targets/refresh');
    expect(r.statusCode, r.body).toBe(200);
    const list = (await t.as('regulator').get('/api/v1/supervision/targets?pageSize=100')).json();
    const keys = list.items.map((x: { targetKey: string }) => x.targetKey);
    expect(keys).toContain(w.stationA.creditCode);
    expect(keys).toContain(`${w.stationA.creditCode}/${w.siteA}`);
    expect(keys).toContain(w.water.creditCode);
    expect(keys).not.toContain(w.institution.creditCode);
    const site = list.items.find((x: { targetKey: string }) => x.targetKey === `${w.stationA.creditCode}/${w.siteA}`);
    expect(site).toMatchObject({ kind: 'station_site', townCode: '150626100', officeId: w.office.id, riskVersion: 'risk-v1' });
    expect(site.riskTerms.map((x: { input: string }) => x.input)).toEqual([
      'findings',
      'overdueRatePct',
      'complaints',
      'yearsSinceInspection',
    ]);
    expect(site.riskScore).toBe(site.riskTerms.reduce((a: number, x: { points: number }) => a + x.points, 0));
    // never inspected: 3 years × 5 points
    expect(site.riskInputs.yearsSinceInspection).toBe(3);

    const mine = (await t.as('inspector').get('/api/v1/supervision/targets?pageSize=100')).json();
    const mineKeys = mine.items.map((x: { targetKey: string }) => x.targetKey);
    expect(mineKeys).toContain(w.stationA.creditCode);
    expect(mineKeys).not.toContain(w.stationB.creditCode);
    const b = list.items.find((x: { targetKey: string }) => x.targetKey === w.stationB.creditCode);
    expect((await t.as('inspector').get(`/api/v1/supervision/targets/${b.id}`)).statusCode).toBe(404);
    expect((await t.as('enterprise').get('/api/v1/supervision/targets')).statusCode).toBe(403);

    const up = await t.as('regulator').patch(`/api/v1/supervision/targets/${site.id}`, { lastInspectionDate: '2024-04-15' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().lastInspectionDate).toBe('2024-04-15');
    await t.as('regulator').post('/api/v1/supervision/targets/refresh');
    const again = (await t.as('regulator').get(`/api/v1/supervision/targets/${site.id}`)).json();
    expect(again.lastInspectionDate).toBe('2024-04-15');
    expect(again.riskInputs.yearsSinceInspection).toBe(0.5);
    expect((await t.as('inspector').patch(`/api/v1/supervision/targets/${site.id}`, { lastInspectionDate: null })).statusCode).toBe(403);
  });

  it('the inspector register: unique 执法证号, an inspector sees its own office, conflicts declared', async () => {
    const w = t.world;
    const dup = await t.as('regulator').post('/api/v1/supervision/inspectors', {
      userId: (extra[0] as TestUser).id,
      certNo: 'JZ-100-1',
      validFrom: '2024-01-01',
      validUntil: '2027-12-31',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('inspector_cert_taken');
    const all = (await t.as('regulator').get('/api/v1/supervision/inspectors?pageSize=100')).json();
    expect(all.total).toBe(5);
    const mine = (await t.as('inspector').get('/api/v1/supervision/inspectors?pageSize=100')).json();
    expect(mine.items.map((x: { certNo: string }) => x.certNo).sort()).toEqual(['JZ-100-1', 'JZ-100-2', 'JZ-100-3']);
    const other = all.items.find((x: { certNo: string }) => x.certNo === 'JZ-102-1');
    expect((await t.as('inspector').get(`/api/v1/supervision/inspectors/${other.id}`)).statusCode).toBe(404);
    const i2 = all.items.find((x: { certNo: string }) => x.certNo === 'JZ-100-2');
    const c = await t
      .as('regulator')
      .post(`/api/v1/supervision/inspectors/${i2.id}/conflicts`, { creditCode: w.stationA.creditCode, note: 'n' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().conflicts).toMatchObject([{ orgId: w.stationA.id, creditCode: w.stationA.creditCode }]);
    const bad = await t.as('regulator').post(`/api/v1/supervision/inspectors/${i2.id}/conflicts`, { creditCode: 'NOPE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.name).toBe('creditCode');
  });

  const plan = (o: Record<string, unknown> = {}) => ({
    title: 'P',
    regionCode: '150626',
    kinds: ['gas_station', 'station_site', 'water_supply'],
    by: 'kind-town',
    ratioBp: 10000,
    ...o,
  });

  it('refuses bad plans with a message naming the parameter', async () => {
    const post = (o: Record<string, unknown>) => t.as('regulator').post('/api/v1/supervision/draws', plan(o));
    for (const [o, field] of [
      [{ ratioBp: 0 }, 'ratioBp'],
      [{ ratioBp: 10001 }, 'ratioBp'],
      [{ kinds: ['bakery'] }, 'kinds'],
      [{ inspectorsPerTarget: 1 }, 'inspectorsPerTarget'],
      [{ title: 'plan\u202eexe' }, 'title'],
      [{ maxTargetsPerInspector: 0 }, 'maxTargetsPerInspector'],
      [{ min: -1 }, 'min'],
    ] as const) {
      const r = await post(o);
      expect(r.statusCode, JSON.stringify(o)).toBe(400);
      expect(JSON.stringify(r.json().error.details)).toContain(field);
    }
    // by kind: the bureau pool, empty so far
    const empty = await post({ by: 'kind' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'draw_pool_empty', details: { parameter: 'pool' } });
    await addInspector(extra[3] as TestUser, t.world.bureau.id, 'JZ-BUR-1');
    const small = await post({ by: 'kind' });
    expect(small.statusCode).toBe(400);
    expect(small.json().error).toMatchObject({ code: 'draw_pool_too_small', details: { parameter: 'inspectorsPerTarget' } });
    const unknown = await post({ recusals: [{ certNo: 'JZ-NOPE', creditCode: t.world.stationA.creditCode }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'draw_unknown_key', details: { parameter: 'recusals' } });
    expect((await t.as('inspector').post('/api/v1/supervision/draws', plan())).statusCode).toBe(403);
  });

  it('commits, runs once, honours recusals (an organization’s conflict covers its sites), publishes a record anyone can verify', async () => {
    const w = t.world;
    const created = await t.as('regulator').post('/api/v1/supervision/draws', plan());
    expect(created.statusCode, created.body).toBe(201);
    const { id, commitment } = created.json();
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);

    const before = await t.anonymous.get(`/api/v1/public/draws/${id}`);
    expect(before.statusCode, before.body).toBe(200);
    const rec0 = before.json();
    expect(rec0.seed).toBeUndefined();
    expect(rec0.assignments).toBeUndefined();
    expect(rec0.strata.every((s: { drawn?: string[] }) => s.drawn === undefined)).toBe(true);
    expect(rec0.commitment).toBe(commitment);
    const stationA = w.stationA.creditCode;
    const siteA = `${stationA}/${w.siteA}`;
    expect(rec0.recusals).toEqual([
      { inspectorKey: 'JZ-100-2', targetKey: stationA },
      { inspectorKey: 'JZ-100-2', targetKey: siteA },
    ]);
    const detail = (await t.as('regulator').get(`/api/v1/supervision/draws/${id}`)).json();
    expect(detail.state).toBe('committed');
    expect(detail.record.seed).toBeUndefined();

    const ran = await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, {});
    expect(ran.statusCode, ran.body).toBe(200);
    const rec = ran.json() as PublishedDraw;
    expect(rec.algorithm).toBe('hmac-sha256-rank-v1');
    expect(await drawCommitment(rec.seed as string)).toBe(commitment);
    expect(rec.witness).toBeNull();
    expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
    for (const s of rec.strata) expect(s.drawn?.length).toBe(drawCount(s.candidates.length, s.ratioBp, s.min));
    expect(rec.strata.map((s) => s.key)).toEqual([
      'gas_station/150626100',
      'gas_station/150626102',
      'station_site/150626100',
      'station_site/150626102',
      'water_supply/150626100',
    ]);
    expect(rec.strata.find((s) => s.key === 'gas_station/150626102')?.pool).toEqual(['JZ-102-1', 'JZ-102-2']);
    const byTarget = new Map((rec.assignments ?? []).map((a) => [a.targetKey, a.inspectors]));
    expect(byTarget.size).toBe(5);
    for (const ins of byTarget.values()) expect(new Set(ins).size).toBe(2);
    expect(byTarget.get(stationA)).not.toContain('JZ-100-2');
    expect(byTarget.get(siteA)).not.toContain('JZ-100-2');
    expect(byTarget.get(stationA)?.every((c) => c.startsWith('JZ-100-'))).toBe(true);

    const after = (await t.anonymous.get(`/api/v1/public/draws/${id}`)).json();
    expect(after).toEqual(rec);
    const planned = await drawAssignments(t.ctx, SYSTEM_ACTOR, id);
    expect(planned).toHaveLength(5);
    expect(planned.every((a) => a.kind === 'random' && a.status === 'planned' && a.inspectorIds.length === 2)).toBe(true);

    const again = await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('draw_already_run');
    expect((await t.anonymous.get(`/api/v1/public/draws/${id}`)).json()).toEqual(rec);
  });

  it('a witness entered at the run joins the key and is published', async () => {
    const { id } = (await t.as('regulator').post('/api/v1/supervision/draws', plan({ ratioBp: 5000 }))).json();
    const bad = await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, { witness: 'ab\ncd' });
    expect(bad.statusCode).toBe(400);
    const rec = (await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, { witness: '3 5 6 1 2' })).json() as PublishedDraw;
    expect(rec.witness).toBe('3 5 6 1 2');
    expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
    expect((await verifyPublishedDraw({ ...rec, witness: null })).ok).toBe(false);
  });

  it('a high-risk ratio: the high-risk candidates (risk ≥ threshold at the commit) are published per stratum and verify', async () => {
    const w = t.world;
    const bad = await t.as('regulator').post('/api/v1/supervision/draws', plan({ highRiskRatioBp: 10000 }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('highRiskThreshold');
    // siteA was inspected half a year ago (risk 3), everything else never (risk 15)
    await t.as('regulator').post('/api/v1/supervision/targets/refresh');
    const targets = (await t.as('regulator').get('/api/v1/supervision/targets?pageSize=100')).json();
    const siteA = targets.items.find((x: { targetKey: string }) => x.targetKey === `${w.stationA.creditCode}/${w.siteA}`);
    await t.as('regulator').patch(`/api/v1/supervision/targets/${siteA.id}`, { lastInspectionDate: '2024-04-15' });
    const { id } = (
      await t.as('regulator').post('/api/v1/supervision/draws', plan({ ratioBp: 1, min: 0, highRiskRatioBp: 10000, highRiskThreshold: 10 }))
    ).json();
    const rec = (await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, {})).json() as PublishedDraw;
    const stratum = (k: string) => rec.strata.find((s) => s.key === k);
    expect(stratum('gas_station/150626100')).toMatchObject({
      highRiskRatioBp: 10000,
      highRiskThreshold: 10,
      highRisk: [w.stationA.creditCode],
    });
    expect(stratum('gas_station/150626100')?.drawn).toEqual([w.stationA.creditCode]);
    expect(stratum('station_site/150626100')?.highRisk).toEqual([]);
    expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
  });

  it('a run that cannot staff a target fails naming it, and nothing is drawn (recusal; cap)', async () => {
    const w = t.world;
    const rec = await t
      .as('regulator')
      .post(
        '/api/v1/supervision/draws',
        plan({ kinds: ['gas_station'], recusals: [{ certNo: 'JZ-102-1', creditCode: w.stationB.creditCode }] }),
      );
    expect(rec.statusCode, rec.body).toBe(201);
    const failed = await t.as('regulator').post(`/api/v1/supervision/draws/${rec.json().id}/run`, {});
    expect(failed.statusCode).toBe(409);
    expect(failed.json().error).toMatchObject({ code: 'draw_insufficient_inspectors', details: { targetKey: w.stationB.creditCode } });
    const pub = (await t.anonymous.get(`/api/v1/public/draws/${rec.json().id}`)).json();
    expect(pub.seed).toBeUndefined();
    expect(await drawAssignments(t.ctx, SYSTEM_ACTOR, rec.json().id)).toEqual([]);

    const capped = await t.as('regulator').post('/api/v1/supervision/draws', plan({ regionCode: '150626100', maxTargetsPerInspector: 1 }));
    expect(capped.statusCode, capped.body).toBe(201);
    const f2 = await t.as('regulator').post(`/api/v1/supervision/draws/${capped.json().id}/run`, {});
    expect(f2.statusCode).toBe(409);
    expect(f2.json().error.code).toBe('draw_insufficient_inspectors');
    expect((await t.as('regulator').get(`/api/v1/supervision/draws/${capped.json().id}`)).json().state).toBe('committed');
    // with a cap of 2 the site and the water utility of 150626100 fit, and no inspector exceeds it
    const ok = await t
      .as('regulator')
      .post(
        '/api/v1/supervision/draws',
        plan({ regionCode: '150626100', kinds: ['station_site', 'water_supply'], maxTargetsPerInspector: 2 }),
      );
    const done = (await t.as('regulator').post(`/api/v1/supervision/draws/${ok.json().id}/run`, {})).json() as PublishedDraw;
    const load = new Map<string, number>();
    for (const a of done.assignments ?? []) for (const i of a.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(2);
    expect(await verifyPublishedDraw(done)).toEqual({ ok: true });
  });

  it('scope: an office inspector sees no county draw (404), anonymous readers see the public record only', async () => {
    const { id } = (await t.as('regulator').post('/api/v1/supervision/draws', plan())).json();
    expect((await t.as('inspector').get(`/api/v1/supervision/draws/${id}`)).statusCode).toBe(404);
    const visible = (await t.as('inspector').get('/api/v1/supervision/draws?pageSize=100')).json();
    expect(visible.items.map((d: { regionCode: string }) => d.regionCode)).toEqual(visible.items.map(() => '150626100'));
    expect((await t.as('viewer').get(`/api/v1/supervision/draws/${id}`)).statusCode).toBe(200);
    expect((await t.anonymous.get(`/api/v1/supervision/draws/${id}`)).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/v1/public/draws/999999')).statusCode).toBe(404);
  });

  it('qiangjian draw verify FILE: 0 when it matches, 1 naming the first difference, 2 for an unusable file', async () => {
    const { id } = (await t.as('regulator').post('/api/v1/supervision/draws', plan())).json();
    const rec = (await t.as('regulator').post(`/api/v1/supervision/draws/${id}/run`, {})).json() as PublishedDraw;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-draw-'));
    const file = (name: string, content: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    const cli = async (args: string[]) => {
      try {
        const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, QIANGJIAN_LOG: 'silent' } });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    };
    expect((await cli(['draw', 'verify', file('ok.json', JSON.stringify(rec))])).code).toBe(0);
    const s0 = rec.strata[0] as PublishedDraw['strata'][number];
    const tampered = { ...rec, strata: [{ ...s0, drawn: [...(s0.drawn ?? [])].reverse().concat('X') }, ...rec.strata.slice(1)] };
    const bad = await cli(['draw', 'verify', file('bad.json', JSON.stringify(tampered))]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(s0.key);
    const badSeed = await cli(['draw', 'verify', file('seed.json', JSON.stringify({ ...rec, seed: 'a'.repeat(64) }))]);
    expect(badSeed.code).toBe(1);
    expect(badSeed.stderr).toContain('承诺值');
    expect((await cli(['draw', 'verify', file('junk.json', '{"id":')])).code).toBe(2);
    const { seed: _seed, assignments: _a, ...unrevealed } = rec;
    expect((await cli(['draw', 'verify', file('before.json', JSON.stringify(unrevealed))])).code).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
