/**
 * Official administrative documents (执法文书: 责令改正通知书, 行政处罚决定书; docs/ENFORCEMENT.md "Documents") as one
 * plain model rendered twice: a PDF (pdfkit, A4, GB/T 9704-style page: margins 37/35/28/26 mm, 3号 serif body with a
 * two-character first-line indent, 2号 bold title, optional red authority header, signature and seal block) and a DOCX
 * that bureaus edit (the same page and text, minimal WordprocessingML). Text comes from the caller (catalog + records).
 */

import * as zlib from 'node:zlib';
import { deflateRawSync } from 'node:zlib';
import { FONT } from './fonts.js';
import { createPdf } from './pdf.js';

export type Block =
  | { kind: 'salutation'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'item'; n: number; text: string }
  | { kind: 'label'; label: string; text: string }
  /** a section heading (bold, no indent) */
  | { kind: 'heading'; text: string }
  /** a bordered table; cells wrap, a row that does not fit moves to the next page with the header repeated */
  | { kind: 'table'; columns: readonly OfficialColumn[]; rows: readonly (readonly string[])[] }
  /** signature boxes side by side: a caption, the drawn signature image (PNG/JPEG) or a blank line, a name */
  | { kind: 'signatures'; items: readonly OfficialSignature[] };

export interface OfficialColumn {
  title: string;
  /** share of the writing width (the shares add up to 1) */
  share: number;
}

export interface OfficialSignature {
  label: string;
  /** printed under the signature (e.g. the 执法证号); empty for none */
  caption: string;
  image: Buffer | null;
}

export interface OfficialDocument {
  /** the issuing authority: red header (optional) and signature */
  authority: string;
  redHeader: boolean;
  title: string;
  documentNo: string;
  blocks: Block[];
  /** the signature date, already formatted (e.g. 2024 年 10 月 16 日) */
  signDate: string;
  /** the seal placeholder text (empty: no seal block, e.g. the public copy) */
  sealText: string;
  /** lines below the signature (receipt, copies) */
  footLines: string[];
  /** body size in points (default 16 = 3号; records with tables use 12 = 小四) */
  bodySize?: number;
  /** a grey diagonal mark across every page (e.g. 草稿) */
  watermark?: string;
}

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
/** 3号 = 16 pt, 2号 = 22 pt, 小初 ≈ 36 pt */
const BODY = 16;
const TITLE = 22;
const HEADER = 30;
const LINE_GAP = 9;
const RED = '#d40000';

