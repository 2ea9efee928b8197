/**
 * PDF building blocks for official documents and reports (pdfkit): a page with the CJK font set, a centred
 * title block, a bordered label：value grid, a table that repeats its header on each new page, and a footer
 * line. Text comes from the catalog (`t(...)`); positions are in PDF points (A4 = 595 × 842).
 */
import PDFDocument from 'pdfkit';
import { FONT, registerCjkFonts } from './fonts.js';

export type PageSize = 'A4' | 'A3';

export interface PdfOptions {
  size?: PageSize;
  layout?: 'portrait' | 'landscape';
  /** page margin in points (default 40) */
  margin?: number;
  /** per-side margins in points (official documents: GB/T 9704 page layout), overriding `margin` */
  margins?: { top: number; bottom: number; left: number; right: number };
  /** document title in the PDF's metadata */
  title?: string;
}

export interface Pdf {
  doc: PDFKit.PDFDocument;
  /** left edge of the writing area */
  left: number;
  /** width of the writing area */
  width: number;
  /** ends the document and resolves with its bytes */
  finish(): Promise<Buffer>;
}

/** A new document with the CJK faces registered and the regular face set on every page. */
export function createPdf(o: PdfOptions = {}): Pdf {
  const margin = o.margin ?? 40;
  const doc = new PDFDocument({
    size: o.size ?? 'A4',
    layout: o.layout ?? 'portrait',
    ...(o.margins ? { margins: o.margins } : { margin }),
    info: o.title ? { Title: o.title } : undefined,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerCjkFonts(doc);
  doc.font(FONT.regular);
  doc.on('pageAdded', () => doc.font(FONT.regular));
  return {
    doc,
    left: o.margins?.left ?? margin,
    width: doc.page.width - (o.margins ? o.margins.left + o.margins.right : 2 * margin),
    finish: () => {
      doc.end();
      return done;
    },
  };
}

/** A centred title (18 pt) with an optional grey subtitle line (9 pt) at the top of the page. */
export function titleBlock(pdf: Pdf, title: string, subtitle?: string, top = 40): void {
  const { doc, left, width } = pdf;
  doc.fontSize(18).text(title, left, top, { width, align: 'center' });
  if (subtitle === undefined) return;
  doc.moveDown(0.3);
  doc.fontSize(9).fillColor('#555').text(subtitle, { width, align: 'center' });
  doc.fillColor('#000');
}

/** Bordered `label：value` cells, `columns` to a row (default 2); returns the y below the grid. */
export function fieldGrid(
  pdf: Pdf,
  fields: readonly [string, string][],
  y: number,
  o: { columns?: number; rowHeight?: number } = {},
): number {
  const { doc, left, width } = pdf;
  const columns = o.columns ?? 2;
  const rowH = o.rowHeight ?? 20;
  const colW = width / columns;
  doc.fontSize(10);
  let rowY = y;
  fields.forEach(([k, v], i) => {
    const x = left + (i % columns) * colW;
    if (i % columns === 0 && i > 0) rowY += rowH;
    doc.rect(x, rowY, colW, rowH).stroke('#999');
    doc.text(`${k}：${v}`, x + 6, rowY + 5, { width: colW - 12, height: 12, ellipsis: true });
  });
  return fields.length ? rowY + rowH : y;
}

export interface TableColumn {
  /** header text */
  title: string;
  /** share of the writing width (the shares add up to 1) */
  share: number;
  align?: 'left' | 'center' | 'right';
}

/**
 * A bordered table from `y` down: a grey header row, then one row per entry (cut with an ellipsis to one
 * line). A row that would reach `bottom` points above the page end moves to a new page, which repeats the
 * header. Returns the y below the last row.
 */
export function table(
  pdf: Pdf,
  columns: readonly TableColumn[],
  rows: Iterable<readonly string[]>,
  y: number,
  o: { rowHeight?: number; bottom?: number; fontSize?: number } = {},
): number {
  const { doc, left, width } = pdf;
  const rowH = o.rowHeight ?? 20;
  const bottom = o.bottom ?? 90;
  const size = o.fontSize ?? 9;
  let at = y;
  const header = () => {
    let x = left;
    doc.fontSize(size);
    for (const c of columns) {
      const w = c.share * width;
      doc.rect(x, at, w, rowH).fillAndStroke('#eeeeee', '#999');
      doc.fillColor('#000').text(c.title, x + 3, at + 6, { width: w - 6, align: 'center', lineBreak: false });
      x += w;
    }
    at += rowH;
  };
  header();
  for (const row of rows) {
    if (at + rowH > doc.page.height - bottom) {
      doc.addPage();
      at = doc.page.margins.top;
      header();
    }
    let x = left;
    columns.forEach((c, i) => {
      const w = c.share * width;
      doc.rect(x, at, w, rowH).stroke('#999');
      doc.text(row[i] ?? '', x + 3, at + 6, { width: w - 6, height: 11, align: c.align ?? 'center', ellipsis: true });
      x += w;
    });
    at += rowH;
  }
  return at;
}

/** A small grey line at the foot of the current page (right-aligned unless told). */
export function footer(pdf: Pdf, text: string, align: 'left' | 'center' | 'right' = 'right'): void {
  const { doc, left, width } = pdf;
  doc
    .fontSize(8)
    .fillColor('#777')
    .text(text, left, doc.page.height - 60, { width, align });
  doc.fillColor('#000');
}
