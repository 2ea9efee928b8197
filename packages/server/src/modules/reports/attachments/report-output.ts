/**
 * Printed Attachments 2 and 3 (docs/REPORTS.md): XLSX with the template's multi-level merged headers (lib/sheets/writer)
 * and PDF on A3 landscape with the group header repeated on every page (lib/documents/pdf). Layouts come from
 * packages/shared/src/data/attachment2.ts / attachment3.ts; money prints in wan-yuan (half-up), rates as percent with 2
 * decimals or "—". A report that breaks an identity is refused here (`report_identity_violated`).
 */
import { PassThrough } from 'node:stream';
import { enumLabel, ratePrinted, type TAttachmentReport, type TRatio, type TReportRow, t } from '@qiangjian/shared';
import { ATTACHMENT2_LAYOUT, ATTACHMENT3_LAYOUT, type ReportColumn, type ReportLayout } from '@qiangjian/shared/data';
import { AppError } from '../../../errors.js';
import { createPdf, type Pdf, titleBlock } from '../../../lib/documents/pdf.js';
import { type SheetColumn, XlsxWriter } from '../../../lib/sheets/writer.js';
import { yuanToWanPrinted } from './facts.rules.js';

/** Throws `report_identity_violated` listing the broken identities (the printed outputs never show a false table). */
export function assertPrintable(r: TAttachmentReport): void {
  if (r.identityViolations.length === 0) return;
  const list = r.identityViolations
    .map((v) =>
      t('report.identity.item', {
        identity: t(`report.identity.${v.identity}`),
        row: v.row === 'total' ? t('report.stats.total') : v.row,
        expected: v.expected,
        actual: v.actual,
      }),
    )
    .join('；');
  throw new AppError('report_identity_violated', { params: { list }, details: r.identityViolations });
}

function isRatio(v: unknown): v is TRatio {
  return typeof v === 'object' && v !== null && 'denominator' in v;
}

/** A cell as printed (text), by the column's kind. */
export function printedCell(col: ReportColumn, v: TReportRow[string] | undefined): string {
  if (v === null || v === undefined) return col.kind === 'rate' ? t('report.stats.none') : '';
  if (col.kind === 'rate' && isRatio(v)) return ratePrinted(v.rate);
  if (col.kind === 'money' && typeof v === 'number') return yuanToWanPrinted(v);
  if (col.kind === 'bool' && typeof v === 'boolean') return enumLabel('yesNo', v ? 'yes' : 'no');
  if (col.kind === 'enum' && typeof v === 'string' && col.enumName) return enumLabel(col.enumName, v);
  return String(v);
}

/** An XLSX cell: numbers stay numbers (counts, wan-yuan), the rest printed text. */
function sheetCell(col: ReportColumn, v: TReportRow[string] | undefined): string | number | null {
  if (col.kind === 'count' && typeof v === 'number') return v;
  if (col.kind === 'money' && typeof v === 'number') return Number(yuanToWanPrinted(v));
  const s = printedCell(col, v);
  return s === '' ? null : s;
}

const subtitle = (r: TAttachmentReport, layout: ReportLayout) =>
  t('report.stats.subtitle', {
    region: r.region.name,
    from: r.periodStart,
    to: r.periodEnd,
    asOf: r.asOf,
    template: layout.title,
    version: layout.version,
  });

/** Printed column of the pivot: the layout column, for a meter type (or none). */
interface PrintColumn {
  col: ReportColumn;
  meterType?: string;
  path: string[];
}

function a2PrintColumns(): PrintColumn[] {
  const out: PrintColumn[] = [];
  const fixed = ATTACHMENT2_LAYOUT.columns.filter((c) => !c.perMeterType && c.key !== 'meterType' && c.key !== 'remarks');
  for (const c of fixed) out.push({ col: c, path: [c.header] });
  for (const mt of ATTACHMENT2_LAYOUT.meterTypes ?? [])
    for (const c of ATTACHMENT2_LAYOUT.columns.filter((x) => x.perMeterType))
      out.push({ col: c, meterType: mt.key, path: c.group ? [mt.header, c.group, c.header] : [mt.header, c.header] });
  const remarks = ATTACHMENT2_LAYOUT.columns.find((c) => c.key === 'remarks');
  if (remarks) out.push({ col: remarks, path: [remarks.header] });
  return out;
}

