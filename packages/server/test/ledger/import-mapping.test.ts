import { describe, expect, it } from 'vitest';
import { useTestApp } from '../db.js';
import { csv, readXlsx } from '../files.js';

/**
 * The import's column mapping (docs/LEDGER.md "Column mapping"): a header the aliases do not know is mapped by the
 * user, the mapping is saved as the organization's template and applied to the next file with the same header;
 * invalid mappings are refused naming the column or the field.
 */
describe('import column mapping and templates', () => {
  const t = useTestApp();
  // 表身码 is no alias of 出厂编号: without a mapping the rows have no serial number
  const header = ['表具类型', '表身码', '安装地址', '口径'];
  const file = (from: number, n: number) =>
    csv([header, ...Array.from({ length: n }, (_, i) => ['冷水水表', `MAP-${from + i}`, `${i + 1}号楼`, 'DN20'])]);
  const upload = (content: Buffer, mapping?: Record<string, string>, who = 'waterUser' as const) =>
    t
      .as(who)
      .upload(
        `/api/v1/ledger/imports?orgId=${t.world.water.id}&wait=1${mapping ? `&mapping=${encodeURIComponent(JSON.stringify(mapping))}` : ''}`,
        'water.csv',
        content,
      );

  it('a preview says which column holds what; the mapped file imports; the saved template is applied to the next file with the same header', async () => {
    const plain = await upload(file(1, 3));
    expect(plain.statusCode, plain.body).toBe(200);
    const before = plain.json();
    expect(before.result.mapping.columns).toEqual(
      expect.arrayContaining([
        { header: '表具类型', key: 'instrumentName' },
        { header: '表身码', key: null },
      ]),
    );
    expect(before.result.mapping.template).toBeNull();
    expect(before.result.inserted).toBe(0);

    const mapped = await upload(file(1, 3), { 表身码: 'serialNo' });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const job = mapped.json();
    expect(job.result).toMatchObject({ inserted: 3, rejected: 0 });
    expect(job.result.mapping.applied).toEqual({ 表身码: 'serialNo' });

    // save it as a template; it is audited
    const saved = await t.as('waterUser').post('/api/v1/ledger/import-mappings', { jobId: job.id, name: '营业系统导出' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ name: '营业系统导出', mapping: { 表身码: 'serialNo' } });
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'import_mapping_saved').execute();
    expect(audit).toHaveLength(1);

    // the commit reads the file as its preview did
    const commit = await t.as('waterUser').post(`/api/v1/ledger/imports/${job.id}/commit?wait=1`, {});
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json().result).toMatchObject({ committed: true, inserted: 3 });

    // next month's file, same header, no mapping sent: the template applies
    const next = await upload(file(4, 2));
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().result.mapping.template).toMatchObject({ name: '营业系统导出' });
    expect(next.json().result).toMatchObject({ inserted: 2, rejected: 0 });

    const list = await t.as('waterUser').get(`/api/v1/ledger/import-mappings?orgId=${t.world.water.id}`);
    expect(list.json().map((m: { name: string }) => m.name)).toEqual(['营业系统导出']);
    // another organization's templates are not there for it
    expect((await t.as('enterpriseA').get(`/api/v1/ledger/import-mappings?orgId=${t.world.water.id}`)).statusCode).toBe(404);
    const id = saved.json().id;
    expect((await t.as('enterpriseA').delete(`/api/v1/ledger/import-mappings/${id}`)).statusCode).toBe(404);
    expect((await t.as('waterUser').delete(`/api/v1/ledger/import-mappings/${id}`)).statusCode).toBe(200);
    expect((await t.as('waterUser').get(`/api/v1/ledger/import-mappings?orgId=${t.world.water.id}`)).json()).toEqual([]);
  });

  it('invalid mappings are refused naming the column or the field', async () => {
    const unknownField = await upload(file(10, 1), { 表身码: 'serialNumber' });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error).toMatchObject({ code: 'import_mapping_unknown_field', details: { column: '表身码' } });
    expect(unknownField.json().error.message).toContain('表身码');

    const twice = await upload(file(10, 1), { 表身码: 'serialNo', 安装地址: 'serialNo' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({
      code: 'import_mapping_duplicate_target',
      details: { column: '安装地址', other: '表身码', field: 'serialNo' },
    });
    expect(twice.json().error.message).toContain('出厂编号');

    const noColumn = await upload(file(10, 1), { 表身号码: 'serialNo' });
    expect(noColumn.json().error).toMatchObject({ code: 'import_mapping_unknown_column', details: { column: '表身号码' } });

    const noSerial = await upload(file(10, 1), { 表身码: '', 口径: 'caliberDn' });
    expect(noSerial.json().error).toMatchObject({ code: 'import_mapping_required_missing', details: { field: 'serialNo' } });
    expect(noSerial.json().error.message).toContain('出厂编号');
  });

  it('a file whose header is not recognised at all offers its header row for mapping, and imports once mapped', async () => {
    const odd = csv([
      ['用户号', '表身码', '用户地址'],
      ['U1', 'ODD-1', '一号楼'],
      ['U2', 'ODD-2', '二号楼'],
    ]);
    const failed = await upload(odd);
    expect(failed.json().error).toMatchObject({ code: 'import_no_header', details: { columns: ['用户号', '表身码', '用户地址'] } });
    const mapped = await upload(odd, { 用户号: '', 表身码: 'serialNo', 用户地址: 'location' });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json().result).toMatchObject({ inserted: 2, rejected: 0 });
  });

  it('the import template of a category (official headers, a sample row, drop-down lists) imports back through the importer', async () => {
    for (const [who, org, category, serial] of [
      ['waterUser', t.world.water.id, 'water_meter', 'SB-2024-000001'],
      ['enterpriseA', t.world.stationA.id, 'fuel_dispenser', 'JYJ-2024-0001'],
    ] as const) {
      const res = await t.as(who).get(`/api/v1/ledger/import-template.xlsx?category=${category}`);
      expect(res.statusCode).toBe(200);
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('台账导入模板-');
      const wb = await readXlsx(res.rawPayload);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('no sheet');
      const headers = (ws.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(expect.arrayContaining(['器具名称', '出厂编号', '检定日期', '检定结论', '使用状态']));
      const conclusion = headers.indexOf('检定结论') + 1;
      expect(ws.getCell(2, conclusion).dataValidation).toMatchObject({ type: 'list', formulae: ['"合格,不合格"'] });
      const up = await t.as(who).upload(`/api/v1/ledger/imports?orgId=${org}&wait=1`, `模板-${category}.xlsx`, res.rawPayload);
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json().result, JSON.stringify(up.json().result.errors)).toMatchObject({ inserted: 1, rejected: 0 });
      expect(up.json().result.mapping.columns.filter((c: { key: string | null }) => c.key === null)).toEqual([]);
      const commit = await t.as(who).post(`/api/v1/ledger/imports/${up.json().id}/commit?wait=1`, {});
      expect(commit.json().result.inserted).toBe(1);
      const row = await t.ctx.db
        .selectFrom('instruments')
        .select(['category', 'serial_no'])
        .where('serial_no', '=', serial)
        .executeTakeFirst();
      expect(row).toEqual({ category, serial_no: serial });
    }
  });
});
