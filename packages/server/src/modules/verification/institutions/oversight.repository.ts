import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.js';
import { countRows, pageOf } from '../../../db/paging.queries.js';
import type { AuthorizationsTable, MeasurementStandardsTable, VerifiersTable } from '../../../db/schema-verification.js';

export type AuthorizationRow = Selectable<AuthorizationsTable>;
export type StandardRow = Selectable<MeasurementStandardsTable>;
export type VerifierRow = Selectable<VerifiersTable>;

export const TABLES = { authorization: 'authorizations', standard: 'measurement_standards', verifier: 'verifiers' } as const;

export async function listAuthorizations(db: DbOrTrx, orgId: number | null, q: { page: number; pageSize: number }) {
  let base = db.selectFrom('authorizations').innerJoin('organizations as o', 'o.id', 'authorizations.org_id');
  if (orgId !== null) base = base.where('authorizations.org_id', '=', orgId);
  const total = await countRows(base);
  const rows = await base
    .selectAll('authorizations')
    .select('o.name as org_name')
    .orderBy('o.name')
    .orderBy('authorizations.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}
export async function findAuthorization(db: DbOrTrx, id: number) {
  return db
    .selectFrom('authorizations')
    .innerJoin('organizations as o', 'o.id', 'authorizations.org_id')
    .selectAll('authorizations')
    .select('o.name as org_name')
    .where('authorizations.id', '=', id)
    .executeTakeFirst();
}
export async function insertAuthorization(db: DbOrTrx, v: Insertable<AuthorizationsTable>): Promise<number> {
  return Number((await db.insertInto('authorizations').values(v).returning('id').executeTakeFirstOrThrow()).id);
}
/** Every authorization of an institution (few rows; matched in TypeScript). */
export async function authorizationsOf(db: DbOrTrx, orgId: number): Promise<AuthorizationRow[]> {
  return db.selectFrom('authorizations').selectAll().where('org_id', '=', orgId).execute();
}

export async function listStandards(db: DbOrTrx, orgId: number | null, q: { page: number; pageSize: number }) {
  let base = db.selectFrom('measurement_standards').innerJoin('organizations as o', 'o.id', 'measurement_standards.org_id');
  if (orgId !== null) base = base.where('measurement_standards.org_id', '=', orgId);
  const total = await countRows(base);
  const rows = await base
    .selectAll('measurement_standards')
    .select('o.name as org_name')
    .orderBy('o.name')
    .orderBy('measurement_standards.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}
export async function findStandard(db: DbOrTrx, id: number) {
  return db
    .selectFrom('measurement_standards')
    .innerJoin('organizations as o', 'o.id', 'measurement_standards.org_id')
    .selectAll('measurement_standards')
    .select('o.name as org_name')
    .where('measurement_standards.id', '=', id)
    .executeTakeFirst();
}
export async function insertStandard(db: DbOrTrx, v: Insertable<MeasurementStandardsTable>): Promise<number> {
  return Number((await db.insertInto('measurement_standards').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export async function listVerifiers(db: DbOrTrx, orgId: number | null, q: { page: number; pageSize: number }) {
  let base = db.selectFrom('verifiers').innerJoin('organizations as o', 'o.id', 'verifiers.org_id');
  if (orgId !== null) base = base.where('verifiers.org_id', '=', orgId);
  const total = await countRows(base);
  const rows = await base
    .selectAll('verifiers')
    .select('o.name as org_name')
    .orderBy('o.name')
    .orderBy('verifiers.id')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}
export async function findVerifier(db: DbOrTrx, id: number) {
  return db
    .selectFrom('verifiers')
    .innerJoin('organizations as o', 'o.id', 'verifiers.org_id')
    .selectAll('verifiers')
    .select('o.name as org_name')
    .where('verifiers.id', '=', id)
    .executeTakeFirst();
}
export async function insertVerifier(db: DbOrTrx, v: Insertable<VerifiersTable>): Promise<number> {
  return Number((await db.insertInto('verifiers').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export interface ExpiringRow {
  kind: 'authorization' | 'standard' | 'verifier';
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  validUntil: string;
}

/** Items whose validity ends in [from, until], soonest first. */
export async function expiring(db: DbOrTrx, orgId: number | null, from: string, until: string): Promise<ExpiringRow[]> {
  const out: ExpiringRow[] = [];
  let a = db
    .selectFrom('authorizations')
    .innerJoin('organizations as o', 'o.id', 'authorizations.org_id')
    .select([
      'authorizations.id',
      'authorizations.org_id',
      'o.name as org_name',
      'authorizations.certificate_no',
      'authorizations.region_code',
      'authorizations.valid_to',
    ])
    .where('authorizations.valid_to', '>=', from)
    .where('authorizations.valid_to', '<=', until);
  if (orgId !== null) a = a.where('authorizations.org_id', '=', orgId);
  for (const r of await a.execute()) {
    out.push({
      kind: 'authorization',
      id: Number(r.id),
      orgId: Number(r.org_id),
      orgName: r.org_name,
      name: r.certificate_no ?? r.region_code,
      validUntil: r.valid_to,
    });
  }
  let s = db
    .selectFrom('measurement_standards')
    .innerJoin('organizations as o', 'o.id', 'measurement_standards.org_id')
    .select([
      'measurement_standards.id',
      'measurement_standards.org_id',
      'o.name as org_name',
      'measurement_standards.name',
      'measurement_standards.valid_until',
    ])
    .where('measurement_standards.valid_until', '>=', from)
    .where('measurement_standards.valid_until', '<=', until);
  if (orgId !== null) s = s.where('measurement_standards.org_id', '=', orgId);
  for (const r of await s.execute()) {
    out.push({ kind: 'standard', id: Number(r.id), orgId: Number(r.org_id), orgName: r.org_name, name: r.name, validUntil: r.valid_until });
  }
  let v = db
    .selectFrom('verifiers')
    .innerJoin('organizations as o', 'o.id', 'verifiers.org_id')
    .select(['verifiers.id', 'verifiers.org_id', 'o.name as org_name', 'verifiers.name', 'verifiers.valid_until'])
    .where('verifiers.valid_until', '>=', from)
    .where('verifiers.valid_until', '<=', until);
  if (orgId !== null) v = v.where('verifiers.org_id', '=', orgId);
  for (const r of await v.execute()) {
    out.push({ kind: 'verifier', id: Number(r.id), orgId: Number(r.org_id), orgName: r.org_name, name: r.name, validUntil: r.valid_until });
  }
  return out.sort((x, y) => (x.validUntil < y.validUntil ? -1 : x.validUntil > y.validUntil ? 1 : x.id - y.id));
}

/** Sets columns of one authorization, standard or verifier row. */
export async function updateRow(db: DbOrTrx, kind: keyof typeof TABLES, id: number, patch: Record<string, unknown>): Promise<void> {
  await db
    .updateTable(TABLES[kind])
    .set(patch as never)
    .where('id', '=', id)
    .execute();
}

/** One authorization, standard or verifier row (no join), for a delete and its audit entry. */
export async function findRow(db: DbOrTrx, kind: keyof typeof TABLES, id: number) {
  return db.selectFrom(TABLES[kind]).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteRow(db: DbOrTrx, kind: keyof typeof TABLES, id: number): Promise<void> {
  await db.deleteFrom(TABLES[kind]).where('id', '=', id).execute();
}

/** Whether the institution already has a standard (or verifier) with this certificate number. */
export async function certificateTaken(db: DbOrTrx, kind: 'standard' | 'verifier', orgId: number, certificateNo: string): Promise<boolean> {
  return !!(await db
    .selectFrom(TABLES[kind])
    .select('id')
    .where('org_id', '=', orgId)
    .where('certificate_no', '=', certificateNo)
    .executeTakeFirst());
}

/** Every standard of an institution (few rows; matched in TypeScript). */
export async function standardsOf(db: DbOrTrx, orgId: number): Promise<StandardRow[]> {
  return db.selectFrom('measurement_standards').selectAll().where('org_id', '=', orgId).execute();
}

/** Every verifier of an institution (few rows; matched in TypeScript). */
export async function verifiersOf(db: DbOrTrx, orgId: number): Promise<VerifierRow[]> {
  return db.selectFrom('verifiers').selectAll().where('org_id', '=', orgId).execute();
}

/** An organization that is not deleted (its kind tells whether it is an institution). */
export async function findLiveOrg(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'kind', 'name'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Institutions that are not deleted, by name. */
export async function liveInstitutions(db: DbOrTrx) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'institution')
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** The authorizations of these institutions valid on `asOf`. */
export async function authorizationsValidOn(db: DbOrTrx, orgIds: readonly number[], asOf: string) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('authorizations')
    .select(['org_id', 'categories', 'region_code', 'valid_from', 'valid_to'])
    .where('org_id', 'in', [...orgIds])
    .where('valid_from', '<=', asOf)
    .where('valid_to', '>=', asOf)
    .execute();
}

/** Every authorization of these institutions (any dates): the application form matches them per date. */
export async function authorizationsOfOrgs(db: DbOrTrx, orgIds: readonly number[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('authorizations')
    .select(['org_id', 'categories', 'region_code', 'valid_from', 'valid_to'])
    .where('org_id', 'in', [...orgIds])
    .execute();
}

/** Every verifier with its institution's name and region (the talent pool's people, docs/TALENT.md). */
export function verifierRecords(db: DbOrTrx, orgId: number | null) {
  let q = db
    .selectFrom('verifiers')
    .innerJoin('organizations as o', 'o.id', 'verifiers.org_id')
    .selectAll('verifiers')
    .select(['o.name as org_name', 'o.region_code as org_region'])
    .where('o.deleted_at', 'is', null);
  if (orgId !== null) q = q.where('verifiers.org_id', '=', orgId);
  return q.orderBy('verifiers.id').execute();
}

/** Verifications recorded per verifier (the talent pool's activity, docs/TALENT.md). */
export async function verificationCounts(db: DbOrTrx, verifierIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (verifierIds.length === 0) return out;
  const rows = await db
    .selectFrom('verifications')
    .select(['verifier_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('verifier_id', 'in', [...verifierIds])
    .groupBy('verifier_id')
    .execute();
  for (const r of rows) out.set(Number(r.verifier_id), Number(r.n));
  return out;
}
