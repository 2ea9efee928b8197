import type { ModuleDef } from '../module.js';
import { registerUsersCli } from './users.cli.js';
import { userRoutes } from './users.routes.js';

/** User accounts: one role and one organization each. */
export const usersModule: ModuleDef = {
  name: 'users',
  routes: userRoutes,
  cli: registerUsersCli,
};
