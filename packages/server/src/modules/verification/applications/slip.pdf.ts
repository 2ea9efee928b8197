import { enumLabel, t } from '@qiangjian/shared';
import PDFDocument from 'pdfkit';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { dateInZone } from '../../../time.js';
import * as repo from './applications.repository.js';
import { getApplication } from './applications.service.js';

/** CJK font (Debian fonts-noto-cjk, a runtime dependency: docs/VERIFICATION.md). */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_NAME = 'NotoSansCJKsc-Regular';

function localTime(iso: string, tz: string): string {
  const d = new Date(iso);
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${dateInZone(d, tz)} ${hm}`;
}

/** The printable 预约送检单 of an application's current version (A4, Chinese text from the catalog). */
export async function renderSlip(ctx: AppContext, actor: Actor, id: number): Promise<Buffer> {
  const a = await getApplication(ctx, actor, id);
  const orgs = await repo.orgNames(ctx.db, [a.orgId]);
  const inst = await repo.instrumentsByIds(ctx.db, a.instrumentIds);
  const tz = ctx.config.timeZone;
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: t('report.slip.title') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_NAME);
  doc.font('cjk');

  const left = 40;
  const width = doc.page.width - 80;
  doc.fontSize(18).text(t('report.slip.title'), left, 40, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(
      `${t('report.slip.applicationNo')}：${a.id}-${a.version}    ${t('report.slip.status')}：${enumLabel('applicationStatus', a.status)}`,
      { width, align: 'center' },
    );
  doc.fillColor('#000');

  const fields: [string, string][] = [
    [t('report.slip.applicant'), a.orgName],
    [t('report.slip.creditCode'), orgs.get(a.orgId)?.creditCode ?? ''],
    [t('report.slip.institution'), a.institutionName],
    [t('report.slip.mode'), enumLabel('submissionMode', a.mode)],
    [t('report.slip.preferredDate'), a.preferredDate],
    [t('report.slip.contact'), a.contact.name],
    [t('report.slip.phone'), a.contact.phone],
    [t('report.slip.submittedAt'), localTime(a.submittedAt, tz)],
    [t('report.slip.acceptDeadline'), localTime(a.acceptDeadline, tz)],
  ];
  let y = 90;
  const colW = width / 2;
  doc.fontSize(10);
  fields.forEach(([k, v], i) => {
    const x = left + (i % 2) * colW;
    if (i % 2 === 0 && i > 0) y += 20;
    doc.rect(x, y, colW, 20).stroke('#999');
    doc.text(`${k}：${v}`, x + 6, y + 5, { width: colW - 12, height: 12, ellipsis: true });
  });
  y += 36;

  const cols: { key: string; w: number }[] = [
    { key: 'seq', w: 0.06 },
    { key: 'instrumentName', w: 0.16 },
    { key: 'model', w: 0.14 },
    { key: 'serialNo', w: 0.16 },
    { key: 'manufacturer', w: 0.18 },
    { key: 'location', w: 0.18 },
    { key: 'validUntil', w: 0.12 },
  ];
  const rowH = 20;
  const header = () => {
    let x = left;
    doc.fontSize(9);
    for (const c of cols) {
      const w = c.w * width;
      doc.rect(x, y, w, rowH).fillAndStroke('#eeeeee', '#999');
      doc.fillColor('#000').text(t(`report.slip.${c.key}`), x + 3, y + 6, { width: w - 6, align: 'center', lineBreak: false });
      x += w;
    }
    y += rowH;
  };
  header();
  a.instrumentIds.forEach((iid, i) => {
    if (y + rowH > doc.page.height - 90) {
      doc.addPage();
      doc.font('cjk');
      y = 40;
      header();
    }
    const r = inst.find((x) => x.id === iid);
    const values: Record<string, string> = {
      seq: String(i + 1),
      instrumentName: r?.instrument_name ?? '',
      model: r?.model ?? '',
      serialNo: r?.serial_no ?? '',
      manufacturer: r?.manufacturer ?? '',
      location: r?.site_name ?? r?.location ?? '',
      validUntil: r?.valid_until ?? '',
    };
    let x = left;
    for (const c of cols) {
      const w = c.w * width;
      doc.rect(x, y, w, rowH).stroke('#999');
      doc.text(values[c.key] ?? '', x + 3, y + 6, { width: w - 6, height: 11, align: 'center', ellipsis: true });
      x += w;
    }
    y += rowH;
  });
  y += 8;
  doc.fontSize(10).text(t('report.slip.total', { count: a.instrumentIds.length }), left, y);
  y += 40;
  doc.text(t('report.slip.signApplicant'), left, y);
  doc.text(t('report.slip.signInstitution'), left + colW, y);
  doc
    .fontSize(8)
    .fillColor('#777')
    .text(t('report.slip.printedAt', { at: localTime(ctx.clock.now().toISOString(), tz) }), left, doc.page.height - 60, {
      width,
      align: 'right',
    });
  doc.end();
  return done;
}
