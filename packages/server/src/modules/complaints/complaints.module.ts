import type { ModuleDef } from '../module.js';
import { complaintsDemo } from './complaints.demo.js';
import { complaintsSource } from './complaints.notify.js';
import { complaintsRoutes } from './complaints.routes.js';

/**
 * The complaints module (投诉举报与调解, docs/COMPLAINTS.md): the public intake with its challenge and rate limits, the
 * handling with the legal clocks, mediation, arbitration verification and the refund proposal, the utilities'
 * self-reports, the dashboard; Attachment 2 and the risk score read it through complaints.api.ts.
 */
export const complaintsModule: ModuleDef = {
  name: 'complaints',
  routes: complaintsRoutes,
  demo: complaintsDemo,
  notificationSources: [complaintsSource],
};
