/**
 * The printable QR label sheet: A4 pages of `QR_LABEL_SHEET.columns × rows` labels, each with the QR code of the
 * instrument's public page (/p/<code>), the code under it, the category, serial number, organization and site.
 * Names that do not fit are wrapped to two lines and shortened with an ellipsis. The QR modules are drawn as
 * vector squares, so the code stays sharp at any print size.
 */
import { enumLabel, t } from '@qiangjian/shared';
import { QR_LABEL_SHEET } from '@qiangjian/shared/data';
import QRCode from 'qrcode';
import { FONT } from '../../lib/documents/fonts.js';
import { createPdf } from '../../lib/documents/pdf.js';

export interface QrLabel {
  url: string;
  publicCode: string;
  category: string;
  instrumentName: string;
  serialNo: string;
  orgName: string | null;
  siteName: string | null;
}

const MM = 72 / 25.4;

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, side: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = side / n;
  doc.save().fillColor('#000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + c * cell, y + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

export async function renderQrSheet(labels: QrLabel[], title: string): Promise<Buffer> {
  const S = QR_LABEL_SHEET;
  const pdf = createPdf({ margin: 0, title });
  const { doc } = pdf;
  const w = S.labelWidthMm * MM;
  const h = S.labelHeightMm * MM;
  const gap = S.gapMm * MM;
  const left = (doc.page.width - (S.columns * w + (S.columns - 1) * gap)) / 2;
  const top = (doc.page.height - (S.rows * h + (S.rows - 1) * gap)) / 2;
  const perPage = S.columns * S.rows;
  const qr = S.qrMm * MM;
  labels.forEach((l, i) => {
    const k = i % perPage;
    if (i > 0 && k === 0) doc.addPage({ margin: 0 });
    const x = left + (k % S.columns) * (w + gap);
    const y = top + Math.floor(k / S.columns) * (h + gap);
    doc.save().lineWidth(0.4).strokeColor('#999').roundedRect(x, y, w, h, 4).stroke().restore();
    const pad = 2.5 * MM;
    drawQr(doc, l.url, x + pad, y + pad, qr);
    // the code under the QR, as a fallback to typing the address
    doc.font(FONT.regular).fontSize(6.5).fillColor('#000');
    doc.text(l.publicCode, x + pad, y + pad + qr + 0.6 * MM, { width: qr, align: 'center', lineBreak: false });
    const tx = x + pad + qr + 2 * MM;
    const tw = x + w - pad - tx;
    let ty = y + pad;
    const line = (text: string, size: number, bold: boolean, lines = 1) => {
      doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
      const height = size * 1.25 * lines;
      doc.text(text, tx, ty, { width: tw, height, ellipsis: true, lineGap: 0 });
      ty += Math.min(doc.heightOfString(text, { width: tw }), height) + 1.2;
    };
    line(enumLabel('category', l.category), 8.5, true);
    if (l.instrumentName && l.instrumentName !== enumLabel('category', l.category)) line(l.instrumentName, 6.5, false);
    line(t('qr.sheet.serial', { serial: l.serialNo }), 7, false, 2);
    if (l.orgName) line(l.orgName, 6.5, false, 2);
    if (l.siteName && l.siteName !== l.orgName) line(l.siteName, 6.5, false);
    doc.font(FONT.regular).fontSize(6).fillColor('#555');
    doc.text(t('qr.label.scan'), tx, y + h - pad - 7, { width: tw, lineBreak: false, ellipsis: true });
    doc.fillColor('#000');
  });
  return pdf.finish();
}
