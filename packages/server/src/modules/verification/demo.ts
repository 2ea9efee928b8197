import { addDays, type Category, isoWeekday, type OrgKind, type Role } from '@qiangjian/shared';
import { DEMO_VERIFICATION } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { seededRandom } from '../../lib/random.js';
import { fixedClock, zonedInstant } from '../../time.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { createInstrument } from '../ledger/instruments.service.js';
import { refreshInstruments } from '../status/status.api.js';
import { nozzlesOf } from './applications/applications.repository.js';
import * as apps from './applications/applications.service.js';
import * as demoRepo from './demo.repository.js';
import { createAuthorization, createStandard, createVerifier } from './institutions/oversight.service.js';
import { recordResults } from './results/results.service.js';

/**
 * Demo layer (issue 5 item 8): oversight records for the two demo institutions (county: dispensers +
 * water; city: gas + electricity) and a believable mix of applications over the last weeks before the
 * demo reference date D = today(ctx) (the ledger demo's reference): answered on time, late, returned with
 * and without a phone call, resubmissions answered and one left unanswered (its deadline passed), first
 * versions submitted in the last working days still open with a running clock, results for some. Each
 * step runs on a fixed clock at its own moment (always before D's local midnight), through the services
 * (audited). Deterministic for a given D (seeded PRNG).
 */

async function userActor(ctx: AppContext, orgId: number, role: Role): Promise<Actor | null> {
  const u = await demoRepo.firstUserOf(ctx.db, orgId, role);
  if (!u) return null;
  return {
    kind: 'user',
    userId: Number(u.id),
    username: u.username,
    role,
    orgId: Number(u.org_id),
    orgKind: u.kind as OrgKind,
    regionCode: u.region_code,
    townCodes: [],
    via: 'session',
  };
}

/** Local time (Asia/Shanghai by configuration) on a date as an ISO instant. */
function at(ctx: AppContext, date: string, hhmm: string): string {
  return zonedInstant(date, `${hhmm}:00`, ctx.config.timeZone).toISOString();
}

function workday(date: string): string {
  let d = date;
  while (isoWeekday(d) > 5) d = addDays(d, 1);
  return d;
}

/** The working day (Mon–Fri) on or before `date`. */
function workdayBack(date: string): string {
  let d = date;
  while (isoWeekday(d) > 5) d = addDays(d, -1);
  return d;
}

