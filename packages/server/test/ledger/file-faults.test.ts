import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../src/http/upload.js';
import { CsvFormatError, corruptUtf8Line, csvField, csvRecords, decodeCsv } from '../../src/lib/sheets/csv.js';
import { useTestApp } from '../db.js';
import { csvText } from '../files.js';

const HEAD = '器具名称,出厂编号,型号规格,安装地址';

/** Faults in the files users upload and download: unclosed quotes, corrupt UTF-8, formula cells, nameless uploads. */
describe('CSV reader faults', () => {
  it('an unclosed quote names the record where it opened instead of swallowing the rest of the file', () => {
    const text = csvText([HEAD, '水表,A1,LXS-15,一号楼', '水表,A2,"LXS-15,二号楼', '水表,A3,LXS-15,三号楼', '水表,A4,LXS-15,四号楼']);
    const rows: number[] = [];
    let caught: unknown;
    try {
      for (const r of csvRecords(text)) rows.push(r.row);
    } catch (e) {
      caught = e;
    }
    expect(rows).toEqual([1, 2]);
    expect(caught).toBeInstanceOf(CsvFormatError);
    expect((caught as CsvFormatError).row).toBe(3);
    expect((caught as CsvFormatError).message).toContain('第3行');
  });

  it('a quoted field spanning lines and doubled quotes still read as one record', () => {
    const rows = [...csvRecords('a,"b\n""c""",d\ne,f,g\n')];
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b\n"c"', 'd'],
      ['e', 'f', 'g'],
    ]);
  });

  it('UTF-8 with a corrupt byte is refused naming its line; GBK text is still read as GBK', () => {
    const good = Buffer.from(csvText([HEAD, '水表,A1,LXS-15,嘎鲁图镇一号楼', '水表,A2,LXS-15,嘎鲁图镇二号楼', '水表,A3,LXS-15,三号楼']));
    const line4 = good.indexOf(Buffer.from('三号楼'));
    const broken = Buffer.from(good);
    broken[line4] = 0xff;
    expect(corruptUtf8Line(broken)).toBe(4);
    expect(() => decodeCsv(broken)).toThrow(CsvFormatError);
    expect(() => decodeCsv(broken)).toThrow(/第4行/);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), broken]);
    expect(() => decodeCsv(bom)).toThrow(/第4行/);
    const gbk = iconv.encode(csvText([HEAD, '水表,A1,LXS-15,嘎鲁图镇一号楼', '冷水水表,A2,LXS-15,苏力德苏木']), 'gbk');
    const decoded = decodeCsv(gbk);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('苏力德苏木');
  });

  it('export fields that a spreadsheet would run as a formula are neutralised (OWASP CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+1')).toBe(`"'+1+1"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField('LXS-15')).toBe('LXS-15');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
  });
});

describe('ledger files through the API', () => {
  const t = useTestApp();

  it('an import with one unclosed quote fails naming the row, and nothing is imported', async () => {
    const { water } = t.world;
    const file = Buffer.from(
      csvText([
        HEAD,
        '水表,Q1,LXS-15,一号楼',
        '水表,Q2,LXS-15,二号楼',
        '水表,Q3,"LXS-15,三号楼',
        '水表,Q4,LXS-15,四号楼',
        '水表,Q5,LXS-15,五号楼',
      ]),
    );
    const r = await t.as('waterUser').upload(`/api/v1/ledger/imports?orgId=${water.id}&wait=1`, 'quote.csv', file);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.code).toBe('import_file_unreadable');
    expect(r.json().error.message).toContain('第4行');
    const list = await t.as('waterUser').get(`/api/v1/instruments?orgId=${water.id}`);
    expect(list.json().total).toBe(0);
  });

  it('a roster with an unclosed quote is refused naming the row', async () => {
    const { water } = t.world;
    const roster = Buffer.from(csvText(['户号,表号,地址', '1,R1,一号楼', '2,"R2,二号楼', '3,R3,三号楼']));
    const r = await t.as('regulator').upload(`/api/v1/ledger/reconcile?orgId=${water.id}`, 'roster.csv', roster);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.message).toContain('第3行');
  });

  it('an import of UTF-8 with a corrupt byte fails naming the line instead of importing mojibake', async () => {
    const { water } = t.world;
    const file = Buffer.from(csvText([HEAD, '水表,U1,LXS-15,嘎鲁图镇一号楼', '水表,U2,LXS-15,嘎鲁图镇二号楼', '水表,U3,LXS-15,三号楼']));
    file[file.indexOf(Buffer.from('二号楼')) + 1] = 0xfe;
    const r = await t.as('waterUser').upload(`/api/v1/ledger/imports?orgId=${water.id}&wait=1`, 'bytes.csv', file);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.message).toContain('第3行');
  });

  it('an upload with an empty or hostile file name is stored under a safe name', async () => {
    const { water } = t.world;
    const file = Buffer.from(csvText([HEAD, '水表,E1,LXS-15,一号楼']));
    const r = await t.as('waterUser').upload(`/api/v1/ledger/imports?orgId=${water.id}&wait=1`, '', file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().fileName).toBe('upload.csv');
    expect(safeFileName('C:\\fakepath\\台账\u202Egpj.csv', 'csv')).toBe('台账gpj.csv');
    expect(safeFileName('../../etc/passwd\u0000', 'csv')).toBe('passwd');
    expect(safeFileName(' \u0007 ', 'xlsx')).toBe('upload.xlsx');
    expect(safeFileName('a'.repeat(300), 'csv')).toHaveLength(200);
  });

  it('a CSV export neutralises formula-leading cells', async () => {
    const { water } = t.world;
    const file = Buffer.from(csvText([HEAD, '水表,F1,=1+2,"=HYPERLINK(""http://evil"",""点击"")"', '水表,F2,@SUM(1),-3+3']));
    const imp = await t.as('waterUser').upload(`/api/v1/ledger/imports?orgId=${water.id}&wait=1`, 'formula.csv', file);
    expect(imp.statusCode, imp.body).toBe(200);
    const commit = await t.as('waterUser').post(`/api/v1/ledger/imports/${imp.json().id}/commit?wait=1`, {});
    expect(commit.statusCode, commit.body).toBe(200);
    const r = await t.as('regulator').get(`/api/v1/ledger/export?orgId=${water.id}&format=csv`);
    expect(r.statusCode, r.body).toBe(200);
    const lines = r.body.split('\r\n');
    expect(r.body).toContain(`"'=HYPERLINK(""http://evil"",""点击"")"`);
    expect(r.body).toContain(`"'=1+2"`);
    expect(r.body).toContain(`"'@SUM(1)"`);
    expect(r.body).toContain(`"'-3+3"`);
    // no field of any line starts a formula
    for (const line of lines) for (const f of line.split(',')) expect(f).not.toMatch(/^[=+@]/);
  });
});
