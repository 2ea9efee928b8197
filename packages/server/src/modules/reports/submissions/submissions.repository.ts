import type { DbOrTrx } from '../../../db/database.js';
import type { ReportSubmissionRow, ReportSubmissionsTable } from '../../../db/schema-report-submissions.js';

/** SQL of progress and final reports (docs/REPORTS-SUBMISSIONS.md). */

export { settingValue, upsertSetting } from '../../../db/settings.queries.js';

export async function byId(db: DbOrTrx, id: number): Promise<ReportSubmissionRow | undefined> {
  return db.selectFrom('report_submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every version of a campaign's reports, by day then version. */
export async function ofCampaign(db: DbOrTrx, campaignId: number): Promise<ReportSubmissionRow[]> {
  return db
    .selectFrom('report_submissions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('reporting_day')
    .orderBy('version')
    .execute();
}

/** The versions of one reporting day, oldest first. */
export async function versionsOf(db: DbOrTrx, campaignId: number, kind: string, day: string): Promise<ReportSubmissionRow[]> {
  return db
    .selectFrom('report_submissions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('kind', '=', kind)
    .where('reporting_day', '=', day)
    .orderBy('version')
    .execute();
}

/** The latest submitted report of the campaign for `day` or a day before it (the plausibility baseline). */
export async function previousSubmitted(db: DbOrTrx, campaignId: number, day: string): Promise<ReportSubmissionRow | undefined> {
  return db
    .selectFrom('report_submissions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'submitted')
    .where('reporting_day', '<=', day)
    .orderBy('reporting_day', 'desc')
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

type Insert = Omit<ReportSubmissionsTable, 'id'>;
export async function insert(db: DbOrTrx, row: Insert): Promise<number> {
  const r = await db.insertInto('report_submissions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/**
 * Updates a report that is not submitted; answers false when it was submitted meanwhile (the frozen row is never
 * written: the `state <> 'submitted'` guard is in the statement).
 */
export async function updateOpen(db: DbOrTrx, id: number, patch: Partial<Insert>): Promise<boolean> {
  const r = await db.updateTable('report_submissions').set(patch).where('id', '=', id).where('state', '<>', 'submitted').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
