import { PassThrough } from 'node:stream';
import { enumLabel, type TTalentPerson, type TTalentRecommendation, t } from '@qiangjian/shared';
import { createPdf, footer, table, titleBlock } from '../../lib/documents/pdf.js';
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
  { key: 'talent.export.name', width: 10, share: 0.07 },
  { key: 'talent.export.source', width: 12, share: 0.08 },
  { key: 'talent.export.org', width: 26, share: 0.14 },
  { key: 'talent.export.specialties', width: 20, share: 0.12 },
  { key: 'talent.export.certificates', width: 36, share: 0.17 },
  { key: 'talent.export.activity', width: 30, share: 0.13 },
  { key: 'talent.export.reason', width: 50, share: 0.18 },
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
 * A4 landscape: title, subtitle, the table (long cells wrap to three lines in a taller row), footer. Rows move to a
 * new page with the header repeated.
 */
export async function recommendationsPdf(rows: readonly SheetRow[], h: SheetHeader): Promise<Buffer> {
  const pdf = createPdf({ size: 'A4', layout: 'landscape', margin: 36, title: t('talent.export.title') });
  titleBlock(pdf, t('talent.export.title'), t('talent.export.subtitle', { org: h.orgName, date: h.date, n: rows.length }), 36);
  table(
    pdf,
    COLUMNS.map((c) => ({
      title: t(c.key),
      share: c.share,
      align: c.key === 'talent.export.reason' ? ('left' as const) : ('center' as const),
    })),
    rows.map((r, i) => rowCells(r, i)),
    pdf.doc.y + 14,
    { rowHeight: 46, fontSize: 8, bottom: 50, lines: 3 },
  );
  footer(pdf, t('talent.export.footer'));
  return pdf.finish();
}
