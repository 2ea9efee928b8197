import { purgeExpired } from '../../auth/auth.service.js';
import type { ModuleDef } from '../module.js';
import { registerAuthCli } from './auth.cli.js';
import { authRoutes } from './auth.routes.js';

/** Login, sessions, password change and API tokens (the kernel in src/auth/ does the checking). */
export const authModule: ModuleDef = {
  name: 'auth',
  routes: authRoutes,
  cli: registerAuthCli,
  jobs: [{ name: 'purge-sessions', run: purgeExpired }],
};
