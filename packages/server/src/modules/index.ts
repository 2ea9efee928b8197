import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { orgRoutes } from './orgs/orgs.routes.js';
import { ensureRegions } from './regions/regions.service.js';
import { userRoutes } from './users/users.routes.js';

/** Every module's HTTP plugin, mounted under /api/v1. */
export const API_MODULES: FastifyPluginAsyncZod<{ ctx: AppContext }>[] = [authRoutes, orgRoutes, userRoutes, auditRoutes];

/** Idempotent reference data from packages/shared/src/data (regions, rule catalog, calendar). */
export const REFERENCE_DATA: ((db: DbOrTrx, ctx: { nowIso: string }) => Promise<void>)[] = [async (db) => ensureRegions(db)];
