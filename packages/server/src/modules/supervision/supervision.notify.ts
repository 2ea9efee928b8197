import { addDays, diffDays } from '@qiangjian/shared';
import { NOTIFICATION_RULES } from '@qiangjian/shared/data';
import type { AppContext } from '../../context.js';
import type { NotificationCandidate, NotificationSource } from '../notifications/notification-source.js';
import * as q from './supervision-notify.queries.js';

/**
 * The supervision module's notification source (docs/NOTIFICATIONS.md): a rectification order issued (to the
 * organization), its deadline near (to the organization) or passed without a reply (to the organization, the office
 * of its town and the bureau), and an inspection or inspection task assigned (to its inspectors).
 */
export const supervisionSource: NotificationSource = {
  name: 'supervision.orders-inspections',
  async collect(ctx: AppContext, w) {
    const out: NotificationCandidate[] = [];
    const orderLink = (id: number) => `/supervision/orders/${id}`;
    for (const r of await q.ordersIssued(ctx.db, w.from, w.to)) {
      const id = Number(r.id);
      out.push({
        kind: 'order_issued',
        dedupeKey: `order_issued:${id}`,
        recipients: [{ orgId: Number(r.org_id) }],
        params: { orderNo: r.order_no, deadline: r.deadline, org: r.org_name },
        link: orderLink(id),
        orgId: Number(r.org_id),
      });
    }
    for (const r of await q.openOrdersDueBy(ctx.db, addDays(w.today, NOTIFICATION_RULES.orderDeadlineLeadDays))) {
      const id = Number(r.id);
      const params = { orderNo: r.order_no, deadline: r.deadline, org: r.org_name, days: diffDays(w.today, r.deadline) };
      if (r.deadline >= w.today)
        out.push({
          kind: 'order_deadline_near',
          dedupeKey: `order_deadline_near:${id}`,
          recipients: [{ orgId: Number(r.org_id) }],
          params,
          link: orderLink(id),
          orgId: Number(r.org_id),
        });
      else
        out.push({
          kind: 'order_overdue',
          dedupeKey: `order_overdue:${id}`,
          recipients: [{ orgId: Number(r.org_id) }, { region: r.region_code, roles: ['inspector', 'regulator'] }],
          params,
          link: orderLink(id),
          orgId: Number(r.org_id),
        });
    }
    for (const i of await q.inspectionsCreated(ctx.db, w.from, w.to))
      out.push({
        kind: 'inspection_assigned',
        dedupeKey: `inspection_assigned:${i.id}`,
        recipients: [{ userId: Number(i.user_id) }],
        params: { org: i.org_name },
        link: `/supervision/inspections/${i.id}`,
        orgId: Number(i.org_id),
      });
    for (const a of await q.assignmentsCreated(ctx.db, w.from, w.to))
      out.push({
        kind: 'inspection_assigned',
        dedupeKey: `inspection_task_assigned:${a.id}`,
        recipients: [{ userId: Number(a.user_id) }],
        params: { org: a.org_name },
        link: '/supervision/inspections/tasks',
        orgId: Number(a.org_id),
      });
    return out;
  },
};
