import { addDays, diffDays } from '@qiangjian/shared';
import { NOTIFICATION_RULES } from '@qiangjian/shared/data';
import type { AppContext } from '../../context.js';
import type { NotificationCandidate, NotificationSource } from '../notifications/notification-source.js';
import * as repo from './campaigns.repository.js';
import { nextReportDay } from './campaigns.rules.js';
import { datesOf } from './campaigns.service.js';
import * as reports from './self-inspection/self-inspection.repository.js';

/**
 * The campaigns module's notification source (docs/NOTIFICATIONS.md; the notice's dates: docs/domain/regulations.md
 * §7): the self-inspection due date near (to participants that have not submitted), a reminder (催报) sent to a
 * participant, and the reporting days — progress on the 14th and 28th, the final report (10-20) — near (to the
 * bureau and the offices of the campaign's region).
 */
export const campaignsSource: NotificationSource = {
  name: 'campaigns.days',
  async collect(ctx: AppContext, w) {
    const out: NotificationCandidate[] = [];
    const year = Number(w.today.slice(0, 4));
    for (const c of await repo.allCampaigns(ctx.db, year)) {
      const id = Number(c.id);
      const dates = datesOf(c);
      const due = dates.selfInspectionDue;
      if (w.today <= due && w.today >= addDays(due, -NOTIFICATION_RULES.selfInspectionLeadDays)) {
        const submitted = new Set(
          (await reports.reportsOfCampaign(ctx.db, id)).filter((r) => r.state === 'submitted').map((r) => Number(r.org_id)),
        );
        for (const orgId of await repo.participantIds(ctx.db, id))
          if (!submitted.has(orgId))
            out.push({
              kind: 'self_inspection_due',
              dedupeKey: `self_inspection_due:${id}:${orgId}`,
              recipients: [{ orgId }],
              params: { campaign: c.name, due, days: diffDays(w.today, due) },
              link: '/self-inspection',
              orgId,
            });
      }
      for (const r of await repo.remindersOf(ctx.db, id))
        if (r.reminded_at >= w.from && r.reminded_at <= w.to)
          out.push({
            kind: 'campaign_reminder',
            dedupeKey: `campaign_reminder:${id}:${r.org_id}:${r.reminded_at}`,
            recipients: [{ orgId: Number(r.org_id) }],
            params: { campaign: c.name, due },
            link: '/self-inspection',
            orgId: Number(r.org_id),
          });
      const horizon = addDays(w.today, NOTIFICATION_RULES.reportDayLeadDays);
      const next = nextReportDay(dates, w.today);
      const region = [{ region: c.region_code }];
      if (next && next <= horizon)
        out.push({
          kind: 'campaign_report_day',
          dedupeKey: `campaign_report_day:${id}:${next}`,
          recipients: region,
          params: { campaign: c.name, date: next },
          link: `/campaigns/${id}`,
        });
      if (w.today <= dates.finalReportDate && dates.finalReportDate <= horizon)
        out.push({
          kind: 'campaign_report_day',
          dedupeKey: `campaign_final_report:${id}`,
          recipients: region,
          params: { campaign: c.name, date: dates.finalReportDate, variant: 'final' },
          link: `/campaigns/${id}`,
        });
    }
    return out;
  },
};
