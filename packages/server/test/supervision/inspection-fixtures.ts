import type { AppContext } from '../../src/context.js';
import * as inspections from '../../src/modules/supervision/inspections/inspections.service.js';
import type { World } from '../db.js';
import { actorFor } from '../factories.js';
import type { buildSupervision } from './fixtures.js';
import { pngOf } from './png.js';

/**
 * A finished inspection of station B's site by the office2 inspectors (docs/SUPERVISION.md, Inspections), with a photo
 * and a proposed finding (its ledger question answered "no"): another organization's record for the scope and IDOR tests.
 */
export async function buildFinishedInspectionB(ctx: AppContext, w: World, sup: Awaited<ReturnType<typeof buildSupervision>>) {
  const actor = await actorFor(ctx, w.users.inspector2);
  const d = await inspections.createInspection(ctx, actor, {
    targetId: sup.targetOf(`${w.stationB.creditCode}/${w.siteB}`),
    inspectorIds: sup.inspectors.office2,
    visitedAt: '2024-10-14T10:00',
    representative: { name: 'B', title: null, phone: null },
    answers: { ledger: 'no' },
  });
  const photo = await inspections.addPhoto(ctx, actor, d.id, { fileName: 'b.png', dataBase64: pngOf().toString('base64') });
  for (const role of ['inspector1', 'inspector2', 'representative'] as const)
    await inspections.addSignature(ctx, actor, d.id, { role, dataBase64: pngOf().toString('base64') });
  const done = await inspections.finishInspection(ctx, actor, d.id);
  return { id: d.id, fileId: photo.id, proposalId: done.proposals[0]?.id as number };
}
