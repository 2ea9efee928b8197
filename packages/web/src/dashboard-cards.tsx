/**
 * Cards of the 工作台 (dashboard), registered like routes: one entry per card, lazily loaded,
 * shown to users whose permissions allow it (access.ts), in table order below the platform cards.
 * A card is a default-exported component rendering its own antd <Card title=…>. See docs/WEB.md.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { AccessRule } from './access.js';

export interface DashboardCard {
  key: string;
  /** Permission needed (an array: any of them); omit = every logged-in user. */
  permission?: AccessRule;
  /** 'half' = half width on large screens (default), 'full' = whole row. */
  width?: 'half' | 'full';
  /** `lazy(() => import('./pages/<area>/dashboard/SomeCard.js'))` */
  component: LazyExoticComponent<ComponentType> | ComponentType;
}

export const DASHBOARD_CARDS: DashboardCard[] = [
  {
    key: 'supervision-enforcement',
    permission: ['order.read', 'order.read_own'],
    width: 'half',
    component: lazy(() => import('./pages/supervision/dashboard/EnforcementCard.js')),
  },
  // e.g. { key: 'status-overview', permission: 'status.read', width: 'full', component: lazy(() => import('./pages/status/dashboard/OverviewCard.js')) },
];
