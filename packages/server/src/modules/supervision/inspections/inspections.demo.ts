import { addDays } from '@qiangjian/shared';
import { DEMO_INSPECTION_TEXT, DEMO_PEOPLE } from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { encodeGreyPng, scribblePng } from '../../../lib/png.js';
import { fixedClock, zonedInstant } from '../../../time.js';
import type { DemoWorld } from '../../demo/demo-world.js';
import { statusesAsOf } from '../../status/status.api.js';
import { drawAssignments } from '../draws/draws.service.js';
import * as repo from './inspections.repository.js';
import {
  addPhoto,
  addSignature,
  createInspection,
  decideProposal,
  finishInspection,
  type TargetInstrumentRow,
  targetInstrumentsOf,
  updateInspection,
} from './inspections.service.js';
import { recordSampleTest } from './sample-tests.service.js';

/** A finding the demo's visits confirmed, for the enforcement demo's orders and cases. */
export interface DemoFinding {
  code: string;
  findingId: number;
}

/** The demo context at `day` 10:00 in the configured zone (each visit is written on its own day). */
export function demoCtxOn(ctx: AppContext, day: string, time = '10:00'): AppContext {
  return { ...ctx, clock: fixedClock(zonedInstant(day, time, ctx.config.timeZone).toISOString()) };
}

/** Days before today the draw's visits start (the draw is committed and run two days earlier). */
export const DEMO_DRAW_VISITS_DAYS_AGO = 38;
/** Days before today the station with overdue dispensers is visited outside the draw. */
export const DEMO_OVERDUE_VISIT_DAYS_AGO = 14;

/** The demo's photo: a small grey gradient (content does not matter, its SHA-256 is kept like any other). */
function demoPhoto(): string {
  const w = 96;
  const h = 64;
  const px = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = 90 + ((x + y) % 120);
  return encodeGreyPng(w, h, px).toString('base64');
}

/**
 * Demo layer of the inspections (docs/SUPERVISION.md, Inspections → Demo; docs/domain/forms.md §8): every assignment of
 * the demo draw is visited and finished (two dispensers checked, photos, three signatures), the first with a broken seal
 * and the second with a nozzle failing on site (−0.45 %, stopped); the station keeping 2 dispensers / 4 nozzles past
 * their cycle is visited outside the draw; the proposed findings are confirmed. Sample tests of civil meters in homes
 * (100 per type at full scale; failures water 2, gas 1, electricity 0) are recorded by the county institution.
 */
export async function inspectionsDemo(ctx: AppContext, actor: Actor, world: DemoWorld, drawId: number): Promise<DemoFinding[]> {
  const day = today(ctx);
  const planned = await drawAssignments(ctx, actor, drawId);
  const found: DemoFinding[] = [];
  // the station with 2 dispensers / 4 nozzles overdue: visited for them whether the draw picked it or not
  const overdueSite = await repo.demoOverdueStationTarget(ctx.db);
  let k = 0;
  for (const a of planned) {
    const isOverdueSite = overdueSite?.target_key === a.targetKey;
    const notable = isOverdueSite ? 'overdue' : k === 0 ? 'seal' : k === 1 ? 'stopped' : null;
    const daysAgo = isOverdueSite ? DEMO_OVERDUE_VISIT_DAYS_AGO : DEMO_DRAW_VISITS_DAYS_AGO - (k % 5);
    found.push(...(await visit(ctx, actor, { assignmentId: a.id }, addDays(day, -daysAgo), notable)));
    if (!isOverdueSite) k++;
  }
  if (overdueSite && !planned.some((a) => a.targetKey === overdueSite.target_key))
    found.push(
      ...(await visit(
        ctx,
        actor,
        { targetId: Number(overdueSite.id), inspectorIds: await officeInspectors(ctx, overdueSite.region_code) },
        addDays(day, -DEMO_OVERDUE_VISIT_DAYS_AGO),
        'overdue',
      )),
    );

  const institution = world.orgs.find((o) => o.key === 'inst_county') ?? world.orgs.find((o) => o.kind === 'institution');
  const scale = world.meterScale ?? 1;
  const failures: Record<string, number> = { water_meter: 2, gas_meter: 1, electricity_meter: 0 };
  for (const [category, failed] of Object.entries(failures)) {
    const n = Math.max(failed + 1, Math.round(100 * scale));
    const meters = await repo.demoMetersInHomes(ctx.db, category, n);
    for (const [i, m] of meters.entries()) {
      const test = recordSampleTest(
        ctx,
        actor,
        {
          publicCode: m.public_code,
          origin: 'in_service',
          date: addDays(day, -(10 + (i % 20))),
          conclusion: i < failed ? 'failed' : 'passed',
          errorPct: i < failed ? 4.6 : Math.round(((i % 7) - 3) * 30) / 100,
          note: DEMO_INSPECTION_TEXT.sampleNote,
        },
        { institutionId: institution?.id },
      );
      // a meter verified on that very day keeps its record: the sample is simply not taken from it
      await test.catch((e: unknown) => {
        if (!(e instanceof AppError && e.code === 'sample_test_date_taken')) throw e;
      });
    }
  }
  return found;
}

