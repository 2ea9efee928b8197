/**
 * XLSX files as real tools write them (WPS / 金山, Excel with Chinese built-in formats, billing-system exports):
 * rich and phonetic inline strings, rows and cells without r, 1904 dates, Chinese built-in date formats,
 * month-only date formats, prefixed namespaces, hidden sheets. The files are generated: an ExcelJS workbook
 * whose XML parts are then rewritten as those tools write them.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { isMonthOnlyFormat, openXlsx, SheetXmlFixer } from '../../src/lib/sheets/xlsx.js';
import { listSheets, ZipIndex } from '../../src/lib/sheets/zip.js';
import { issues, makeXlsx, parseAll } from '../files.js';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const worksheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const str = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const num = (ref: string, v: number, s?: number) => `<c r="${ref}"${s === undefined ? '' : ` s="${s}"`}><v>${v}</v></c>`;
const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;

/** styles.xml whose cellXfs 1, 2, … use the given number formats (ids ≥ 164 need a code in `custom`). */
function stylesXml(numFmtIds: number[], custom: Record<number, string> = {}): string {
  const fmts = Object.entries(custom)
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/"/g, '&quot;')}"/>`)
    .join('');
  const xfs = [0, ...numFmtIds].map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
    (fmts ? `<numFmts count="${Object.keys(custom).length}">${fmts}</numFmts>` : '') +
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${numFmtIds.length + 1}">${xfs}</cellXfs></styleSheet>`
  );
}

