import { addDays, addMonthsClamped, diffDays, periodEnd, regionShortName } from '@qiangjian/shared';
import { DEMO_LEDGER, DEMO_TOWNS } from '@qiangjian/shared/data';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, actorLabel } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import { seededRandom } from '../../lib/random.js';
import type { DemoOrgRef, DemoWorld } from '../demo/demo-world.js';
import { ownershipOfKind } from '../orgs/orgs.service.js';
import { refreshOrg } from '../status/status.api.js';
import {
  IMPORT_COLUMNS,
  type InstrumentUpsert,
  type InstrumentValues,
  instrumentKey,
  type VerificationValues,
} from './import/import-plan.rules.js';
import { bulkWriter } from './import/ledger-import.repository.js';
import { catalogueOf } from './instrument-fields.js';
import { insertStateChanges, updateInstrument } from './instruments.repository.js';
import { newPublicCode } from './public-code.js';

/**
 * Demo ledger for 乌审旗 (docs/domain/forms.md §8), deterministic (seeded PRNG) for a given reference date, written
 * through the import's bulk path. Dates are laid out around the demo reference D = today(ctx) (campaign
 * period P = the 130 days up to D, as 2024-06-07 … 2024-10-15 in §8) and stored statuses are computed as
 * of D, so a fresh `serve` (daily refresh as of today) shows the campaign figures of §8: rotation due /
 * rotated / overdue, installed in P with first-verification gaps, 4 overdue nozzles, mostly valid.
 * The original layout was fixed at D = 2024-10-15; every date is now an offset from D.
 */
/**
 * Share of docs/domain/forms.md §8's civil-meter counts generated (68k + 41k + 29k at 1), from `world.meterScale`:
 * `qiangjian demo seed` builds the full county (scale 1, ~25 s on an idle machine, mostly the status
 * refresh of 140k instruments); browser tests and `demo seed --scale 0.1` use a tenth, with every
 * proportion of §8 kept. Stations (136 dispensers, 452 nozzles, auxiliaries) are always full.
 */
export const DEMO_METER_SCALE = 1;
/** Length of the demo campaign period P ending at the reference date (2024-06-07 … 2024-10-15). */
export const DEMO_PERIOD_DAYS = 130;

/** Dates of the demo, all relative to the reference date D. */
interface DemoDates {
  ref: string;
  periodStart: string;
}

function demoDates(ref: string): DemoDates {
  return { ref, periodStart: addDays(ref, -DEMO_PERIOD_DAYS) };
}

/** D minus whole years (29 Feb clamps to 28 Feb). */
function yearsBefore(ref: string, years: number): string {
  return addMonthsClamped(ref, -12 * years);
}

interface DemoRecord {
  category: string;
  serial: string;
  values: InstrumentValues;
  ver: { date: string; values: VerificationValues } | null;
  nozzles?: { no: number; grade: string }[];
  removal?: { date: string; replacedBySerial: string | null };
}

class Gen {
  rnd: () => number;
  constructor(seed: number) {
    this.rnd = seededRandom(seed);
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.rnd() * (b - a + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)] as T;
  }
  date(from: string, to: string): string {
    return addDays(from, this.int(0, Math.max(0, diffDays(from, to))));
  }
  /** Picks by cumulative weights. */
  weighted<T>(items: readonly [T, number][]): T {
    const r = this.rnd();
    let acc = 0;
    for (const [v, w] of items) {
      acc += w;
      if (r < acc) return v;
    }
    return (items[items.length - 1] as [T, number])[0];
  }
}

function fill(tpl: string, v: Record<string, string | number>): string {
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));
}

function base(): InstrumentValues {
  return Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, null])) as InstrumentValues;
}

function ver(
  date: string,
  kind: string,
  institution: string,
  conclusion = 'passed',
  certificateNo: string | null = null,
  validUntil: string | null = null,
) {
  return { date, values: { kind, conclusion, certificate_no: certificateNo, valid_until: validUntil, institution_name: institution } };
}

const TOWN_SHARE: Record<string, number> = {
  '150626100': 0.62,
  '150626102': 0.1,
  '150626104': 0.09,
  '150626101': 0.07,
  '150626103': 0.07,
  '150626200': 0.05,
};

