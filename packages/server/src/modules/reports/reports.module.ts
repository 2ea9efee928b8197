import type { ModuleDef } from '../module.js';
import { registerReportsCli } from './reports.cli.js';
import { reportsRoutes } from './reports.routes.js';

/** Campaign statistics: Attachments 2 and 3 from the records, KPIs, drill-downs (docs/REPORTS.md). */
export const reportsModule: ModuleDef = {
  name: 'reports',
  routes: reportsRoutes,
  cli: registerReportsCli,
};
