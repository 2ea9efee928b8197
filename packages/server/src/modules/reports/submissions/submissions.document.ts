import { enumLabel, reportFigureName, reportFigureText, type TReportSubmission, t } from '@qiangjian/shared';
import { kpiFormulaSet } from '@qiangjian/shared/data';
import { recordAuditAlone } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { type Block, type OfficialDocument, officialDocx, renderOfficialPdf } from '../../../lib/documents/official.js';
import { getEnforcementSettings } from '../../supervision/orders/enforcement-settings.service.js';
import { readReportSubmission } from './submissions.service.js';

/**
 * A progress or final report as a document (docs/REPORTS-SUBMISSIONS.md): the one official-document model of
 * lib/documents/official.ts rendered as PDF (A4, CJK fonts) and as DOCX the bureau edits further — the sections, the
 * figures table, the explanations of the problems and, once submitted, the date and SHA-256 of the frozen snapshot.
 */

function signDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return t('report.doc.date', { y, m: Number(m), d: Number(d) });
}

export function reportDocument(r: TReportSubmission, authority: string, kpiLabels: Record<string, string>): OfficialDocument {
  const blocks: Block[] = [{ kind: 'para', text: t('reportSubmission.subtitle', { from: r.periodStart, to: r.reportingDay }) }];
  for (const s of r.sections) {
    blocks.push({ kind: 'heading', text: t(`reportSubmission.section.${s.key}`) });
    for (const p of s.text.split(/\n+/).filter((x) => x.trim())) blocks.push({ kind: 'para', text: p });
  }
  blocks.push({ kind: 'heading', text: t('reportSubmission.doc.figures') });
  blocks.push({
    kind: 'table',
    columns: [
      { title: t('reportSubmission.doc.figure'), share: 0.65 },
      { title: t('reportSubmission.doc.value'), share: 0.35 },
    ],
    rows: r.data.figures.map((f) => [reportFigureName(f.key, kpiLabels), reportFigureText(f.kind, f.value)]),
  });
  if (r.problems.length) {
    blocks.push({ kind: 'heading', text: t('reportSubmission.doc.explanations') });
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('reportSubmission.doc.problem'), share: 0.4 },
        { title: t('reportSubmission.doc.explanation'), share: 0.6 },
      ],
      rows: r.problems.map((p) => [`${enumLabel('reportProblemKind', p.kind)} ${p.subject}`, r.explanations[p.key] ?? '']),
    });
  }
  if (r.snapshotSha256 && r.submittedAt)
    blocks.push({ kind: 'para', text: t('reportSubmission.doc.hash', { at: r.submittedAt, hash: r.snapshotSha256 }) });
  const title =
    r.kind === 'final'
      ? t('reportSubmission.title.final', { campaign: r.campaignName })
      : t('reportSubmission.title.progress', { campaign: r.campaignName, day: r.reportingDay });
  return {
    authority,
    redHeader: false,
    title,
    documentNo: t('reportSubmission.doc.version', { version: r.version }),
    blocks,
    signDate: signDate(r.submittedAt ?? r.updatedAt),
    sealText: '',
    footLines: [],
    bodySize: 12,
    ...(r.state === 'submitted' ? {} : { watermark: t('reportSubmission.doc.draft') }),
  };
}

export async function reportSubmissionDocument(ctx: AppContext, actor: Actor, id: number, format: 'pdf' | 'docx') {
  const r = await readReportSubmission(ctx, actor, id, false);
  const s = await getEnforcementSettings(ctx.db);
  const labels = Object.fromEntries((kpiFormulaSet(r.data.kpis.formulaVersion)?.formulas ?? []).map((f) => [f.key, f.label]));
  const doc = reportDocument(r, s.authorityName, labels);
  const bytes = format === 'pdf' ? await renderOfficialPdf(doc) : officialDocx(doc);
  // exports are audited (docs/SECURITY.md): which report, version, format and its snapshot hash
  await recordAuditAlone(ctx, actor, {
    action: 'export',
    entityType: 'report_submission',
    entityId: String(r.id),
    data: { format, version: r.version, state: r.state, sha256: r.snapshotSha256 },
  });
  return { bytes, name: `report-${r.campaignId}-${r.reportingDay}-v${r.version}.${format}` };
}
