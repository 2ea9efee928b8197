import type { ModuleDef } from '../module.js';
import { campaignsDemo } from './campaigns.demo.js';
import { campaignsSource } from './campaigns.notify.js';
import { campaignsRoutes } from './campaigns.routes.js';

/**
 * The campaigns module (专项整治, docs/CAMPAIGNS.md): campaigns from the notice's template with their phases, targets and
 * participants; self-inspection reports (自查自纠) with their gaps against the records, reminders and the re-check draw.
 */
export const campaignsModule: ModuleDef = {
  name: 'campaigns',
  routes: campaignsRoutes,
  demo: campaignsDemo,
  notificationSources: [campaignsSource],
};
