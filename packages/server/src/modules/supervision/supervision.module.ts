import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import type { ModuleDef } from '../module.js';
import { casesRoutes } from './cases/cases.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { disclosureRoutes } from './disclosure/disclosure.routes.js';
import { drawsPublicRoutes } from './draws/draws.public-routes.js';
import { drawsRoutes } from './draws/draws.routes.js';
import { seedEnforcementDemo } from './enforcement.demo.js';
import { findingsRoutes } from './findings/findings.routes.js';
import { inspectionsRoutes } from './inspections/inspections.routes.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { registersRoutes } from './registers/registers.routes.js';
import { supervisionCli } from './supervision.cli.js';
import { supervisionDemo } from './supervision.demo.js';
import { supervisionSource } from './supervision.notify.js';

/**
 * The supervision module (监督检查): the findings (违法行为记录), which verification records through
 * `recordSystemFinding`; the registers of targets and inspectors and the double-random draws (docs/SUPERVISION.md);
 * enforcement on the findings: rectification orders, penalty cases and the public disclosure (docs/ENFORCEMENT.md).
 */
const routes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(findingsRoutes, opts);
  await app.register(registersRoutes, opts);
  await app.register(drawsRoutes, opts);
  await app.register(drawsPublicRoutes, opts);
  await app.register(ordersRoutes, opts);
  await app.register(casesRoutes, opts);
  await app.register(disclosureRoutes, opts);
  await app.register(inspectionsRoutes, opts);
  await app.register(dashboardRoutes, opts);
};

export const supervisionModule: ModuleDef = {
  name: 'supervision',
  routes,
  cli: supervisionCli,
  // registers and the draw first; enforcement (orders, cases, disclosures) on the findings after them
  demo: async (ctx, actor, world) => {
    const found = await supervisionDemo(ctx, actor, world);
    await seedEnforcementDemo(ctx, actor, world, found);
  },
  notificationSources: [supervisionSource],
};
