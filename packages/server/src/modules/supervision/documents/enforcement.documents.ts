import { enumLabel, type TCase, type TDisclosure, type TOrder, t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { type OfficialDocument, officialDocx, renderOfficialPdf } from '../../../lib/documents/official.js';
import { caseForDocument, penaltyContent } from '../cases/cases.service.js';
import { getPublic } from '../disclosure/disclosure.service.js';
import { getEnforcementSettings } from '../orders/enforcement-settings.service.js';
import { orderForDocument } from '../orders/orders.service.js';

/**
 * The printable documents of enforcement (docs/ENFORCEMENT.md "Documents"): 责令改正通知书 from an order and
 * 行政处罚决定书 from a decided case, as PDF and DOCX from one model (lib/documents/official.ts), filled from the
 * records; the public disclosure's PDF is the decision rebuilt from the published fields only.
 */

export type DocFormat = 'pdf' | 'docx';

function signDate(date: string): string {
  const [y, m, d] = date.split('-');
  return t('report.doc.date', { y, m: Number(m), d: Number(d) });
}

function foot(): string[] {
  return [`${t('report.doc.sign')}________________`, `${t('report.doc.received')}________________`, t('report.doc.copy')];
}

export function orderNotice(o: TOrder, findingDate: string, authority: string, redHeader: boolean): OfficialDocument {
  const actions = o.requiredActions
    .split(/\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    authority,
    redHeader,
    title: t('report.order.title'),
    documentNo: o.orderNo,
    blocks: [
      { kind: 'salutation', text: t('report.order.to', { party: o.orgName }) },
      { kind: 'para', text: t('report.order.body1', { violation: enumLabel('violation', o.code), date: findingDate }) },
      { kind: 'para', text: t('report.order.body2', { deadline: signDate(o.deadline) }) },
      ...actions.map((text, i) => ({ kind: 'item' as const, n: i + 1, text })),
      { kind: 'para', text: t('report.order.body3') },
    ],
    signDate: signDate(o.issuedOn),
    sealText: t('report.doc.seal'),
    footLines: foot(),
  };
}

export function decisionDocument(
  c: Pick<TCase, 'orgName' | 'code' | 'caseNo' | 'filedOn' | 'summary' | 'decision'>,
  creditCode: string,
  authority: string,
  redHeader: boolean,
): OfficialDocument {
  const d = c.decision;
  if (!d) throw new AppError('case_illegal_transition', { details: { action: 'document' } });
  const result =
    d.outcome === 'no_penalty'
      ? t('report.case.noPenalty', { reason: d.reason ?? '' })
      : d.outcome === 'transfer'
        ? t('report.case.transfer')
        : t('report.case.penalty', { content: penaltyContent(d.fine, d.gains) });
  const blocks: OfficialDocument['blocks'] = [
    { kind: 'label', label: '', text: t('report.case.party', { party: c.orgName }) },
    { kind: 'label', label: '', text: t('report.case.creditCode', { code: creditCode }) },
    {
      kind: 'para',
      text: t('report.case.facts', { violation: enumLabel('violation', c.code), caseNo: c.caseNo, filedOn: c.filedOn, summary: c.summary }),
    },
    { kind: 'para', text: t('report.case.basis', { basis: d.legalBasis }) },
    { kind: 'item', n: 1, text: result },
  ];
  if (d.outcome === 'mitigated' && d.reason) blocks.push({ kind: 'para', text: t('report.case.mitigatedReason', { reason: d.reason }) });
  if (d.outcome === 'penalty' || d.outcome === 'mitigated') blocks.push({ kind: 'para', text: t('report.case.payment') });
  if (d.outcome !== 'transfer') blocks.push({ kind: 'para', text: t('report.case.remedy') });
  return {
    authority,
    redHeader,
    title: t('report.case.title'),
    documentNo: d.decisionNo,
    blocks,
    signDate: signDate(d.decidedOn),
    sealText: t('report.doc.seal'),
    footLines: foot(),
  };
}

const render = (doc: OfficialDocument, format: DocFormat) =>
  format === 'pdf' ? renderOfficialPdf(doc) : Promise.resolve(officialDocx(doc));

export async function renderOrderNotice(ctx: AppContext, actor: Actor, id: number, format: DocFormat, redHeader: boolean): Promise<Buffer> {
  const { order, findingDate } = await orderForDocument(ctx, actor, id);
  const s = await getEnforcementSettings(ctx.db);
  return render(orderNotice(order, findingDate, s.authorityName, redHeader), format);
}

export async function renderDecision(ctx: AppContext, actor: Actor, id: number, format: DocFormat, redHeader: boolean): Promise<Buffer> {
  const { c, creditCode, authority } = await caseForDocument(ctx, actor, id);
  if (!c.decision)
    throw new AppError('case_illegal_transition', {
      params: { stage: enumLabel('caseStage', c.stage) },
      details: { stage: c.stage, action: 'document' },
    });
  return render(decisionDocument(c, creditCode, authority, redHeader), format);
}

/** The public PDF of a disclosed decision: only the published fields (no case summary, no investigation). */
export async function renderPublicDecision(ctx: AppContext, id: number): Promise<Buffer> {
  const p: TDisclosure = await getPublic(ctx, id);
  const doc: OfficialDocument = {
    authority: p.authority,
    redHeader: false,
    title: p.title,
    documentNo: p.documentNo,
    blocks: [
      { kind: 'label', label: '', text: t('report.case.party', { party: p.partyName }) },
      { kind: 'label', label: '', text: t('report.case.creditCode', { code: p.partyCreditCode }) },
      { kind: 'label', label: `${t('disclosure.violation')}：`, text: p.fields.violation ?? '' },
      { kind: 'label', label: `${t('disclosure.basis')}：`, text: p.fields.basis ?? '' },
      { kind: 'label', label: `${t('disclosure.content')}：`, text: p.fields.content ?? '' },
      { kind: 'label', label: `${t('disclosure.decidedOn')}：`, text: p.fields.decidedOn ?? '' },
      { kind: 'label', label: `${t('disclosure.until')}：`, text: p.until },
    ],
    signDate: signDate(p.fields.decidedOn ?? p.publishedOn),
    sealText: '',
    footLines: [],
  };
  return renderOfficialPdf(doc);
}
