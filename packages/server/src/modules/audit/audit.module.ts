import { auditCheckpointJob } from '../../audit/audit-checkpoint.js';
import type { ModuleDef } from '../module.js';
import { auditRoutes } from './audit.routes.js';

/** The audit log's API (the hash chains themselves are in src/audit/; `audit verify` and `audit checkpoint` are core commands; the daily checkpoint job is here). */
export const auditModule: ModuleDef = {
  name: 'audit',
  routes: auditRoutes,
  jobs: [auditCheckpointJob],
};
