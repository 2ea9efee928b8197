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
  | { kind: 'label'; label: string; text: string };

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
  doc.font(FONT.serif).fontSize(BODY);
  doc.x = left;
  doc.y = y;
  for (const b of d.blocks) {
    const text = b.kind === 'item' ? `${b.n}. ${b.text}` : b.kind === 'label' ? `${b.label}${b.text}` : b.text;
    const indent = b.kind === 'salutation' || b.kind === 'label' ? 0 : BODY * 2;
    doc.text(text, left, doc.y, { width, align: 'justify', indent, lineGap: LINE_GAP, paragraphGap: 2 });
  }
  // signature and seal block: authority and date right-aligned, the seal placeholder over them
  const bottom = doc.page.height - MARGINS.bottom;
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

export function officialDocx(d: OfficialDocument): Buffer {
  const body: string[] = [];
  if (d.redHeader)
    body.push(para(d.authority, { size: HEADER, bold: true, color: 'D40000', align: 'center', font: 'SimSun', after: 12, border: true }));
  body.push(para(d.title, { size: TITLE, bold: true, align: 'center', font: 'SimSun' }));
  body.push(para(d.documentNo, { size: BODY, align: 'center', after: 12 }));
  for (const b of d.blocks) {
    if (b.kind === 'salutation') body.push(para(b.text, { size: BODY }));
    else if (b.kind === 'label') body.push(para(`${b.label}${b.text}`, { size: BODY }));
    else if (b.kind === 'item') body.push(para(`${b.n}. ${b.text}`, { size: BODY, indentChars: 2, align: 'both' }));
    else body.push(para(b.text, { size: BODY, indentChars: 2, align: 'both' }));
  }
  body.push(para('', { size: BODY }), para('', { size: BODY }));
  body.push(para(`${d.authority}${d.sealText}`, { size: BODY, align: 'right' }));
  body.push(para(d.signDate, { size: BODY, align: 'right', after: 24 }));
  for (const line of d.footLines) body.push(para(line, { size: 14 }));
  const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
  const sect = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="${twip(37)}" w:right="${twip(26)}" w:bottom="${twip(35)}" w:left="${twip(28)}" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join('')}${sect}</w:body></w:document>`;
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    ['word/document.xml', document],
  ];
  return zipFiles(files.map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
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
