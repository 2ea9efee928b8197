import { enumLabel, type SignatureRole, type TInspectionDetail, t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { type OfficialDocument, type OfficialSignature, officialDocx, renderOfficialPdf } from '../../../lib/documents/official.js';
import { inspectionForDocument } from '../inspections/inspections.service.js';
import { formatNumber, getEnforcementSettings } from '../orders/enforcement-settings.service.js';

/**
 * 现场检查笔录 (on-site inspection record, docs/SUPERVISION.md "Documents"): one official document model
 * (lib/documents/official.ts, the layout of the order notice and the decision) filled from an inspection record —
 * the target, the visit's kind and origin, the inspectors with their 执法证号, the representative, the checklist, every
 * instrument checked with its status at the visit, seals, self-lock and on-site tests, the confirmed findings, the
 * photos' SHA-256 and the drawn signatures — rendered as PDF and DOCX. A draft prints with a 草稿 mark.
 */

export type RecordFormat = 'pdf' | 'docx';

export interface RecordInput {
  detail: TInspectionDetail;
  creditCode: string;
  address: string | null;
  /** the record's number (the enforcement setting's format) */
  recordNo: string;
  authority: string;
  signatures: { role: SignatureRole | null; content: Buffer }[];
}

const dash = () => t('doc.inspectionRecord.none');

function dateOf(visitedAt: string | null): { date: string; time: string } {
  if (!visitedAt) return { date: dash(), time: '' };
  const [day, time] = visitedAt.split('T') as [string, string | undefined];
  const [y, m, d] = day.split('-');
  return { date: t('report.doc.date', { y, m: Number(m), d: Number(d) }), time: time ?? '' };
}

/** The target's name: the organization and its station site (once when the site's name already says it). */
export function targetName(orgName: string, siteName: string | null): string {
  if (!siteName || siteName === orgName) return orgName;
  return siteName.includes(orgName) ? siteName : `${orgName} ${siteName}`;
}

/** The instrument's name as the ledger has it, or its category's label when the ledger holds only the code. */
const nameOfItem = (i: { instrumentName: string; category: string }) =>
  i.instrumentName && i.instrumentName !== i.category ? i.instrumentName : enumLabel('category', i.category);

const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? dash() : v ? yes : no);

/** The record's number: `{year}` the visit year (or the creation year of an undated draft), `{seq}` its id. */
export function recordNumber(format: string, d: Pick<TInspectionDetail, 'id' | 'visitedAt' | 'updatedAt'>): string {
  return formatNumber(format, Number((d.visitedAt ?? d.updatedAt).slice(0, 4)), d.id);
}

