import { describe, expect, it } from 'vitest';
import { FileUnusableError } from '../../src/modules/ledger/import/parse-ledger.js';
import { csvText, issues, makeXlsx, parseAll } from '../files.js';

/** Cases found by building files the way users make them (Excel, WPS, billing-system exports). */
describe('ledger files as users make them', () => {
  it('a serial Excel turned into a date is rejected, not stored as a date string', async () => {
    const buf = await makeXlsx((ws) => {
      ws.addRow(['器具名称', '出厂编号', '型号规格']);
      ws.addRow(['燃油加油机', new Date(Date.UTC(2026, 0, 1)), 'CS46']);
      ws.getCell('B2').numFmt = 'm-d';
      ws.addRow(['燃油加油机', 'JYJ-2', 'CS46']);
    });
    const { rows } = await parseAll(buf, { fileName: 'd.xlsx' });
    expect(issues(rows)).toEqual([{ row: 2, column: '出厂编号', code: 'serial_is_date' }]);
    expect(rows[0]!.errors[0]!.message).toContain('2026-01-01');
    expect(rows[1]!.values.serialNo).toBe('JYJ-2');
  });

  it('serials: Excel text-forcing spellings are unwrapped; numbers beyond 2^53 − 1 are rejected', async () => {
    const { rows } = await parseAll(
      Buffer.from(csvText(['器具名称,出厂编号,口径', '水表,"=""000123456789""",DN15', "水表,'150610001977,DN15", '水表,ABC 12,DN15'])),
      { fileName: 'c.csv' },
    );
    expect(rows.map((r) => r.values.serialNo)).toEqual(['000123456789', '150610001977', 'ABC12']);
    const big = await makeXlsx((ws) => {
      ws.addRow(['器具名称', '出厂编号', '口径']);
      ws.addRow(['水表', 2 ** 53 + 2, 15]);
      ws.addRow(['水表', 9007199254740991, 15]);
    });
    const b = await parseAll(big, { fileName: 'b.xlsx' });
    expect(issues(b.rows)).toEqual([{ row: 2, column: '出厂编号', code: 'serial_precision_lost' }]);
    expect(b.rows[1]!.values.serialNo).toBe('9007199254740991');
  });

  it('编号 holding meter numbers is the serial (even when they run on), also beside a 序号 column or under a group label', async () => {
    const a = await parseAll(Buffer.from(csvText(['器具名称,编号,口径', '水表,150610001976,DN15', '水表,150610001977,DN15'])), {
      fileName: 'a.csv',
    });
    expect(a.rows.map((r) => [r.values.serialNo, r.errors.length])).toEqual([
      ['150610001976', 0],
      ['150610001977', 0],
    ]);
    const b = await parseAll(Buffer.from(csvText(['序号,器具名称,编号,口径', '1,水表,ACC62-01,DN15', '2,水表,ACC62-02,DN15'])), {
      fileName: 'b.csv',
    });
    expect(b.rows.map((r) => r.values.serialNo)).toEqual(['ACC62-01', 'ACC62-02']);
    expect(issues(b.rows)).toEqual([]);
    const c = await parseAll(
      Buffer.from(csvText(['序号,器具名称,口径,出厂信息,', ',,,型号,编号', '1,水表,DN15,LXS-15,W-01', '2,水表,DN15,LXS-15,W-02'])),
      {
        fileName: 'c.csv',
      },
    );
    expect(c.rows.map((r) => [r.values.serialNo, r.values.model])).toEqual([
      ['W-01', 'LXS-15'],
      ['W-02', 'LXS-15'],
    ]);
    // 1…n stays the row number
    const d = await parseAll(Buffer.from(csvText(['编号,器具名称,出厂编号', '1,水表,X1', '2,水表,X2'])), { fileName: 'd.csv' });
    expect(d.rows.map((r) => r.values.serialNo)).toEqual(['X1', 'X2']);
  });

  it('a signature line spread over cells after the data is skipped, not read as a data row', async () => {
    const buf = await makeXlsx((ws) => {
      ws.addRow(['序号', '器具名称', '出厂编号', '检定日期']);
      ws.addRow([1, '水表', 'S-1', '2024-03-05']);
      ws.addRow(['填表人：', '张三', '', '', '填表日期：', '2024-07-01']);
      ws.addRow(['审核人：', '李四']);
    });
    const { rows } = await parseAll(buf, { fileName: 's.xlsx' });
    expect(rows).toHaveLength(1);
    expect(issues(rows)).toEqual([]);
  });

  it('Q3 written with a colon, a name with its spec after it, and an impossible date without a second warning', async () => {
    const { rows } = await parseAll(
      Buffer.from(
        csvText([
          '器具名称,出厂编号,口径,常用流量,燃气表规格,检定日期',
          '水表,Q1,DN15,Q3：4,,2024-03-05',
          '冷水水表DN20,Q2,,Q3:2.5,,2024-03-05',
          '膜式燃气表G2.5,Q3,,,,2024-03-05',
          '水表,Q4,DN15,,,2023-02-30',
        ]),
      ),
      { fileName: 'q.csv' },
    );
    expect(rows.slice(0, 3).map((r) => [r.values.category, r.values.q3 ?? null, r.errors.length])).toEqual([
      ['water_meter', 4, 0],
      ['water_meter', 2.5, 0],
      ['gas_meter', null, 0],
    ]);
    expect(issues(rows.slice(3))).toEqual([{ row: 5, column: '检定日期', code: 'invalid_date' }]);
    expect(rows[3]!.warnings.map((w) => w.code)).not.toContain('verification_date_missing');
  });

  it('free text keeps units and symbols as written; only full-width ASCII is folded', async () => {
    const { rows } = await parseAll(
      Buffer.from(
        csvText(['器具名称,出厂编号,测量范围,准确度等级,型号规格', '温度计,T１,0～50℃,Ⅱ级,ＷＮＧ－１１', '水表,T2,0.03～5m³/h,2级,LXS']),
      ),
      { fileName: 't.csv' },
    );
    expect(rows.map((r) => [r.values.serialNo, r.values.measuringRange, r.values.model])).toEqual([
      ['T1', '0~50℃', 'WNG-11'],
      ['T2', '0.03~5m³/h', 'LXS'],
    ]);
    expect(rows[0]!.values.accuracyClass).toBe('Ⅱ级');
  });

  it('检定有效期 as a hyphen range or as a number in the header unit; unknown columns are named, not dropped silently', async () => {
    const v = async (header: string, date: string, cell: string) => {
      const { parsed, rows } = await parseAll(
        Buffer.from(csvText([`器具名称,出厂编号,检定日期,${header},抄表员`, `水表,H1,${date},${cell},王五`])),
        {
          fileName: 'h.csv',
        },
      );
      return { parsed, ver: rows[0]!.values.verification, errors: rows[0]!.errors };
    };
    expect((await v('检定有效期', '2024.01.01', '2024.01.01-2024.06.30')).ver).toMatchObject({
      date: '2024-01-01',
      validUntil: '2024-06-30',
    });
    expect((await v('有效期（年）', '2024-03-05', '6')).ver).toMatchObject({ validUntil: '2030-03-04' });
    expect((await v('检定有效期(月)', '2024-03-05', '6')).ver).toMatchObject({ validUntil: '2024-09-04' });
    const known = await v('检定有效期至', '2024-03-05', '2030-03-04');
    expect(known.ver).toMatchObject({ validUntil: '2030-03-04' });
    const unknown = known.parsed.fileIssues.filter((f) => f.code === 'unknown_columns');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.message).toContain('抄表员');
  });

  it('a header repeated below a pasted page (with its units row) and section headings are skipped with a notice, not rejected', async () => {
    const buf = await makeXlsx((ws) => {
      ws.addRow(['序号', '器具名称', '出厂编号', '口径', '检定日期']);
      ws.addRow(['', '', '', '(mm)', '']);
      ws.addRow(['一、居民水表']);
      ws.mergeCells('A3:E3');
      ws.addRow([1, '水表', 'W-001', 15, '2024-03-05']);
      ws.addRow([2, '水表', 'W-002', 15, '2024-03-05']);
      ws.addRow(['序号', '器具名称', '出厂编号', '口径', '检定日期']);
      ws.addRow(['', '', '', '(mm)', '']);
      ws.addRow(['（二）商户水表', '', '', '', '']);
      ws.addRow([3, '水表', 'W-003', 20, '2024-03-06']);
      // a row with a name but no serial is still an error, not a heading
      ws.addRow([4, '水表', '', 15, '2024-03-06']);
    });
    const { parsed, rows } = await parseAll(buf, { fileName: 'pages.xlsx' });
    expect(rows.map((r) => [r.row, r.values.serialNo ?? null])).toEqual([
      [4, 'W-001'],
      [5, 'W-002'],
      [9, 'W-003'],
      [10, null],
    ]);
    expect(issues(rows)).toEqual([{ row: 10, column: '出厂编号', code: 'required_missing' }]);
    const skipped = parsed.fileIssues.filter((f) => f.code === 'repeated_header_skipped' || f.code === 'section_row_skipped');
    expect(skipped.map((f) => [f.row, f.code])).toEqual([
      [3, 'section_row_skipped'],
      [6, 'repeated_header_skipped'],
      [7, 'repeated_header_skipped'],
      [8, 'section_row_skipped'],
    ]);
    expect(skipped[0]!.message).toContain('一、居民水表');
  });

  it('a hidden drop-down list sheet before the ledger is passed over unless named', async () => {
    const buf = await makeXlsx((ws, wb) => {
      ws.state = 'hidden';
      ws.addRow(['器具名称', '器具项别', '器具种别']);
      ws.addRow(['水表', '水表', '冷水水表']);
      const data = wb.addWorksheet('台账');
      data.addRow(['器具名称', '出厂编号', '口径']);
      data.addRow(['水表', 'HID-1', 'DN15']);
    }, '下拉数据');
    const { parsed, rows } = await parseAll(buf, { fileName: 'h.xlsx' });
    expect(parsed.sheetName).toBe('台账');
    expect(rows.map((r) => r.values.serialNo)).toEqual(['HID-1']);
    const named = await parseAll(buf, { fileName: 'h.xlsx', sheet: '下拉数据' });
    expect(named.parsed.sheetName).toBe('下拉数据');
  });

  it('an HTML table or SpreadsheetML saved as .xls is named as such', async () => {
    const html = Buffer.from('<html><body><table><tr><td>器具名称</td><td>出厂编号</td></tr></table></body></html>');
    await expect(parseAll(html, { fileName: 'export.xls' })).rejects.toMatchObject({ code: 'web_page_table' });
    const xml = Buffer.from(
      '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    );
    const e = await parseAll(xml, { fileName: 'x.xls' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileUnusableError);
    expect((e as FileUnusableError).message).toContain('另存为 .xlsx');
  });
});
