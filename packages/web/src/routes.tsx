/**
 * The one route + menu table of the web UI. To add a page: one import (its icon) and one entry in
 * ROUTES — see docs/WEB.md. Pages are code-split with React.lazy; a route shows in the left menu of
 * users whose permissions allow it (access.ts), under its menu group. Groups without visible
 * entries are not shown. Opening a route without the permission shows the 403 page.
 */
import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  ControlOutlined,
  DatabaseOutlined,
  DesktopOutlined,
  EditOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FormOutlined,
  FundOutlined,
  HomeOutlined,
  KeyOutlined,
  MailOutlined,
  MessageOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SyncOutlined,
  TeamOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { AccessRule } from './access.js';

/** Left-menu groups, in menu order. `title` is a catalog key. */
export const MENU_GROUPS = [
  { key: 'ledger', title: 'menu.group.ledger', icon: <DatabaseOutlined /> },
  { key: 'status', title: 'menu.group.status', icon: <AlertOutlined /> },
  { key: 'verification', title: 'menu.group.verification', icon: <AuditOutlined /> },
  { key: 'supervision', title: 'menu.group.supervision', icon: <SafetyCertificateOutlined /> },
  { key: 'reports', title: 'menu.group.reports', icon: <BarChartOutlined /> },
  { key: 'portal', title: 'menu.group.portal', icon: <NotificationOutlined /> },
  { key: 'talent', title: 'menu.group.talent', icon: <TrophyOutlined /> },
  { key: 'complaints', title: 'menu.group.complaints', icon: <MessageOutlined /> },
  { key: 'admin', title: 'menu.group.admin', icon: <SettingOutlined /> },
] as const;
export type MenuGroupKey = (typeof MENU_GROUPS)[number]['key'];

export interface AppRoute {
  /** URL path, e.g. '/ledger/instruments' (may contain params such as ':id' when hideInMenu). */
  path: string;
  /** Catalog key of the menu label and page title, e.g. 'menu.ledger.instruments'. */
  title: string;
  /** Menu group; omit for a top-level menu item. */
  group?: MenuGroupKey;
  icon?: ReactNode;
  /** Permission needed (an array: any of them); omit = every logged-in user. */
  permission?: AccessRule;
  /** Routable but not in the left menu (detail pages, user-menu pages). */
  hideInMenu?: boolean;
  /** The page: `lazy(() => import('./pages/<area>/<page>/index.js'))` (default export). */
  component: LazyExoticComponent<ComponentType> | ComponentType;
}

