import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import type { AppContext } from '../../src/context.js';
import { scribblePng } from '../../src/lib/png.js';
import { createDraw, drawAssignments, runDrawPlan } from '../../src/modules/supervision/draws/draws.service.js';
import * as inspections from '../../src/modules/supervision/inspections/inspections.service.js';
import type { World } from '../db.js';
import { actorFor, buildInstrument } from '../factories.js';
import { buildSupervision } from './fixtures.js';
import { pngOf } from './png.js';

/** A white PNG with a dark wavy stroke, like a signature drawn on a phone (greyscale, w × h). */
export function signaturePng(w = 240, h = 80, phase = 0): Buffer {
  return scribblePng(phase, w, h);
}

const b64 = (b: Buffer) => b.toString('base64');

/**
 * A run random draw over the 嘎鲁图 town (station sites and water utilities, 100 %) with its two assignments started
 * by the office inspectors (docs/SUPERVISION.md): station A's site inspected with an overdue dispenser, a broken seal,
 * a failing nozzle stopped on the spot, a photo and three drawn signatures, finished; the water utility's record left
 * a draft. Names and addresses are set to readable Chinese ones for the rendered documents.
 */
export async function buildRandomInspections(ctx: AppContext, w: World) {
  const sup = await buildSupervision(ctx, w);
  await ctx.db
    .updateTable('organizations')
    .set({ name: '示例嘎鲁图顺达加油站', address: '乌审旗嘎鲁图镇萨拉乌苏大街 18 号' })
    .where('id', '=', w.stationA.id)
    .execute();
  await ctx.db
    .updateTable('sites')
    .set({ name: '一号站', address: '乌审旗嘎鲁图镇萨拉乌苏大街 18 号' })
    .where('id', '=', w.siteA)
    .execute();
  await ctx.db.updateTable('organizations').set({ name: '示例乌审旗供水公司' }).where('id', '=', w.water.id).execute();
  const dispenser = (validUntil: string) =>
    buildInstrument(ctx, {
      orgId: w.stationA.id,
      siteId: w.siteA,
      nozzles: 2,
      installDate: '2020-05-01',
      verifications: [
        { nozzleNo: 1, date: '2023-10-01', validUntil },
        { nozzleNo: 2, date: '2023-10-01', validUntil },
      ],
    });
  const overdue = (await dispenser('2024-04-01')).id;
  const sealed = (await dispenser('2025-03-01')).id;
  await ctx.db.updateTable('instruments').set({ seal_nos: 'QF0101,QF0102' }).where('id', '=', sealed).execute();
  const draw = await createDraw(ctx, SYSTEM_ACTOR, {
    title: '2024年第四季度嘎鲁图镇强检计量器具双随机抽查',
    regionCode: '150626100',
    kinds: ['station_site', 'water_supply'],
    by: 'kind-town',
    ratioBp: 10000,
  });
  await runDrawPlan(ctx, SYSTEM_ACTOR, draw.id, null);
  const planned = await drawAssignments(ctx, SYSTEM_ACTOR, draw.id);
  const siteKey = `${w.stationA.creditCode}/${w.siteA}`;
  const siteAssignment = planned.find((a) => a.targetKey === siteKey)?.id as number;
  const waterAssignment = planned.find((a) => a.targetKey === w.water.creditCode)?.id as number;
  const actor = await actorFor(ctx, w.users.inspector);

  const a = await inspections.createInspection(ctx, actor, { assignmentId: siteAssignment });
  await inspections.updateInspection(ctx, actor, a.id, {
    visitedAt: '2024-10-15T09:30',
    representative: { name: '王站长', title: '站长', phone: '13900000000' },
    answers: { ledger: 'yes', filed: 'yes', measure: 'yes', salesRecords: 'yes', repairs: 'na' },
    items: [
      { instrumentId: overdue, certificatePresent: true, seals: [], selfLockOn: true, tests: [], note: null },
      {
        instrumentId: sealed,
        certificatePresent: true,
        seals: [
          { no: 'QF0101', intact: true },
          { no: 'QF0102', intact: false },
        ],
        selfLockOn: true,
        tests: [
          { nozzleNo: 1, indicatedL: 20, standardL: 20.09, stopped: true },
          { nozzleNo: 2, indicatedL: 20, standardL: 20.01, stopped: false },
        ],
        note: '2号封签断裂',
      },
    ],
    note: '当事人对检查结果无异议。',
  });
  const photo = pngOf(8, 8);
  await inspections.addPhoto(ctx, actor, a.id, { fileName: 'dispenser-2.png', dataBase64: b64(photo) });
  const roles = ['inspector1', 'inspector2', 'representative'] as const;
  for (const [i, role] of roles.entries())
    await inspections.addSignature(ctx, actor, a.id, { role, dataBase64: b64(signaturePng(240, 80, i * 40)) });
  const finished = await inspections.finishInspection(ctx, actor, a.id);

  const water = await inspections.createInspection(ctx, actor, { assignmentId: waterAssignment });
  await inspections.updateInspection(ctx, actor, water.id, {
    visitedAt: '2024-10-15T14:00',
    representative: { name: '李经理', title: '经理', phone: '13800000000' },
    answers: { ledger: 'yes', filed: 'yes' },
  });
  return {
    sup,
    drawId: draw.id,
    drawTitle: '2024年第四季度嘎鲁图镇强检计量器具双随机抽查',
    siteInspection: a.id,
    waterInspection: water.id,
    overdue,
    sealed,
    proposals: Object.fromEntries(finished.proposals.map((p) => [p.code, p.id as number])) as Record<string, number>,
    /** finishes the water utility's record (signatures and finish) */
    finishWater: async () => {
      for (const [i, role] of roles.entries())
        await inspections.addSignature(ctx, actor, water.id, { role, dataBase64: b64(signaturePng(240, 80, i * 25)) });
      return inspections.finishInspection(ctx, actor, water.id);
    },
    photoSha: photo,
  };
}
