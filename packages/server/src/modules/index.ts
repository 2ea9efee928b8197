import { articlesModule } from './articles/articles.module.js';
import { auditModule } from './audit/audit.module.js';
import { authModule } from './auth/auth.module.js';
import { campaignsModule } from './campaigns/campaigns.module.js';
import { complaintsModule } from './complaints/complaints.module.js';
import { homeModule } from './home/home.module.js';
import { ledgerModule } from './ledger/ledger.module.js';
import type { ModuleDef } from './module.js';
import { registerNotificationSources } from './notifications/notification-source.js';
import { notificationsModule } from './notifications/notifications.module.js';
import { orgsModule } from './orgs/orgs.module.js';
import { regionsModule } from './regions/regions.module.js';
import { reportsModule } from './reports/reports.module.js';
import { statusModule } from './status/status.module.js';
import { supervisionModule } from './supervision/supervision.module.js';
import { talentModule } from './talent/talent.module.js';
import { usersModule } from './users/users.module.js';
import { verificationModule } from './verification/verification.module.js';

/**
 * THE list of modules: the only file that imports every module. Platform modules first, then the feature modules in
 * data-flow order (docs/domain/product.md §4). Routes, CLI commands, reference data, demo layers and daily jobs follow this order.
 */
export const MODULES: ModuleDef[] = [
  regionsModule,
  orgsModule,
  usersModule,
  authModule,
  auditModule,
  statusModule,
  ledgerModule,
  verificationModule,
  supervisionModule,
  reportsModule,
  campaignsModule,
  homeModule,
  articlesModule,
  talentModule,
  notificationsModule,
  complaintsModule,
];

// notifications: every module's sources, the producer's default list (docs/NOTIFICATIONS.md)
registerNotificationSources(MODULES.flatMap((m) => m.notificationSources ?? []));