interface MeterPlan {
  key: 'water' | 'gas' | 'power';
  category: 'water_meter' | 'gas_meter' | 'electricity_meter';
  serialPrefix: string;
  inService: number;
  /** Earliest initial verification of meters not due in P (validUntil ≥ D): D minus the cycle. */
  after: string;
  due: number;
  rotated: number;
  installedInP: number;
  notFirstVerified: number;
  institution: string;
}

function meterRecords(
  g: Gen,
  dd: DemoDates,
  plan: MeterPlan,
  sites: { id: number; townCode: string }[],
  townName: Map<string, string>,
): DemoRecord[] {
  const towns = sites.map((s) => s.townCode);
  const shareSum = towns.reduce((a, t) => a + (TOWN_SHARE[t] ?? 0.05), 0);
  const townWeights = sites.map((s) => [s, (TOWN_SHARE[s.townCode] ?? 0.05) / shareSum] as [{ id: number; townCode: string }, number]);
  const out: DemoRecord[] = [];
  let seq = 0;
  const normal = plan.inService - (plan.due - plan.rotated) - plan.installedInP;
  const mk = (kind: 'normal' | 'due' | 'new'): DemoRecord => {
    seq++;
    const site = g.weighted(townWeights);
    const v = base();
    v.site_id = site.id;
    v.admin_division_code = site.townCode;
    v.quantity = 1;
    v.origin = 'domestic';
    v.purpose = 'trade_settlement';
    v.submission_mode = 'bring_in';
    v.location = fill(DEMO_LEDGER.addressTemplate, {
      town: regionShortName(townName.get(site.townCode) ?? ''),
      estate: g.pick(DEMO_LEDGER.estates),
      building: g.int(1, 30),
      unit: g.int(1, 6),
      room: `${g.int(1, 18)}0${g.int(1, 4)}`,
    });
    let limitAfter = plan.after;
    if (plan.category === 'water_meter') {
      const dn =
        kind === 'normal'
          ? g.weighted<number>([
              [15, 0.92],
              [20, 0.05],
              [25, 0.02],
              [g.pick([32, 40, 50]), 0.008],
              [g.pick([80, 100]), 0.002],
            ])
          : 15;
      v.caliber_dn = dn;
      v.q3 = ({ 15: 2.5, 20: 4, 25: 6.3, 32: 10, 40: 16, 50: 16, 80: 63, 100: 100 } as Record<number, number>)[dn] ?? 2.5;
      v.instrument_name = g.pick(DEMO_LEDGER.water.names);
      v.manufacturer = g.pick(DEMO_LEDGER.water.manufacturers);
      v.model = `${DEMO_LEDGER.water.modelPrefix}${dn}`;
      v.accuracy_class = DEMO_LEDGER.water.accuracyClass;
      if (dn > 25 && dn <= 50) limitAfter = yearsBefore(dd.ref, 4);
      if (dn > 50) limitAfter = addDays(dd.ref, -700);
    } else if (plan.category === 'gas_meter') {
      const gr = g.weighted<string>([
        ['G1.6', 0.2],
        ['G2.5', 0.65],
        ['G4', 0.12],
        [g.pick(['G6', 'G10']), 0.03],
      ]);
      v.g_rating = gr;
      v.gas_medium = 'natural_gas';
      v.instrument_name = g.pick(DEMO_LEDGER.gas.names);
      v.manufacturer = g.pick(DEMO_LEDGER.gas.manufacturers);
      v.model = `${DEMO_LEDGER.gas.modelPrefix}${gr}`;
      v.accuracy_class = DEMO_LEDGER.gas.accuracyClass;
    } else {
      const three = g.rnd() < 0.05;
      v.instrument_name = three ? DEMO_LEDGER.electricity.threePhase : DEMO_LEDGER.electricity.singlePhase;
      v.accuracy_class = three ? '1' : '2';
      v.model = three ? DEMO_LEDGER.electricity.threeModel : DEMO_LEDGER.electricity.singleModel;
      v.manufacturer = g.pick(DEMO_LEDGER.electricity.manufacturers);
    }
    const cat = catalogueOf(plan.category, String(v.instrument_name));
    v.catalogue_item = cat.item;
    v.catalogue_type = cat.type;
    let verDate: string;
    let install: string;
    if (kind === 'normal') {
      verDate = g.date(addDays(limitAfter, 1), addDays(dd.ref, -167));
      install = addDays(verDate, g.int(1, 30));
    } else if (kind === 'due') {
      verDate = g.date(addDays(plan.after, -365), plan.after);
      install = addDays(verDate, g.int(1, 30));
    } else {
      install = g.date(dd.periodStart, addDays(dd.ref, -15));
      verDate = addDays(install, -g.int(1, 60));
    }
    v.install_date = install;
    v.ledger_state = 'filed';
    v.filed_at = install;
    return {
      category: plan.category,
      serial: `${plan.serialPrefix}${String(10_000_000 + seq)}`,
      values: v,
      ver: ver(verDate, 'initial', plan.institution),
    };
  };
  for (let i = 0; i < normal; i++) out.push(mk('normal'));
  // a few meters entered without any verification record (unverified) and one that failed its verification
  for (let i = 0; i < 20 && i * 97 < out.length; i++) (out[i * 97] as DemoRecord).ver = null;
  const failed = out[13] as DemoRecord;
  if (failed.ver) failed.ver = ver(failed.ver.date, 'initial', plan.institution, 'failed');
  const due: DemoRecord[] = [];
  for (let i = 0; i < plan.due; i++) due.push(mk('due'));
  const fresh: DemoRecord[] = [];
  for (let i = 0; i < plan.installedInP; i++) {
    const r = mk('new');
    if (i >= plan.installedInP - plan.notFirstVerified && r.ver) {
      // verified only after installation: not counted by 首检率
      r.ver.date = addDays(String(r.values.install_date), g.int(1, 10));
    }
    fresh.push(r);
  }
  // the first `rotated` due meters were replaced in P by the first new ones
  for (let i = 0; i < plan.rotated; i++) {
    const old = due[i] as DemoRecord;
    const repl = fresh[i] as DemoRecord;
    old.removal = { date: String(repl.values.install_date), replacedBySerial: repl.serial };
    repl.values.site_id = old.values.site_id;
    repl.values.admin_division_code = old.values.admin_division_code;
    repl.values.location = old.values.location;
  }
  return [...out, ...due, ...fresh];
}

