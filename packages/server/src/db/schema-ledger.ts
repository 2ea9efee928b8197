/** Tables of the ledger module (mirror its migrations). */
export interface LedgerTables {}
