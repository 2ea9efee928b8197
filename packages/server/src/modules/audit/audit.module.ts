import type { ModuleDef } from '../module.js';
import { auditRoutes } from './audit.routes.js';

/** The audit log's API (the hash chains themselves are in src/audit/; `audit verify` is a core command). */
export const auditModule: ModuleDef = {
  name: 'audit',
  routes: auditRoutes,
};
