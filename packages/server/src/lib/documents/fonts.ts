/**
 * CJK fonts for generated documents (Debian fonts-noto-cjk, a runtime dependency: docs/VERIFICATION.md).
 * The .ttc collections hold SC/TC/JP/KR faces; the family name picks 简体中文.
 */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_NAME = 'NotoSansCJKsc-Regular';
export const CJK_BOLD_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
export const CJK_BOLD_FONT_NAME = 'NotoSansCJKsc-Bold';

/** Serif (宋体-like) faces for official documents (正文 and 标题, docs/ENFORCEMENT.md "Documents"). */
export const CJK_SERIF_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
export const CJK_SERIF_FONT_NAME = 'NotoSerifCJKsc-Regular';
export const CJK_SERIF_BOLD_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc';
export const CJK_SERIF_BOLD_FONT_NAME = 'NotoSerifCJKsc-Bold';

/** Names the documents use with `doc.font(…)` after `registerCjkFonts`. */
export const FONT = { regular: 'cjk', bold: 'cjk-bold', serif: 'cjk-serif', serifBold: 'cjk-serif-bold' } as const;

/** Registers the CJK faces on a pdfkit document (nothing is read or embedded until a face is used). */
export function registerCjkFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(FONT.regular, CJK_FONT_FILE, CJK_FONT_NAME);
  doc.registerFont(FONT.bold, CJK_BOLD_FONT_FILE, CJK_BOLD_FONT_NAME);
  doc.registerFont(FONT.serif, CJK_SERIF_FONT_FILE, CJK_SERIF_FONT_NAME);
  doc.registerFont(FONT.serifBold, CJK_SERIF_BOLD_FONT_FILE, CJK_SERIF_BOLD_FONT_NAME);
}
