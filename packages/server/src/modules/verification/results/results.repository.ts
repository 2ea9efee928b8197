import type { DbOrTrx, Trx } from '../../../db/database.js';

/** A result as written to `verifications` (source `result`). */
export interface ResultRow {
  org_id: number;
  instrument_id: number;
  nozzle_no: number;
  kind: string;
  date: string;
  conclusion: string;
  certificate_no: string | null;
  valid_until: string | null;
  institution_id: number;
  institution_name: string | null;
  verifier_id: number;
  standard_id: number;
  application_id: number;
  measurements: string | null;
  seals: string | null;
  source: string;
  created_at: string;
}

/** A verification's identity is instrument + nozzle + date (docs/domain/forms.md §4): the same date updates it. Returns its id. */
export async function upsertVerification(trx: Trx, row: ResultRow): Promise<number> {
  const { org_id, instrument_id, nozzle_no, date, created_at, ...rest } = row;
  const r = await trx
    .insertInto('verifications')
    .values(row)
    .onConflict((oc) => oc.columns(['instrument_id', 'nozzle_no', 'date']).doUpdateSet(rest))
    .returning('id')
    .executeTakeFirstOrThrow();
  void org_id;
  void instrument_id;
  void nozzle_no;
  void date;
  void created_at;
  return Number(r.id);
}

export async function hasVerification(db: DbOrTrx, instrumentId: number): Promise<boolean> {
  return !!(await db.selectFrom('verifications').select('id').where('instrument_id', '=', instrumentId).limit(1).executeTakeFirst());
}

/** Which instrument and nozzle each result of an application covers (for the instruments given). */
export async function resultKeys(db: DbOrTrx, applicationId: number, instrumentIds: readonly number[]) {
  if (instrumentIds.length === 0) return [];
  return db
    .selectFrom('verifications')
    .select(['instrument_id', 'nozzle_no'])
    .where('application_id', '=', applicationId)
    .where('instrument_id', 'in', [...instrumentIds])
    .execute();
}

export async function verificationsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('verifications')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

/** The results of an application (its applicant's rows), by instrument and nozzle. */
export async function resultsOf(db: DbOrTrx, applicationId: number, orgId: number) {
  return db
    .selectFrom('verifications')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('org_id', '=', orgId)
    .orderBy('instrument_id')
    .orderBy('nozzle_no')
    .execute();
}

/** Stored status and valid-until of instruments, by id. */
export async function instrumentStatuses(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('instruments')
    .select(['id', 'status', 'valid_until'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}
