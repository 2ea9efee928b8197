import type { Kysely } from 'kysely';

// Frozen migration for the ledger module: never import application code here.
// (Created as an empty slot; filled by the ledger module before its first release.)

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
