import {
  enumLabel,
  type KpiGrouping,
  MANDATORY_CATEGORIES,
  type TDrillItem,
  type TDrillPage,
  type TKpiDrillQuery,
  type TKpiReport,
} from '@qiangjian/shared';
import { CURRENT_KPI_FORMULA_VERSION } from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { invalidParameter } from '../../../errors.js';
import { ratio } from '../../../lib/stats.js';
import { dashboard as acceptanceDashboard } from '../../verification/dashboard/dashboard.service.js';
import * as q from './facts.queries.js';
import { countKpiSample, groupKey, KPI_COUNTERS, KPI_INSTRUMENT_KEYS, kpisOf, SAMPLE_COUNTERS } from './kpi.rules.js';
import { type Counter, n } from './report.rules.js';
import type { ReportContext } from './report-context.js';
import { countSpans, drillSpans } from './spans.service.js';

/**
 * The counted part of a KPI report (instruments and sample tests of one read transaction): structured-clone friendly,
 * so a read worker can compute it (attachments/report.read.ts) and the main thread assembles the report.
 */
export interface KpiCounts {
  groups: [string, Counter][];
  total: Counter;
  /** group key → label (org names, town names) */
  names: [string, string][];
}

/** The KPI counters of a checked request, read inside the caller's snapshot (`db`): main thread or read worker. */
export async function kpiCountsIn(_ctx: AppContext, db: DbOrTrx, rc: ReportContext, by: KpiGrouping | null): Promise<KpiCounts> {
  const { period } = rc;
  // the instrument counters: set-based counts over the status spans (spans.service), rolled up to the groups of `by`
  const { byKey: groups, total } = await countSpans(
    db,
    KPI_INSTRUMENT_KEYS,
    { prefix: rc.prefix, scope: rc.scope, categories: MANDATORY_CATEGORIES, orgIds: await q.allOrgIds(db) },
    period,
    by === 'town' ? ['town'] : [],
    (r) => (by ? groupKey(by, { orgId: r.org_id, town: r.town, category: r.category }) : null),
  );
  const counter = (k: string) => {
    let c = groups.get(k);
    if (!c) {
      c = {};
      groups.set(k, c);
    }
    return c;
  };
  const samples = await q.sampleTestsInPeriod(db, {
    prefix: rc.prefix,
    scope: rc.scope,
    categories: MANDATORY_CATEGORIES,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
  });
  for (const s of samples) {
    countKpiSample(total, s);
    if (by) countKpiSample(counter(groupKey(by, { orgId: s.org_id, town: s.town, category: s.category })), s);
  }
  const names: [string, string][] = [];
  if (by === 'org') for (const [id, name] of await q.orgNamesById(db, [...groups.keys()].map(Number))) names.push([String(id), name]);
  if (by === 'town') for (const [code, name] of await q.regionNameMap(db, rc.prefix)) names.push([code, name]);
  return { groups: [...groups.entries()], total, names };
}

/**
 * The KPI report of docs/domain/forms.md §7 (formula version CURRENT_KPI_FORMULA_VERSION, stated in the output) from
 * the counters and the verification module's acceptance clock (its dashboard service, per institution, read in the
 * main thread: limited by the caller's application scope, not the region).
 */
export async function assembleKpis(
  ctx: AppContext,
  actor: Actor,
  rc: ReportContext,
  by: KpiGrouping | null,
  counts: KpiCounts,
): Promise<TKpiReport> {
  const { period } = rc;
  const names = new Map(counts.names);
  const acceptance = await acceptanceDashboard(ctx, actor, { from: period.periodStart, to: period.periodEnd });
  const totalKpis = kpisOf(counts.total);
  let num = 0;
  let den = 0;
  for (const i of acceptance.institutions) {
    num += i.onTime.numerator;
    den += i.onTime.denominator;
  }
  totalKpis.onTimeAcceptanceRate = ratio(num, den);
  const out: TKpiReport['groups'] = [...counts.groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, c]) => ({
      key,
      label: by === 'category' ? enumLabel('category', key) : (names.get(key) ?? key),
      kpis: kpisOf(c),
    }));
  if (by === 'org')
    for (const i of acceptance.institutions) {
      const kpis = kpisOf({});
      kpis.onTimeAcceptanceRate = i.onTime;
      out.push({ key: String(i.institutionId), label: i.institutionName, kpis });
    }
  return {
    formulaVersion: CURRENT_KPI_FORMULA_VERSION,
    region: rc.region,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    asOf: period.asOf,
    by,
    groups: out,
    total: totalKpis,
  };
}

/** The counter behind a KPI part, or a 400 naming `kpi` (unknown, or not drillable: onTimeAcceptanceRate). */
export function kpiCounterOf(d: Pick<TKpiDrillQuery, 'kpi' | 'part' | 'by' | 'group'>): string {
  const counters = KPI_COUNTERS[d.kpi];
  if (!counters) throw invalidParameter('kpi', d.kpi);
  if (d.group !== undefined && !d.by) throw invalidParameter('by', 'group');
  return d.part === 'numerator' ? counters[0] : counters[1];
}

/**
 * The records behind one KPI figure (numerator or denominator, of the total or of a group), paged: the same reads and
 * the same counting functions (countKpiInstrument / countKpiSample) as the figure, so `value` is the figure. A
 * dispenser counted per nozzle (verification rate) lists its nozzles; any other instrument is one item weighing its
 * quantity; a sample test one item.
 */
export async function kpiDrillIn(_ctx: AppContext, db: DbOrTrx, rc: ReportContext, d: TKpiDrillQuery): Promise<TDrillPage> {
  const key = kpiCounterOf(d);
  const { period } = rc;
  const by = d.group !== undefined ? (d.by ?? null) : null;
  const inGroup = (x: { orgId: number; town: string | null; category: string }) => by === null || groupKey(by, x) === d.group;
  const start = (d.page - 1) * d.pageSize;
  const items: TDrillItem[] = [];
  let total = 0;
  let value = 0;
  const take = (item: TDrillItem, w: number) => {
    if (total >= start && items.length < d.pageSize) items.push(item);
    total++;
    value += w;
  };
  if (SAMPLE_COUNTERS.has(key)) {
    const samples = await q.sampleTestsInPeriod(db, {
      prefix: rc.prefix,
      scope: rc.scope,
      categories: MANDATORY_CATEGORIES,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
    });
    for (const s of samples) {
      if (!inGroup({ orgId: s.org_id, town: s.town, category: s.category })) continue;
      const c: Counter = {};
      countKpiSample(c, s);
      const w = n(c, key);
      if (w > 0)
        take(
          {
            kind: 'sample_test',
            id: s.id,
            orgId: s.org_id,
            label: String(s.instrument_id),
            category: s.category,
            date: s.date,
            status: s.conclusion,
            quantity: w,
            amountYuan: null,
          },
          w,
        );
    }
    return { items, total, value, page: d.page, pageSize: d.pageSize };
  }
  const categories = by === 'category' ? MANDATORY_CATEGORIES.filter((c) => c === d.group) : (MANDATORY_CATEGORIES as readonly string[]);
  const orgIds = by === 'org' ? (Number.isInteger(Number(d.group)) ? [Number(d.group)] : []) : await q.allOrgIds(db);
  if (categories.length === 0 || orgIds.length === 0) return { items, total, value, page: d.page, pageSize: d.pageSize };
  return drillSpans(
    db,
    key,
    { prefix: rc.prefix, scope: rc.scope, categories, orgIds, town: by === 'town' ? (d.group ?? '') : undefined },
    period,
    d,
  );
}
