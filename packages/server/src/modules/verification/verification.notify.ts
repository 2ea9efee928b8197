import type { AppContext } from '../../context.js';
import { dateInZone } from '../../time.js';
import type { NotificationCandidate, NotificationSource } from '../notifications/notification-source.js';
import * as q from './verification-notify.queries.js';

/**
 * The verification module's notification source (docs/NOTIFICATIONS.md): an application submitted (to the
 * institution), accepted or returned (to the applicant), waiting past its acceptance deadline (to both), and results
 * recorded for it (to the applicant, one per application and day).
 */
export const verificationSource: NotificationSource = {
  name: 'verification.applications',
  async collect(ctx: AppContext, w) {
    const tz = ctx.config.timeZone;
    const local = (iso: string) => dateInZone(new Date(iso), tz);
    const link = (id: number) => `/verification/applications/${id}`;
    const out: NotificationCandidate[] = [];
    for (const v of await q.versionsSubmitted(ctx.db, w.from, w.to)) {
      const id = Number(v.application_id);
      out.push({
        kind: 'application_submitted',
        dedupeKey: `application_submitted:${id}:v${v.version}`,
        recipients: [{ orgId: Number(v.institution_id) }],
        params: { org: v.org_name, id, count: (JSON.parse(v.instrument_ids) as unknown[]).length, deadline: local(v.accept_deadline) },
        link: link(id),
        orgId: Number(v.org_id),
      });
    }
    for (const v of await q.versionsAnswered(ctx.db, w.from, w.to)) {
      const id = Number(v.application_id);
      const kind = v.response === 'accepted' ? ('application_accepted' as const) : ('application_returned' as const);
      out.push({
        kind,
        dedupeKey: `${kind}:${id}:v${v.version}`,
        recipients: [{ orgId: Number(v.org_id) }],
        params: { institution: v.institution_name, id },
        link: link(id),
        orgId: Number(v.org_id),
      });
    }
    for (const a of await q.overdueAcceptances(ctx.db, w.to)) {
      const id = Number(a.id);
      out.push({
        kind: 'application_overdue',
        dedupeKey: `application_overdue:${id}:v${a.version}`,
        recipients: [{ orgId: Number(a.institution_id) }, { orgId: Number(a.org_id) }],
        params: { org: a.org_name, id, deadline: local(a.accept_deadline) },
        link: link(id),
        orgId: Number(a.org_id),
      });
    }
    for (const r of await q.resultsEntered(ctx.db, w.from, w.to)) {
      out.push({
        kind: 'result_entered',
        dedupeKey: `result_entered:${r.applicationId}:${w.today}`,
        recipients: [{ orgId: r.orgId }],
        params: { id: r.applicationId, count: r.count, date: w.today },
        link: link(r.applicationId),
        orgId: r.orgId,
      });
    }
    return out;
  },
};
