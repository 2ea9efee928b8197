import type { ModuleDef } from '../module.js';
import { seedCalendar } from './calendar/settings.service.js';
import { recordOverdueFindings } from './dashboard/dashboard.service.js';
import { seedVerificationDemo } from './demo.js';
import { registerVerificationCli } from './verification.cli.js';
import { verificationSource } from './verification.notify.js';
import { verificationRoutes } from './verification.routes.js';

/** The verification module: applications, acceptance clock, results, institution oversight, rotation (docs/VERIFICATION.md). */
export const verificationModule: ModuleDef = {
  name: 'verification',
  routes: verificationRoutes,
  cli: registerVerificationCli,
  referenceData: async (db) => seedCalendar(db),
  demo: seedVerificationDemo,
  jobs: [{ name: 'verification.overdue-findings', run: async (ctx) => void (await recordOverdueFindings(ctx)) }],
  notificationSources: [verificationSource],
};
