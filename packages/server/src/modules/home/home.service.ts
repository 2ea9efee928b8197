import {
  addDays,
  diffDays,
  type TApplication,
  type THome,
  type THomeEnterprise,
  type THomeInstitution,
  type THomeOversight,
  type TOrder,
} from '@qiangjian/shared';
import { type Actor, can } from '../../auth/actor.js';
import { scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { dateInZone } from '../../time.js';
import { regionNames } from '../regions/regions.service.js';
import { dueList } from '../status/due-list.service.js';
import { storedStatusFigures } from '../status/status.api.js';
import { listFindings } from '../supervision/findings/findings.service.js';
import { myTasks } from '../supervision/inspections/inspections.service.js';
import { listOrders } from '../supervision/orders/orders.service.js';
import { listApplications } from '../verification/applications/applications.service.js';
import { expiryWarnings } from '../verification/institutions/oversight.service.js';
import { DUE_WINDOWS, inboxClock, instrumentFigures, OVERDUE_STATUSES } from './home.rules.js';

/**
 * GET /home (docs/HOME.md): "what needs me today" for the actor's role, within its data scope. Every figure is the
 * total of the list the home page links to, asked through that module's own service (the same permission, scope and
 * filter), so a figure and its drill-down agree. Any logged-in user may ask; sections the role cannot read are null.
 */
export async function home(ctx: AppContext, actor: Actor): Promise<THome> {
  if (actor.role === 'enterprise') return enterpriseHome(ctx, actor);
  if (actor.role === 'institution') return institutionHome(ctx, actor);
  return oversightHome(ctx, actor);
}

const FIRST = { page: 1, pageSize: 1 } as const;
const NEWEST = 5;

function orderLite(o: TOrder) {
  return { id: o.id, orderNo: o.orderNo, orgName: o.orgName, state: o.state, deadline: o.deadline, overdue: o.overdue };
}

function applicationLite(a: TApplication) {
  return {
    id: a.id,
    status: a.status,
    orgName: a.orgName,
    institutionName: a.institutionName,
    submittedAt: a.submittedAt,
    acceptDeadline: a.acceptDeadline,
    overdue: a.overdue,
  };
}

async function oversightHome(ctx: AppContext, actor: Actor): Promise<THomeOversight> {
  const scope = scopeOf(actor);
  const [figures, names] = await Promise.all([storedStatusFigures(ctx, scope, OVERDUE_STATUSES), regionNames(ctx.db)]);
  const readsApps = can(actor, 'application.read');
  const [waiting, late] = readsApps
    ? await Promise.all([
        listApplications(ctx, actor, { ...FIRST, status: 'submitted' }),
        listApplications(ctx, actor, { ...FIRST, overdue: 'true' }),
      ])
    : [null, null];
  const findings = can(actor, 'finding.read') ? await listFindings(ctx, actor, { page: 1, pageSize: NEWEST }) : null;
  const orders = can(actor, 'order.read') ? await listOrders(ctx, actor, { page: 1, pageSize: NEWEST, overdue: '1' }) : null;
  const reinspect = can(actor, 'order.review') ? (await listOrders(ctx, actor, { ...FIRST, reinspect: '1' })).total : null;
  let tasks: THomeOversight['tasks'] = null;
  if (actor.role === 'inspector' && can(actor, 'inspection.write')) {
    const open = (await myTasks(ctx, actor)).filter((x) => x.inspectionState !== 'finished');
    tasks = { today: open.filter((x) => x.due === 'today').length, overdue: open.filter((x) => x.due === 'overdue').length };
  }
  return {
    kind: 'oversight',
    asOf: figures.asOf || today(ctx),
    ...instrumentFigures(figures.counts),
    towns: scope.kind === 'towns' ? scope.towns.map((code) => ({ code, name: names.get(code) ?? code })) : null,
    overdueByTown: figures.byTown.map((r) => ({
      townCode: r.town,
      townName: r.town ? (names.get(r.town) ?? null) : null,
      instruments: r.instruments,
    })),
    applications: waiting && late ? { waiting: waiting.total, late: late.total } : null,
    findings: findings
      ? { total: findings.total, newest: findings.items.map((f) => ({ id: f.id, orgName: f.orgName, code: f.code, date: f.date })) }
      : null,
    orders: orders ? { overdue: orders.total, newest: orders.items.map(orderLite) } : null,
    tasks,
    reinspect,
  };
}

async function enterpriseHome(ctx: AppContext, actor: Actor): Promise<THomeEnterprise> {
  const asOf = today(ctx);
  const figures = await storedStatusFigures(ctx, scopeOf(actor), OVERDUE_STATUSES);
  const dueWithin = await Promise.all(
    DUE_WINDOWS.map(async (days) => {
      const dueTo = addDays(asOf, days);
      const page = await dueList(ctx, actor, { ...FIRST, dueFrom: asOf, dueTo });
      return { days, dueFrom: asOf, dueTo, instruments: page.total };
    }),
  );
  const [submitted, accepted, inProgress, returned, late, newest] = await Promise.all([
    listApplications(ctx, actor, { ...FIRST, status: 'submitted' }),
    listApplications(ctx, actor, { ...FIRST, status: 'accepted' }),
    listApplications(ctx, actor, { ...FIRST, status: 'in_progress' }),
    listApplications(ctx, actor, { ...FIRST, status: 'returned' }),
    listApplications(ctx, actor, { ...FIRST, overdue: 'true' }),
    listApplications(ctx, actor, { page: 1, pageSize: NEWEST }),
  ]);
  const [issued, overdue, openOrders] = await Promise.all([
    listOrders(ctx, actor, { ...FIRST, state: 'issued' }),
    listOrders(ctx, actor, { ...FIRST, overdue: '1' }),
    listOrders(ctx, actor, { page: 1, pageSize: NEWEST, state: 'issued' }),
  ]);
  return {
    kind: 'enterprise',
    asOf: figures.asOf || asOf,
    ...instrumentFigures(figures.counts),
    dueWithin,
    applications: {
      open: submitted.total + accepted.total + inProgress.total,
      late: late.total,
      returned: returned.total,
      newest: newest.items.map(applicationLite),
    },
    orders: { open: issued.total, overdue: overdue.total, newest: openOrders.items.map(orderLite) },
  };
}

async function institutionHome(ctx: AppContext, actor: Actor): Promise<THomeInstitution> {
  const asOf = today(ctx);
  const tz = ctx.config.timeZone;
  // the waiting applications, soonest deadline first (an institution's inbox is small: page through it)
  const waiting: TApplication[] = [];
  for (let page = 1; ; page++) {
    const p = await listApplications(ctx, actor, { page, pageSize: 500, status: 'submitted' });
    waiting.push(...p.items);
    if (p.items.length < 500 || waiting.length >= p.total) break;
  }
  const clock = inboxClock(
    waiting.map((a) => ({ deadlineDate: dateInZone(new Date(a.acceptDeadline), tz), overdue: a.overdue })),
    asOf,
  );
  const [accepted, inProgress] = await Promise.all([
    listApplications(ctx, actor, { ...FIRST, status: 'accepted' }),
    listApplications(ctx, actor, { ...FIRST, status: 'in_progress' }),
  ]);
  const warnings = can(actor, 'institution_data.read') ? await expiryWarnings(ctx, actor) : [];
  const withinDays = warnings.reduce((m, w) => Math.max(m, w.window), 0);
  return {
    kind: 'institution',
    asOf,
    inbox: {
      submitted: waiting.length,
      dueToday: clock.dueToday,
      late: clock.late,
      accepted: accepted.total,
      inProgress: inProgress.total,
      next: waiting.slice(0, NEWEST).map(applicationLite),
    },
    expiring: {
      withinDays,
      authorizations: warnings.filter((w) => w.kind === 'authorization').length,
      standards: warnings.filter((w) => w.kind === 'standard').length,
      verifiers: warnings.filter((w) => w.kind === 'verifier').length,
      items: warnings
        .slice(0, NEWEST)
        .map((w) => ({ kind: w.kind, id: w.id, name: w.name, validUntil: w.validUntil, daysLeft: diffDays(asOf, w.validUntil) })),
    },
  };
}
