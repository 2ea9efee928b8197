import { describe, expect, it } from 'vitest';
import { createPdf, fieldGrid, footer, table, titleBlock } from './pdf.js';

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

describe('lib/documents/pdf', () => {
  it('builds an A4 document with a title, a field grid, a table and a footer', async () => {
    const pdf = createPdf({ title: 'T' });
    titleBlock(pdf, 'Title', 'subtitle');
    const y = fieldGrid(
      pdf,
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ],
      90,
    );
    expect(y).toBe(130);
    const end = table(
      pdf,
      [
        { title: 'No', share: 0.2 },
        { title: 'Name', share: 0.8, align: 'left' },
      ],
      [
        ['1', 'x'],
        ['2', 'y'],
      ],
      y + 10,
    );
    expect(end).toBe(y + 10 + 3 * 20);
    footer(pdf, 'printed');
    const out = await pdf.finish();
    expect(out.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages(out)).toBe(1);
    expect(pdf.width).toBe(595.28 - 80);
  });

  it('continues a long table on new pages (header repeated) and sizes A3 landscape', async () => {
    const pdf = createPdf({ size: 'A3', layout: 'landscape' });
    expect(pdf.doc.page.width).toBeGreaterThan(pdf.doc.page.height);
    const rows = Array.from({ length: 120 }, (_, i) => [String(i + 1)]);
    table(pdf, [{ title: 'No', share: 1 }], rows, 40);
    // A3 landscape: (842 − 40 − 90) / 20 ≈ 35 rows a page with its header
    expect(pages(await pdf.finish())).toBe(4);
  });
});
