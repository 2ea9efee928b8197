import type { ModuleDef } from '../module.js';
import { talentDemo } from './talent.demo.js';
import { talentRoutes } from './talent.routes.js';

/**
 * The metrology talent pool (计量人才, docs/TALENT.md): verifiers, inspectors and enterprise metrologists with their
 * certificates, specialties and computed activity; marks and recommendations to the city bureau, exported as XLSX/PDF.
 */
export const talentModule: ModuleDef = {
  name: 'talent',
  routes: talentRoutes,
  demo: talentDemo,
};
