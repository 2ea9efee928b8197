import type { ModuleDef } from '../module.js';
import { registerOrgsCli } from './orgs.cli.js';
import { orgRoutes } from './orgs.routes.js';

/** Organizations (bureau, offices, enterprises, institutions), office towns and sites. */
export const orgsModule: ModuleDef = {
  name: 'orgs',
  routes: orgRoutes,
  cli: registerOrgsCli,
};