function stationRecords(
  g: Gen,
  dd: DemoDates,
  stations: { org: DemoOrgRef; siteId: number; townCode: string; ownership: string }[],
  institution: string,
  loginStationId: number | undefined,
): Map<number, DemoRecord[]> {
  const D = dd.ref;
  const refYear = Number(D.slice(0, 4));
  const byOrg = new Map<number, DemoRecord[]>();
  let d = 0;
  let overdueLeft = 2;
  let cert = 0;
  stations.forEach((s, si) => {
    const recs: DemoRecord[] = [];
    const dispensers = si < 10 ? 4 : 3;
    const twoNozzle: DemoRecord[] = [];
    for (let k = 0; k < dispensers; k++, d++) {
      const nozzleCount = (d * 7) % 136 < 46 ? 2 : 4;
      const v = base();
      v.site_id = s.siteId;
      v.admin_division_code = s.townCode;
      v.instrument_name = g.pick(DEMO_LEDGER.dispenser.names);
      v.manufacturer = g.pick(DEMO_LEDGER.dispenser.manufacturers);
      v.model = g.pick(DEMO_LEDGER.dispenser.models);
      v.measuring_range = DEMO_LEDGER.dispenser.measuringRange;
      v.accuracy_class = DEMO_LEDGER.dispenser.accuracyClass;
      v.quantity = 1;
      v.origin = 'domestic';
      v.purpose = 'trade_settlement';
      v.submission_mode = 'on_site';
      v.install_date = g.date(addDays(D, -3575), addDays(D, -289));
      v.first_use_date = addDays(String(v.install_date), 3);
      v.seal_nos = `QF${String(si + 1).padStart(2, '0')}${k + 1}01,QF${String(si + 1).padStart(2, '0')}${k + 1}02`;
      v.type_approval_no = `2015F${100 + (d % 40)}-11`;
      const cat = catalogueOf('fuel_dispenser', String(v.instrument_name));
      v.catalogue_item = cat.item;
      v.catalogue_type = cat.type;
      v.ledger_state = si >= stations.length - 2 ? 'draft' : 'filed';
      v.filed_at = v.ledger_state === 'filed' ? String(v.first_use_date) : null;
      // the `station` login's station: 3 of its 4 dispensers fall due within the month (a newcomer's first application)
      const date =
        s.org.id === loginStationId && k < 3 ? addDays(addMonthsClamped(D, -6), g.int(2, 20)) : g.date(addDays(D, -175), addDays(D, -5));
      cert++;
      const r: DemoRecord = {
        category: 'fuel_dispenser',
        serial: `JYJ${String(si + 1).padStart(2, '0')}${String(k + 1).padStart(2, '0')}${String(refYear - 9 + (d % 9))}`,
        values: v,
        ver: ver(date, 'periodic', institution, 'passed', `JD${date.slice(0, 4)}-${String(cert).padStart(5, '0')}`, periodEnd(date, 6)),
        nozzles: Array.from({ length: nozzleCount }, (_, n) => ({ no: n + 1, grade: DEMO_LEDGER.dispenser.fuelGrades[n % 3] as string })),
      };
      v.fuel_grade = [...new Set(r.nozzles?.map((n) => n.grade))].join('/');
      if (nozzleCount === 2) twoNozzle.push(r);
      recs.push(r);
    }
    // one station keeps 2 dispensers / 4 nozzles past their 6-month cycle (→ 立案 in §8)
    if (overdueLeft > 0 && twoNozzle.length >= 2 && si >= 4) {
      for (const r of twoNozzle.slice(0, 2)) {
        const date = addDays(D, -g.int(200, 230));
        r.ver = ver(
          date,
          'periodic',
          institution,
          'passed',
          `JD${date.slice(0, 4)}-${String(++cert).padStart(5, '0')}`,
          periodEnd(date, 6),
        );
      }
      overdueLeft = 0;
    }
    const auxiliaries = DEMO_LEDGER.auxiliaries.filter(
      (a) =>
        a.category === 'dipstick' ||
        a.category === 'hydrometer' ||
        a.category === 'thermometer' ||
        (a.category === 'tank_level_gauge' && si < 25) ||
        (a.category === 'standard_measure' && (s.ownership === 'cnpc' || s.ownership === 'sinopec')),
    );
    for (const a of auxiliaries) {
      const v = base();
      v.site_id = s.siteId;
      v.admin_division_code = s.townCode;
      v.instrument_name = a.name;
      v.manufacturer = a.manufacturer;
      v.model = a.model;
      v.accuracy_class = a.accuracyClass;
      v.catalogue_item = a.name;
      v.catalogue_type = a.name;
      v.quantity = 1;
      v.purpose = 'trade_settlement';
      v.install_date = g.date(addDays(D, -2479), addDays(D, -289));
      v.ledger_state = si >= stations.length - 2 ? 'draft' : 'filed';
      v.filed_at = v.ledger_state === 'filed' ? v.install_date : null;
      const date = si % 13 === 5 && a.category === 'thermometer' ? addDays(D, -400) : g.date(addDays(D, -355), addDays(D, -10));
      recs.push({
        category: a.category,
        serial: `${a.category.slice(0, 2).toUpperCase()}${String(si + 1).padStart(3, '0')}${g.int(1000, 9999)}`,
        values: v,
        ver: ver(date, 'periodic', institution, 'passed', null, null),
      });
    }
    byOrg.set(s.org.id, recs);
  });
  return byOrg;
}