export async function seedVerificationDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const county = world.orgs.find((o) => o.key === 'inst_county');
  const city = world.orgs.find((o) => o.key === 'inst_city');
  if (!county || !city) return;
  const realToday = today(ctx);
  const REF = realToday;
  const D = DEMO_VERIFICATION;

  // ---- oversight records ----
  await createAuthorization(ctx, actor, {
    orgId: county.id,
    certificateNo: D.county.authorizationNo,
    categories: ['fuel_dispenser', 'water_meter'],
    regionCode: '150626',
    validFrom: '2022-01-01',
    validTo: '2027-12-31',
  });
  await createAuthorization(ctx, actor, {
    orgId: city.id,
    certificateNo: D.city.authorizationNo,
    categories: ['gas_meter', 'electricity_meter'],
    regionCode: '150600',
    validFrom: '2021-07-01',
    validTo: addDays(realToday, 50),
  });
  const std: Record<string, number> = {};
  const ver: Record<string, number> = {};
  for (const [org, data] of [
    [county, D.county],
    [city, D.city],
  ] as const) {
    for (const [i, s] of data.standards.entries()) {
      const r = await createStandard(ctx, actor, {
        orgId: org.id,
        name: s.name,
        certificateNo: s.certificateNo,
        categories: [...s.categories] as Category[],
        validUntil: i === 1 ? addDays(realToday, 40) : '2027-06-30',
      });
      for (const c of s.categories) std[`${org.id}:${c}`] = r.id;
    }
    for (const [i, v] of data.verifiers.entries()) {
      const r = await createVerifier(ctx, actor, {
        orgId: org.id,
        name: v.name,
        certificateNo: v.certificateNo,
        categories: [...v.categories] as Category[],
        validUntil: i === 2 ? addDays(realToday, 25) : '2028-12-31',
      });
      for (const c of v.categories) ver[`${org.id}:${c}`] ??= r.id;
    }
  }

  // ---- instruments to apply for ----
  const pick = async (categories: string[], limit: number) => demoRepo.filedInstruments(ctx.db, categories, limit);
  let dispensers = await pick(['fuel_dispenser'], 200);
  if (dispensers.length === 0) {
    const stations = world.orgs.filter((o) => o.kind === 'gas_station').slice(0, 4);
    for (const [si, s] of stations.entries()) {
      const site = world.sites.find((x) => x.orgId === s.id);
      for (let k = 1; k <= 3; k++) {
        await createInstrument(ctx, actor, {
          orgId: s.id,
          category: 'fuel_dispenser',
          serialNo: `DEMO-JYJ-${si + 1}-${k}`,
          instrumentName: D.dispenserDemo.name,
          manufacturer: D.dispenserDemo.manufacturer,
          model: D.dispenserDemo.model,
          siteId: site?.id ?? null,
          adminDivisionCode: site?.townCode ?? s.regionCode,
          nozzles: [{ nozzleNo: 1 }, { nozzleNo: 2 }],
        } as Parameters<typeof createInstrument>[2]);
      }
    }
    dispensers = await pick(['fuel_dispenser'], 200);
  }
  // station_1 (demo login `station`) keeps its dispensers free for a newcomer's (and the browser test's) first application
  const keep = world.orgs.find((o) => o.key === 'station_1')?.id;
  const byOrg = new Map<number, number[]>();
  for (const d of dispensers)
    if (Number(d.org_id) !== keep) byOrg.set(Number(d.org_id), [...(byOrg.get(Number(d.org_id)) ?? []), Number(d.id)]);
  const groups: { orgId: number; ids: number[] }[] = [];
  for (const [orgId, ids] of byOrg) for (let i = 0; i < ids.length; i += 3) groups.push({ orgId, ids: ids.slice(i, i + 3) });
  const meters = await pick(['gas_meter', 'electricity_meter'], 400);
  const meterGroups: { orgId: number; ids: number[] }[] = [];
  for (const cat of ['gas_meter', 'electricity_meter']) {
    const m = meters.filter((x) => x.category === cat);
    for (let i = 0; i + 8 <= m.length && meterGroups.length < 10; i += 20)
      meterGroups.push({ orgId: Number((m[i] as { org_id: number }).org_id), ids: m.slice(i, i + 8).map((x) => Number(x.id)) });
  }

  const r = seededRandom(20241015);
  const countyActor = (await userActor(ctx, county.id, 'institution')) ?? actor;
  const cityActor = (await userActor(ctx, city.id, 'institution')) ?? actor;
  const on = (iso: string): AppContext => ({ ...ctx, clock: fixedClock(iso) });
  // no demo event at or after the local midnight that starts D (the seed never writes the future)
  const cutoff = at(ctx, REF, '00:00');
  type Plan = 'ok' | 'late' | 'returnPhoned' | 'returnSilentAnswered' | 'returnSilentUnanswered' | 'unanswered' | 'returnOnly';
  const countyPlans: Plan[] = [];
  const nCounty = Math.min(groups.length, 36);
  for (let i = 0; i < nCounty; i++) {
    countyPlans.push(
      i === 3 || i === 11 || i === 19
        ? 'late'
        : i === 5 || i === 14
          ? 'returnPhoned'
          : i === 8
            ? 'returnSilentAnswered'
            : i === 22
              ? 'returnSilentUnanswered'
              : i === 27 || i === 33
                ? 'unanswered'
                : 'ok',
    );
  }
  const cityPlans: Plan[] = meterGroups.map((_, i) => (i === 2 ? 'late' : i === 6 ? 'returnOnly' : 'ok'));

  const run = async (
    inst: { id: number },
    instActor: Actor,
    g: { orgId: number; ids: number[] },
    plan: Plan,
    i: number,
    n: number,
    withResults: boolean,
  ) => {
    const applicant = (await userActor(ctx, g.orgId, 'enterprise')) ?? actor;
    touched.push(...g.ids); // services refresh statuses as of each step's day; all are brought to D at the end
    // submissions spread over D−70 … D−14 on working days, 09:00–11:00; first versions left unanswered
    // come in on the last working days before D (open in the inbox, clock running)
    const day =
      plan === 'unanswered'
        ? workdayBack(addDays(REF, i === 27 ? -2 : -1))
        : workdayBack(addDays(REF, -70 + Math.floor((i / Math.max(1, n)) * 56)));
    const sub = at(ctx, day, `${String(9 + Math.floor(r() * 2)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`);
    const contact = { name: D.contacts[i % D.contacts.length] as string, phone: `1390477${String(2000 + i).padStart(4, '0')}` };
    const a = await apps.createApplication(on(sub), applicant, {
      institutionId: inst.id,
      instrumentIds: g.ids,
      mode: i % 4 === 0 ? 'bring_in' : 'on_site',
      preferredDate: addDays(day, 5),
      contact,
    });
    const plus = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
    const afterDeadline = (deadline: string, hours: number) => new Date(new Date(deadline).getTime() + hours * 3_600_000).toISOString();
    let acceptedAt: string | null = null;
    if (plan === 'ok') {
      acceptedAt = plus(sub, 1 + Math.floor(r() * 26));
      if (acceptedAt > a.acceptDeadline) acceptedAt = plus(sub, 2);
      if (acceptedAt >= cutoff) return;
      await apps.acceptApplication(on(acceptedAt), instActor, a.id);
    } else if (plan === 'late') {
      acceptedAt = afterDeadline(a.acceptDeadline, 10 + Math.floor(r() * 40));
      if (acceptedAt >= cutoff) return;
      await apps.acceptApplication(on(acceptedAt), instActor, a.id);
    } else if (plan === 'unanswered') {
      return;
    } else {
      const phoned = plan === 'returnPhoned';
      const retAt = plus(sub, 3 + Math.floor(r() * 20));
      if (plus(retAt, 0.25) >= cutoff) return;
      const reason = plan === 'returnOnly' ? 'other' : plan === 'returnSilentUnanswered' ? 'missing_material' : 'data_error';
      await apps.returnApplication(on(retAt), instActor, a.id, {
        reasonCode: reason,
        note: D.returnNotes[reason],
        phonedAt: phoned ? plus(retAt, 0.25) : undefined,
      });
      if (plan === 'returnOnly') return;
      const reAt = plus(retAt, 20);
      if (reAt >= cutoff) return;
      const v2 = await apps.resubmitApplication(on(reAt), applicant, a.id, { preferredDate: addDays(day, 9) });
      if (plan === 'returnSilentUnanswered') return;
      acceptedAt = plan === 'returnSilentAnswered' ? afterDeadline(v2.acceptDeadline, 30) : plus(reAt, 4);
      if (acceptedAt >= cutoff) return;
      await apps.acceptApplication(on(acceptedAt), instActor, a.id);
    }
    if (!withResults || !acceptedAt) return;
    const resultDay = workday(addDays(acceptedAt.slice(0, 10), 2));
    if (resultDay >= REF) return;
    const cat = await demoRepo.categoryOf(ctx.db, g.ids[0] as number);
    const nz = await nozzlesOf(ctx.db, g.ids);
    const results = g.ids.flatMap((id) => {
      const ns = nz.filter((x) => Number(x.instrument_id) === id);
      const base = {
        instrumentId: id,
        date: resultDay,
        conclusion: 'passed' as const,
        verifierId: ver[`${inst.id}:${cat}`] as number,
        standardId: std[`${inst.id}:${cat}`] as number,
      };
      const errs = () =>
        Array.from({ length: 9 }, () => Math.round((r() * 0.36 - 0.18) * 100) / 100).map((e, k, all) =>
          k % 3 === 0 ? e : Math.round(((all[k - (k % 3)] as number) + (r() * 0.06 - 0.03)) * 100) / 100,
        );
      const meas = cat === 'fuel_dispenser' ? { errors: errs() } : undefined;
      if (ns.length === 0) return [{ ...base, certificateNo: `JD${resultDay.replace(/-/g, '')}-${id}`, measurements: meas }];
      return ns.map((x) => ({
        ...base,
        nozzleId: Number(x.id),
        certificateNo: `JD${resultDay.replace(/-/g, '')}-${id}-${Number(x.nozzle_no)}`,
        measurements: cat === 'fuel_dispenser' ? { errors: errs() } : undefined,
        seals: [`QF${id}${Number(x.nozzle_no)}A`, `QF${id}${Number(x.nozzle_no)}B`, `QF${id}${Number(x.nozzle_no)}C`],
      }));
    });
    await recordResults(on(at(ctx, resultDay, '16:00')), instActor, a.id, results);
  };
  const touched: number[] = [];

  for (const [i, g] of groups.slice(0, nCounty).entries())
    await run(county, countyActor, g, countyPlans[i] as Plan, i, nCounty, i % 4 === 1);
  for (const [i, g] of meterGroups.entries()) await run(city, cityActor, g, cityPlans[i] as Plan, i, meterGroups.length, false);
  // stored statuses as of the ledger demo's reference date (today)
  if (touched.length) await ctx.db.transaction().execute((trx) => refreshInstruments(ctx, trx, touched, REF));
}
