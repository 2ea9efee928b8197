import { enumLabel, MANDATORY_CATEGORIES, type TKpiQuery, type TKpiReport } from '@qiangjian/shared';
import { CURRENT_KPI_FORMULA_VERSION } from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { ratio } from '../../../lib/stats.js';
import { dashboard as acceptanceDashboard } from '../../verification/dashboard/dashboard.service.js';
import * as q from './facts.queries.js';
import { streamFacts } from './facts.service.js';
import { countKpiInstrument, countKpiSample, groupKey, kpisOf } from './kpi.rules.js';
import type { Counter } from './report.rules.js';
import { inSnapshot, reportContext } from './report-context.js';

/**
 * The KPIs of docs/domain/forms.md §7 (formula version CURRENT_KPI_FORMULA_VERSION, stated in the output) for a region
 * and period within the caller's scope, per organization, town or category (`by`) and in total. The instrument and
 * sample figures come from one read transaction; on-time acceptance rate comes from the verification module's acceptance clock
 * (its dashboard service, per institution).
 */
export async function computeKpis(ctx: AppContext, actor: Actor, query: TKpiQuery): Promise<TKpiReport> {
  const rc = await reportContext(ctx, actor, query);
  const by = query.by ?? null;
  const { period } = rc;
  const { groups, total, names } = await inSnapshot(ctx, async (db) => {
    const groups = new Map<string, Counter>();
    const total: Counter = {};
    const counter = (k: string) => {
      let c = groups.get(k);
      if (!c) {
        c = {};
        groups.set(k, c);
      }
      return c;
    };
    for await (const batch of streamFacts(ctx, db, {
      filter: { prefix: rc.prefix, scope: rc.scope, categories: MANDATORY_CATEGORIES },
      period,
      rotationBasis: true,
    })) {
      for (const f of batch) {
        countKpiInstrument(total, f, period);
        if (by) countKpiInstrument(counter(groupKey(by, f)), f, period);
      }
    }
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
    const names =
      by === 'org'
        ? await q.orgNamesById(db, [...groups.keys()].map(Number))
        : by === 'town'
          ? await q.regionNameMap(db, rc.prefix)
          : new Map<string | number, string>();
    return { groups, total, names: names as Map<string | number, string> };
  });

  const acceptance = await acceptanceDashboard(ctx, actor, { from: period.periodStart, to: period.periodEnd });
  const totalKpis = kpisOf(total);
  let num = 0;
  let den = 0;
  for (const i of acceptance.institutions) {
    num += i.onTime.numerator;
    den += i.onTime.denominator;
  }
  totalKpis.onTimeAcceptanceRate = ratio(num, den);

  const out: TKpiReport['groups'] = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, c]) => ({
      key,
      label: by === 'category' ? enumLabel('category', key) : ((by === 'org' ? names.get(Number(key)) : names.get(key)) ?? key),
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
