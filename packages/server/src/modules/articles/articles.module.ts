import type { ModuleDef } from '../module.js';
import { articlesDemo } from './articles.demo.js';
import { articlesRoutes } from './articles.routes.js';

/**
 * The public portal's notices and articles (docs/PORTAL.md): 计量知识、专项整治通告、曝光案例 written by the bureau with
 * a body sanitized on the server, shown on the portal between their publish and expire dates.
 */
export const articlesModule: ModuleDef = {
  name: 'articles',
  routes: articlesRoutes,
  demo: articlesDemo,
};
