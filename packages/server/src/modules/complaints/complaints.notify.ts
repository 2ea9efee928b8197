import { t } from '@qiangjian/shared';
import type { AppContext } from '../../context.js';
import type { ComplaintRow } from '../../db/schema-complaints.js';
import type { NotificationCandidate, NotificationSource } from '../notifications/notification-source.js';
import { loadCalendar } from '../verification/calendar/settings.service.js';
import * as repo from './complaints.repository.js';
import { listFlag } from './complaints.rules.js';
import { getComplaintSettings } from './settings.service.js';

const link = (id: number) => `/complaints/${id}`;

/**
 * The notices of an acceptance or an assignment (docs/COMPLAINTS.md "Notifications"), sent in the deciding transaction:
 * the office of the town (its inspectors) and the named handler get complaint_assigned; on acceptance the organization
 * the complaint names gets complaint_about_org (never the complainant's personal data: only the tracking code).
 */
export function assignedNotices(
  c: Pick<ComplaintRow, 'id' | 'tracking_code' | 'org_id'>,
  to: { officeTown: string | null; handler: number | null; aboutOrg: boolean },
): NotificationCandidate[] {
  const id = Number(c.id);
  const orgId = c.org_id === null ? null : Number(c.org_id);
  const params = { trackingCode: c.tracking_code };
  const out: NotificationCandidate[] = [];
  if (to.officeTown)
    out.push({
      kind: 'complaint_assigned',
      dedupeKey: `complaint_assigned:${id}:town:${to.officeTown}`,
      recipients: [{ town: to.officeTown, roles: ['inspector'] }],
      params,
      link: link(id),
      orgId,
    });
  if (to.handler !== null)
    out.push({
      kind: 'complaint_assigned',
      dedupeKey: `complaint_assigned:${id}:user:${to.handler}`,
      recipients: [{ userId: to.handler }],
      params,
      link: link(id),
      orgId,
    });
  if (to.aboutOrg && orgId !== null)
    out.push({
      kind: 'complaint_about_org',
      dedupeKey: `complaint_about_org:${id}`,
      recipients: [{ orgId }],
      params,
      link: link(id),
      orgId,
    });
  return out;
}

/**
 * The complaints module's notification source: a running clock near or past its limit (the complaint settings'
 * nearLimitWorkingDays, working days of the calendar) reaches the handler, or the office of the town when none is
 * named; once per complaint and deadline.
 */
export const complaintsSource: NotificationSource = {
  name: 'complaints.limits',
  async collect(ctx: AppContext, w) {
    const [cal, s, rows] = await Promise.all([loadCalendar(ctx.db), getComplaintSettings(ctx.db), repo.runningClocks(ctx.db)]);
    const out: NotificationCandidate[] = [];
    for (const r of rows) {
      if (!r.next_deadline || listFlag(cal, s, w.today, r.next_deadline, false) === null) continue;
      const recipients =
        r.handler_user_id !== null
          ? [{ userId: Number(r.handler_user_id) }]
          : r.town_code
            ? [{ town: r.town_code, roles: ['inspector' as const] }]
            : [];
      if (recipients.length === 0) continue;
      out.push({
        kind: 'complaint_limit_near',
        dedupeKey: `complaint_limit_near:${r.id}:${r.next_deadline}`,
        recipients,
        params: { trackingCode: r.tracking_code, step: t(`enum.complaintStage.${r.stage}`), deadline: r.next_deadline },
        link: link(Number(r.id)),
        orgId: r.org_id === null ? null : Number(r.org_id),
      });
    }
    return out;
  },
};
