import type { ModuleDef } from '../module.js';

/** The ledger module (see docs/ARCHITECTURE.md). */
export const ledgerModule: ModuleDef = {
  name: 'ledger',
};
