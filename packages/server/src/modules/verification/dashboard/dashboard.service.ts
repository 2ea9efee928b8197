import { addDays, t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import { can, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import { percentile, ratio, round2 } from '../../../lib/stats.js';
import { dateInZone, zonedInstant } from '../../../time.js';
import { recordSystemFinding } from '../../supervision/findings/findings.service.js';
import { orgNames } from '../applications/applications.repository.js';
import { appScopeOf } from '../applications/applications.service.js';
import { loadCalendar } from '../calendar/settings.service.js';
import { hoursBetween, type WorkCalendar, workingDaysBetween } from '../calendar/working-days.js';
import type { VersionLite } from './dashboard.repository.js';
import * as repo from './dashboard.repository.js';

/**
 * Acceptance-clock KPIs per institution for versions submitted in [from, to] (docs/domain/forms.md §7
 * onTimeAcceptanceRate, per submitted version): median and p90 time to answer (accept or return) in
 * working days (fractional) and hours; share answered on time; returns without a phone call; open
 * versions past their deadline; resubmissions waiting. Versions withdrawn before their deadline and
 * versions still open within their deadline are left out of the on-time denominator.
 */
export async function dashboard(ctx: AppContext, actor: Actor, q: { from?: string; to?: string; institutionId?: number }) {
  if (!can(actor, 'dashboard.read')) requirePermission(actor, 'application.process');
  const scope = appScopeOf(actor);
  const asOf = today(ctx);
  const to = q.to ?? asOf;
  const from = q.from ?? addDays(to, -89);
  const tz = ctx.config.timeZone;
  const fromI = zonedInstant(from, '00:00:00', tz).toISOString();
  const toI = zonedInstant(addDays(to, 1), '00:00:00', tz).toISOString();
  const now = nowIso(ctx);
  const cal = await loadCalendar(ctx.db);

  const versions = await repo.versionsSubmitted(ctx.db, scope, fromI, toI, q.institutionId);
  const open = await repo.openVersions(ctx.db, scope, q.institutionId);

  const orgIds = [...new Set([...versions, ...open].flatMap((v) => [Number(v.org_id), Number(v.institution_id)]))];
  const names = new Map([...(await orgNames(ctx.db, orgIds))].map(([id, o]) => [id, o.name]));

  const byInst = new Map<number, VersionLite[]>();
  for (const v of versions) {
    const k = Number(v.institution_id);
    byInst.set(k, [...(byInst.get(k) ?? []), v]);
  }
  for (const v of open) if (!byInst.has(Number(v.institution_id))) byInst.set(Number(v.institution_id), []);

  const institutions = [...byInst.entries()].map(([instId, vs]) =>
    kpiFor(
      cal,
      tz,
      now,
      instId,
      names.get(instId) ?? '',
      vs,
      open.filter((o) => Number(o.institution_id) === instId),
    ),
  );
  institutions.sort((a, b) => a.institutionName.localeCompare(b.institutionName, 'zh'));

  const openRow = (v: VersionLite) => ({
    applicationId: Number(v.application_id),
    version: Number(v.version),
    orgId: Number(v.org_id),
    orgName: names.get(Number(v.org_id)) ?? '',
    institutionId: Number(v.institution_id),
    institutionName: names.get(Number(v.institution_id)) ?? '',
    submittedAt: v.submitted_at,
    acceptDeadline: v.accept_deadline,
    overdueWorkingDays: round2(
      now > v.accept_deadline ? workingDaysBetween(cal, new Date(v.accept_deadline), new Date(now), tz) : 0,
    ) as number,
  });
  return {
    from,
    to,
    asOf,
    institutions,
    overdueAcceptances: open.filter((v) => v.accept_deadline < now).map(openRow),
    unansweredResubmissions: open.filter((v) => Number(v.version) > 1).map(openRow),
  };
}

function kpiFor(
  cal: WorkCalendar,
  tz: string,
  now: string,
  institutionId: number,
  institutionName: string,
  vs: VersionLite[],
  open: VersionLite[],
) {
  const answered = vs.filter((v) => (v.response === 'accepted' || v.response === 'returned') && v.responded_at);
  const days = answered
    .map((v) => workingDaysBetween(cal, new Date(v.submitted_at), new Date(v.responded_at as string), tz))
    .sort((a, b) => a - b);
  const hours = answered.map((v) => hoursBetween(new Date(v.submitted_at), new Date(v.responded_at as string))).sort((a, b) => a - b);
  let num = 0;
  let den = 0;
  for (const v of vs) {
    const answeredAt = v.response === 'accepted' || v.response === 'returned' ? v.responded_at : null;
    if (answeredAt) {
      den++;
      if (answeredAt <= v.accept_deadline) num++;
    } else if (v.response === 'withdrawn') {
      if ((v.responded_at ?? '') > v.accept_deadline) den++;
    } else if (v.accept_deadline < now) {
      den++; // still unanswered past its deadline: late
    }
  }
  return {
    institutionId,
    institutionName,
    submitted: vs.length,
    answered: answered.length,
    accepted: answered.filter((v) => v.response === 'accepted').length,
    returned: answered.filter((v) => v.response === 'returned').length,
    medianWorkingDays: round2(percentile(days, 0.5)),
    p90WorkingDays: round2(percentile(days, 0.9)),
    medianHours: round2(percentile(hours, 0.5)),
    p90Hours: round2(percentile(hours, 0.9)),
    onTime: ratio(num, den),
    returnsWithoutFeedback: vs.filter((v) => v.response === 'returned' && !v.phoned_at).length,
    overdueOpen: open.filter((v) => v.accept_deadline < now).length,
    unansweredResubmissions: open.filter((v) => Number(v.version) > 1).length,
  };
}

/**
 * Daily job: every version still unanswered past its deadline gets an `acceptance_delay` finding against
 * its institution (idempotent: one per version, shared with a late answer's finding).
 */
export async function recordOverdueFindings(ctx: AppContext): Promise<number> {
  const now = nowIso(ctx);
  const rows = await repo.unansweredPastDeadline(ctx.db, now);
  let created = 0;
  for (const r of rows) {
    const id = await ctx.db.transaction().execute((trx) =>
      recordSystemFinding(ctx, trx, {
        orgId: Number(r.institution_id),
        code: 'acceptance_delay',
        date: dateInZone(ctx.clock.now(), ctx.config.timeZone),
        refs: {
          applicationIds: [Number(r.application_id)],
          versions: [Number(r.version)],
          instrumentIds: JSON.parse(r.instrument_ids) as number[],
        },
        note: t('verification.finding.unanswered', {
          id: Number(r.application_id),
          version: Number(r.version),
          deadline: r.accept_deadline,
        }),
        dedupeKey: `acceptance_delay:${Number(r.application_id)}:${Number(r.version)}`,
      }),
    );
    if (id !== null) created++;
  }
  return created;
}