async function officeInspectors(ctx: AppContext, regionCode: string): Promise<number[]> {
  return (await repo.demoInspectorsFor(ctx.db, regionCode)).slice(0, 2).map((r) => Number(r.id));
}

/** One visit, written on its own day; returns the findings it confirmed. */
async function visit(
  base: AppContext,
  actor: Actor,
  from: { assignmentId: number } | { targetId: number; inspectorIds: number[] },
  day: string,
  notable: 'seal' | 'stopped' | 'overdue' | null,
): Promise<DemoFinding[]> {
  const ctx = demoCtxOn(base, day, '11:30');
  const d = await createInspection(ctx, actor, { ...from, visitedAt: `${day}T10:${notable === 'seal' ? '15' : '30'}` });
  const all = await targetInstrumentsOf(ctx, d.id);
  const dispensers = all.filter((x: TargetInstrumentRow) => x.category === 'fuel_dispenser');
  // the statuses at the visit day: a dispenser verified since then was not yet in the ledger's good books that day
  const atVisit = await statusesAsOf(
    ctx,
    ctx.db,
    dispensers.map((x) => x.id),
    day,
  );
  const wanted = (id: number) => {
    const st = atVisit.get(id)?.status;
    return notable === 'overdue' ? st === 'overdue' : st === 'valid' || st === 'due_soon';
  };
  const chosen = dispensers.filter((x) => wanted(x.id)).slice(0, 2);
  const items = chosen.map((ins, j) => ({
    instrumentId: ins.id,
    certificatePresent: true,
    seals: ins.sealNos.map((no, s) => ({ no, intact: !(notable === 'seal' && j === 0 && s === 1) })),
    selfLockOn: true,
    tests: ins.nozzles.slice(0, 2).map((n) => ({
      nozzleNo: n,
      indicatedL: 20,
      standardL: notable === 'stopped' && j === 0 && n === 1 ? 20.09 : 20 - ((n % 3) - 1) * 0.02,
      stopped: notable === 'stopped' && j === 0 && n === 1,
    })),
    note:
      j === 0 && notable === 'seal'
        ? DEMO_INSPECTION_TEXT.sealNote
        : j === 0 && notable === 'stopped'
          ? DEMO_INSPECTION_TEXT.stoppedNote
          : null,
  }));
  await updateInspection(ctx, actor, d.id, {
    representative: {
      name: DEMO_PEOPLE[(d.id * 3) % DEMO_PEOPLE.length] as string,
      title: DEMO_INSPECTION_TEXT.representativeTitle,
      phone: null,
    },
    answers: { ledger: 'yes', filed: 'yes', measure: 'yes', salesRecords: 'yes', repairs: 'yes' },
    items,
    note: notable === 'overdue' ? DEMO_INSPECTION_TEXT.overdueNote : null,
  });
  await addPhoto(ctx, actor, d.id, { fileName: DEMO_INSPECTION_TEXT.photoName.replace('{id}', String(d.id)), dataBase64: demoPhoto() });
  for (const role of ['inspector1', 'inspector2', 'representative'] as const)
    await addSignature(ctx, actor, d.id, { role, dataBase64: scribblePng(d.id * 3 + role.length).toString('base64') });
  const done = await finishInspection(ctx, actor, d.id);
  const found: DemoFinding[] = [];
  for (const p of done.proposals) {
    if (p.id === null) continue;
    const after = await decideProposal(ctx, actor, d.id, p.id, { decision: 'confirm' });
    const findingId = after.proposals.find((x) => x.id === p.id)?.findingId;
    if (findingId) found.push({ code: p.code, findingId });
  }
  return found;
}