export const ROUTES: AppRoute[] = [
  { path: '/', title: 'menu.dashboard', icon: <HomeOutlined />, component: lazy(() => import('./pages/dashboard/index.js')) },

  // 台账管理 (ledger) · 到期提醒 (status) · 检定业务 (verification): entries are added with their pages.

  // ledger (docs/LEDGER.md)
  {
    path: '/ledger/instruments',
    title: 'menu.ledger.instruments',
    group: 'ledger',
    icon: <DatabaseOutlined />,
    permission: 'instrument.read',
    component: lazy(() => import('./pages/ledger/instruments/index.js')),
  },
  {
    path: '/ledger/instruments/:id',
    title: 'menu.ledger.instrument',
    group: 'ledger',
    hideInMenu: true,
    permission: 'instrument.read',
    component: lazy(() => import('./pages/ledger/instrument/index.js')),
  },
  {
    path: '/ledger/import',
    title: 'menu.ledger.import',
    group: 'ledger',
    icon: <DatabaseOutlined />,
    permission: 'instrument.import',
    component: lazy(() => import('./pages/ledger/import/index.js')),
  },
  {
    path: '/ledger/reconcile',
    title: 'menu.ledger.reconcile',
    group: 'ledger',
    icon: <DatabaseOutlined />,
    permission: 'instrument.read',
    component: lazy(() => import('./pages/ledger/reconcile/index.js')),
  },

  // status (docs/STATUS.md)
  {
    path: '/status/due-list',
    title: 'menu.status.dueList',
    group: 'status',
    icon: <AlertOutlined />,
    permission: 'status.read',
    component: lazy(() => import('./pages/status/due-list/index.js')),
  },
  {
    path: '/status/rules',
    title: 'menu.status.rules',
    group: 'status',
    icon: <ProfileOutlined />,
    permission: 'rule.read',
    component: lazy(() => import('./pages/status/rules/index.js')),
  },
  {
    path: '/status/instruments/:id',
    title: 'menu.status.instrument',
    group: 'status',
    hideInMenu: true,
    permission: 'status.read',
    component: lazy(() => import('./pages/status/instrument/index.js')),
  },

  // verification (docs/VERIFICATION.md)
  {
    path: '/verification/applications',
    title: 'menu.verification.applications',
    group: 'verification',
    icon: <AuditOutlined />,
    permission: 'application.read',
    component: lazy(() => import('./pages/verification/applications/index.js')),
  },
  {
    path: '/verification/applications/:id',
    title: 'menu.verification.applicationDetail',
    group: 'verification',
    hideInMenu: true,
    permission: 'application.read',
    component: lazy(() => import('./pages/verification/application-detail/index.js')),
  },
  {
    path: '/verification/oversight',
    title: 'menu.verification.oversight',
    group: 'verification',
    icon: <BankOutlined />,
    permission: 'institution_data.read',
    component: lazy(() => import('./pages/verification/oversight/index.js')),
  },
  {
    path: '/verification/dashboard',
    title: 'menu.verification.dashboard',
    group: 'verification',
    icon: <AlertOutlined />,
    permission: ['dashboard.read', 'application.process'],
    component: lazy(() => import('./pages/verification/dashboard/index.js')),
  },
  {
    path: '/verification/calendar',
    title: 'menu.verification.calendar',
    group: 'verification',
    icon: <CalendarOutlined />,
    permission: 'calendar.update',
    component: lazy(() => import('./pages/verification/calendar/index.js')),
  },
  {
    path: '/verification/rotation',
    title: 'menu.verification.rotation',
    group: 'verification',
    icon: <SyncOutlined />,
    permission: 'rotation.read',
    component: lazy(() => import('./pages/verification/rotation/index.js')),
  },

  // supervision dashboard (docs/SUPERVISION.md "Dashboard")
  {
    path: '/supervision/dashboard',
    title: 'menu.supervision.dashboard',
    group: 'supervision',
    icon: <FundOutlined />,
    permission: 'dashboard.read',
    component: lazy(() => import('./pages/supervision/dashboard/index.js')),
  },
  // supervision: enforcement (docs/ENFORCEMENT.md)
  {
    path: '/supervision/findings',
    title: 'menu.supervision.findings',
    group: 'supervision',
    icon: <WarningOutlined />,
    permission: 'finding.read',
    component: lazy(() => import('./pages/supervision/findings/index.js')),
  },
  {
    path: '/supervision/orders',
    title: 'menu.supervision.orders',
    group: 'supervision',
    icon: <FileProtectOutlined />,
    permission: 'order.read',
    component: lazy(() => import('./pages/supervision/orders/index.js')),
  },
  {
    path: '/supervision/orders/reinspect',
    title: 'menu.supervision.reinspect',
    group: 'supervision',
    icon: <CheckSquareOutlined />,
    permission: 'order.review',
    component: lazy(() => import('./pages/supervision/orders-reinspect/index.js')),
  },
  {
    path: '/my/orders',
    title: 'menu.supervision.myOrders',
    group: 'supervision',
    icon: <FileProtectOutlined />,
    permission: 'order.read_own',
    component: lazy(() => import('./pages/supervision/orders/index.js')),
  },
  {
    path: '/supervision/orders/:id',
    title: 'menu.supervision.orderDetail',
    group: 'supervision',
    hideInMenu: true,
    permission: ['order.read', 'order.read_own'],
    component: lazy(() => import('./pages/supervision/order-detail/index.js')),
  },
  {
    path: '/supervision/cases',
    title: 'menu.supervision.cases',
    group: 'supervision',
    icon: <SafetyCertificateOutlined />,
    permission: 'case.read',
    component: lazy(() => import('./pages/supervision/cases/index.js')),
  },
  {
    path: '/supervision/cases/:id',
    title: 'menu.supervision.caseDetail',
    group: 'supervision',
    hideInMenu: true,
    permission: ['case.read', 'case.read_own'],
    component: lazy(() => import('./pages/supervision/case-detail/index.js')),
  },
  // supervision registers and draws (docs/SUPERVISION.md)
  {
    path: '/supervision/targets',
    title: 'menu.registers.targets',
    group: 'supervision',
    icon: <ProfileOutlined />,
    permission: 'supervision_register.read',
    component: lazy(() => import('./pages/supervision/targets/index.js')),
  },
  {
    path: '/supervision/inspectors',
    title: 'menu.registers.inspectors',
    group: 'supervision',
    icon: <TeamOutlined />,
    permission: 'supervision_register.read',
    component: lazy(() => import('./pages/supervision/inspectors/index.js')),
  },
  {
    path: '/supervision/draws',
    title: 'menu.draws.list',
    group: 'supervision',
    icon: <SafetyCertificateOutlined />,
    permission: 'draw.read',
    component: lazy(() => import('./pages/supervision/draws/index.js')),
  },
  {
    path: '/supervision/draws/new',
    title: 'menu.draws.create',
    group: 'supervision',
    hideInMenu: true,
    permission: 'draw.manage',
    component: lazy(() => import('./pages/supervision/draw-create/index.js')),
  },
  {
    path: '/supervision/draws/:id',
    title: 'menu.draws.detail',
    group: 'supervision',
    hideInMenu: true,
    permission: 'draw.read',
    component: lazy(() => import('./pages/supervision/draw-detail/index.js')),
  },

  // inspections and sample tests (docs/SUPERVISION.md, Inspections)
  {
    path: '/supervision/inspections/tasks',
    title: 'inspections.menu.tasks',
    group: 'supervision',
    icon: <CarryOutOutlined />,
    permission: 'inspection.write',
    component: lazy(() => import('./pages/supervision/inspection-tasks/index.js')),
  },
  {
    path: '/supervision/inspections/drafts',
    title: 'inspections.menu.drafts',
    group: 'supervision',
    icon: <EditOutlined />,
    permission: 'inspection.write',
    component: lazy(() => import('./pages/supervision/inspection-drafts/index.js')),
  },
  {
    path: '/supervision/inspections',
    title: 'inspections.menu.all',
    group: 'supervision',
    icon: <FileSearchOutlined />,
    permission: 'inspection.read',
    component: lazy(() => import('./pages/supervision/inspections/index.js')),
  },
  {
    path: '/inspections/mine',
    title: 'inspections.menu.own',
    icon: <FileSearchOutlined />,
    permission: 'inspection.read_own',
    component: lazy(() => import('./pages/supervision/my-inspections/index.js')),
  },
  {
    path: '/supervision/inspections/:id/edit',
    title: 'inspections.menu.form',
    group: 'supervision',
    hideInMenu: true,
    permission: 'inspection.write',
    component: lazy(() => import('./pages/supervision/inspection-form/index.js')),
  },
  {
    path: '/supervision/inspections/:id',
    title: 'inspections.menu.detail',
    group: 'supervision',
    hideInMenu: true,
    permission: ['inspection.read', 'inspection.read_own'],
    component: lazy(() => import('./pages/supervision/inspection-detail/index.js')),
  },
  {
    path: '/supervision/sample-tests',
    title: 'inspections.menu.sampleTests',
    group: 'supervision',
    icon: <ExperimentOutlined />,
    permission: 'sample_test.read',
    component: lazy(() => import('./pages/supervision/sample-tests/index.js')),
  },

  {
    path: '/admin/orgs',
    title: 'menu.admin.orgs',
    group: 'admin',
    icon: <BankOutlined />,
    permission: ['org.create', 'org.update'],
    component: lazy(() => import('./pages/admin/orgs/index.js')),
  },
  {
    path: '/admin/settings',
    title: 'menu.admin.settings',
    group: 'admin',
    icon: <ControlOutlined />,
    permission: ['settings.update', 'calendar.update'],
    component: lazy(() => import('./pages/admin/settings/index.js')),
  },
  {
    path: '/admin/sites',
    title: 'menu.admin.sites',
    group: 'admin',
    icon: <EnvironmentOutlined />,
    permission: 'site.read',
    component: lazy(() => import('./pages/admin/sites/index.js')),
  },
  {
    path: '/admin/users',
    title: 'menu.admin.users',
    group: 'admin',
    icon: <TeamOutlined />,
    permission: 'user.read',
    component: lazy(() => import('./pages/admin/users/index.js')),
  },
  {
    path: '/admin/audit',
    title: 'menu.admin.audit',
    group: 'admin',
    icon: <FileSearchOutlined />,
    permission: 'audit.read',
    component: lazy(() => import('./pages/admin/audit/index.js')),
  },
  {
    path: '/regions',
    title: 'menu.admin.regions',
    group: 'admin',
    icon: <ClusterOutlined />,
    permission: 'region.read',
    component: lazy(() => import('./pages/regions/index.js')),
  },
  {
    path: '/account/tokens',
    title: 'menu.account.tokens',
    icon: <KeyOutlined />,
    permission: 'token.manage',
    hideInMenu: true,
    component: lazy(() => import('./pages/account/tokens/index.js')),
  },
  {
    path: '/account/sessions',
    title: 'menu.account.sessions',
    icon: <DesktopOutlined />,
    hideInMenu: true,
    component: lazy(() => import('./pages/account/sessions/index.js')),
  },

  // campaign statistics (docs/REPORTS.md)
  {
    path: '/reports/attachment2',
    title: 'menu.reports.attachment2',
    group: 'reports',
    icon: <BarChartOutlined />,
    permission: 'report.read',
    component: lazy(() => import('./pages/reports/attachment2/index.js')),
  },
  {
    path: '/reports/attachment3',
    title: 'menu.reports.attachment3',
    group: 'reports',
    icon: <BarChartOutlined />,
    permission: 'report.read',
    component: lazy(() => import('./pages/reports/attachment3/index.js')),
  },
  {
    path: '/reports/kpi',
    title: 'menu.reports.kpi',
    group: 'reports',
    icon: <BarChartOutlined />,
    permission: 'report.read',
    component: lazy(() => import('./pages/reports/kpi/index.js')),
  },
  // progress and final reports (docs/REPORTS-SUBMISSIONS.md)
  {
    path: '/reports/submissions',
    title: 'menu.reports.submissions',
    group: 'reports',
    icon: <BarChartOutlined />,
    permission: 'report.read',
    component: lazy(() => import('./pages/reports/submissions/index.js')),
  },
  {
    path: '/reports/submissions/:id',
    title: 'menu.reports.submission',
    permission: 'report.read',
    hideInMenu: true,
    component: lazy(() => import('./pages/reports/submissions/detail.js')),
  },
  // campaigns (专项整治) and self-inspection (自查自纠): docs/CAMPAIGNS.md
  {
    path: '/campaigns',
    title: 'menu.campaigns.list',
    icon: <FlagOutlined />,
    permission: 'self_inspection.read',
    component: lazy(() => import('./pages/campaigns/list/index.js')),
  },
  {
    path: '/campaigns/:id',
    title: 'menu.campaigns.detail',
    permission: 'self_inspection.read',
    hideInMenu: true,
    component: lazy(() => import('./pages/campaigns/detail/index.js')),
  },
  {
    path: '/campaigns/:id/reports/:orgId',
    title: 'menu.campaigns.participantReport',
    permission: 'campaign.read',
    hideInMenu: true,
    component: lazy(() => import('./pages/campaigns/report/index.js')),
  },
  {
    path: '/self-inspection',
    title: 'menu.campaigns.selfInspection',
    icon: <FormOutlined />,
    permission: 'self_inspection.submit',
    component: lazy(() => import('./pages/campaigns/self-inspection/index.js')),
  },

  // the public portal's notices and articles (docs/PORTAL.md) and the talent pool (docs/TALENT.md)
  {
    path: '/articles',
    title: 'menu.articles',
    group: 'portal',
    icon: <NotificationOutlined />,
    permission: 'article.manage',
    component: lazy(() => import('./pages/articles/index.js')),
  },
  {
    path: '/articles/new',
    title: 'menu.articleNew',
    group: 'portal',
    hideInMenu: true,
    permission: 'article.manage',
    component: lazy(() => import('./pages/articles/editor.js')),
  },
  {
    path: '/articles/:id',
    title: 'menu.articleEdit',
    group: 'portal',
    hideInMenu: true,
    permission: 'article.manage',
    component: lazy(() => import('./pages/articles/editor.js')),
  },
  {
    path: '/talent',
    title: 'menu.talent.pool',
    group: 'talent',
    icon: <TeamOutlined />,
    permission: 'talent.read',
    component: lazy(() => import('./pages/talent/pool/index.js')),
  },
  {
    path: '/talent/people/:key',
    title: 'menu.talent.person',
    group: 'talent',
    hideInMenu: true,
    permission: 'talent.read',
    component: lazy(() => import('./pages/talent/person/index.js')),
  },
  {
    path: '/talent/recommendations',
    title: 'menu.talent.recommendations',
    group: 'talent',
    icon: <TrophyOutlined />,
    permission: 'talent.read',
    component: lazy(() => import('./pages/talent/recommendations/index.js')),
  },
  // notifications (docs/NOTIFICATIONS.md): every role's inbox (the header's bell), preferences, the e-mail queue
  {
    path: '/notifications',
    title: 'menu.notifications',
    icon: <BellOutlined />,
    permission: 'notification.read',
    component: lazy(() => import('./pages/notifications/inbox/index.js')),
  },
  {
    path: '/notifications/preferences',
    title: 'menu.notifications.preferences',
    permission: 'notification.read',
    hideInMenu: true,
    component: lazy(() => import('./pages/notifications/preferences/index.js')),
  },
  {
    path: '/admin/email-queue',
    title: 'menu.admin.emailQueue',
    group: 'admin',
    icon: <MailOutlined />,
    permission: 'notification.manage',
    component: lazy(() => import('./pages/notifications/email-queue/index.js')),
  },
  // complaints and reports (投诉举报): docs/COMPLAINTS.md
  {
    path: '/complaints',
    title: 'menu.complaints.list',
    group: 'complaints',
    icon: <MessageOutlined />,
    permission: ['complaint.read', 'complaint.read_own'],
    component: lazy(() => import('./pages/complaints/list/index.js')),
  },
  {
    path: '/complaints/mine',
    title: 'menu.complaints.mine',
    group: 'complaints',
    icon: <MessageOutlined />,
    permission: 'complaint.handle',
    component: lazy(() => import('./pages/complaints/mine/index.js')),
  },
  {
    path: '/complaints/dashboard',
    title: 'menu.complaints.dashboard',
    group: 'complaints',
    icon: <BarChartOutlined />,
    permission: 'complaint.read',
    component: lazy(() => import('./pages/complaints/dashboard/index.js')),
  },
  {
    path: '/complaints/self-reports',
    title: 'menu.complaints.selfReport',
    group: 'complaints',
    icon: <FormOutlined />,
    permission: ['complaint_self_report.submit', 'complaint.read'],
    component: lazy(() => import('./pages/complaints/self-report/index.js')),
  },
  {
    path: '/complaints/:id',
    title: 'menu.complaints.detail',
    group: 'complaints',
    hideInMenu: true,
    permission: ['complaint.read', 'complaint.read_own'],
    component: lazy(() => import('./pages/complaints/detail/index.js')),
  },
];
