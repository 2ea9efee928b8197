import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvText, issues, parseAll } from '../files.js';

describe('CSV ledger parsing', () => {
  it('maps alias headers, required markers, full-width brackets and unit hints', async () => {
    const text = csvText([
      '计量器具名称,规格/型号,*表号,制造单位,用户地址,数量,检定单位,最近检定日期,下次检定日期,证书号,检定结果,公称口径（mm）,精度等级,产地,用途,检定方式,行政区划代码,常用流量Q3,铅封号',
      '远传水表,LXSY-20E,W0001,宁波水表股份有限公司,嘎鲁图镇 1 号,1,鄂尔多斯市计量测试所,2024-01-05,2030-01-04,JD-1,合格,DN20,2级,国产,贸易结算,送检,150626100000,Q3=4,"F1,F2"',
    ]);
    const { parsed, rows } = await parseAll(Buffer.from(text), { fileName: 'a.csv' });
    expect(parsed.headerRow).toBe(1);
    expect(parsed.columns.map((c) => c.key)).toEqual([
      'instrumentName',
      'model',
      'serialNo',
      'manufacturer',
      'location',
      'quantity',
      'institution',
      'verificationDate',
      'validUntil',
      'certificateNo',
      'conclusion',
      'caliberDn',
      'accuracyClass',
      'origin',
      'purpose',
      'submissionMode',
      'adminDivisionCode',
      'q3',
      'sealNos',
    ]);
    expect(parsed.columns[2]!.header).toBe('*表号');
    expect(parsed.columns[11]!.unitHint).toBe('mm');
    const r = rows[0]!;
    expect(r.row).toBe(2);
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject({
      category: 'water_meter',
      serialNo: 'W0001',
      location: '嘎鲁图镇 1 号',
      caliberDn: 20,
      q3: 4,
      accuracyClass: '2级',
      origin: 'domestic',
      purpose: 'trade_settlement',
      submissionMode: 'bring_in',
      adminDivisionCode: '150626100',
      sealNos: ['F1', 'F2'],
      verification: { date: '2024-01-05', validUntil: '2030-01-04', certificateNo: 'JD-1', conclusion: 'passed', kind: 'initial' },
    });
    expect(r.warnings).toEqual([]);
  });

  it('matches slash-joined synonyms, bracketed format hints and trailing colons', async () => {
    const text = csvText(['器具名称 ,出厂编号/表号,检定日期（年/月/日）,有效期至：,器具 名称2', '水表,W-1,2024/1/5,2030/1/4,x']);
    const { parsed, rows } = await parseAll(Buffer.from(text), { fileName: 'h.csv' });
    expect(parsed.columns.map((c) => [c.header, c.key, c.unitHint])).toEqual([
      ['器具名称', 'instrumentName', undefined],
      ['出厂编号/表号', 'serialNo', undefined],
      ['检定日期（年/月/日）', 'verificationDate', '年/月/日'],
      ['有效期至：', 'validUntil', undefined],
      ['器具 名称2', null, undefined],
    ]);
    expect(rows[0]!.values.verification).toMatchObject({ date: '2024-01-05', validUntil: '2030-01-04' });
  });

  it('skips blank and template rows uncounted, and trailer rows with a warning', async () => {
    const text = csvText([
      '序号,器具名称,出厂编号,型号',
      '1,水表,W1,X',
      ',,,',
      '2,,,',
      '3,水表,W3,X',
      '以下空白,,,',
      '合计：2只,,,',
      '填表说明：,,,',
      '1. 出厂编号按铭牌填写,,,',
      '填报人：张三,,审核人：李四,',
    ]);
    const { parsed, rows } = await parseAll(Buffer.from(text), { fileName: 't.csv' });
    expect(rows.map((r) => r.row)).toEqual([2, 5]);
    expect(parsed.fileIssues.filter((i) => i.code === 'trailer_row_skipped').map((i) => i.row)).toEqual([6, 7, 8, 9, 10]);
    expect(parsed.stats).toMatchObject({ rows: 2, rejected: 0, skippedTrailer: 5 });
  });

  it('skips a units row or a column-number row under the header', async () => {
    const units = await parseAll(Buffer.from(csvText(['器具名称,出厂编号,口径,常用流量', ',,（mm）,(m³/h)', '水表,W1,20,4'])), {
      fileName: 'u.csv',
    });
    expect(units.parsed.dataStartRow).toBe(3);
    expect(units.parsed.columns.map((c) => c.unitHint)).toEqual([undefined, undefined, 'mm', 'm3/h']);
    expect(units.rows.map((r) => [r.row, r.values.caliberDn, r.values.q3, r.errors.length])).toEqual([[3, 20, 4, 0]]);
    const numbers = await parseAll(Buffer.from(csvText(['序号,器具名称,出厂编号,型号', '1,2,3,4', '1,水表,W1,X'])), { fileName: 'n.csv' });
    expect(numbers.rows.map((r) => [r.row, r.values.serialNo])).toEqual([[3, 'W1']]);
  });

  it('编号 is the row number while it holds 1…n, otherwise the serial when there is no serial column', async () => {
    const seq = await parseAll(Buffer.from(csvText(['编号,名称,型号,表号', '1,水表,X,W1', '2,水表,X,W2'])), { fileName: 's.csv' });
    expect(seq.parsed.columns.map((c) => c.key)).toEqual(['seq', 'instrumentName', 'model', 'serialNo']);
    const serial = await parseAll(Buffer.from(csvText(['编号,名称,型号', 'SX-001,水表,X', 'SX-002,水表,X'])), { fileName: 's.csv' });
    expect(serial.parsed.columns.map((c) => c.key)).toEqual(['serialNo', 'instrumentName', 'model']);
    expect(serial.rows.map((r) => r.values.serialNo)).toEqual(['SX-001', 'SX-002']);
    expect(issues(serial.rows)).toEqual([]);
  });

  it('two-level headers in a CSV: group labels carry over, generic children are qualified by the group', async () => {
    const text = csvText([
      '序号,器具名称,出厂编号,检定情况,,,安装信息,',
      ',,,日期,结论,证书号,日期,地点',
      '1,水表,W1,2024-01-05,合格,ZS-1,2023-12-01,1号楼',
    ]);
    const { parsed, rows } = await parseAll(Buffer.from(text), { fileName: 'two.csv' });
    expect(parsed.headerRow).toBe(1);
    expect(parsed.dataStartRow).toBe(3);
    expect(parsed.columns.map((c) => [c.header, c.key])).toEqual([
      ['序号', 'seq'],
      ['器具名称', 'instrumentName'],
      ['出厂编号', 'serialNo'],
      ['检定情况/日期', 'verificationDate'],
      ['检定情况/结论', 'conclusion'],
      ['检定情况/证书号', 'certificateNo'],
      ['安装信息/日期', 'installDate'],
      ['安装信息/地点', 'location'],
    ]);
    expect(rows[0]!.values).toMatchObject({
      installDate: '2023-12-01',
      location: '1号楼',
      verification: { date: '2024-01-05', certificateNo: 'ZS-1' },
    });
  });

  it('parses every date format, month-only dates with a warning, and 检定有效期 as date / range / duration', async () => {
    const text = csvText([
      '器具名称,出厂编号,检定日期,检定有效期',
      '燃油加油机,D01,2024-01-05,6个月',
      '燃油加油机,D02,2024/1/5,半年',
      '燃油加油机,D03,2024.1.5,2024-07-04',
      '燃油加油机,D04,2024年1月5日,2024-01-05至2024-07-04',
      '燃油加油机,D05,20240105,2024-01-05~2024-07-04',
      '燃油加油机,D06,45296,1年',
      '燃油加油机,D07,2024-06,',
      '燃油加油机,D08,２０２４－０１－０５ ,2024年7月',
      '燃油加油机,D09,2024-01-05 00:00:00,',
      '燃油加油机,D10,2024-08-31,6个月',
      '燃油加油机,D11,,2024-01-05至2024-07-04',
      '燃油加油机,D12,,6个月',
      '燃油加油机,D13,2024-13-01,',
      '燃油加油机,D14,2024-07-05,2024-07-04',
      '燃油加油机,D15,2023-02-29,',
      '燃油加油机,D16,2024-02-29,abc',
    ]);
    const { rows } = await parseAll(Buffer.from(text), { fileName: 'd.csv' });
    const ver = Object.fromEntries(rows.map((r) => [r.values.serialNo, [r.values.verification?.date, r.values.verification?.validUntil]]));
    expect(ver).toMatchObject({
      D01: ['2024-01-05', '2024-07-04'],
      D02: ['2024-01-05', '2024-07-04'],
      D03: ['2024-01-05', '2024-07-04'],
      D04: ['2024-01-05', '2024-07-04'],
      D05: ['2024-01-05', '2024-07-04'],
      D06: ['2024-01-05', '2025-01-04'],
      D07: ['2024-06-01', undefined],
      D08: ['2024-01-05', '2024-07-31'],
      D09: ['2024-01-05', undefined],
      D10: ['2024-08-31', '2025-02-28'],
      D11: ['2024-01-05', '2024-07-04'],
    });
    expect(rows.every((r) => r.values.verification?.kind === undefined || r.values.verification.kind === 'periodic')).toBe(true);
    expect(issues(rows)).toEqual([
      { row: 13, column: '检定有效期', code: 'validity_without_date' },
      { row: 14, column: '检定日期', code: 'invalid_date' },
      { row: 15, column: '检定有效期', code: 'valid_until_before_date' },
      { row: 16, column: '检定日期', code: 'invalid_date' },
      { row: 17, column: '检定有效期', code: 'invalid_validity' },
    ]);
    expect(issues(rows, 'warnings').filter((w) => w.code === 'date_month_only')).toEqual([
      { row: 8, column: '检定日期', code: 'date_month_only' },
      { row: 9, column: '检定有效期', code: 'date_month_only' },
    ]);
    expect(rows.find((r) => r.row === 8)!.warnings[0]!.message).toBe('“检定日期”只填写到月份（2024-06），按2024-06-01导入');
  });

  it('detects GBK, UTF-8 with BOM and UTF-8; handles quoted commas and newlines and CRLF', async () => {
    const lines = [
      '乌审旗某加油站强检器具台账',
      '填报单位：乌审旗某某能源有限公司,,,统一社会信用代码：91150626MA0N1234X5',
      '序号,器具名称,出厂编号,安装地点,加油枪数,油品,器具数量',
      '1,税控燃油加油机,JY2019-001,"1号岛,东侧",2,92#,1',
      '2,燃油加油机,JY2019-002,"2号岛\n西侧",4,"0#柴油",1台',
      '3,燃油加油机,JY2019-003,3号岛,2,95#,2',
    ];
    const text = csvText(lines);
    for (const [enc, buf] of [
      ['gb18030', iconv.encode(text, 'gbk')],
      ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['utf-8', Buffer.from(csvText(lines, '\n'))],
    ] as const) {
      const { parsed, rows } = await parseAll(buf, { fileName: 'station.csv' });
      expect(parsed.stats.encoding).toBe(enc);
      expect(parsed.headerRow).toBe(3);
      expect(parsed.headerBlock).toMatchObject({ orgName: '乌审旗某某能源有限公司', creditCode: '91150626MA0N1234X5' });
      expect(rows.map((r) => r.row)).toEqual([4, 5, 6]);
      expect(rows[0]!.values).toMatchObject({
        category: 'fuel_dispenser',
        serialNo: 'JY2019-001',
        location: '1号岛,东侧',
        nozzles: 2,
        fuelGrade: '92#',
        quantity: 1,
      });
      expect(rows[1]!.values).toMatchObject({ location: '2号岛 西侧', nozzles: 4, fuelGrade: '0#柴油', quantity: 1 });
      expect(rows[1]!.cells[3]).toBe('2号岛\n西侧');
      expect(issues(rows)).toEqual([{ row: 6, column: '器具数量', code: 'dispenser_quantity' }]);
    }
  });

  it('rejects duplicates, missing serials, impossible dates and unknown names with exact rows and columns', async () => {
    const text = csvText([
      '器具名称,出厂编号,型号规格,检定日期,有效期至,结论',
      '膜式燃气表,G001,G2.5,2023-01-01,2033-01-01,合格',
      '膜式燃气表,G002,G4,2023-01-01,2033-01-01,合格',
      '燃气表,G001,G2.5,2023-01-01,2033-01-01,合格',
      '燃气表,,G2.5,2023-01-01,2033-01-01,合格',
      '燃气表,G005,G2.5,2023-02-30,2033-01-01,合格',
      '电表箱,G006,,2023-01-01,,合格',
      '流量计,G007,,2023-01-01,,合格',
      ',,,,,',
      '单相智能电能表,G001,DDZY,2023-01-01,,不合格',
      '燃气表,G002,G2.5,2023-01-01,2033-01-01,合格',
      '燃气表,G008,G2.5,2023-01-01,2022-01-01,准予使用',
    ]);
    const { rows, parsed } = await parseAll(Buffer.from(text), { fileName: 'g.csv' });
    expect(issues(rows)).toEqual([
      { row: 4, column: '出厂编号', code: 'duplicate_in_file' },
      { row: 5, column: '出厂编号', code: 'required_missing' },
      { row: 6, column: '检定日期', code: 'invalid_date' },
      { row: 7, column: '器具名称', code: 'unknown_instrument_name' },
      { row: 8, column: '器具名称', code: 'unknown_instrument_name' },
      { row: 11, column: '出厂编号', code: 'duplicate_in_file' },
      { row: 12, column: '有效期至', code: 'valid_until_before_date' },
    ]);
    const dup = rows.find((r) => r.row === 11)!.errors[0]!;
    expect(dup).toMatchObject({ key: 'serialNo', params: { serialNo: 'G002', firstRow: 3 } });
    expect(dup.message).toBe('出厂编号“G002”与第3行重复（同一单位、同一器具类别）');
    // same serial, other category: not a duplicate
    expect(rows.find((r) => r.row === 10)!.errors).toEqual([]);
    expect(rows.find((r) => r.row === 10)!.values.verification?.conclusion).toBe('failed');
    expect(rows.find((r) => r.row === 2)!.values).toMatchObject({ gRating: 'G2.5', catalogueType: '膜式燃气表' });
    expect(parsed.stats).toMatchObject({ rows: 10, rejected: 7 });
  });

  it('parses values: categories, classes, calibers, media, conclusions, quantities, 项别/种别 checks', async () => {
    const text = csvText([
      '器具名称,出厂编号,器具项别,器具种别,准确度等级,口径,介质,数量,检定日期,结论,产地',
      '三相智能电能表,E1,电能表,,B级,,,,2020-01-01,合格,进口',
      '单相电能表,E2,,,0.5S级,,,,,,',
      '单相电能表,E3,,,3级,,,,,,',
      '超声波燃气表,Q1,,超声波燃气表,,,LPG,,,,',
      'IC卡水表,W1,,,,dn 25,,3只,,,',
      '水表,W2,燃气表,,,,,,,,',
      '水表,W3,,,,DN-15,,,,,',
      '水表,W4,,,,,,0,,,',
      '石油密度计,H1,,,,,,,,,',
      '标准金属量器,S1,,,,,,,,,',
      '热水表,W5,,,,,,,,,',
      '水表,W6,,,,,,,,,火星',
      '燃气表,Q2,,,,,沼气,,,,',
    ]);
    const { rows } = await parseAll(Buffer.from(text), { fileName: 'v.csv' });
    const v = (n: number) => rows.find((r) => r.row === n)!;
    expect(v(2).values).toMatchObject({
      category: 'electricity_meter',
      accuracyClass: '1',
      catalogueItem: '电能表',
      catalogueType: '三相电能表',
      origin: 'imported',
      verification: { kind: 'initial', conclusion: 'passed' },
    });
    expect(v(3).values.accuracyClass).toBe('0.5S');
    expect(v(5).values).toMatchObject({ category: 'gas_meter', catalogueType: '超声波燃气表', gasMedium: 'lpg', attributesAssumed: true });
    expect(v(5).warnings.map((w) => w.code)).toContain('attributes_assumed');
    expect(v(6).values).toMatchObject({ category: 'water_meter', caliberDn: 25, quantity: 3 });
    expect(v(6).warnings.map((w) => w.code)).toContain('quantity_multiple');
    expect(v(10).values).toMatchObject({ category: 'hydrometer', catalogueItem: '石油密度计' });
    expect(v(11).values.category).toBe('standard_measure');
    expect(v(3).warnings.map((w) => w.code)).not.toContain('attributes_assumed');
    expect(rows.find((r) => r.values.serialNo === 'W6')!.warnings.map((w) => w.code)).toContain('attributes_assumed');
    expect(issues(rows)).toEqual([
      { row: 4, column: '准确度等级', code: 'invalid_value' },
      { row: 7, column: '器具项别', code: 'catalogue_mismatch' },
      { row: 8, column: '口径', code: 'invalid_caliber' },
      { row: 9, column: '数量', code: 'invalid_quantity' },
      { row: 12, column: '器具名称', code: 'unknown_instrument_name' },
      { row: 13, column: '产地', code: 'invalid_value' },
      { row: 14, column: '介质', code: 'invalid_value' },
    ]);
  });

  it('serials: Excel scientific notation text is 表号精度丢失; fallback serial headers only without a primary one', async () => {
    const a = await parseAll(
      Buffer.from(csvText(['器具名称,表号,资产编号,型号', '电能表,1.23457E+15,ZC-1,X', '电能表, ０１２３ ４ ,ZC-2,X']), 'utf8'),
      {
        fileName: 'a.csv',
      },
    );
    expect(a.parsed.columns.map((c) => c.key)).toEqual(['instrumentName', 'serialNo', null, 'model']);
    expect(issues(a.rows)).toEqual([{ row: 2, column: '表号', code: 'serial_precision_lost' }]);
    expect(a.rows[1]!.values.serialNo).toBe('01234');
    const b = await parseAll(Buffer.from(csvText(['器具名称,资产编号,型号', '电能表,ZC-1,X'])), { fileName: 'b.csv' });
    expect(b.parsed.columns.map((c) => c.key)).toEqual(['instrumentName', 'serialNo', 'model']);
    expect(b.rows[0]!.values.serialNo).toBe('ZC-1');
    expect(b.parsed.fileIssues.map((i) => i.code)).toContain('fallback_serial_column');
  });

  it('resolves division names through the callback', async () => {
    const text = csvText(['器具名称,出厂编号,型号,所属乡镇', '水表,W1,X,嘎鲁图镇', '水表,W2,X,不存在镇', '水表,W3,X,150626101']);
    const towns: Record<string, string> = { 嘎鲁图镇: '150626100', '150626101': '150626101' };
    const { rows } = await parseAll(Buffer.from(text), { fileName: 't.csv', resolveDivision: (s) => towns[s] ?? null });
    expect(rows.map((r) => r.values.adminDivisionCode)).toEqual(['150626100', undefined, '150626101']);
    expect(issues(rows)).toEqual([{ row: 3, column: '所属乡镇', code: 'unknown_division' }]);
    const plain = await parseAll(Buffer.from(text), { fileName: 't.csv' });
    expect(plain.rows[0]!.values.adminDivisionName).toBe('嘎鲁图镇');
  });

  it('a 10,000-row file: exact counts and error rows', async () => {
    const lines = ['序号,器具名称,出厂编号,型号规格,口径,安装地址,检定日期,有效期至,检定结论'];
    for (let i = 1; i <= 10000; i++) {
      const serial = i % 1000 === 0 ? '' : `WM${String(i).padStart(6, '0')}`;
      const date = i % 2500 === 0 ? '2023-02-30' : `2023-${String((i % 12) + 1).padStart(2, '0')}-15`;
      lines.push(`${i},智能水表,${serial},LXS-15,DN15,小区${i % 97}号楼,${date},2029-01-14,合格`);
    }
    lines.push('合计,,,,,,,,');
    const { rows, parsed } = await parseAll(Buffer.from(csvText(lines)), { fileName: 'big.csv' });
    expect(rows.length).toBe(10000);
    expect(parsed.stats).toMatchObject({ rows: 10000, rejected: 12, skippedTrailer: 1 });
    const errs = issues(rows);
    expect(errs.filter((e) => e.code === 'required_missing').map((e) => e.row)).toEqual([
      1001, 2001, 3001, 4001, 5001, 6001, 7001, 8001, 9001, 10001,
    ]);
    expect(errs.filter((e) => e.code === 'invalid_date').map((e) => e.row)).toEqual([2501, 5001, 7501, 10001]);
    expect(new Set(errs.map((e) => e.column))).toEqual(new Set(['出厂编号', '检定日期']));
  });
});
