import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import type { ModuleDef } from '../module.js';
import { drawsPublicRoutes } from './draws/draws.public-routes.js';
import { drawsRoutes } from './draws/draws.routes.js';
import { findingsRoutes } from './findings/findings.routes.js';
import { inspectionsRoutes } from './inspections/inspections.routes.js';
import { registersRoutes } from './registers/registers.routes.js';
import { supervisionCli } from './supervision.cli.js';
import { supervisionDemo } from './supervision.demo.js';

/**
 * The supervision module (监督检查): the findings (违法行为记录), which verification records through `recordSystemFinding`;
 * the registers of targets and inspectors and the double-random draws (docs/SUPERVISION.md); wave 2 adds inspections,
 * orders and cases (docs/VERIFICATION.md, Findings).
 */
const routes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(findingsRoutes, opts);
  await app.register(registersRoutes, opts);
  await app.register(drawsRoutes, opts);
  await app.register(drawsPublicRoutes, opts);
  await app.register(inspectionsRoutes, opts);
};

export const supervisionModule: ModuleDef = {
  name: 'supervision',
  routes,
  cli: supervisionCli,
  demo: supervisionDemo,
};
