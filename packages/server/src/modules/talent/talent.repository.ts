import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { TalentCertificatesTable, TalentMetrologistsTable, TalentRecommendationRow } from '../../db/schema-portal-talent.js';

/**
 * SQL of the talent pool (docs/TALENT.md). The pool's own tables only: verifiers and inspectors are read through their
 * modules' services. The pool of a county is hundreds of people, so the service reads these tables whole and joins
 * them with the registers in memory.
 */

export type { TalentRecommendationRow };

export function metrologists(db: DbOrTrx, orgId: number | null = null) {
  let q = db
    .selectFrom('talent_metrologists as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.org_id', 'm.name', 'm.title', 'o.name as org_name', 'o.region_code as org_region'])
    .where('o.deleted_at', 'is', null);
  if (orgId !== null) q = q.where('m.org_id', '=', orgId);
  return q.orderBy('m.id').execute();
}

export async function insertMetrologist(db: DbOrTrx, v: Insertable<TalentMetrologistsTable>): Promise<number> {
  return Number((await db.insertInto('talent_metrologists').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export function profiles(db: DbOrTrx) {
  return db.selectFrom('talent_profiles').selectAll().execute();
}

export function profileOf(db: DbOrTrx, source: string, sourceId: number) {
  return db.selectFrom('talent_profiles').selectAll().where('source', '=', source).where('source_id', '=', sourceId).executeTakeFirst();
}

export async function upsertProfile(
  db: DbOrTrx,
  v: {
    source: string;
    source_id: number;
    specialties: string;
    marked: number;
    note: string | null;
    updated_by: string;
    updated_at: string;
  },
): Promise<void> {
  await db
    .insertInto('talent_profiles')
    .values(v)
    .onConflict((oc) =>
      oc.columns(['source', 'source_id']).doUpdateSet({
        specialties: v.specialties,
        marked: v.marked,
        note: v.note,
        updated_by: v.updated_by,
        updated_at: v.updated_at,
      }),
    )
    .execute();
}

export function certificates(db: DbOrTrx) {
  return db.selectFrom('talent_certificates').selectAll().orderBy('valid_until').orderBy('id').execute();
}

export function certificateById(db: DbOrTrx, id: number) {
  return db.selectFrom('talent_certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCertificate(db: DbOrTrx, v: Insertable<TalentCertificatesTable>): Promise<number> {
  return Number((await db.insertInto('talent_certificates').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export async function deleteCertificate(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('talent_certificates').where('id', '=', id).execute();
}

export function recommendations(db: DbOrTrx, state?: string): Promise<TalentRecommendationRow[]> {
  let q = db.selectFrom('talent_recommendations').selectAll();
  if (state) q = q.where('state', '=', state);
  return q.orderBy('recommended_at', 'desc').orderBy('id', 'desc').execute();
}

export function recommendationById(db: DbOrTrx, id: number): Promise<TalentRecommendationRow | undefined> {
  return db.selectFrom('talent_recommendations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function standingRecommendation(db: DbOrTrx, source: string, sourceId: number) {
  return db
    .selectFrom('talent_recommendations')
    .select('id')
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .where('state', '=', 'recommended')
    .executeTakeFirst();
}

export async function insertRecommendation(
  db: DbOrTrx,
  v: {
    source: string;
    source_id: number;
    org_id: number;
    region_code: string;
    reason: string;
    recommended_by: string;
    recommended_at: string;
  },
): Promise<number> {
  return Number(
    (
      await db
        .insertInto('talent_recommendations')
        .values({ ...v, state: 'recommended' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
}

export async function withdrawRecommendation(db: DbOrTrx, id: number, by: string, at: string, reason: string): Promise<void> {
  await db
    .updateTable('talent_recommendations')
    .set({ state: 'withdrawn', withdrawn_by: by, withdrawn_at: at, withdraw_reason: reason })
    .where('id', '=', id)
    .execute();
}
