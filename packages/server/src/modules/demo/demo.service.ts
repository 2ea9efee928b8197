import { makeCreditCode, type Role, t } from '@qiangjian/shared';
import {
  DEFAULT_BUREAU,
  DEMO_FIXED_ORGS,
  DEMO_OFFICE_NAME,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_PRIVATE_BRANDS,
  DEMO_ROADS,
  DEMO_SITE_NAMES,
  DEMO_STATION_ADDRESS,
  DEMO_STATION_NAME,
  DEMO_TOWNS,
  type DemoOrg,
} from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import { ensureAdmin } from '../../bootstrap.js';
import type { AppContext } from '../../context.js';
import { MODULES } from '../index.js';
import { createOrg } from '../orgs/orgs.service.js';
import { createSite } from '../orgs/sites.service.js';
import { syncReportSpans } from '../reports/reports.service.js';
import { createUser } from '../users/users.service.js';
import * as repo from './demo.repository.js';
import type { DemoOrgRef, DemoWorld } from './demo-world.js';

function fill(tpl: string, v: Record<string, string | number>): string {
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));
}

let creditSerial = 0;
function demoCredit(head: string, index: number): string {
  creditSerial++;
  const body = `MA${String(index).padStart(5, '0')}${String.fromCharCode(65 + (creditSerial % 20))}`;
  return makeCreditCode(head, body.replace(/[IOSVZ]/g, 'A'));
}

/** True when the database holds organizations beyond the bureau. */
export async function hasData(ctx: AppContext): Promise<boolean> {
  return repo.anyOrgBesidesBureau(ctx.db);
}

/** Non-admin logins (for printing after a skipped seed). */
export async function listLogins(ctx: AppContext): Promise<{ role: Role; username: string; org: string }[]> {
  const rows = await repo.nonAdminLogins(ctx.db);
  return rows.map((r) => ({ role: r.role as Role, username: r.username, org: r.name }));
}

/**
 * Builds a believable 乌审旗 (docs/domain/forms.md §8): bureau, one office per town, three utilities, 42 stations,
 * two institutions, sites, one demo user per role. Returns the admin password if it created the admin.
 */
