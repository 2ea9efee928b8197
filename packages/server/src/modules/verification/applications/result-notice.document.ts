import { enumLabel, t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { type OfficialDocument, renderOfficialPdf } from '../../../lib/documents/official.js';
import { dateInZone } from '../../../time.js';
import * as repo from './applications.repository.js';
import { getApplication } from './applications.service.js';

/**
 * 检定结果通知书 and 不合格通知书 of an application (docs/VERIFICATION.md "Result notices"): the official document
 * layout (lib/documents/official.ts, A4, CJK serif) filled from the application and its verification records — one
 * row per instrument and per nozzle result with conclusion, certificate number and valid-until. The failure notice
 * lists only the failed rows. Issued in the institution's name, dated by the latest result.
 */

export type NoticeKind = 'result' | 'failure';

const dash = () => t('doc.resultNotice.none');

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return t('report.doc.date', { y, m: Number(m), d: Number(d) });
}

export interface NoticeRow {
  serialNo: string;
  name: string;
  nozzleNo: number | null;
  date: string | null;
  conclusion: 'passed' | 'failed' | null;
  certificateNo: string | null;
  validUntil: string | null;
}

export interface NoticeInput {
  kind: NoticeKind;
  applicationId: number;
  version: number;
  orgName: string;
  institutionName: string;
  submittedDate: string;
  rows: NoticeRow[];
  signDate: string;
}

/** The document model of a notice (pure: the caller loads the records). */
export function noticeDocument(n: NoticeInput): OfficialDocument {
  const passed = n.rows.filter((r) => r.conclusion === 'passed').length;
  const failed = n.rows.filter((r) => r.conclusion === 'failed').length;
  const shown = n.kind === 'failure' ? n.rows.filter((r) => r.conclusion === 'failed') : n.rows;
  const instruments = new Set(n.rows.map((r) => r.serialNo)).size;
  const blocks: OfficialDocument['blocks'] = [
    { kind: 'salutation', text: t('doc.resultNotice.salutation', { org: n.orgName }) },
    {
      kind: 'para',
      text: t(n.kind === 'failure' ? 'doc.failureNotice.intro' : 'doc.resultNotice.intro', {
        date: chineseDate(n.submittedDate),
        id: n.applicationId,
        instruments,
        rows: n.rows.length,
        passed,
        failed,
      }),
    },
    {
      kind: 'table',
      columns: [
        { title: t('doc.resultNotice.col.no'), share: 0.07 },
        { title: t('doc.resultNotice.col.instrument'), share: 0.25 },
        { title: t('doc.resultNotice.col.nozzle'), share: 0.09 },
        { title: t('doc.resultNotice.col.date'), share: 0.14 },
        { title: t('doc.resultNotice.col.conclusion'), share: 0.11 },
        { title: t('doc.resultNotice.col.certificate'), share: 0.2 },
        { title: t('doc.resultNotice.col.validUntil'), share: 0.14 },
      ],
      rows: shown.map((r, i) => [
        String(i + 1),
        `${r.name}\n${r.serialNo}`,
        r.nozzleNo === null
          ? dash()
          : r.nozzleNo === 0
            ? t('doc.resultNotice.wholeInstrument')
            : t('doc.resultNotice.nozzle', { n: r.nozzleNo }),
        r.date ?? dash(),
        r.conclusion ? enumLabel('conclusion', r.conclusion) : t('doc.resultNotice.notVerified'),
        r.certificateNo ?? dash(),
        r.conclusion === 'passed' && r.validUntil ? r.validUntil : dash(),
      ]),
    },
  ];
  if (n.kind === 'failure') blocks.push({ kind: 'para', text: t('doc.failureNotice.demand') });
  else blocks.push({ kind: 'para', text: t('doc.resultNotice.closing') });
  return {
    authority: n.institutionName,
    redHeader: false,
    title: t(n.kind === 'failure' ? 'doc.failureNotice.title' : 'doc.resultNotice.title'),
    documentNo: t('doc.resultNotice.number', { id: n.applicationId, version: n.version }),
    blocks,
    signDate: chineseDate(n.signDate),
    sealText: t('doc.resultNotice.seal'),
    footLines: [t('doc.resultNotice.foot')],
    bodySize: 12,
  };
}

/** Loads an application in the actor's scope (else 404) with its results and renders the notice as PDF. */
export async function renderNotice(
  ctx: AppContext,
  actor: Actor,
  id: number,
  kind: NoticeKind,
): Promise<{ pdf: Buffer; fileName: string }> {
  const a = await getApplication(ctx, actor, id);
  const inst = new Map((await repo.instrumentsByIds(ctx.db, a.instrumentIds)).map((r) => [r.id, r]));
  const results = await repo.resultsOnInstruments(ctx.db, id, a.instrumentIds);
  if (results.length === 0) throw new AppError('application_no_results', { params: { id } });
  if (kind === 'failure' && !results.some((r) => r.conclusion === 'failed'))
    throw new AppError('application_no_failures', { params: { id } });
  const rows: NoticeRow[] = [];
  for (const iid of a.instrumentIds) {
    const r = inst.get(iid);
    const name = r ? (r.instrument_name && r.instrument_name !== r.category ? r.instrument_name : enumLabel('category', r.category)) : '';
    const mine = results.filter((x) => Number(x.instrument_id) === iid);
    const base = { serialNo: r?.serial_no ?? String(iid), name };
    if (mine.length === 0) rows.push({ ...base, nozzleNo: null, date: null, conclusion: null, certificateNo: null, validUntil: null });
    for (const x of mine)
      rows.push({
        ...base,
        nozzleNo: Number(x.nozzle_no),
        date: x.date,
        conclusion: x.conclusion as 'passed' | 'failed',
        certificateNo: x.certificate_no,
        validUntil: x.valid_until,
      });
  }
  const signDate = results
    .map((r) => r.date)
    .sort()
    .at(-1) as string;
  const doc = noticeDocument({
    kind,
    applicationId: a.id,
    version: a.version,
    orgName: a.orgName,
    institutionName: a.institutionName,
    submittedDate: dateInZone(new Date(a.versions[0]?.submittedAt ?? a.submittedAt), ctx.config.timeZone),
    rows,
    signDate,
  });
  const title = t(kind === 'failure' ? 'doc.failureNotice.title' : 'doc.resultNotice.title');
  return { pdf: await renderOfficialPdf(doc), fileName: `${title}-${a.orgName}-${a.id}.pdf` };
}