export async function renderOfficialPdf(d: OfficialDocument): Promise<Buffer> {
  const pdf = createPdf({ size: 'A4', margins: MARGINS, title: d.title });
  const { doc, left, width } = pdf;
  const body = d.bodySize ?? BODY;
  const gap = Math.round((body * LINE_GAP) / BODY);
  const bottom = doc.page.height - MARGINS.bottom;
  const mark = () => {
    if (!d.watermark) return;
    const { x, y } = { x: doc.x, y: doc.y };
    doc.save();
    doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc
      .font(FONT.serifBold)
      .fontSize(110)
      .fillColor('#000', 0.08)
      .text(d.watermark, 0, doc.page.height / 2 - 70, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.restore();
    doc.fillColor('#000', 1).font(FONT.serif).fontSize(body);
    doc.x = x;
    doc.y = y;
  };
  mark();
  doc.on('pageAdded', mark);
  let y = MARGINS.top;
  if (d.redHeader) {
    doc.font(FONT.serifBold).fontSize(HEADER).fillColor(RED).text(d.authority, left, y, { width, align: 'center', characterSpacing: 4 });
    y = doc.y + 10;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(2)
      .stroke(RED);
    doc.lineWidth(1).strokeColor('#000');
    y += 22;
  }
  doc.fillColor('#000').font(FONT.serifBold).fontSize(TITLE).text(d.title, left, y, { width, align: 'center', characterSpacing: 2 });
  y = doc.y + 8;
  doc.font(FONT.serif).fontSize(BODY).text(d.documentNo, left, y, { width, align: 'center' });
  y = doc.y + 18;
  doc.font(FONT.serif).fontSize(body);
  doc.x = left;
  doc.y = y;
  for (const b of d.blocks) {
    if (b.kind === 'table') {
      pdfTable(doc, left, width, bottom, b.columns, b.rows, Math.max(9, body - 2));
      continue;
    }
    if (b.kind === 'signatures') {
      pdfSignatures(doc, left, width, bottom, b.items, body);
      continue;
    }
    if (b.kind === 'heading') {
      if (doc.y + body * 3 > bottom) doc.addPage();
      doc
        .font(FONT.serifBold)
        .fontSize(body)
        .text(b.text, left, doc.y + 4, { width, lineGap: gap });
      doc.font(FONT.serif);
      continue;
    }
    const text = b.kind === 'item' ? `${b.n}. ${b.text}` : b.kind === 'label' ? `${b.label}${b.text}` : b.text;
    const indent = b.kind === 'salutation' || b.kind === 'label' ? 0 : body * 2;
    doc.text(text, left, doc.y, { width, align: 'justify', indent, lineGap: gap, paragraphGap: 2 });
  }
  // signature and seal block: authority and date right-aligned, the seal placeholder over them
  let sy = doc.y + 24;
  if (sy + Math.max(80, d.footLines.length * 20 + 16) > bottom) {
    doc.addPage();
    sy = MARGINS.top;
  }
  const signW = 260;
  const signX = left + width - signW;
  doc.font(FONT.serif).fontSize(BODY).text(d.authority, signX, sy, { width: signW, align: 'center' });
  doc.text(d.signDate, signX, doc.y + 6, { width: signW, align: 'center' });
  const cx = signX + signW / 2;
  const cy = sy + 20;
  if (d.sealText) {
    doc.save().circle(cx, cy, 50).lineWidth(1).dash(3, { space: 3 }).stroke('#999').undash().restore();
    doc
      .font(FONT.serif)
      .fontSize(10)
      .fillColor('#999')
      .text(d.sealText, cx - 50, cy + 28, { width: 100, align: 'center' });
    doc.fillColor('#000');
  }
  // the receipt lines at the foot of the page, left of the seal (or on a new page when the page is full)
  const footH = d.footLines.length * 20 + 6;
  let fy = Math.max(sy + 10, bottom - footH);
  if (fy + footH > bottom + 1) {
    doc.addPage();
    fy = MARGINS.top;
  }
  doc.font(FONT.serif).fontSize(11);
  for (const line of d.footLines) {
    doc.text(line, left, fy, { width: fy > cy + 52 ? width : width - signW, lineBreak: false });
    fy += 20;
  }
  return pdf.finish();
}

/** A bordered table with wrapping cells from doc.y; the header repeats on a new page. Leaves doc.y below it. */
function pdfTable(
  doc: PDFKit.PDFDocument,
  left: number,
  width: number,
  bottom: number,
  columns: readonly OfficialColumn[],
  rows: readonly (readonly string[])[],
  size: number,
): void {
  const pad = 3;
  doc.font(FONT.serif).fontSize(size);
  const heightOf = (cells: readonly string[]) =>
    Math.max(...columns.map((c, i) => doc.heightOfString(cells[i] || ' ', { width: c.share * width - 2 * pad }))) + 2 * pad;
  const row = (cells: readonly string[], y: number, header: boolean) => {
    const h = heightOf(cells);
    let x = left;
    columns.forEach((c, i) => {
      const w = c.share * width;
      if (header) doc.rect(x, y, w, h).fillAndStroke('#f0f0f0', '#000');
      else doc.rect(x, y, w, h).stroke('#000');
      doc
        .fillColor('#000')
        .font(header ? FONT.serifBold : FONT.serif)
        .text(cells[i] ?? '', x + pad, y + pad, { width: w - 2 * pad, align: header ? 'center' : 'left' });
      x += w;
    });
    return y + h;
  };
  const headerCells = columns.map((c) => c.title);
  let y = doc.y + 2;
  // the header never stays alone at the foot of a page: it moves with the first row
  const first = rows[0];
  if (y + heightOf(headerCells) + (first ? heightOf(first) : 24) > bottom) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  doc.lineWidth(0.6);
  y = row(headerCells, y, true);
  for (const cells of rows) {
    if (y + heightOf(cells) > bottom) {
      doc.addPage();
      y = row(headerCells, doc.page.margins.top, true);
    }
    y = row(cells, y, false);
  }
  doc.lineWidth(1).font(FONT.serif);
  doc.x = left;
  doc.y = y + 8;
}

/** Signature boxes side by side (caption, image or blank line, name) from doc.y. */
function pdfSignatures(
  doc: PDFKit.PDFDocument,
  left: number,
  width: number,
  bottom: number,
  items: readonly OfficialSignature[],
  size: number,
): void {
  const boxH = 96;
  let y = doc.y + 6;
  if (y + boxH > bottom) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  const w = width / Math.max(1, items.length);
  items.forEach((s, i) => {
    const x = left + i * w;
    doc
      .font(FONT.serif)
      .fontSize(size)
      .fillColor('#000')
      .text(s.label, x + 4, y, { width: w - 8, lineBreak: false });
    const imgY = y + size + 6;
    if (s.image) {
      try {
        doc.image(s.image, x + 4, imgY, { fit: [w - 12, 48], valign: 'center' });
      } catch {
        // an unreadable image prints as the blank line below
      }
    }
    doc
      .moveTo(x + 4, imgY + 50)
      .lineTo(x + w - 10, imgY + 50)
      .lineWidth(0.6)
      .stroke('#000');
    doc.lineWidth(1);
    if (s.caption) doc.fontSize(Math.max(9, size - 3)).text(s.caption, x + 4, imgY + 54, { width: w - 8, lineBreak: false });
  });
  doc.font(FONT.serif).fontSize(size);
  doc.x = left;
  doc.y = y + boxH;
}

// ---------- DOCX ----------

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One run-level paragraph in WordprocessingML: size in points, east-Asian font by its Windows name. */
function para(
  text: string,
  o: {
    size: number;
    bold?: boolean;
    color?: string;
    align?: 'center' | 'right' | 'both' | 'left';
    indentChars?: number;
    font?: string;
    after?: number;
    border?: boolean;
  },
): string {
  const half = o.size * 2;
  const font = o.font ?? 'FangSong';
  // child order of w:pPr follows the schema (pBdr, spacing, ind, jc), or Word reports the file as damaged
  const ppr = [
    o.border ? `<w:pBdr><w:bottom w:val="single" w:sz="16" w:space="4" w:color="D40000"/></w:pBdr>` : '',
    `<w:spacing w:after="${(o.after ?? 0) * 20}" w:line="${Math.max(560, Math.round(o.size * 30))}" w:lineRule="exact"/>`,
    o.indentChars ? `<w:ind w:firstLineChars="${o.indentChars * 100}"/>` : '',
    o.align ? `<w:jc w:val="${o.align}"/>` : '',
  ].join('');
  const rpr = `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${font}"/>${o.bold ? '<w:b/>' : ''}${
    o.color ? `<w:color w:val="${o.color}"/>` : ''
  }<w:sz w:val="${half}"/><w:szCs w:val="${half}"/>`;
  return `<w:p><w:pPr>${ppr}</w:pPr><w:r><w:rPr>${rpr}</w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

/** A bordered table in WordprocessingML (widths in twips of the 156 mm writing width). */
function docxTable(columns: readonly OfficialColumn[], rows: readonly (readonly string[])[], size: number): string {
  const total = Math.round((156 * 1440) / 25.4);
  const widths = columns.map((c) => Math.round(c.share * total));
  const border = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
    .join('');
  const cell = (text: string, w: number, header: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${w}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="F0F0F0"/>' : ''}</w:tcPr>${
      text
        .split('\n')
        .map((line) => cellPara(line, size, header))
        .join('') || cellPara('', size, header)
    }</w:tc>`;
  const row = (cells: readonly string[], header: boolean) =>
    `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${widths.map((w, i) => cell(cells[i] ?? '', w, header)).join('')}</w:tr>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:tblBorders>${border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths
    .map((w) => `<w:gridCol w:w="${w}"/>`)
    .join('')}</w:tblGrid>${row(
    columns.map((c) => c.title),
    true,
  )}${rows.map((r) => row(r, false)).join('')}</w:tbl>`;
}

function cellPara(text: string, size: number, bold: boolean): string {
  const half = size * 2;
  return `<w:p><w:pPr><w:spacing w:after="0" w:line="${Math.round(size * 24)}" w:lineRule="auto"/>${bold ? '<w:jc w:val="center"/>' : ''}</w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="FangSong"/>${
    bold ? '<w:b/>' : ''
  }<w:sz w:val="${half}"/><w:szCs w:val="${half}"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

/** An inline picture (DrawingML) of `cx` × `cy` EMU referring to relationship `rid`. */
function docxImage(rid: string, n: number, cx: number, cy: number): string {
  return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:docPr id="${n}" name="sig${n}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="${n}" name="sig${n}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
}

/** Width × height of a PNG or JPEG (null when unknown). */
function imageSize(b: Buffer): { w: number; h: number; ext: 'png' | 'jpeg' } | null {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { w: b.readUInt32BE(16), h: b.readUInt32BE(20), ext: 'png' };
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const m = b[i + 1] as number;
      const len = b.readUInt16BE(i + 2);
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
        return { w: b.readUInt16BE(i + 7), h: b.readUInt16BE(i + 5), ext: 'jpeg' };
      i += 2 + len;
    }
  }
  return null;
}

export function officialDocx(d: OfficialDocument): Buffer {
  const size = d.bodySize ?? BODY;
  const body: string[] = [];
  const media: [string, Buffer][] = [];
  if (d.redHeader)
    body.push(para(d.authority, { size: HEADER, bold: true, color: 'D40000', align: 'center', font: 'SimSun', after: 12, border: true }));
  body.push(para(d.title, { size: TITLE, bold: true, align: 'center', font: 'SimSun' }));
  body.push(para(d.documentNo, { size: BODY, align: 'center', after: 12 }));
  if (d.watermark) body.push(para(d.watermark, { size: TITLE, bold: true, color: '999999', align: 'center' }));
  for (const b of d.blocks) {
    if (b.kind === 'salutation') body.push(para(b.text, { size }));
    else if (b.kind === 'label') body.push(para(`${b.label}${b.text}`, { size }));
    else if (b.kind === 'heading') body.push(para(b.text, { size, bold: true }));
    else if (b.kind === 'item') body.push(para(`${b.n}. ${b.text}`, { size, indentChars: 2, align: 'both' }));
    else if (b.kind === 'table') body.push(docxTable(b.columns, b.rows, Math.max(9, size - 2)), para('', { size: 8 }));
    else if (b.kind === 'signatures') {
      const share = 1 / Math.max(1, b.items.length);
      const cells = b.items.map((s) => {
        let picture = '';
        const dim = s.image ? imageSize(s.image) : null;
        if (s.image && dim && dim.w > 0 && dim.h > 0) {
          const n = media.length + 1;
          media.push([`sig${n}.${dim.ext === 'png' ? 'png' : 'jpeg'}`, s.image]);
          const cy = 457200; // 12.7 mm
          const cx = Math.min(Math.round((cy * dim.w) / dim.h), 1700000);
          picture = `<w:p>${docxImage(`rIdSig${n}`, n, cx, cy)}</w:p>`;
        }
        return { label: s.label, caption: s.caption, picture };
      });
      body.push(
        `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${cells
          .map(() => `<w:gridCol w:w="${Math.round(share * 8844)}"/>`)
          .join('')}</w:tblGrid><w:tr>${cells
          .map(
            (c) =>
              `<w:tc><w:tcPr><w:tcW w:w="${Math.round(share * 5000)}" w:type="pct"/></w:tcPr>${cellPara(c.label, size, false)}${
                c.picture || cellPara('', size, false)
              }${cellPara('________________', size, false)}${cellPara(c.caption, Math.max(9, size - 3), false)}</w:tc>`,
          )
          .join('')}</w:tr></w:tbl>`,
      );
    } else body.push(para(b.text, { size, indentChars: 2, align: 'both' }));
  }
  body.push(para('', { size: BODY }), para('', { size: BODY }));
  body.push(para(`${d.authority}${d.sealText}`, { size: BODY, align: 'right' }));
  body.push(para(d.signDate, { size: BODY, align: 'right', after: 24 }));
  for (const line of d.footLines) body.push(para(line, { size: 14 }));
  const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
  const sect = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="${twip(37)}" w:right="${twip(26)}" w:bottom="${twip(35)}" w:left="${twip(28)}" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>${body.join('')}${sect}</w:body></w:document>`;
  const rels = media
    .map(
      ([name], i) =>
        `<Relationship Id="rIdSig${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/${name}"/>`,
    )
    .join('');
  const files: [string, Buffer][] = [
    [
      '[Content_Types].xml',
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        'utf8',
      ),
    ],
    [
      '_rels/.rels',
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        'utf8',
      ),
    ],
    ['word/document.xml', Buffer.from(document, 'utf8')],
  ];
  if (media.length) {
    files.push([
      'word/_rels/document.xml.rels',
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
        'utf8',
      ),
    ]);
    for (const [name, data] of media) files.push([`word/media/${name}`, data]);
  }
  return zipFiles(files);
}

/** A minimal ZIP (deflate, no data descriptors) of a few in-memory files. */
export function zipFiles(files: readonly [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, deflated);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + deflated.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}
