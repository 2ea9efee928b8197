import type { ModuleDef } from '../module.js';
import { regionRoutes } from './regions.routes.js';
import { ensureRegions } from './regions.service.js';

/** Regions (行政区划): the seeded region and town codes every other module refers to. */
export const regionsModule: ModuleDef = {
  name: 'regions',
  routes: regionRoutes,
  referenceData: async (db) => ensureRegions(db),
};
