import type { TCreatePlannedInspectionRequest, TPlannedInspection, TSupervisionDashboard } from '@qiangjian/shared';
import { api } from './api.js';

/** The supervision dashboard (监督检查看板) and planned (targeted / complaint) inspections, docs/SUPERVISION.md "Dashboard". */

export type DashboardQuery = { regionCode?: string; from?: string; to?: string };
export const getSupervisionDashboard = (q: DashboardQuery) => api.get<TSupervisionDashboard>('/supervision/dashboard', q);

/** A form call: errors naming a field (inspectorIds …) land on it (applyFormError). */
export const createPlannedInspection = (body: TCreatePlannedInspectionRequest) =>
  api.post<TPlannedInspection>('/supervision/inspections/planned', body, { skipErrorHandler: true });
