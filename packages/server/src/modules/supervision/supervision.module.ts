import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import type { ModuleDef } from '../module.js';
import { casesRoutes } from './cases/cases.routes.js';
import { disclosureRoutes } from './disclosure/disclosure.routes.js';
import { seedEnforcementDemo } from './enforcement.demo.js';
import { findingsRoutes } from './findings/findings.routes.js';
import { ordersRoutes } from './orders/orders.routes.js';

/**
 * The supervision module (监督检查): the findings (违法行为记录), which verification records through
 * `recordSystemFinding`; enforcement on them: rectification orders, penalty cases and the public disclosure
 * (docs/ENFORCEMENT.md); wave 2 adds registers, draws and inspections (docs/VERIFICATION.md, Findings).
 */
const routes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(findingsRoutes, opts);
  await app.register(ordersRoutes, opts);
  await app.register(casesRoutes, opts);
  await app.register(disclosureRoutes, opts);
};

export const supervisionModule: ModuleDef = {
  name: 'supervision',
  routes,
  demo: seedEnforcementDemo,
};
