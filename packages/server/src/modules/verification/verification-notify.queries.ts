import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/** What the verification module's notification source reads (docs/NOTIFICATIONS.md): versions, responses, overdue acceptances, results. */

/** Application versions submitted in [from, to], with the applicant's and the institution's names. */
export function versionsSubmitted(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('application_versions as v')
    .innerJoin('organizations as o', 'o.id', 'v.org_id')
    .select([
      'v.application_id',
      'v.version',
      'v.org_id',
      'v.institution_id',
      'v.instrument_ids',
      'v.accept_deadline',
      'o.name as org_name',
    ])
    .where('v.submitted_at', '>=', from)
    .where('v.submitted_at', '<=', to)
    .execute();
}

/** Versions accepted or returned in [from, to]. */
export function versionsAnswered(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('application_versions as v')
    .innerJoin('organizations as i', 'i.id', 'v.institution_id')
    .select(['v.application_id', 'v.version', 'v.org_id', 'v.institution_id', 'v.response', 'i.name as institution_name'])
    .where('v.responded_at', '>=', from)
    .where('v.responded_at', '<=', to)
    .where('v.response', 'in', ['accepted', 'returned'])
    .execute();
}

/** Applications still waiting for acceptance after their deadline. */
export function overdueAcceptances(db: DbOrTrx, now: string) {
  return db
    .selectFrom('applications as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.version', 'a.org_id', 'a.institution_id', 'a.accept_deadline', 'o.name as org_name'])
    .where('a.status', '=', 'submitted')
    .where('a.accept_deadline', '<', now)
    .execute();
}

/** Results recorded in [from, to] per application and applicant (applications touched in the window only). */
export async function resultsEntered(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('verifications')
    .select(['application_id', 'org_id', sql<number>`count(*)`.as('n')])
    .where('application_id', 'in', db.selectFrom('applications').select('id').where('updated_at', '>=', from))
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .groupBy(['application_id', 'org_id'])
    .execute();
  return rows.map((r) => ({ applicationId: Number(r.application_id), orgId: Number(r.org_id), count: Number(r.n) }));
}
