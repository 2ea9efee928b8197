import { SYSTEM_ACTOR } from '../../auth/actor.js';
import type { ModuleDef } from '../module.js';
import { registerStatusCli } from './status.cli.js';
import { dueDigestSource } from './status.notify.js';
import { statusRoutes } from './status.routes.js';
import { refreshStatuses, seedStatusReferenceData } from './status.service.js';

/** The status module: rule catalog, status engine, stored status, due lists (docs/STATUS.md). */
export const statusModule: ModuleDef = {
  name: 'status',
  routes: statusRoutes,
  cli: registerStatusCli,
  referenceData: seedStatusReferenceData,
  jobs: [
    {
      name: 'status-refresh',
      run: async (ctx) => {
        await refreshStatuses(ctx, { actor: SYSTEM_ACTOR });
      },
    },
  ],
  notificationSources: [dueDigestSource],
};
