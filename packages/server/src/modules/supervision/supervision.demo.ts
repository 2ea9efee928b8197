import { addDays } from '@qiangjian/shared';
import { DEMO_CONFLICT_NOTE, DEMO_DRAW_TITLE, DEMO_INSPECTOR_NAMES, DEMO_PASSWORD } from '@qiangjian/shared/data';
import { type Actor, SYSTEM_ACTOR } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { createUser, userIdByUsername } from '../users/users.service.js';
import { publishDrawResults } from './disclosure/inspection-results.service.js';
import { createDraw, runDrawPlan } from './draws/draws.service.js';
import { DEMO_DRAW_VISITS_DAYS_AGO, type DemoFinding, demoCtxOn, inspectionsDemo } from './inspections/inspections.demo.js';
import { addConflict, createInspector, inspectorIdByCert } from './registers/inspectors.service.js';
import { refreshTargets } from './registers/targets.service.js';

/**
 * Demo layer of the supervision registers and draws: inspectors for every office (the demo `inspector` users where they
 * exist, new inspector users `zf<town>_<n>` otherwise (sorted after the other demo logins); three in 嘎鲁图, two elsewhere) and a bureau pool (the demo `regulator` and two
 * bureau inspectors), one declared conflict, and one draw committed and run for the campaign's 集中整治 phase
 * (stations by kind × town; the offices' pools where an office covers the town), visited, and its results published.
 */
export async function supervisionDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<DemoFinding[]> {
  let n = 0;
  let name = 0;
  const cert = () => `1506262024${String(++n).padStart(4, '0')}`;
  const nextName = () => DEMO_INSPECTOR_NAMES[name++ % DEMO_INSPECTOR_NAMES.length] as string;
  const validity = { validFrom: '2023-01-01', validUntil: '2029-12-31' };
  const certOf = new Map<string, string>();
  const ensureUser = async (username: string, role: 'inspector' | 'regulator', orgId: number): Promise<number> => {
    const existing = await userIdByUsername(ctx.db, username);
    if (existing !== undefined) return existing;
    const u = await createUser(ctx, actor, { username, displayName: nextName(), role, orgId, password: DEMO_PASSWORD });
    world.logins.push({ role, username, org: world.orgs.find((o) => o.id === orgId)?.name ?? '' });
    return u.id;
  };
  const addInspector = async (username: string, role: 'inspector' | 'regulator', orgId: number) => {
    const userId = await ensureUser(username, role, orgId);
    const c = cert();
    await createInspector(ctx, actor, { userId, officeId: orgId, certNo: c, ...validity });
    certOf.set(username, c);
    return c;
  };

  const offices = world.orgs.filter((o) => o.kind === 'office');
  for (const office of offices) {
    const town = office.regionCode;
    const existing = town === '150626100' ? 'inspector' : town === '150626102' ? 'inspector2' : null;
    const count = town === '150626100' ? 3 : 2;
    for (let i = 1; i <= count; i++) {
      const username = i === 1 && existing ? existing : `zf${town.slice(6)}_${i}`;
      await addInspector(username, 'inspector', office.id);
    }
  }
  await addInspector('regulator', 'regulator', world.bureauId);
  await addInspector('zf_bureau_2', 'inspector', world.bureauId);
  await addInspector('zf_bureau_3', 'inspector', world.bureauId);

  // one declared conflict: the second inspector of 嘎鲁图 with the first station there
  const station = world.orgs.find((o) => o.key === 'station_1');
  const conflictCert = certOf.get('zf100_2');
  if (station && conflictCert) {
    const id = await inspectorIdByCert(ctx, actor, conflictCert);
    const org = await findOrgInScope(ctx.db, SYSTEM_ACTOR, station.id);
    await addConflict(ctx, actor, id, { creditCode: org.credit_code, note: DEMO_CONFLICT_NOTE });
  }

  await refreshTargets(ctx, actor);
  // committed and run two days before its first visit (the campaign's 集中整治 phase), so the cases opened from its
  // findings have their investigation behind them
  const drawCtx = demoCtxOn(ctx, addDays(today(ctx), -(DEMO_DRAW_VISITS_DAYS_AGO + 2)), '09:00');
  const { id } = await createDraw(drawCtx, actor, {
    title: DEMO_DRAW_TITLE,
    regionCode: '150626',
    kinds: ['station_site'],
    by: 'kind-town',
    ratioBp: 2000,
    min: 1,
    inspectorsPerTarget: 2,
  });
  await runDrawPlan(demoCtxOn(ctx, addDays(today(ctx), -(DEMO_DRAW_VISITS_DAYS_AGO + 2)), '09:30'), actor, id, null);
  const found = await inspectionsDemo(ctx, actor, world, id);
  // 双随机一公开: the draw's results published a week ago, after its last visit
  await publishDrawResults(demoCtxOn(ctx, addDays(today(ctx), -7), '16:00'), actor, id);
  return found;
}
