import type { DbOrTrx } from '../../../db/database.js';

/** The `import_mappings` table: an organization's named column mappings (docs/LEDGER.md "Column mapping"). */

export async function mappingsOf(db: DbOrTrx, orgId: number) {
  return db.selectFrom('import_mappings').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}

export async function findMapping(db: DbOrTrx, id: number) {
  return db.selectFrom('import_mappings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMappingByName(db: DbOrTrx, orgId: number, name: string) {
  return db.selectFrom('import_mappings').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

export async function insertMapping(
  db: DbOrTrx,
  row: { org_id: number; name: string; signature: string; mapping: string; created_by: string; created_at: string },
): Promise<number> {
  const r = await db
    .insertInto('import_mappings')
    .values({ ...row, updated_at: row.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateMapping(db: DbOrTrx, id: number, patch: { signature: string; mapping: string; updated_at: string }) {
  await db.updateTable('import_mappings').set(patch).where('id', '=', id).execute();
}

/** Other templates of the organization with the same header signature (one header, one template). */
export async function deleteSameSignature(db: DbOrTrx, orgId: number, signature: string, keepId: number) {
  await db.deleteFrom('import_mappings').where('org_id', '=', orgId).where('signature', '=', signature).where('id', '!=', keepId).execute();
}

export async function deleteMapping(db: DbOrTrx, id: number) {
  await db.deleteFrom('import_mappings').where('id', '=', id).execute();
}

/** The mapping an import job was run with (JSON), and its stored result. */
export async function jobMapping(db: DbOrTrx, jobId: number) {
  return db.selectFrom('import_jobs').select(['org_id', 'column_mapping', 'result']).where('id', '=', jobId).executeTakeFirst();
}

export async function setJobMapping(db: DbOrTrx, jobId: number, mapping: string | null) {
  await db.updateTable('import_jobs').set({ column_mapping: mapping }).where('id', '=', jobId).execute();
}
