import type { ModuleDef } from '../module.js';
import { findingsRoutes } from './findings/findings.routes.js';

/**
 * The supervision module (监督检查): today the findings (违法行为记录), which verification records through
 * `recordSystemFinding`; wave 2 adds registers, draws, inspections, orders and cases (docs/VERIFICATION.md, Findings).
 */
export const supervisionModule: ModuleDef = {
  name: 'supervision',
  routes: findingsRoutes,
};
