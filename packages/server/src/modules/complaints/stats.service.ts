import { COMPLAINT_STAGES, COMPLAINT_SUBJECTS, type TComplaintStats } from '@qiangjian/shared';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { percentile, ratio, round2 } from '../../lib/stats.js';
import { dateInZone } from '../../time.js';
import { loadCalendar } from '../verification/calendar/settings.service.js';
import { workingDaysBetween } from '../verification/calendar/working-days.js';
import * as repo from './complaints.repository.js';
import { flagOf, workingDaysLeft } from './complaints.rules.js';
import { complaintScopeOf } from './complaints.service.js';
import { getComplaintSettings } from './settings.service.js';

/**
 * The complaints dashboard (docs/COMPLAINTS.md "Statistics"): counts by subject, town, organization and stage; handling
 * time (receipt → reply) median and p90 in working days, less the paused days; the share decided within the acceptance
 * limit; the mediation success rate; near / past a limit. Each figure is a filter of the list (same scope, same rows).
 */
export async function complaintStats(ctx: AppContext, actor: Actor, q: { from?: string; to?: string }): Promise<TComplaintStats> {
  const { scope } = complaintScopeOf(actor);
  const [cal, s] = await Promise.all([loadCalendar(ctx.db), getComplaintSettings(ctx.db)]);
  const rows = await repo.statRows(ctx.db, scope, { receivedFrom: q.from, receivedTo: q.to });
  const tz = ctx.config.timeZone;
  const day = today(ctx);
  const count = <K>(key: (r: (typeof rows)[number]) => K) => {
    const m = new Map<K, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return m;
  };
  const bySubject = count((r) => r.subject);
  const byStage = count((r) => r.stage);
  const byTown = new Map<string, { name: string; n: number }>();
  const byOrg = new Map<number, { name: string; n: number }>();
  for (const r of rows) {
    if (r.town_code) {
      const e = byTown.get(r.town_code) ?? { name: r.town_name ?? r.town_code, n: 0 };
      e.n++;
      byTown.set(r.town_code, e);
    }
    if (r.org_id !== null) {
      const e = byOrg.get(Number(r.org_id)) ?? { name: r.org_name ?? '', n: 0 };
      e.n++;
      byOrg.set(Number(r.org_id), e);
    }
  }
  const handling = rows
    .filter((r) => r.closed_at !== null && r.stage === 'closed')
    .map((r) =>
      Math.max(0, workingDaysBetween(cal, new Date(r.received_at), new Date(r.closed_at as string), tz) - Number(r.paused_working_days)),
    )
    .sort((a, b) => a - b);
  const decided = rows.filter((r) => r.decided_at !== null);
  const inTime = decided.filter((r) => dateInZone(new Date(r.decided_at as string), tz) <= r.decision_deadline);
  const mediated = rows.filter((r) => r.mediation_result === 'agreement' || r.mediation_result === 'no_agreement');
  let near = 0;
  let overdue = 0;
  for (const r of rows) {
    if (r.next_deadline === null) continue;
    const f = flagOf(workingDaysLeft(cal, day, r.next_deadline), s.nearLimitWorkingDays, r.paused_at !== null);
    if (f === 'near') near++;
    if (f === 'overdue') overdue++;
  }
  const rate = (n: number, d: number) => {
    const x = ratio(n, d);
    return { numerator: x.numerator, denominator: x.denominator, rate: x.rate };
  };
  return {
    total: rows.length,
    bySubject: COMPLAINT_SUBJECTS.map((k) => ({ key: k, n: bySubject.get(k) ?? 0 })),
    byStage: COMPLAINT_STAGES.map((k) => ({ key: k, n: byStage.get(k) ?? 0 })),
    byTown: [...byTown.entries()]
      .map(([key, v]) => ({ key, name: v.name, n: v.n }))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key)),
    byOrg: [...byOrg.entries()].map(([key, v]) => ({ key, name: v.name, n: v.n })).sort((a, b) => b.n - a.n || a.key - b.key),
    handlingDays: { n: handling.length, median: round2(percentile(handling, 0.5)), p90: round2(percentile(handling, 0.9)) },
    decidedInTime: rate(inTime.length, decided.length),
    mediationSuccess: rate(mediated.filter((r) => r.mediation_result === 'agreement').length, mediated.length),
    near,
    overdue,
  };
}

/** Complaints each of these logins closed as the assigned handler (the talent pool's activity, docs/TALENT.md). */
export async function closedComplaintsByHandler(ctx: AppContext, usernames: readonly string[]): Promise<Map<string, number>> {
  const rows = await repo.closedCountsByHandler(ctx.db, usernames);
  return new Map(rows.map((r) => [r.username, Number(r.n)]));
}
