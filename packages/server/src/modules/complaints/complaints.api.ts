import type { DbOrTrx } from '../../db/database.js';
import { zonedInstant } from '../../time.js';
import * as repo from './complaints.repository.js';
import { meterTypeOfSubject } from './complaints.rules.js';

/**
 * The complaints module's one face to other modules (docs/COMPLAINTS.md "Reports and risk"): Attachment 2's complaint
 * columns (#20 complaintsReceived, #21 utilityComplaintsHandled, #22's self-reported replacements) and the risk
 * score's `complaints` input. Plain reads on the caller's connection (a report runs them inside its read snapshot).
 */

export interface A2ComplaintFigures {
  /** `${orgId}|${meterType}` → complaints and reports accepted (受理) in P naming the enterprise and meter type */
  received: Map<string, number>;
  receivedTotal: number;
  /** `${orgId}|${meterType}` → the utility's self-report for periods inside P */
  handled: Map<string, number>;
  replaced: Map<string, number>;
}

export async function attachment2ComplaintFigures(
  db: DbOrTrx,
  orgIds: readonly number[],
  period: { periodStart: string; periodEnd: string },
  timeZone: string,
): Promise<A2ComplaintFigures> {
  const from = zonedInstant(period.periodStart, '00:00:00', timeZone).toISOString();
  const to = new Date(zonedInstant(period.periodEnd, '23:59:59', timeZone).getTime() + 1000).toISOString();
  const received = new Map<string, number>();
  let receivedTotal = 0;
  for (const r of await repo.acceptedByOrgSubject(db, orgIds, from, to)) {
    const mt = meterTypeOfSubject(r.subject);
    if (!mt) continue;
    const k = `${Number(r.org_id)}|${mt}`;
    received.set(k, (received.get(k) ?? 0) + Number(r.n));
    receivedTotal += Number(r.n);
  }
  const handled = new Map<string, number>();
  const replaced = new Map<string, number>();
  for (const r of await repo.utilityReportsIn(db, orgIds, period.periodStart, period.periodEnd)) {
    const k = `${Number(r.org_id)}|${r.meter_type}`;
    handled.set(k, (handled.get(k) ?? 0) + Number(r.handled));
    replaced.set(k, (replaced.get(k) ?? 0) + Number(r.meters_replaced));
  }
  return { received, receivedTotal, handled, replaced };
}

/** Complaints (not refused) received since an instant: per organization and per station site (the risk score). */
export async function complaintCountsSince(
  db: DbOrTrx,
  sinceIso: string,
): Promise<{ byOrg: Map<number, number>; bySite: Map<number, number> }> {
  const byOrg = new Map<number, number>();
  const bySite = new Map<number, number>();
  for (const r of await repo.countsSince(db, sinceIso)) {
    const o = Number(r.org_id);
    byOrg.set(o, (byOrg.get(o) ?? 0) + Number(r.n));
    if (r.site_id !== null) bySite.set(Number(r.site_id), (bySite.get(Number(r.site_id)) ?? 0) + Number(r.n));
  }
  return { byOrg, bySite };
}
