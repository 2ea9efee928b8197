import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { SheetXmlFixer } from '../../src/lib/sheets/xlsx.js';
import { inflatedLimit, MAX_TEXT_PART_BYTES, sharedStringsOf } from '../../src/lib/sheets/zip.js';
import { makeXlsx, parseAll } from '../files.js';

/**
 * Files made to hurt the reader (issue 11): shared strings full of unclosed tags (a backtracking regular expression
 * over them was quadratic: a 2.3 KB file froze the server for ~27 s), and zip parts that inflate far past their size.
 */

async function withPart(name: string, text: string): Promise<Buffer> {
  const base = await makeXlsx((ws) => {
    ws.addRow(['器具名称', '出厂编号', '型号']);
    ws.addRow(['燃气表', 'Q-1', 'G4']);
  });
  const zip = await JSZip.loadAsync(base);
  zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

describe('shared strings are read in one pass over their tags', () => {
  it('reads plain, rich-text, phonetic, prefixed, empty, entity and CDATA strings', () => {
    const xml =
      '<?xml version="1.0"?><sst xmlns="…" count="6">' +
      '<si><t>燃气表</t></si>' +
      '<si><r><rPr><b/></rPr><t>器具</t></r><r><t xml:space="preserve">名称 </t></r><rPh sb="0" eb="2"><t>qiju</t></rPh></si>' +
      '<x:si><x:t>前缀</x:t></x:si>' +
      '<si/>' +
      '<si><t>A&amp;B &lt;1&gt; a>b</t></si>' +
      '<!-- <si><t>comment</t></si> -->' +
      '<si><t><![CDATA[<raw>]]></t></si>' +
      '</sst>';
    expect(sharedStringsOf(xml)).toEqual(['燃气表', '器具名称 ', '前缀', '', 'A&B <1> a>b', '<raw>']);
  });

  it('a small XLSX whose shared strings are 200,000 unclosed tags parses (the old regular expression was quadratic)', async () => {
    const hostile = `<sst>${'<si><t>x'.repeat(200_000)}</sst>`;
    expect(sharedStringsOf(hostile)).toEqual([]);
    const buf = await withPart('xl/sharedStrings.xml', hostile);
    expect(buf.length).toBeLessThan(64 * 1024);
    // the sheet's shared-string cells now point at strings that are not there: the header is not found, the file is refused
    await expect(parseAll(buf, { fileName: 'hostile.xlsx' })).rejects.toMatchObject({ code: 'no_header_row' });
  });
});

describe('zip parts inflate only so far', () => {
  it('limits: 64 MiB for a part read whole, 250 × the compressed size (64 MiB … 1 GiB) for a streamed sheet', () => {
    expect(MAX_TEXT_PART_BYTES).toBe(64 * 2 ** 20);
    expect(inflatedLimit(1000)).toBe(64 * 2 ** 20);
    expect(inflatedLimit(1 * 2 ** 20)).toBe(250 * 2 ** 20);
    expect(inflatedLimit(100 * 2 ** 20)).toBe(2 ** 30);
  });

  it('shared strings that inflate past 64 MiB end the read with a Chinese reason, not a heap of gigabytes', async () => {
    const bomb = await withPart('xl/sharedStrings.xml', `<sst><si><t>${' '.repeat(70 * 2 ** 20)}</t></si></sst>`);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await parseAll(bomb, { fileName: 'bomb.xlsx' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'limit_exceeded' });
    expect((err as Error).message).toContain('解压后超过 64 MB');
  });

  it('a worksheet that inflates past 250 × its compressed size ends the read with the same reason', async () => {
    const rows = '<row r="3"><c r="A3" t="inlineStr"><is><t>燃气表</t></is></c></row>'.repeat(2_000_000);
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
    const bomb = await withPart('xl/worksheets/sheet1.xml', sheet);
    const err = await parseAll(bomb, { fileName: 'sheet-bomb.xlsx' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'limit_exceeded' });
    expect((err as Error).message).toContain('sheet1.xml');
  });
});

describe('worksheet text on its way to ExcelJS is rewritten in linear time', () => {
  const through = (text: string, chunk = 16 * 1024) => {
    const fixer = new SheetXmlFixer();
    let out = '';
    for (let i = 0; i < text.length; i += chunk) out += fixer.push(text.slice(i, i + chunk));
    return out + fixer.end();
  };
  const root = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

  it('still numbers rows and cells without r and joins rich inline strings', () => {
    const out = through(
      `${root}<row><c><v>1</v></c><c t="inlineStr"><is><r><t>燃气</t></r><r><t>表</t></r><rPh><t>x</t></rPh></is></c></row></sheetData></worksheet>`,
      7,
    );
    expect(out).toContain('<row r="1">');
    expect(out).toContain('<c r="A1"><v>1</v></c>');
    expect(out).toContain('<c r="B1" t="inlineStr"><is><t xml:space="preserve">燃气表</t></is></c>');
  });

  it('12 MB of row and cell tags that never close, and of inline strings that never end, pass through (quadratic before: past the 60 s test limit)', () => {
    const cells = through(`${root}<row>${'<c <c r= '.repeat(1_400_000)}`);
    expect(cells.length).toBeGreaterThan(12_000_000);
    const inline = through(`${root}<row r="1"><c r="A1" t="inlineStr">${'<is><r><rPh><t>'.repeat(850_000)}</c></row>`);
    expect(inline.length).toBeGreaterThan(12_000_000);
  });
});