/** Per-type sums of the rows (the printed total of each meter type; within a type each record is in one row). */
function a2TypeTotals(r: TAttachmentReport): Map<string, TReportRow> {
  const m = new Map<string, TReportRow>();
  for (const mt of ATTACHMENT2_LAYOUT.meterTypes ?? []) {
    const rows = r.rows.filter((x) => x.meterType === mt.key);
    const sum: TReportRow = {};
    for (const c of ATTACHMENT2_LAYOUT.columns) {
      if (c.kind === 'count' || c.kind === 'money') {
        const vals = rows.map((x) => x[c.key]).filter((v): v is number => typeof v === 'number');
        sum[c.key] = vals.length ? Math.round(vals.reduce((a, b) => a + b, 0) * 100) / 100 : null;
      }
    }
    const ratioOf = (num: string, den: string): TRatio => {
      const a = Number(sum[num] ?? 0);
      const b = Number(sum[den] ?? 0);
      return { numerator: a, denominator: b, rate: b === 0 ? null : Math.round((a / b) * 10000) / 10000 };
    };
    sum.firstVerificationRate = ratioOf('firstVerified', 'installed');
    sum.rotationRate = ratioOf('rotated', 'dueForRotation');
    const valid = rows.reduce((a, x) => a + (isRatio(x.verificationRate) ? x.verificationRate.numerator : 0), 0);
    sum.verificationRate = {
      numerator: valid,
      denominator: Number(sum.inService ?? 0),
      rate: Number(sum.inService ?? 0) === 0 ? null : Math.round((valid / Number(sum.inService)) * 10000) / 10000,
    };
    sum.samplePassRate = ratioOf('samplePassed', 'sampled');
    m.set(mt.key, sum);
  }
  return m;
}

/** Printed rows of Attachment 2 (one per enterprise, meter types side by side) and the total row. */
function a2PrintRows(r: TAttachmentReport, cols: PrintColumn[]): Array<Array<TReportRow[string] | undefined>> {
  const byOrg = new Map<number, TReportRow[]>();
  for (const row of r.rows) byOrg.set(Number(row.orgId), [...(byOrg.get(Number(row.orgId)) ?? []), row]);
  const out: Array<Array<TReportRow[string] | undefined>> = [];
  let seq = 0;
  for (const rows of byOrg.values()) {
    seq++;
    const first = rows[0] as TReportRow;
    out.push(
      cols.map((c) =>
        c.meterType ? rows.find((x) => x.meterType === c.meterType)?.[c.col.key] : c.col.key === 'seq' ? seq : first[c.col.key],
      ),
    );
  }
  const totals = a2TypeTotals(r);
  out.push(
    cols.map((c) => {
      if (c.col.key === 'enterpriseName') return t('report.stats.total');
      return c.meterType ? totals.get(c.meterType)?.[c.col.key] : null;
    }),
  );
  return out;
}

function a3PrintColumns(): PrintColumn[] {
  return ATTACHMENT3_LAYOUT.columns.map((c) => ({ col: c, path: c.group ? [c.group, c.header] : [c.header] }));
}

function a3PrintRows(r: TAttachmentReport, cols: PrintColumn[]): Array<Array<TReportRow[string] | undefined>> {
  const total: TReportRow = { ...r.total, stationName: t('report.stats.total') };
  return [...r.rows, total].map((row) => cols.map((c) => row[c.col.key]));
}

