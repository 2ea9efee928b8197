import type { AppContext } from '../../context.js';
import { dateInZone } from '../../time.js';
import type { NotificationSource } from '../notifications/notification-source.js';
import { dueUnitsByOrg } from './status-notify.queries.js';

/**
 * The status module's notification source (docs/NOTIFICATIONS.md): one digest per organization and day — how many of
 * its instruments are due soon and how many overdue (超期未检, 到期未轮换) by the stored status — never one per meter.
 * Read on the first run of a day (the window starts on an earlier day); later runs that day skip the scan.
 */
export const dueDigestSource: NotificationSource = {
  name: 'status.due-digest',
  async collect(ctx: AppContext, w) {
    if (dateInZone(new Date(w.from), ctx.config.timeZone) === w.today) return [];
    return (await dueUnitsByOrg(ctx.db)).map((r) => ({
      kind: 'instruments_due' as const,
      dedupeKey: `instruments_due:${r.orgId}:${w.today}`,
      recipients: [{ orgId: r.orgId }],
      params: { org: r.name, dueSoon: r.dueSoon, overdue: r.overdue, date: w.today },
      link: '/status/due-list',
      orgId: r.orgId,
    }));
  },
};
