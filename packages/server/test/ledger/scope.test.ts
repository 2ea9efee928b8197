import { describe, expect, it } from 'vitest';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';
import { csvText } from '../files.js';

/**
 * Data scope of an office inspector (its towns) on the ledger's file features (issue 11): the roster reconciliation
 * and an import job's rejected rows must not hand it households outside its towns.
 */
describe('office inspector: reconciliation and import rejects stay inside its towns', () => {
  const t = useTestApp();

  it('reconciliation lists only the instruments of its towns; one filed elsewhere is neither listed nor "not filed"', async () => {
    const { water } = t.world;
    const inTown = await buildInstrument(t.ctx, {
      orgId: water.id,
      category: 'water_meter',
      adminDivisionCode: '150626100',
      filedAt: '2024-01-01',
    });
    const elsewhere = await buildInstrument(t.ctx, {
      orgId: water.id,
      category: 'water_meter',
      adminDivisionCode: '150626102',
      filedAt: '2024-01-01',
    });
    await t.ctx.db.updateTable('instruments').set({ location: '苏力德苏木二号楼' }).where('id', '=', elsewhere.id).execute();
    const notInRosterElsewhere = await buildInstrument(t.ctx, {
      orgId: water.id,
      category: 'water_meter',
      adminDivisionCode: '150626102',
      filedAt: '2024-01-01',
    });
    await t.ctx.db.updateTable('instruments').set({ location: '苏力德苏木三号楼' }).where('id', '=', notInRosterElsewhere.id).execute();
    const roster = Buffer.from(csvText(['表号,用户地址', `${inTown.serialNo},一号楼`, `${elsewhere.serialNo},二号楼`, 'UNKNOWN-1,四号楼']));
    const url = `/api/v1/ledger/reconcile?orgId=${water.id}&asOf=2024-10-15`;

    const office = await t.as('inspector').upload(url, 'roster.csv', roster);
    expect(office.statusCode, office.body).toBe(200);
    const r = office.json();
    expect(r.filedCount).toBe(1);
    expect(r.notFiled.map((x: { serialNo: string }) => x.serialNo)).toEqual(['UNKNOWN-1']);
    expect(r.notInRoster).toEqual([]);
    expect(office.body).not.toContain('苏力德苏木');
    expect(office.body).not.toContain(notInRosterElsewhere.serialNo);

    const bureau = await t.as('regulator').upload(url, 'roster.csv', roster);
    expect(bureau.json().filedCount).toBe(3);
    expect(bureau.json().notInRoster.map((x: { serialNo: string; address: string }) => [x.serialNo, x.address])).toEqual([
      [notInRosterElsewhere.serialNo, '苏力德苏木三号楼'],
    ]);
  });

  it("an import job's rejected rows and error file: the organization and the bureau read them, an office does not", async () => {
    const { water } = t.world;
    const file = Buffer.from(csvText(['器具名称,出厂编号,型号规格,安装地址', '水表,,LXS-15,苏力德苏木五号楼', '水表,OK-1,LXS-15,一号楼']));
    const started = await t.as('waterUser').upload(`/api/v1/ledger/imports?orgId=${water.id}&wait=1`, 'ledger.csv', file);
    expect(started.statusCode, started.body).toBe(200);
    const id = started.json().id;
    for (const who of ['waterUser', 'regulator'] as const) {
      const rej = await t.as(who).get(`/api/v1/ledger/imports/${id}/rejects`);
      expect(rej.statusCode).toBe(200);
      expect(rej.body).toContain('五号楼');
    }
    expect((await t.as('inspector').get(`/api/v1/ledger/imports/${id}`)).statusCode).toBe(200);
    for (const url of [`/api/v1/ledger/imports/${id}/rejects`, `/api/v1/ledger/imports/${id}/error-file`]) {
      const r = await t.as('inspector').get(url);
      expect(r.statusCode).toBe(403);
      expect(r.body).not.toContain('五号楼');
    }
  });
});