export async function seedDemo(
  ctx: AppContext,
  actor: Actor,
  opts: { meterScale?: number } = {},
): Promise<{ world: DemoWorld; adminPassword: string | null }> {
  const bureauCredit = makeCreditCode(DEFAULT_BUREAU.creditHead, DEFAULT_BUREAU.creditBody);
  const adminPassword = await ensureAdmin(ctx, {
    name: DEFAULT_BUREAU.name,
    creditCode: bureauCredit,
    regionCode: DEFAULT_BUREAU.regionCode,
  });
  const bureau = await repo.firstBureau(ctx.db);
  const world: DemoWorld = { bureauId: Number(bureau.id), orgs: [], sites: [], logins: [], meterScale: opts.meterScale };
  world.orgs.push({ id: Number(bureau.id), key: 'bureau', kind: 'bureau', name: bureau.name, regionCode: DEFAULT_BUREAU.regionCode });

  let idx = 1;
  const add = async (o: DemoOrg, head: string) => {
    const created = await createOrg(ctx, actor, {
      name: o.name,
      kind: o.kind,
      creditCode: demoCredit(head, idx++),
      regionCode: o.regionCode,
      address: o.address ?? null,
      contactName: o.contactName ?? null,
      contactPhone: o.contactPhone ?? null,
      ownershipType: o.ownershipType ?? null,
      townCodes: o.townCodes,
    });
    const ref = { id: created.id, key: o.key, kind: o.kind, name: o.name, regionCode: o.regionCode };
    world.orgs.push(ref);
    return ref;
  };

  for (const town of DEMO_TOWNS) {
    await add(
      {
        key: `office_${town.code}`,
        name: fill(DEMO_OFFICE_NAME, { town: town.name }),
        kind: 'office',
        regionCode: town.code,
        townCodes: [town.code],
      },
      '11150626',
    );
  }
  for (const o of DEMO_FIXED_ORGS) await add(o, '91150626');

  // utility areas per town; piped gas only in 嘎鲁图, 图克, 无定河
  const gasTowns = new Set(['150626100', '150626102', '150626104']);
  for (const key of ['water', 'power', 'gas'] as const) {
    const org = world.orgs.find((o) => o.key === key) as DemoOrgRef;
    for (const town of DEMO_TOWNS) {
      if (key === 'gas' && !gasTowns.has(town.code)) continue;
      const s = await createSite(ctx, actor, {
        orgId: org.id,
        name: fill(DEMO_SITE_NAMES[key], { town: town.short }),
        kind: `${key}_area` as 'water_area',
        townCode: town.code,
      });
      world.sites.push({ id: s.id, orgId: org.id, townCode: town.code, kind: s.kind, name: s.name });
    }
  }

  // 42 stations: 中石油 8, 中石化 6, 社会 28, spread by town
  const owners: ('cnpc' | 'sinopec' | 'private')[] = [];
  for (let i = 0; i < 42; i++) owners.push(i % 7 === 0 || i % 7 === 3 ? 'cnpc' : i % 7 === 5 ? 'sinopec' : 'private');
  let cn = 0;
  let sp = 0;
  let pv = 0;
  let k = 0;
  for (const town of DEMO_TOWNS) {
    for (let j = 0; j < town.stations; j++, k++) {
      const own = owners[k] as 'cnpc' | 'sinopec' | 'private';
      const n = own === 'cnpc' ? ++cn : own === 'sinopec' ? ++sp : ++pv;
      const name = fill(DEMO_STATION_NAME[own], {
        town: town.short,
        n,
        brand: DEMO_PRIVATE_BRANDS[(n - 1) % DEMO_PRIVATE_BRANDS.length] as string,
      });
      const uniqueName = own === 'private' && n > DEMO_PRIVATE_BRANDS.length ? `${name}${n}` : name;
      const org = await add(
        {
          key: `station_${k + 1}`,
          name: uniqueName,
          kind: 'gas_station',
          regionCode: town.code,
          ownershipType: own,
          address: fill(DEMO_STATION_ADDRESS, { town: town.name, road: DEMO_ROADS[k % DEMO_ROADS.length] as string, n: 10 + k }),
          contactName: DEMO_PEOPLE[k % DEMO_PEOPLE.length],
          contactPhone: `1390477${String(1000 + k).padStart(4, '0')}`,
        },
        '91150626',
      );
      const s = await createSite(ctx, actor, {
        orgId: org.id,
        name: uniqueName,
        kind: 'gas_station',
        townCode: town.code,
        address: fill(DEMO_STATION_ADDRESS, { town: town.name, road: DEMO_ROADS[k % DEMO_ROADS.length] as string, n: 10 + k }),
      });
      world.sites.push({ id: s.id, orgId: org.id, townCode: town.code, kind: s.kind, name: s.name });
    }
  }

  const byKey = (key: string) => world.orgs.find((o) => o.key === key) as DemoOrgRef;
  const users: { username: string; role: Role; org: DemoOrgRef; name: string }[] = [
    { username: 'regulator', role: 'regulator', org: byKey('bureau'), name: DEMO_PEOPLE[0] as string },
    { username: 'viewer', role: 'viewer', org: byKey('bureau'), name: DEMO_PEOPLE[1] as string },
    { username: 'inspector', role: 'inspector', org: byKey('office_150626100'), name: DEMO_PEOPLE[2] as string },
    { username: 'inspector2', role: 'inspector', org: byKey('office_150626102'), name: DEMO_PEOPLE[3] as string },
    { username: 'water', role: 'enterprise', org: byKey('water'), name: DEMO_PEOPLE[4] as string },
    { username: 'power', role: 'enterprise', org: byKey('power'), name: DEMO_PEOPLE[5] as string },
    { username: 'gas', role: 'enterprise', org: byKey('gas'), name: DEMO_PEOPLE[6] as string },
    { username: 'station', role: 'enterprise', org: byKey('station_1'), name: DEMO_PEOPLE[7] as string },
    { username: 'station2', role: 'enterprise', org: byKey('station_2'), name: DEMO_PEOPLE[8] as string },
    { username: 'institution', role: 'institution', org: byKey('inst_county'), name: DEMO_PEOPLE[9] as string },
    { username: 'institution2', role: 'institution', org: byKey('inst_city'), name: DEMO_PEOPLE[10] as string },
  ];
  for (const u of users) {
    await createUser(
      ctx,
      actor,
      { username: u.username, displayName: u.name, role: u.role, orgId: u.org.id, password: DEMO_PASSWORD },
      // shared accounts only in demo mode; elsewhere the published password must be changed at first login
      { mustChangePassword: !ctx.config.demoMode },
    );
    world.logins.push({ role: u.role, username: u.username, org: u.org.name });
  }
  for (const m of MODULES) if (m.demo) await m.demo(ctx, actor, world);
  // the reports' status spans of everything seeded, so that the first report does not build them
  await syncReportSpans(ctx);
  void t;
  return { world, adminPassword };
}