async function writeOrg(ctx: AppContext, actor: Actor, orgId: number, records: DemoRecord[], ref: string): Promise<void> {
  const now = nowIso(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const w = bulkWriter(ctx, trx, orgId, 0, now);
    const ids = new Map<string, number>();
    for (let i = 0; i < records.length; i += 5000) {
      const part = records.slice(i, i + 5000);
      const ups: InstrumentUpsert[] = part.map((r) => ({
        category: r.category,
        serial_no: r.serial,
        public_code: newPublicCode(),
        values: r.values,
      }));
      for (const [k, id] of await w.upsertInstruments(ups)) ids.set(k, id);
      const idOf = (r: DemoRecord) => ids.get(instrumentKey(r.category, r.serial)) as number;
      await w.upsertVerifications(part.flatMap((r) => (r.ver ? [{ instrument_id: idOf(r), date: r.ver.date, values: r.ver.values }] : [])));
      await w.insertNozzles(
        part.flatMap((r) => (r.nozzles ?? []).map((n) => ({ instrument_id: idOf(r), nozzle_no: n.no, fuel_grade: n.grade }))),
      );
    }
    let removed = 0;
    // a removal as the ledger records one: the instrument row and its 备案历史 entry (filed → removed)
    const history: Parameters<typeof insertStateChanges>[1] = [];
    for (const r of records) {
      if (!r.removal) continue;
      removed++;
      const id = ids.get(instrumentKey(r.category, r.serial)) as number;
      const repl = r.removal.replacedBySerial ? (ids.get(instrumentKey(r.category, r.removal.replacedBySerial)) ?? null) : null;
      await updateInstrument(trx, id, {
        ledger_state: 'removed',
        removal_date: r.removal.date,
        removal_reason: 'rotation',
        replaced_by_id: repl,
      });
      // and from the new meter (its replaces link, as an import's `replacesSerial` writes it)
      if (repl !== null) await updateInstrument(trx, repl, { replaces_instrument_id: id });
      history.push({
        org_id: orgId,
        instrument_id: id,
        from_state: 'filed',
        to_state: 'removed',
        effective_date: r.removal.date,
        reason: 'rotation',
        note: null,
        actor: actorLabel(actor),
        at: now,
      });
    }
    await insertStateChanges(trx, history);
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'ledger_seeded',
        entityType: 'organization',
        entityId: String(orgId),
        data: { instruments: records.length, removed, referenceDate: ref },
      },
      orgId,
    );
  });
}