export function inspectionRecordDocument(r: RecordInput): OfficialDocument {
  const d = r.detail;
  const when = dateOf(d.visitedAt);
  const target = targetName(d.orgName, d.siteName);
  const origin = enumLabel('inspectionOrigin', d.origin);
  const kind = d.drawId !== null ? t('doc.inspectionRecord.originDraw', { origin, title: d.drawTitle ?? '', id: d.drawId }) : origin;
  const rep = d.representative;
  const blocks: OfficialDocument['blocks'] = [
    { kind: 'label', label: t('doc.inspectionRecord.target'), text: target },
    { kind: 'label', label: t('doc.inspectionRecord.creditCode'), text: r.creditCode || dash() },
    { kind: 'label', label: t('doc.inspectionRecord.address'), text: r.address ?? dash() },
    { kind: 'label', label: t('doc.inspectionRecord.kind'), text: kind },
    { kind: 'label', label: t('doc.inspectionRecord.time'), text: `${when.date} ${when.time}`.trim() },
    {
      kind: 'label',
      label: t('doc.inspectionRecord.inspectors'),
      text: d.inspectors
        .map((i) => t('doc.inspectionRecord.inspector', { name: i.name, cert: i.certNo }))
        .join(t('inspections.missing.separator')),
    },
    {
      kind: 'label',
      label: t('doc.inspectionRecord.representative'),
      text: rep ? [rep.name, rep.title, rep.phone].filter(Boolean).join(' ') : dash(),
    },
    { kind: 'para', text: t('doc.inspectionRecord.intro') },
  ];

  // 一、the checklist of the target's kind
  const questions = d.checklist.questions.filter((q) => d.answers[q.key] !== undefined);
  if (questions.length) {
    blocks.push({ kind: 'heading', text: t('doc.inspectionRecord.checklist') });
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('doc.inspectionRecord.col.question'), share: 0.78 },
        { title: t('doc.inspectionRecord.col.answer'), share: 0.22 },
      ],
      rows: questions.map((q) => [q.label, enumLabel('checklistAnswer', d.answers[q.key] ?? '')]),
    });
  }

  // 二、the instruments checked
  blocks.push({ kind: 'heading', text: t('doc.inspectionRecord.instruments', { n: d.items.length }) });
  if (d.items.length === 0) blocks.push({ kind: 'para', text: t('doc.inspectionRecord.noInstruments') });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('doc.inspectionRecord.col.no'), share: 0.06 },
        { title: t('doc.inspectionRecord.col.instrument'), share: 0.22 },
        { title: t('doc.inspectionRecord.col.status'), share: 0.28 },
        { title: t('doc.inspectionRecord.col.certificate'), share: 0.09 },
        { title: t('doc.inspectionRecord.col.seals'), share: 0.14 },
        { title: t('doc.inspectionRecord.col.selfLock'), share: 0.09 },
        { title: t('doc.inspectionRecord.col.note'), share: 0.12 },
      ],
      rows: d.items.map((i, n) => [
        String(n + 1),
        `${nameOfItem(i)}\n${i.serialNo}\n${i.publicCode}`,
        i.statusAtVisit ? [enumLabel('status', i.statusAtVisit), i.reason].filter(Boolean).join('\n') : dash(),
        yesNo(i.certificatePresent, t('doc.inspectionRecord.present'), t('doc.inspectionRecord.absent')),
        i.seals.length
          ? i.seals.map((s) => t(s.intact ? 'doc.inspectionRecord.sealIntact' : 'doc.inspectionRecord.sealBroken', { no: s.no })).join('\n')
          : dash(),
        yesNo(i.selfLockOn, t('doc.inspectionRecord.lockOn'), t('doc.inspectionRecord.lockOff')),
        i.note ?? '',
      ]),
    });

  // 三、on-site tests
  const tests = d.items.flatMap((i) => i.tests.map((x) => ({ i, x })));
  blocks.push({ kind: 'heading', text: t('doc.inspectionRecord.tests') });
  if (tests.length === 0) blocks.push({ kind: 'para', text: t('doc.inspectionRecord.noTests') });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('doc.inspectionRecord.col.nozzle'), share: 0.24 },
        { title: t('doc.inspectionRecord.col.indicated'), share: 0.12 },
        { title: t('doc.inspectionRecord.col.standard'), share: 0.14 },
        { title: t('doc.inspectionRecord.col.error'), share: 0.12 },
        { title: t('doc.inspectionRecord.col.mpe'), share: 0.14 },
        { title: t('doc.inspectionRecord.col.result'), share: 0.12 },
        { title: t('doc.inspectionRecord.col.stopped'), share: 0.12 },
      ],
      rows: tests.map(({ i, x }) => [
        t('doc.inspectionRecord.nozzle', { name: i.serialNo, n: x.nozzleNo }),
        x.indicatedL.toFixed(2),
        x.standardL.toFixed(2),
        `${x.errorPct.toFixed(2)}%`,
        `±${x.mpePct}%`,
        x.passed ? t('doc.inspectionRecord.pass') : t('doc.inspectionRecord.fail'),
        x.stopped ? t('doc.inspectionRecord.yes') : t('doc.inspectionRecord.no'),
      ]),
    });

  // 四、findings confirmed (a draft: none yet)
  const confirmed = d.proposals.filter((p) => p.state === 'confirmed');
  const pending = d.state === 'finished' ? d.proposals.filter((p) => p.state === 'proposed').length : 0;
  const nameOf = (id: number) => {
    const i = d.items.find((x) => x.instrumentId === id);
    return i ? `${nameOfItem(i)} ${i.serialNo}` : String(id);
  };
  blocks.push({ kind: 'heading', text: t('doc.inspectionRecord.findings') });
  if (confirmed.length === 0) blocks.push({ kind: 'para', text: t('doc.inspectionRecord.noFindings') });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('doc.inspectionRecord.col.code'), share: 0.45 },
        { title: t('doc.inspectionRecord.col.instruments'), share: 0.55 },
      ],
      rows: confirmed.map((p) => [
        enumLabel('violation', p.code),
        p.instrumentIds.length ? p.instrumentIds.map(nameOf).join('\n') : p.basisText,
      ]),
    });
  if (pending > 0) blocks.push({ kind: 'para', text: t('doc.inspectionRecord.pending', { n: pending }) });

  // 五、photos by SHA-256
  const photos = d.files.filter((f) => f.kind === 'photo');
  blocks.push({ kind: 'heading', text: t('doc.inspectionRecord.photos') });
  if (photos.length === 0) blocks.push({ kind: 'para', text: t('doc.inspectionRecord.noPhotos') });
  else {
    blocks.push({ kind: 'para', text: t('doc.inspectionRecord.photoCount', { n: photos.length }) });
    blocks.push({
      kind: 'table',
      columns: [
        { title: t('doc.inspectionRecord.col.no'), share: 0.07 },
        { title: t('doc.inspectionRecord.col.file'), share: 0.25 },
        { title: t('doc.inspectionRecord.col.sha'), share: 0.68 },
      ],
      rows: photos.map((p, n) => [String(n + 1), p.fileName, p.sha256]),
    });
  }
  if (d.note) blocks.push({ kind: 'label', label: t('doc.inspectionRecord.other'), text: d.note });
  blocks.push({ kind: 'para', text: t('doc.inspectionRecord.closing') });

  // signatures: both inspectors (with their 执法证号) and the representative, the drawn images where recorded
  const image = (role: SignatureRole) => r.signatures.find((s) => s.role === role)?.content ?? null;
  const [i1, i2] = d.inspectors;
  const items: OfficialSignature[] = [
    {
      label: t('doc.inspectionRecord.sign.inspector'),
      caption: i1 ? t('doc.inspectionRecord.certCaption', { cert: i1.certNo }) : '',
      image: image('inspector1'),
    },
    {
      label: t('doc.inspectionRecord.sign.inspector'),
      caption: i2 ? t('doc.inspectionRecord.certCaption', { cert: i2.certNo }) : '',
      image: image('inspector2'),
    },
    { label: t('doc.inspectionRecord.sign.representative'), caption: rep?.name ?? '', image: image('representative') },
  ];
  blocks.push({ kind: 'signatures', items });

  return {
    authority: r.authority,
    redHeader: false,
    title: t('doc.inspectionRecord.title'),
    documentNo: r.recordNo,
    blocks,
    signDate: when.date,
    sealText: '',
    footLines: [],
    bodySize: 12,
    watermark: d.state === 'draft' ? t('doc.inspectionRecord.draft') : undefined,
  };
}

/** GET /supervision/inspections/:id/record.{pdf,docx}: scope and permission as the record's detail. */
export async function renderInspectionRecord(ctx: AppContext, actor: Actor, id: number, format: RecordFormat): Promise<Buffer> {
  const rec = await inspectionForDocument(ctx, actor, id);
  const s = await getEnforcementSettings(ctx.db);
  const doc = inspectionRecordDocument({
    detail: rec.detail,
    creditCode: rec.creditCode,
    address: rec.address,
    recordNo: recordNumber(s.inspectionRecordNumberFormat, rec.detail),
    authority: s.authorityName,
    signatures: rec.signatures,
  });
  return format === 'pdf' ? renderOfficialPdf(doc) : officialDocx(doc);
}
