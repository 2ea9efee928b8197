import type { ModuleDef } from '../module.js';
import { registerLedgerCli } from './ledger.cli.js';
import { ledgerDemo } from './ledger.demo.js';
import { ledgerRoutes } from './ledger.routes.js';
import { ledgerRootRoutes } from './public.routes.js';

/** The ledger module (台账与备案): instruments, imports, exports, reconciliation, public lookup (docs/LEDGER.md). */
export const ledgerModule: ModuleDef = {
  name: 'ledger',
  routes: ledgerRoutes,
  rootRoutes: ledgerRootRoutes,
  cli: registerLedgerCli,
  demo: ledgerDemo,
};