/** The ledger demo layer: run by `qiangjian demo seed` after the base county. */
export async function ledgerDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const dd = demoDates(today(ctx));
  const g = new Gen(20241015);
  const townName = new Map(DEMO_TOWNS.map((t) => [t.code, t.name]));
  const org = (key: string) => world.orgs.find((o) => o.key === key) as DemoOrgRef;
  const inst = (key: string) => world.orgs.find((o) => o.key === key)?.name ?? '';
  const sitesOf = (orgId: number) => world.sites.filter((s) => s.orgId === orgId).map((s) => ({ id: s.id, townCode: s.townCode }));

  const k = (n: number) => Math.max(1, Math.round(n * (world.meterScale ?? DEMO_METER_SCALE)));
  const plans: MeterPlan[] = [
    {
      key: 'water',
      category: 'water_meter',
      serialPrefix: '1506',
      inService: k(41_000),
      after: yearsBefore(dd.ref, 6),
      due: k(1_500),
      rotated: k(900),
      installedInP: k(900),
      notFirstVerified: k(12),
      institution: inst('inst_county'),
    },
    {
      key: 'gas',
      category: 'gas_meter',
      serialPrefix: '2106',
      inService: k(29_000),
      after: yearsBefore(dd.ref, 10),
      due: k(400),
      rotated: k(150),
      installedInP: k(700),
      notFirstVerified: k(5),
      institution: inst('inst_city'),
    },
    {
      key: 'power',
      category: 'electricity_meter',
      serialPrefix: '3306',
      inService: k(68_000),
      after: yearsBefore(dd.ref, 8),
      due: k(2_100),
      rotated: k(900),
      installedInP: k(1_600),
      notFirstVerified: 0,
      institution: inst('inst_city'),
    },
  ];
  const stations = world.orgs
    .filter((o) => o.kind === 'gas_station')
    .map((o) => {
      const site = world.sites.find((s) => s.orgId === o.id) as DemoWorld['sites'][number];
      return { org: o, siteId: site.id, townCode: site.townCode, ownership: '' };
    });
  const ownerOf = await ownershipOfKind(ctx.db, 'gas_station');
  for (const s of stations) s.ownership = ownerOf.get(s.org.id) ?? 'other';

  const loginStation = world.orgs.find((o) => o.key === 'station_1')?.id;
  for (const [orgId, recs] of stationRecords(g, dd, stations, inst('inst_county'), loginStation))
    await writeOrg(ctx, actor, orgId, recs, dd.ref);
  for (const p of plans) {
    const o = org(p.key);
    await writeOrg(ctx, actor, o.id, meterRecords(g, dd, p, sitesOf(o.id), townName), dd.ref);
  }
  await refreshOrg(ctx, undefined, dd.ref);
}