/** An ExcelJS workbook (sheet "台账") whose parts are then replaced: `parts` maps part names to new text (null removes). */
async function rewritten(parts: Record<string, string | null>, opts: { date1904?: boolean } = {}): Promise<Buffer> {
  const base = await makeXlsx((ws) => {
    ws.getCell('A1').value = 'placeholder';
  }, '台账');
  const zip = await JSZip.loadAsync(base);
  if (opts.date1904) {
    const wb = await zip.file('xl/workbook.xml')!.async('string');
    zip.file(
      'xl/workbook.xml',
      wb.includes('<workbookPr')
        ? wb.replace(/<workbookPr\b/, '<workbookPr date1904="1"')
        : wb.replace(/(<workbook\b[^>]*>)/, '$1<workbookPr date1904="1"/>'),
    );
  }
  for (const [name, text] of Object.entries(parts)) {
    if (text === null) zip.remove(name);
    else zip.file(name, text);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const HEADER = row(1, str('A1', '器具名称'), str('B1', '出厂编号'), str('C1', '型号'), str('D1', '检定日期'), str('E1', '有效期至'));

describe('XLSX files from real tools', () => {
  it('reads inline strings with several rich-text runs or a phonetic guide as their joined text', async () => {
    const buf = await rewritten({
      'xl/worksheets/sheet1.xml': worksheet(
        HEADER +
          row(
            2,
            str('A2', '水表'),
            '<c r="B2" t="inlineStr"><is><r><t>ACC22</t></r><r><rPr><b/><sz val="11"/></rPr><t>-02</t></r></is></c>',
            '<c r="C2" t="inlineStr"><is><r><t xml:space="preserve">LXS </t></r><r><t>15&amp;E</t></r></is></c>',
          ) +
          row(
            3,
            str('A3', '水表'),
            '<c r="B3" t="inlineStr"><is><t>ACC59-02</t><rPh sb="0" eb="1"><t>ｴｰ</t></rPh><phoneticPr fontId="0" type="noConversion"/></is></c>',
            '<c r="C3" t="inlineStr"><is><r><t>LXS</t></r><r><t>-20</t></r><rPh sb="0" eb="3"><t>エル</t></rPh></is></c>',
          ) +
          // a header written by Excel with a carriage return (_x000D_) in an inline string
          row(4, str('A4', '水表'), str('B4', 'ACC22-04'), str('C4', 'LXS_x000D_\n15')),
      ),
    });
    const { rows } = await parseAll(buf, { fileName: 'x.xlsx' });
    expect(rows.map((r) => [r.row, r.values.serialNo, r.values.model, r.cells[2]])).toEqual([
      [2, 'ACC22-02', 'LXS 15&E', 'LXS 15&E'],
      [3, 'ACC59-02', 'LXS-20', 'LXS-20'],
      [4, 'ACC22-04', 'LXS 15', 'LXS\r\n15'],
    ]);
    expect(issues(rows)).toEqual([]);
  });

  it('joins rich inline strings that straddle the chunks of a large sheet', async () => {
    const n = 4000;
    let body = HEADER;
    for (let i = 0; i < n; i++) {
      const r = i + 2;
      body += row(
        r,
        str(`A${r}`, '智能水表'),
        `<c r="B${r}" t="inlineStr"><is><r><t>SN</t></r><r><rPr><b/></rPr><t>-${String(i).padStart(6, '0')}</t></r><rPh sb="0" eb="2"><t>ｴｽｴﾇ</t></rPh></is></c>`,
        str(`C${r}`, '内蒙古自治区鄂尔多斯市乌审旗嘎鲁图镇'),
      );
    }
    const { rows } = await parseAll(await rewritten({ 'xl/worksheets/sheet1.xml': worksheet(body) }), { fileName: 'x.xlsx' });
    expect(rows).toHaveLength(n);
    const wrong = rows.filter((r, i) => r.values.serialNo !== `SN-${String(i).padStart(6, '0')}` || r.row !== i + 2);
    expect(wrong.map((r) => r.row)).toEqual([]);
  });

  it('rewrites worksheet XML the same however it is cut into chunks', () => {
    const xml = worksheet(
      '<row><c t="inlineStr"><is><r><t>AB</t></r><r><t>C&amp;D</t></r></is></c><c s="1"/><c><v>7</v></c></row>' +
        '<row r="5" spans="1:3"><c r="B5" t="inlineStr"><is><t>X</t><rPh sb="0" eb="1"><t>Y</t></rPh></is></c><c t="d"><v>2024-03-05T00:00:00Z</v></c></row>' +
        '<row/><row><c r="C7"><v>1</v></c><c/></row>',
    );
    const whole = new SheetXmlFixer();
    const expected = whole.push(xml) + whole.end();
    expect(expected).toContain(
      '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">ABC&amp;D</t></is></c><c r="B1" s="1"/><c r="C1"><v>7</v></c></row>',
    );
    expect(expected).toContain(
      '<c r="B5" t="inlineStr"><is><t xml:space="preserve">X</t></is></c><c r="C5" t="str"><v>2024-03-05T00:00:00Z</v></c>',
    );
    expect(expected).toContain('<row r="6"/><row r="7"><c r="C7"><v>1</v></c><c r="D7"/></row>');
    for (let size = 1; size <= 40; size++) {
      const f = new SheetXmlFixer();
      let out = '';
      for (let i = 0; i < xml.length; i += size) out += f.push(xml.slice(i, i + size));
      out += f.end();
      expect(out, `chunks of ${size}`).toBe(expected);
    }
    // nothing to do: the text passes unchanged
    const plain = worksheet(HEADER + row(2, str('A2', '水表'), num('B2', 12345)));
    const p = new SheetXmlFixer();
    expect(p.push(plain.slice(0, 300)) + p.push(plain.slice(300)) + p.end()).toBe(plain);
  });

  it('numbers rows and cells written without the optional r attribute', async () => {
    const buf = await rewritten({
      'xl/worksheets/sheet1.xml': worksheet(
        // header row without r, cells with r; then rows without r; then a row with r whose cells lack r
        `<row>${str('A1', '器具名称')}${str('B1', '出厂编号')}${str('C1', '型号')}</row>` +
          `<row><c t="inlineStr"><is><t>水表</t></is></c><c t="inlineStr"><is><t>ACC59-01</t></is></c><c t="inlineStr"><is><t>LXS-15</t></is></c></row>` +
          '<row r="6"><c t="inlineStr"><is><t>水表</t></is></c><c s="0"/><c t="inlineStr"><is><t>LXS-20</t></is></c></row>' +
          `<row>${str('A7', '水表')}<c t="inlineStr"><is><t>ACC22-07</t></is></c><c r="C7" t="inlineStr"><is><t>LXS-25</t></is></c></row>` +
          '<row spans="1:3"><c t="inlineStr"><is><t>水表</t></is></c><c t="inlineStr"><is><t>ACC22-08</t></is></c></row>',
      ),
    });
    const { rows } = await parseAll(buf, { fileName: 'x.xlsx' });
    expect(rows.map((r) => [r.row, r.values.serialNo, r.values.model])).toEqual([
      [2, 'ACC59-01', 'LXS-15'],
      [6, undefined, 'LXS-20'],
      [7, 'ACC22-07', 'LXS-25'],
      [8, 'ACC22-08', undefined],
    ]);
    expect(issues(rows)).toEqual([{ row: 6, column: '出厂编号', code: 'required_missing' }]);
  });

  it('reads 1904-system dates: formula results and Chinese built-in date formats, converted once', async () => {
    // 43894 / 46084 are 2024-03-05 / 2030-03-04 in the 1904 system (2020-03-04 / 2026-03-03 in the 1900 system)
    const styles = stylesXml([164, 31, 14, 57], { 164: 'yyyy-mm-dd' });
    const sheet = worksheet(
      HEADER +
        row(2, str('A2', '水表'), str('B2', 'ACC10-01'), num('D2', 43894, 1), num('E2', 46084, 1)) +
        row(3, str('A3', '水表'), str('B3', 'ACC10-02'), num('D3', 43894, 2), num('E3', 46084, 2)) +
        row(4, str('A4', '水表'), str('B4', 'ACC10-03'), num('D4', 43894, 3), num('E4', 46084, 3)) +
        row(5, str('A5', '水表'), str('B5', 'ACC10-04'), num('D5', 43894, 1), '<c r="E5" s="1"><f>EDATE(D5,72)-1</f><v>46084</v></c>') +
        row(6, str('A6', '水表'), str('B6', 'ACC10-05'), num('D6', 43894, 2), '<c r="E6" s="2"><f>EDATE(D6,72)-1</f><v>46084</v></c>'),
    );
    const buf = await rewritten({ 'xl/worksheets/sheet1.xml': sheet, 'xl/styles.xml': styles }, { date1904: true });
    const { rows } = await parseAll(buf, { fileName: 'x.xlsx' });
    expect(rows.map((r) => [r.row, r.values.verification?.date, r.values.verification?.validUntil])).toEqual([
      [2, '2024-03-05', '2030-03-04'],
      [3, '2024-03-05', '2030-03-04'],
      [4, '2024-03-05', '2030-03-04'],
      [5, '2024-03-05', '2030-03-04'],
      [6, '2024-03-05', '2030-03-04'],
    ]);
    expect(issues(rows)).toEqual([]);

    // the same numbers in a 1900-system workbook; built-in 31 (yyyy"年"m"月"d"日") and 30 (m-d-yy) become dates too
    const styles1900 = stylesXml([31, 30]);
    const sheet1900 = worksheet(
      HEADER +
        row(2, str('A2', '水表'), str('B2', 'ACC10-11'), num('D2', 45356, 1), num('E2', 47546, 2)) +
        row(3, str('A3', '水表'), str('B3', 'ACC10-12'), num('D3', 45356, 2), '<c r="E3" s="1"><f>EDATE(D3,72)-1</f><v>47546</v></c>'),
    );
    const b1900 = await rewritten({ 'xl/worksheets/sheet1.xml': sheet1900, 'xl/styles.xml': styles1900 });
    const r1900 = await parseAll(b1900, { fileName: 'x.xlsx' });
    expect(r1900.rows.map((r) => [r.row, r.cells[3], r.values.verification?.date, r.values.verification?.validUntil])).toEqual([
      [2, '2024-03-05', '2024-03-05', '2030-03-04'],
      [3, '2024-03-05', '2024-03-05', '2030-03-04'],
    ]);
  });

  it('delivers cells with a month-only date format as YYYY-MM text (first day, or last day for 有效期至, with a warning)', async () => {
    const styles = stylesXml([164, 165, 166, 57, 167, 168], {
      164: 'yyyy"年"m"月"',
      165: 'yyyy-mm',
      166: 'yyyy/m;@',
      167: '[$-804]yyyy"年"mm"月";@',
      168: 'yyyy-mm-dd hh:mm',
    });
    const sheet = worksheet(
      HEADER +
        row(2, str('A2', '水表'), str('B2', 'ACC56-01'), num('D2', 45352, 1), num('E2', 47515, 1)) +
        row(3, str('A3', '水表'), str('B3', 'ACC56-02'), num('D3', 45352, 2), num('E3', 47515, 2)) +
        row(4, str('A4', '水表'), str('B4', 'ACC56-03'), num('D4', 45352, 3), num('E4', 47515, 3)) +
        row(5, str('A5', '水表'), str('B5', 'ACC56-04'), num('D5', 45352, 4), num('E5', 47515, 4)) +
        row(6, str('A6', '水表'), str('B6', 'ACC56-05'), num('D6', 45352, 5), '<c r="E6" s="5"><f>EDATE(D6,71)</f><v>47515</v></c>') +
        // a full date with a time: not month-only
        row(7, str('A7', '水表'), str('B7', 'ACC56-06'), num('D7', 45352.5, 6), num('E7', 47515, 6)),
    );
    const buf = await rewritten({ 'xl/worksheets/sheet1.xml': sheet, 'xl/styles.xml': styles });
    const { rows } = await parseAll(buf, { fileName: 'x.xlsx' });
    expect(rows.map((r) => [r.row, r.cells[3], r.cells[4], r.values.verification?.date, r.values.verification?.validUntil])).toEqual([
      [2, '2024-03', '2030-02', '2024-03-01', '2030-02-28'],
      [3, '2024-03', '2030-02', '2024-03-01', '2030-02-28'],
      [4, '2024-03', '2030-02', '2024-03-01', '2030-02-28'],
      [5, '2024-03', '2030-02', '2024-03-01', '2030-02-28'],
      [6, '2024-03', '2030-02', '2024-03-01', '2030-02-28'],
      [7, '2024-03-01', '2030-02-01', '2024-03-01', '2030-02-01'],
    ]);
    expect(issues(rows, 'warnings').filter((w) => w.code === 'date_month_only')).toEqual(
      [2, 3, 4, 5, 6].flatMap((r) => [
        { row: r, column: '检定日期', code: 'date_month_only' },
        { row: r, column: '有效期至', code: 'date_month_only' },
      ]),
    );
    expect(issues(rows)).toEqual([]);
  });

  it('tells month-only number formats from others', () => {
    for (const f of ['yyyy"年"m"月"', 'yyyy-mm', 'yyyy/m', 'mmm-yy', 'yyyy"年"m"月";@', '[$-804]yyyy"年"mm"月"', 'yy.mm', 'mm/yyyy']) {
      expect(isMonthOnlyFormat(f), f).toBe(true);
    }
    for (const f of [
      'yyyy-mm-dd',
      'yyyy"年"m"月"d"日"',
      'm"月"d"日"',
      'yyyy',
      'h:mm',
      'yyyy hh:mm',
      'mm:ss',
      'General',
      '0.00',
      '"yyyy-mm"0',
      'yyyy\\mdd',
      undefined,
    ]) {
      expect(isMonthOnlyFormat(f), String(f)).toBe(false);
    }
  });

  it('reads prefixed namespaces, ISO date cells, absolute targets, oddly named parts and empty sheets', async () => {
    const X = 'x';
    const prefixed =
      `<?xml version="1.0" encoding="UTF-8"?><${X}:worksheet xmlns:${X}="${MAIN_NS}" xmlns:r="${REL_NS}"><${X}:sheetData>` +
      `<${X}:row r="1"><${X}:c r="A1" t="s"><${X}:v>0</${X}:v></${X}:c><${X}:c r="B1" t="s"><${X}:v>1</${X}:v></${X}:c><${X}:c r="C1" t="s"><${X}:v>2</${X}:v></${X}:c></${X}:row>` +
      `<${X}:row r="2"><${X}:c r="A2" t="inlineStr"><${X}:is><${X}:t>水表</${X}:t></${X}:is></${X}:c><${X}:c r="B2" t="inlineStr"><${X}:is><${X}:r><${X}:t>W</${X}:t></${X}:r><${X}:r><${X}:t>-01</${X}:t></${X}:r></${X}:is></${X}:c>` +
      `<${X}:c r="C2" s="1"><${X}:v>45356</${X}:v></${X}:c></${X}:row>` +
      `<${X}:row r="3"><${X}:c r="A3" t="inlineStr"><${X}:is><${X}:t>水表</${X}:t></${X}:is></${X}:c><${X}:c r="B3" t="inlineStr"><${X}:is><${X}:t>W-02</${X}:t></${X}:is></${X}:c>` +
      `<${X}:c r="C3" t="d"><${X}:v>2024-03-06T00:00:00Z</${X}:v></${X}:c></${X}:row>` +
      `</${X}:sheetData></${X}:worksheet>`;
    const sst =
      `<?xml version="1.0" encoding="UTF-8"?><${X}:sst xmlns:${X}="${MAIN_NS}" count="3" uniqueCount="3">` +
      `<${X}:si><${X}:t>器具名称</${X}:t></${X}:si><${X}:si><${X}:t>出厂编号_x000D_\n(表号)</${X}:t></${X}:si><${X}:si><${X}:t>检定日期</${X}:t></${X}:si></${X}:sst>`;
    const styles = stylesXml([164], { 164: 'yyyy-mm-dd' })
      .replace(/<(\/?)(?=[a-zA-Z])/g, `<$1${X}:`)
      .replace('xmlns=', `xmlns:${X}=`);
    const workbook =
      `<?xml version="1.0" encoding="UTF-8"?><${X}:workbook xmlns:${X}="${MAIN_NS}" xmlns:r="${REL_NS}"><${X}:sheets>` +
      `<${X}:sheet name="封面" sheetId="1" r:id="rId1"/><${X}:sheet name="台账" sheetId="2" r:id="rId2"/></${X}:sheets></${X}:workbook>`;
    const rels =
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="/xl/worksheets/cover.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="/xl/worksheets/data.xml"/>` +
      `<Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="/xl/strings.xml"/>` +
      `<Relationship Id="rId4" Type="${REL_NS}/styles" Target="styles/main.xml"/></Relationships>`;
    const buf = await rewritten({
      'xl/workbook.xml': workbook,
      'xl/_rels/workbook.xml.rels': rels,
      'xl/worksheets/sheet1.xml': null,
      'xl/sharedStrings.xml': null,
      'xl/styles.xml': null,
      'xl/worksheets/cover.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData/></worksheet>`,
      'xl/worksheets/data.xml': prefixed,
      'xl/strings.xml': sst,
      'xl/styles/main.xml': styles,
    });
    const { parsed, rows } = await parseAll(buf, { fileName: 'x.xlsx' });
    expect(parsed.sheetName).toBe('台账');
    expect(parsed.columns.map((c) => c.key)).toEqual(['instrumentName', 'serialNo', 'verificationDate']);
    expect(rows.map((r) => [r.row, r.values.serialNo, r.values.verification?.date])).toEqual([
      [2, 'W-01', '2024-03-05'],
      [3, 'W-02', '2024-03-06'],
    ]);
    expect(issues(rows)).toEqual([]);
  });

  it('reports hidden and very hidden sheets', async () => {
    const buf = await makeXlsx((ws, wb) => {
      ws.state = 'hidden';
      ws.addRow(['器具名称', '器具项别']);
      const b = wb.addWorksheet('台账');
      b.addRow(['器具名称', '出厂编号', '型号']);
      b.addRow(['水表', 'W-1', 'X']);
      const c = wb.addWorksheet('代码');
      c.state = 'veryHidden';
    }, '下拉数据');
    expect(listSheets(new ZipIndex(buf)).map((s) => [s.name, s.hidden])).toEqual([
      ['下拉数据', true],
      ['台账', false],
      ['代码', true],
    ]);
    const wb = openXlsx(buf);
    expect(wb.sheets.map((s) => s.hidden)).toEqual([true, false, true]);
    const seen: Array<[string, boolean]> = [];
    for await (const sheet of wb.iterate()) {
      seen.push([sheet.name, sheet.hidden]);
      await sheet.close();
    }
    expect(seen).toEqual([
      ['下拉数据', true],
      ['台账', false],
      ['代码', true],
    ]);
  });
});
