import { enumLabel, type TDrawDisclosureResult, t, type ViolationCode } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { can, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';
import { recordNumber, targetName } from '../documents/inspection-record.document.js';
import { getDraw } from '../draws/draws.service.js';
import { finishedInspectionsOfDraw, inspectionForDocument } from '../inspections/inspections.service.js';
import { getEnforcementSettings } from '../orders/enforcement-settings.service.js';
import * as repo from './disclosure.repository.js';
import { type Publication, publicationOf, publish } from './disclosure.service.js';
import { type PublishRefusal, publishRefusal, resultFields } from './inspection-results.rules.js';

/**
 * Disclosure of the inspection results of random draws (双随机一公开, docs/SUPERVISION.md "Disclosure of inspection
 * results"): a finished record of origin `random` whose proposed findings are all decided is published on the public
 * disclosure (kind `inspection_result`) for the period of the enforcement setting `disclosureMonths.inspectionResult`
 * (docs/domain/regulations.md §5), one record at a time or a whole draw in one transaction. Scope as the record's detail
 * (another office's or organization's record answers 404).
 */

const KIND = 'inspection_result' as const;

type Refused = { refusal: PublishRefusal; undecided: number };
type Prepared = { inspectionId: number; publication: Omit<Publication, 'publishedOn'> };

/** Checks a record (scope as its detail) and builds its publication, or says why it cannot be published. */
async function prepare(ctx: AppContext, actor: Actor, id: number): Promise<Prepared | Refused> {
  const rec = await inspectionForDocument(ctx, actor, id);
  const d = rec.detail;
  const refusal = publishRefusal(d);
  if (refusal) return { refusal, undecided: d.proposals.filter((p) => p.state === 'proposed').length };
  const s = await getEnforcementSettings(ctx.db);
  const names = await regionNames(ctx.db);
  const confirmed = d.proposals.filter((p) => p.state === 'confirmed' && p.findingId !== null).map((p) => p.findingId as number);
  const ordered = (await repo.ordersOnFindings(ctx.db, confirmed)) > 0;
  const recordNo = recordNumber(s.inspectionRecordNumberFormat, d);
  const fields = resultFields(
    {
      ...d,
      townName: rec.townCode ? (names.get(rec.townCode) ?? rec.townCode) : '',
      visitDate: (d.visitedAt ?? '').slice(0, 10),
      drawId: d.drawId ?? 0,
      drawTitle: d.drawTitle ?? '',
      recordNo,
      inspectorCerts: d.inspectors.map((i) => i.certNo),
      ordered,
    },
    {
      label: (code: ViolationCode) => enumLabel('violation', code),
      finding: (label, n) => t('disclosure.inspection.finding', { label, n }),
      separator: t('inspections.missing.separator'),
      resultNone: t('disclosure.inspection.resultNone'),
      resultFound: t('disclosure.inspection.resultFound'),
      yes: t('disclosure.inspection.yes'),
      no: t('disclosure.inspection.no'),
    },
  );
  return {
    inspectionId: id,
    publication: {
      kind: KIND,
      itemId: id,
      orgId: d.orgId,
      documentNo: recordNo,
      title: t('disclosure.inspection.title'),
      partyName: targetName(d.orgName, d.siteName),
      partyCreditCode: rec.creditCode,
      fields,
      authority: s.authorityName,
      months: s.disclosureMonths.inspectionResult,
    },
  };
}

function refusalError(r: Refused, origin: string): AppError {
  if (r.refusal === 'inspection_disclosure_not_random')
    return new AppError(r.refusal, { params: { origin: enumLabel('inspectionOrigin', origin) }, details: { origin } });
  if (r.refusal === 'inspection_disclosure_undecided')
    return new AppError(r.refusal, { params: { n: r.undecided }, details: { undecided: r.undecided } });
  return new AppError(r.refusal);
}

/** The publication of a record (active or expired), or null; read scope as the detail. */
export async function inspectionDisclosure(ctx: AppContext, actor: Actor, id: number) {
  if (!can(actor, 'inspection.read')) requirePermission(actor, 'inspection.read_own');
  await inspectionForDocument(ctx, actor, id);
  return { disclosure: await publicationOf(ctx.db, KIND, id, today(ctx)) };
}

/** POST /supervision/inspections/:id/disclosure: publishes one record's result (audited `disclosure_created`). */
export async function publishInspectionResult(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'inspection.write');
  const p = await prepare(ctx, actor, id);
  if ('refusal' in p) {
    const d = (await inspectionForDocument(ctx, actor, id)).detail;
    throw refusalError(p, d.origin);
  }
  const asOf = today(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await publicationOf(trx, KIND, id, asOf);
    if (before)
      throw new AppError('inspection_disclosure_published', {
        params: { publishedOn: before.publishedOn, until: before.until },
        details: { disclosureId: before.id },
      });
    await publish(ctx, trx, actor, { ...p.publication, publishedOn: asOf });
  });
  return { disclosure: await publicationOf(ctx.db, KIND, id, asOf) };
}

/**
 * POST /supervision/draws/:id/disclosure (公示本次抽查结果): every finished record of the draw in one transaction;
 * records already published and records with undecided findings are skipped and listed.
 */
export async function publishDrawResults(ctx: AppContext, actor: Actor, drawId: number): Promise<TDrawDisclosureResult> {
  requirePermission(actor, 'draw.manage');
  requirePermission(actor, 'inspection.write');
  const draw = await getDraw(ctx, actor, drawId);
  if (draw.state !== 'revealed') throw new AppError('inspection_disclosure_draw_not_run', { details: { drawId } });
  const items: TDrawDisclosureResult['items'] = [];
  const ready: Prepared[] = [];
  for (const id of await finishedInspectionsOfDraw(ctx, drawId)) {
    const p = await prepare(ctx, actor, id);
    if ('refusal' in p) items.push({ inspectionId: id, outcome: 'undecided', disclosureId: null });
    else ready.push(p);
  }
  const asOf = today(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of ready) {
      const before = await publicationOf(trx, KIND, p.inspectionId, asOf);
      if (before) items.push({ inspectionId: p.inspectionId, outcome: 'already_published', disclosureId: before.id });
      else {
        const disclosureId = await publish(ctx, trx, actor, { ...p.publication, publishedOn: asOf });
        items.push({ inspectionId: p.inspectionId, outcome: 'published', disclosureId });
      }
    }
    items.sort((a, b) => a.inspectionId - b.inspectionId);
    const published = items.filter((i) => i.outcome === 'published').map((i) => i.inspectionId);
    await recordAudit(ctx, trx, actor, {
      action: 'draw_results_published',
      entityType: 'draw',
      entityId: String(drawId),
      data: { published, skipped: items.filter((i) => i.outcome !== 'published').map((i) => ({ id: i.inspectionId, outcome: i.outcome })) },
    });
  });
  const published = items.filter((i) => i.outcome === 'published').length;
  return { published, skipped: items.length - published, items };
}