async function toBuffer(build: (w: XlsxWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const w = new XlsxWriter(out, { styles: true });
  await build(w);
  await w.commit();
  await done;
  return Buffer.concat(chunks);
}

/** The report as an XLSX workbook with the template's merged multi-level header. */
export async function attachmentXlsx(r: TAttachmentReport): Promise<Buffer> {
  assertPrintable(r);
  const a2 = r.template.id === ATTACHMENT2_LAYOUT.id;
  const layout = a2 ? ATTACHMENT2_LAYOUT : ATTACHMENT3_LAYOUT;
  const cols = a2 ? a2PrintColumns() : a3PrintColumns();
  const rows = a2 ? a2PrintRows(r, cols) : a3PrintRows(r, cols);
  return toBuffer(async (w) => {
    const head: SheetColumn[] = cols.map((c) => ({ header: c.path, width: c.col.width }));
    const sheet = w.addSheet(layout.title, { title: layout.title, preamble: [[subtitle(r, layout)]], columns: head });
    for (const row of rows) sheet.addRow(row.map((v, i) => sheetCell((cols[i] as PrintColumn).col, v)));
    if (a2 && r.blocks) {
      sheet.addRow([]);
      sheet.addRow([t('report.stats.blocks')]);
      for (const b of ATTACHMENT2_LAYOUT.blocks ?? []) sheet.addRow([b.group, b.label, r.blocks[b.key] ?? null]);
    }
    sheet.commit();
  });
}

interface PdfColumn {
  group?: string;
  title: string;
  width: number;
}

/**
 * A table with a two-level header (a group band over its columns; ungrouped columns span both rows), repeated at
 * the top of every page; cells cut with an ellipsis. Returns the y below the last row.
 */
function groupedTable(pdf: Pdf, cols: readonly PdfColumn[], rows: readonly string[][], y: number): number {
  const { doc, left, width } = pdf;
  const sum = cols.reduce((a, c) => a + c.width, 0);
  const ws = cols.map((c) => (c.width / sum) * width);
  const bandH = 14;
  const leafH = 46;
  const rowH = 15;
  const bottom = doc.page.height - doc.page.margins.bottom;
  let at = y;
  const header = () => {
    doc.fontSize(6.5).fillColor('#000');
    let x = left;
    for (let i = 0; i < cols.length; ) {
      const c = cols[i] as PdfColumn;
      if (!c.group) {
        const w = ws[i] as number;
        doc.rect(x, at, w, bandH + leafH).fillAndStroke('#eeeeee', '#888');
        doc.fillColor('#000').text(c.title, x + 1.5, at + 4, { width: w - 3, height: bandH + leafH - 6, align: 'center' });
        x += w;
        i++;
        continue;
      }
      let j = i;
      let bw = 0;
      while (j < cols.length && cols[j]?.group === c.group) bw += ws[j++] as number;
      doc.rect(x, at, bw, bandH).fillAndStroke('#e4e4e4', '#888');
      doc.fillColor('#000').text(c.group, x + 1.5, at + 4, { width: bw - 3, height: bandH - 4, align: 'center', lineBreak: false });
      let lx = x;
      for (let k = i; k < j; k++) {
        const w = ws[k] as number;
        doc.rect(lx, at + bandH, w, leafH).fillAndStroke('#eeeeee', '#888');
        doc
          .fillColor('#000')
          .text((cols[k] as PdfColumn).title, lx + 1.5, at + bandH + 3, { width: w - 3, height: leafH - 4, align: 'center' });
        lx += w;
      }
      x += bw;
      i = j;
    }
    at += bandH + leafH;
  };
  header();
  for (const row of rows) {
    if (at + rowH > bottom) {
      doc.addPage();
      at = doc.page.margins.top;
      header();
    }
    let x = left;
    doc.fontSize(6.5);
    row.forEach((cell, i) => {
      const w = ws[i] as number;
      doc.rect(x, at, w, rowH).stroke('#888');
      doc.text(cell, x + 1.5, at + 4, { width: w - 3, height: 9, align: 'center', ellipsis: true, lineBreak: false });
      x += w;
    });
    at += rowH;
  }
  return at;
}

/** The report as a PDF (A3 landscape, CJK fonts, header repeated on every page). */
export async function attachmentPdf(r: TAttachmentReport): Promise<Buffer> {
  assertPrintable(r);
  const a2 = r.template.id === ATTACHMENT2_LAYOUT.id;
  const layout = a2 ? ATTACHMENT2_LAYOUT : ATTACHMENT3_LAYOUT;
  const pdf = createPdf({ size: 'A3', layout: 'landscape', margin: 30, title: layout.title });
  titleBlock(pdf, layout.title, subtitle(r, layout), 30);
  let y = pdf.doc.y + 12;
  if (a2) {
    // one table per meter type (long form: a row per enterprise), the group header repeated on every page
    const cols = ATTACHMENT2_LAYOUT.columns.filter((c) => c.key !== 'meterType');
    const totals = a2TypeTotals(r);
    for (const mt of ATTACHMENT2_LAYOUT.meterTypes ?? []) {
      const rows = r.rows.filter((x) => x.meterType === mt.key);
      if (y > pdf.doc.page.height - 160) {
        pdf.doc.addPage();
        y = pdf.doc.page.margins.top;
      }
      pdf.doc
        .fontSize(11)
        .fillColor('#000')
        .text(t('report.stats.meterTypeSection', { meterType: mt.header }), pdf.left, y);
      y = pdf.doc.y + 4;
      const total: TReportRow = { ...(totals.get(mt.key) ?? {}), enterpriseName: t('report.stats.total') };
      const printed = [...rows.map((x, i): TReportRow => ({ ...x, seq: i + 1 })), total].map((x) =>
        cols.map((c) => printedCell(c, x[c.key])),
      );
      y =
        groupedTable(
          pdf,
          cols.map((c) => ({ group: c.group, title: c.header, width: c.width })),
          printed,
          y,
        ) + 16;
    }
    if (r.blocks) {
      if (y > pdf.doc.page.height - 80) {
        pdf.doc.addPage();
        y = pdf.doc.page.margins.top;
      }
      const line = (ATTACHMENT2_LAYOUT.blocks ?? [])
        .map((b) => `${b.group}·${b.label}：${r.blocks?.[b.key] ?? t('report.stats.none')}`)
        .join('　');
      pdf.doc.fontSize(9).text(`${t('report.stats.blocks')}：${line}`, pdf.left, y, { width: pdf.width });
    }
  } else {
    const cols = ATTACHMENT3_LAYOUT.columns;
    const printed = a3PrintRows(r, a3PrintColumns()).map((row) => row.map((v, i) => printedCell(cols[i] as ReportColumn, v)));
    groupedTable(
      pdf,
      cols.map((c) => ({ group: c.group, title: c.header, width: c.width })),
      printed,
      y,
    );
  }
  return pdf.finish();
}
