import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { ledgerModule } from './ledger/ledger.module.js';
import type { ModuleDef } from './module.js';
import { orgRoutes } from './orgs/orgs.routes.js';
import { ensureRegions } from './regions/regions.service.js';
import { statusModule } from './status/status.module.js';
import { userRoutes } from './users/users.routes.js';
import { verificationModule } from './verification/verification.module.js';

/** Feature modules in data-flow order (product.md §4). */
export const FEATURE_MODULES: ModuleDef[] = [statusModule, ledgerModule, verificationModule];

/** Every module's HTTP plugin, mounted under /api/v1. */
export const API_MODULES: FastifyPluginAsyncZod<{ ctx: AppContext }>[] = [
  authRoutes,
  orgRoutes,
  userRoutes,
  auditRoutes,
  ...FEATURE_MODULES.flatMap((m) => (m.routes ? [m.routes] : [])),
];

export const ROOT_MODULES: FastifyPluginAsyncZod<{ ctx: AppContext }>[] = FEATURE_MODULES.flatMap((m) =>
  m.rootRoutes ? [m.rootRoutes] : [],
);

/** Idempotent reference data from packages/shared/src/data (regions, rule catalog, calendar). */
export const REFERENCE_DATA: ((db: DbOrTrx, meta: { nowIso: string }) => Promise<void>)[] = [
  async (db) => ensureRegions(db),
  ...FEATURE_MODULES.flatMap((m) => (m.referenceData ? [m.referenceData] : [])),
];
