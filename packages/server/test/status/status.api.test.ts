import { beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from '../../src/lib/sheets/exceljs.js';
import { refreshStatuses } from '../../src/modules/status/status.service.js';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';

describe('status API: explain, due list, XLSX, rules', () => {
  const t = useTestApp({ each: true }); // 2024-10-15
  let ids: { aOverdue: number; aValid: number; bDue: number; water: number };
  beforeEach(async () => {
    const { ctx, world } = t;
    ids = {
      aOverdue: (
        await buildInstrument(ctx, {
          orgId: world.stationA.id,
          category: 'fuel_dispenser',
          serialNo: 'A-1',
          verifications: [{ date: '2024-01-05' }],
        })
      ).id,
      aValid: (
        await buildInstrument(ctx, {
          orgId: world.stationA.id,
          category: 'fuel_dispenser',
          serialNo: 'A-2',
          verifications: [{ date: '2024-09-01' }],
        })
      ).id,
      bDue: (
        await buildInstrument(ctx, {
          orgId: world.stationB.id,
          category: 'fuel_dispenser',
          serialNo: 'B-1',
          adminDivisionCode: '150626102',
          verifications: [{ date: '2024-05-01' }],
        })
      ).id,
      water: (
        await buildInstrument(ctx, {
          orgId: world.water.id,
          category: 'water_meter',
          serialNo: 'W-1',
          caliberDn: 32,
          quantity: 3,
          verifications: [{ kind: 'initial', date: '2020-03-01' }],
        })
      ).id,
    };
    await refreshStatuses(ctx);
  });

  it('GET /instruments/:id/status explains the status with rule, citation and records; 404 outside scope', async () => {
    const s = t.as('enterpriseA');
    const res = await s.get(`/api/v1/instruments/${ids.aOverdue}/status`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'overdue',
      validUntil: '2024-07-04',
      reasonCode: 'overdue',
      ruleRef: 'fuel_dispenser.jjg443_2015@1',
      rule: { regulationId: 'JJG 443', edition: '2015', cycleMonths: 6 },
      governing: { date: '2024-01-05', conclusion: 'passed' },
    });
    expect(body.rule.citation).toContain('JJG 443-2015');
    expect(body.verifications).toHaveLength(1);
    // as of another date: computed from the history
    const past = await s.get(`/api/v1/instruments/${ids.aOverdue}/status?asOf=2024-03-01`);
    expect(past.json()).toMatchObject({ status: 'valid', asOf: '2024-03-01' });
    // another organization's instrument: 404, not 403
    const other = await s.get(`/api/v1/instruments/${ids.bDue}/status`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    const bad = await s.get(`/api/v1/instruments/${ids.aOverdue}/status?asOf=2024-02-30`);
    expect(bad.statusCode).toBe(400);
  });

  it('GET /due-list: enterprise sees only its organization; office inspector its towns; regulator everything', async () => {
    const a = t.as('enterpriseA');
    const ra = await a.get('/api/v1/due-list');
    expect(ra.statusCode).toBe(200);
    expect(ra.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['A-1']);
    expect(ra.json()).toMatchObject({ total: 1, asOf: '2024-10-15' });
    // even asking for another org by filter returns nothing
    const rb = await a.get(`/api/v1/due-list?orgId=${t.world.stationB.id}`);
    expect(rb.json().total).toBe(0);

    const reg = t.as('regulator');
    const all = await reg.get('/api/v1/due-list?pageSize=2');
    expect(all.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    // ordered by due date: water (2024-02-29), A-1 (2024-07-04), B-1 (2024-10-31)
    expect(all.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['W-1', 'A-1']);
    const page2 = await reg.get('/api/v1/due-list?pageSize=2&page=2');
    expect(page2.json().items.map((i: { serialNo: string; status: string }) => [i.serialNo, i.status])).toEqual([['B-1', 'due_soon']]);
    const filtered = await reg.get('/api/v1/due-list?category=water_meter&status=rotation_overdue');
    expect(filtered.json().items).toMatchObject([{ serialNo: 'W-1', quantity: 3, status: 'rotation_overdue' }]);
    const window = await reg.get('/api/v1/due-list?dueFrom=2024-07-01&dueTo=2024-12-31');
    expect(window.json().total).toBe(2);
    const town = await reg.get('/api/v1/due-list?town=150626102');
    expect(town.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['B-1']);

    const insp = t.as('inspector2');
    const ri = await insp.get('/api/v1/due-list');
    expect(ri.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['B-1']);

    const bad = await reg.get('/api/v1/due-list?status=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_parameter');
  });

  it('GET /due-list.xlsx streams a workbook with catalog headers and audits an export entry', async () => {
    const reg = t.as('regulator');
    const res = await reg.get('/api/v1/due-list.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.getRow(2).getCell(8).value).toBe('出厂编号');
    expect(ws.getRow(3).getCell(8).value).toBe('A-1'); // exports stream in ledger (id) order
    expect(ws.rowCount).toBe(5);
    // 乡镇 is the town's name, never its code
    const town = await t.ctx.db.selectFrom('regions').select('name').where('code', '=', '150626102').executeTakeFirstOrThrow();
    const b1 = [3, 4, 5].map((i) => ws.getRow(i)).find((r) => r.getCell(8).value === 'B-1');
    expect(b1?.getCell(5).value).toBe(town.name);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'actor'])
      .where('action', '=', 'export')
      .execute();
    expect(audit).toEqual([{ action: 'export', entity_type: 'due_list', actor: `user:${t.world.users.regulator.username}` }]);
  });

  it('GET /rules for every role; PATCH /rules/:id only for admin (403 otherwise), audited', async () => {
    const ent = t.as('enterpriseA');
    const list = await ent.get('/api/v1/rules?category=water_meter');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(3);
    const rule = list.json().find((r: { ruleKey: string }) => r.ruleKey === 'water_meter.limited_dn50');
    const denied = await ent.patch(`/api/v1/rules/${rule.id}`, { cycleMonths: 60 });
    expect(denied.statusCode).toBe(403);
    const admin = t.as('admin');
    const ok = await admin.patch(`/api/v1/rules/${rule.id}`, { cycleMonths: 60, tag: 'C' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, cycleMonths: 60, tag: 'C' });
    // stored status of the DN32 meter follows the new limit: 2020-03-01 + 5 years → 2025-02-28, rotation due
    const row = await t.ctx.db
      .selectFrom('instruments')
      .select(['status', 'valid_until'])
      .where('id', '=', ids.water)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'rotation_due', valid_until: '2025-02-28' });
    const settings = await admin.patch('/api/v1/rule-settings/status.warn_days.meter', { value: '30' });
    expect(settings.statusCode).toBe(200);
    const row2 = await t.ctx.db.selectFrom('instruments').select(['status']).where('id', '=', ids.water).executeTakeFirstOrThrow();
    expect(row2.status).toBe('valid');
    const unknown = await admin.patch('/api/v1/rule-settings/nope', { value: '30' });
    expect(unknown.json().error.code).toBe('unknown_setting');
  });
});
