import type { ModuleDef } from '../module.js';
import { homeRoutes } from './home.routes.js';

/** Home pages (docs/HOME.md): the figures of each role's home page, read through the other modules' services. */
export const homeModule: ModuleDef = {
  name: 'home',
  routes: homeRoutes,
};
