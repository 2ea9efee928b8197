import type { DbOrTrx } from '../../../db/database.js';
import type { SelfInspectionRow } from '../../../db/schema-campaigns.js';

/** SQL of self-inspection reports (every version) and their attachments (docs/CAMPAIGNS.md). */

export type NewSelfInspection = Omit<SelfInspectionRow, 'id'>;

export async function insertReport(db: DbOrTrx, row: NewSelfInspection): Promise<number> {
  const r = await db.insertInto('self_inspections').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Updates a draft (false: it is not a draft any more). */
export async function updateDraft(db: DbOrTrx, id: number, patch: Partial<NewSelfInspection>): Promise<boolean> {
  const r = await db.updateTable('self_inspections').set(patch).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every version of an organization's report in a campaign, oldest first. */
export function versionsOf(db: DbOrTrx, campaignId: number, orgId: number): Promise<SelfInspectionRow[]> {
  return db
    .selectFrom('self_inspections')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('org_id', '=', orgId)
    .orderBy('version')
    .execute();
}

/** Every version of every report in a campaign (without files), for the participants' list. */
export function reportsOfCampaign(db: DbOrTrx, campaignId: number): Promise<SelfInspectionRow[]> {
  return db.selectFrom('self_inspections').selectAll().where('campaign_id', '=', campaignId).orderBy('org_id').orderBy('version').execute();
}

export function filesOf(db: DbOrTrx, reportId: number) {
  return db
    .selectFrom('self_inspection_files')
    .select(['id', 'file_name', 'type', 'bytes', 'uploaded_at'])
    .where('report_id', '=', reportId)
    .orderBy('id')
    .execute();
}

export async function insertFile(
  db: DbOrTrx,
  row: {
    report_id: number;
    org_id: number;
    file_name: string;
    type: string;
    bytes: number;
    content: Buffer;
    uploaded_at: string;
    uploaded_by: string;
  },
): Promise<number> {
  const r = await db.insertInto('self_inspection_files').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A file of one of these reports (an organization's versions), with its content. */
export function fileOf(db: DbOrTrx, fileId: number, reportIds: readonly number[]) {
  if (reportIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('self_inspection_files')
    .select(['id', 'file_name', 'type', 'content'])
    .where('id', '=', fileId)
    .where('report_id', 'in', [...reportIds])
    .executeTakeFirst();
}

/** Copies a version's attachments to a new version (a correction starts with the files of the version it corrects). */
export async function copyFiles(db: DbOrTrx, fromReportId: number, toReportId: number): Promise<void> {
  const rows = await db.selectFrom('self_inspection_files').selectAll().where('report_id', '=', fromReportId).orderBy('id').execute();
  for (const { id: _id, ...r } of rows)
    await db
      .insertInto('self_inspection_files')
      .values({ ...r, report_id: toReportId })
      .execute();
}
