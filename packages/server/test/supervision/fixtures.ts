import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import type { AppContext } from '../../src/context.js';
import { createDraw } from '../../src/modules/supervision/draws/draws.service.js';
import { createInspector } from '../../src/modules/supervision/registers/inspectors.service.js';
import { listTargets, refreshTargets } from '../../src/modules/supervision/registers/targets.service.js';
import type { World } from '../db.js';
import { buildUser } from '../factories.js';

/**
 * Registers and one committed county draw for the standard world (docs/SUPERVISION.md): two inspectors in each office
 * and two in the bureau pool, the target register refreshed, a draw over every kind by kind × town.
 */
export async function buildSupervision(ctx: AppContext, w: World) {
  let n = 0;
  const add = async (officeId: number, userId?: number) => {
    const uid = userId ?? (await buildUser(ctx, { role: 'inspector', orgId: officeId })).id;
    const ins = await createInspector(ctx, SYSTEM_ACTOR, {
      userId: uid,
      officeId,
      certNo: `FX-${officeId}-${++n}`,
      validFrom: '2024-01-01',
      validUntil: '2027-12-31',
    });
    return ins.id;
  };
  const inspectors = {
    office: [await add(w.office.id, w.users.inspector.id), await add(w.office.id)],
    office2: [await add(w.office2.id, w.users.inspector2.id), await add(w.office2.id)],
    bureau: [await add(w.bureau.id, w.users.regulator.id), await add(w.bureau.id)],
  };
  await refreshTargets(ctx, SYSTEM_ACTOR);
  const targets = await listTargets(ctx, SYSTEM_ACTOR, { page: 1, pageSize: 100, sort: 'key' });
  const { id: drawId } = await createDraw(ctx, SYSTEM_ACTOR, {
    title: 'fixture',
    regionCode: '150626',
    kinds: ['gas_station', 'station_site', 'water_supply'],
    by: 'kind-town',
    ratioBp: 5000,
  });
  return {
    inspectors,
    drawId,
    targetOf: (key: string) => {
      const t = targets.items.find((x) => x.targetKey === key);
      if (!t) throw new Error(`no target ${key}`);
      return t.id;
    },
  };
}
