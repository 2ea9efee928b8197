import { PassThrough } from 'node:stream';
import { enumLabel, type TTalentPerson, type TTalentRecommendation, t } from '@qiangjian/shared';
import { createPdf, footer, titleBlock } from '../../lib/documents/pdf.js';
import { XlsxWriter } from '../../lib/sheets/writer.js';

/** The recommendation list (计量人才推荐名单, docs/TALENT.md) as XLSX and as an A4 landscape PDF; text from the catalog. */

export interface SheetRow {
  person: TTalentPerson;
  rec: TTalentRecommendation;
}
export interface SheetHeader {
  orgName: string;
  date: string;
}

function certificatesText(p: TTalentPerson): string {
  return p.certificates
    .map((c) =>
      t(c.state === 'valid' ? 'talent.export.certificate' : 'talent.export.certificateFlagged', {
        name: c.name,
        until: c.validUntil,
        state: enumLabel('certificateState', c.state),
      }),
    )
    .join(t('talent.export.separator'));
}
function activityText(p: TTalentPerson): string {
  const a = p.activity;
  return t('talent.export.activityText', { v: a.verifications, i: a.inspections, c: a.cases, p: a.complaints });
}

/** Cells of a row in the export's column order. */
export function rowCells(r: SheetRow, i: number): string[] {
  const p = r.person;
  return [
    String(i + 1),
    p.name,
    enumLabel('talentSource', p.source),
    p.orgName,
    p.specialties.join(t('talent.export.listSeparator')),
    certificatesText(p),
    activityText(p),
    r.rec.reason,
    r.rec.recommendedAt.slice(0, 10),
  ];
}

const COLUMNS = [
  { key: 'talent.export.no', width: 6, share: 0.04 },
  { key: 'talent.export.name', width: 10, share: 0.06 },
  { key: 'talent.export.source', width: 12, share: 0.08 },
  { key: 'talent.export.org', width: 26, share: 0.13 },
  { key: 'talent.export.specialties', width: 20, share: 0.1 },
  { key: 'talent.export.certificates', width: 36, share: 0.16 },
  { key: 'talent.export.activity', width: 30, share: 0.12 },
  { key: 'talent.export.reason', width: 50, share: 0.24 },
  { key: 'talent.export.recommendedAt', width: 12, share: 0.07 },
] as const;

export async function recommendationsXlsx(rows: readonly SheetRow[], h: SheetHeader): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const w = new XlsxWriter(out, { styles: true });
  const title = t('talent.export.title');
  const sheet = w.addSheet(title, {
    title,
    preamble: [[t('talent.export.subtitle', { org: h.orgName, date: h.date, n: rows.length })]],
    columns: COLUMNS.map((c) => ({ header: t(c.key), width: c.width })),
  });
  for (const [i, r] of rows.entries()) sheet.addRow(rowCells(r, i));
  sheet.commit();
  await w.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A4 landscape: title, subtitle, the table, footer. Rows grow with their longest cell (a reason is never cut); a row
 * that does not fit moves to a new page, which repeats the header.
 */
export async function recommendationsPdf(rows: readonly SheetRow[], h: SheetHeader): Promise<Buffer> {
  const pdf = createPdf({ size: 'A4', layout: 'landscape', margin: 36, title: t('talent.export.title') });
  const { doc, left, width } = pdf;
  titleBlock(pdf, t('talent.export.title'), t('talent.export.subtitle', { org: h.orgName, date: h.date, n: rows.length }), 36);
  const widths = COLUMNS.map((c) => c.share * width);
  const pad = 4;
  const size = 8.5;
  const bottom = doc.page.height - 56;
  const drawRow = (cells: readonly string[], y: number, header: boolean): number => {
    doc.fontSize(size);
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] as number) - 2 * pad }));
    const rowH = Math.max(18, ...heights.map((x) => x + 2 * pad));
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i] as number;
      if (header) doc.rect(x, y, w, rowH).fillAndStroke('#eeeeee', '#999');
      else doc.rect(x, y, w, rowH).stroke('#999');
      const align = !header && COLUMNS[i]?.key === 'talent.export.reason' ? 'left' : 'center';
      doc.fillColor('#000').text(text, x + pad, y + pad, { width: w - 2 * pad, align });
      x += w;
    });
    return rowH;
  };
  const head = COLUMNS.map((c) => t(c.key));
  let y = doc.y + 14;
  y += drawRow(head, y, true);
  for (const [i, r] of rows.entries()) {
    const cells = rowCells(r, i);
    doc.fontSize(size);
    const need = Math.max(...cells.map((text, k) => doc.heightOfString(text, { width: (widths[k] as number) - 2 * pad }))) + 2 * pad;
    if (y + need > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      y += drawRow(head, y, true);
    }
    y += drawRow(cells, y, false);
  }
  footer(pdf, t('talent.export.footer'));
  return pdf.finish();
}
