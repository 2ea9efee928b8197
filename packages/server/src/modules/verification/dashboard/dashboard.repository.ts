import type { DbOrTrx } from '../../../db/database.js';
import { type AppScope, appScopeFilter } from '../applications/applications.queries.js';

/** One submitted version, as the acceptance-clock figures need it. */
export interface VersionLite {
  application_id: number;
  version: number;
  org_id: number;
  institution_id: number;
  status: string;
  response: string | null;
  submitted_at: string;
  accept_deadline: string;
  responded_at: string | null;
  phoned_at: string | null;
}

/** Versions of the applications an actor sees (optionally of one institution): the rows every dashboard figure is computed from. */
function versionsInScope(db: DbOrTrx, scope: AppScope, institutionId?: number) {
  let q = db
    .selectFrom('application_versions as v')
    .innerJoin('applications', 'applications.id', 'v.application_id')
    .select([
      'v.application_id',
      'v.version',
      'v.org_id',
      'v.institution_id',
      'v.status',
      'v.response',
      'v.submitted_at',
      'v.accept_deadline',
      'v.responded_at',
      'v.phoned_at',
    ])
    .where(appScopeFilter(scope));
  if (institutionId) q = q.where('v.institution_id', '=', institutionId);
  return q;
}

/** Versions submitted in [fromInstant, toInstant). */
export async function versionsSubmitted(
  db: DbOrTrx,
  scope: AppScope,
  fromInstant: string,
  toInstant: string,
  institutionId?: number,
): Promise<VersionLite[]> {
  const rows = await versionsInScope(db, scope, institutionId)
    .where('v.submitted_at', '>=', fromInstant)
    .where('v.submitted_at', '<', toInstant)
    .execute();
  return rows as unknown as VersionLite[];
}

/** Versions still waiting for an answer, soonest deadline first (any period). */
export async function openVersions(db: DbOrTrx, scope: AppScope, institutionId?: number): Promise<VersionLite[]> {
  const rows = await versionsInScope(db, scope, institutionId).where('v.status', '=', 'submitted').orderBy('v.accept_deadline').execute();
  return rows as unknown as VersionLite[];
}

/** Every version (any scope) still unanswered past its deadline at `now`, for the daily findings job. */
export async function unansweredPastDeadline(db: DbOrTrx, now: string) {
  return db
    .selectFrom('application_versions')
    .select(['application_id', 'version', 'institution_id', 'accept_deadline', 'instrument_ids'])
    .where('status', '=', 'submitted')
    .where('accept_deadline', '<', now)
    .orderBy('id')
    .execute();
}
