import { enumLabel, t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { createPdf, fieldGrid, footer, table, titleBlock } from '../../../lib/documents/pdf.js';
import { dateInZone } from '../../../time.js';
import * as repo from './applications.repository.js';
import { getApplication } from './applications.service.js';

function localTime(iso: string, tz: string): string {
  const d = new Date(iso);
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${dateInZone(d, tz)} ${hm}`;
}

const COLUMNS = [
  { key: 'seq', share: 0.06 },
  { key: 'instrumentName', share: 0.16 },
  { key: 'model', share: 0.14 },
  { key: 'serialNo', share: 0.16 },
  { key: 'manufacturer', share: 0.18 },
  { key: 'location', share: 0.18 },
  { key: 'validUntil', share: 0.12 },
] as const;

/** The printable 预约送检单 of an application's current version (A4, Chinese text from the catalog). */
export async function renderSlip(ctx: AppContext, actor: Actor, id: number): Promise<Buffer> {
  const a = await getApplication(ctx, actor, id);
  const orgs = await repo.orgNames(ctx.db, [a.orgId]);
  const inst = await repo.instrumentsByIds(ctx.db, a.instrumentIds);
  const tz = ctx.config.timeZone;
  const pdf = createPdf({ size: 'A4', title: t('report.slip.title') });
  const { doc, left, width } = pdf;

  titleBlock(
    pdf,
    t('report.slip.title'),
    `${t('report.slip.applicationNo')}：${a.id}-${a.version}    ${t('report.slip.status')}：${enumLabel('applicationStatus', a.status)}`,
  );
  let y = fieldGrid(
    pdf,
    [
      [t('report.slip.applicant'), a.orgName],
      [t('report.slip.creditCode'), orgs.get(a.orgId)?.creditCode ?? ''],
      [t('report.slip.institution'), a.institutionName],
      [t('report.slip.mode'), enumLabel('submissionMode', a.mode)],
      [t('report.slip.preferredDate'), a.preferredDate],
      [t('report.slip.contact'), a.contact.name],
      [t('report.slip.phone'), a.contact.phone],
      [t('report.slip.submittedAt'), localTime(a.submittedAt, tz)],
      [t('report.slip.acceptDeadline'), localTime(a.acceptDeadline, tz)],
    ],
    90,
  );
  y += 16;

  const rows = a.instrumentIds.map((iid, i) => {
    const r = inst.find((x) => x.id === iid);
    return [
      String(i + 1),
      r?.instrument_name ?? '',
      r?.model ?? '',
      r?.serial_no ?? '',
      r?.manufacturer ?? '',
      r?.site_name ?? r?.location ?? '',
      r?.valid_until ?? '',
    ];
  });
  y = table(
    pdf,
    COLUMNS.map((c) => ({ title: t(`report.slip.${c.key}`), share: c.share })),
    rows,
    y,
  );
  y += 8;
  doc.fontSize(10).text(t('report.slip.total', { count: a.instrumentIds.length }), left, y);
  y += 40;
  doc.text(t('report.slip.signApplicant'), left, y);
  doc.text(t('report.slip.signInstitution'), left + width / 2, y);
  footer(pdf, t('report.slip.printedAt', { at: localTime(ctx.clock.now().toISOString(), tz) }));
  return pdf.finish();
}
