import type { ModuleDef } from '../module.js';
import { expireUploads, recoverInterruptedJobs } from './import/import-jobs.service.js';
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
  // import jobs a dead process left running are marked failed (file kept); old uploads of unfinished jobs expire
  startup: async (ctx) => {
    await recoverInterruptedJobs(ctx);
  },
  jobs: [
    {
      name: 'import-upload-retention',
      run: async (ctx) => {
        await expireUploads(ctx);
      },
    },
  ],
};
