import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { CampaignRow, RecheckDrawRow } from '../../db/schema-campaigns.js';

export { settingValue } from '../../db/settings.queries.js';

/** SQL of campaigns, their participants, reminders and the re-check draw (docs/CAMPAIGNS.md). */

export type NewCampaign = Omit<CampaignRow, 'id'>;

export async function insertCampaign(db: DbOrTrx, row: NewCampaign): Promise<number> {
  const r = await db.insertInto('campaigns').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCampaign(db: DbOrTrx, id: number, patch: Partial<NewCampaign>): Promise<void> {
  await db.updateTable('campaigns').set(patch).where('id', '=', id).execute();
}

export function campaignById(db: DbOrTrx, id: number): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function campaignByYearRegion(db: DbOrTrx, year: number, regionCode: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('year', '=', year).where('region_code', '=', regionCode).executeTakeFirst();
}

/** Every campaign, newest year first (a handful per region: visibility is decided by the service). */
export function allCampaigns(db: DbOrTrx, year?: number): Promise<CampaignRow[]> {
  let q = db.selectFrom('campaigns').selectAll();
  if (year !== undefined) q = q.where('year', '=', year);
  return q.orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

/** The campaigns an organization takes part in, newest year first. */
export function campaignsOfOrg(db: DbOrTrx, orgId: number): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .innerJoin('campaign_participants as p', 'p.campaign_id', 'campaigns.id')
    .selectAll('campaigns')
    .where('p.org_id', '=', orgId)
    .orderBy('campaigns.year', 'desc')
    .orderBy('campaigns.id', 'desc')
    .execute();
}

export async function regionName(db: DbOrTrx, code: string): Promise<string | null> {
  return (await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name ?? null;
}

/** Organizations of these kinds in a region (code prefix), not deleted, by credit code. */
export function orgsInRegion(db: DbOrTrx, prefix: string, kinds: readonly string[]) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'credit_code', 'region_code'])
    .where('region_code', 'like', `${prefix}%`)
    .where('kind', 'in', [...kinds])
    .where('deleted_at', 'is', null)
    .orderBy('credit_code')
    .execute();
}

export function orgsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'credit_code', 'region_code'])
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .execute();
}

export async function participantIds(db: DbOrTrx, campaignId: number): Promise<number[]> {
  const rows = await db.selectFrom('campaign_participants').select('org_id').where('campaign_id', '=', campaignId).execute();
  return rows.map((r) => Number(r.org_id));
}

export async function isParticipant(db: DbOrTrx, campaignId: number, orgId: number): Promise<boolean> {
  const r = await db
    .selectFrom('campaign_participants')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function addParticipants(db: DbOrTrx, campaignId: number, orgIds: readonly number[], at: string): Promise<void> {
  for (let i = 0; i < orgIds.length; i += 500)
    await db
      .insertInto('campaign_participants')
      .values(orgIds.slice(i, i + 500).map((org_id) => ({ campaign_id: campaignId, org_id, added_at: at })))
      .execute();
}

export async function removeParticipants(db: DbOrTrx, campaignId: number, orgIds: readonly number[]): Promise<void> {
  if (orgIds.length === 0) return;
  await db
    .deleteFrom('campaign_participants')
    .where('campaign_id', '=', campaignId)
    .where('org_id', 'in', [...orgIds])
    .execute();
}

export async function participantCounts(db: DbOrTrx, campaignIds: readonly number[]) {
  if (campaignIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('campaign_participants')
    .select((eb) => ['campaign_id', eb.fn.countAll().as('n')])
    .where('campaign_id', 'in', [...campaignIds])
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.campaign_id), Number(r.n)]));
}

export interface ParticipantOrgRow {
  id: number;
  name: string;
  kind: string;
  credit_code: string;
  region_code: string;
}

/** A campaign's participating organizations within an organization filter (the data scope), by credit code. */
export function participantOrgs(
  db: DbOrTrx,
  campaignId: number,
  orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool>,
): Promise<ParticipantOrgRow[]> {
  return db
    .selectFrom('campaign_participants as p')
    .innerJoin('organizations', 'organizations.id', 'p.org_id')
    .select(['organizations.id', 'organizations.name', 'organizations.kind', 'organizations.credit_code', 'organizations.region_code'])
    .where('p.campaign_id', '=', campaignId)
    .where((eb) => orgFilter(eb as unknown as ExpressionBuilder<DB, 'organizations'>))
    .orderBy('organizations.credit_code')
    .execute();
}

// ---- reminders ----

export async function insertReminders(db: DbOrTrx, campaignId: number, orgIds: readonly number[], at: string, by: string) {
  for (let i = 0; i < orgIds.length; i += 500)
    await db
      .insertInto('campaign_reminders')
      .values(orgIds.slice(i, i + 500).map((org_id) => ({ campaign_id: campaignId, org_id, reminded_at: at, reminded_by: by })))
      .execute();
}

export function remindersOf(db: DbOrTrx, campaignId: number, orgId?: number) {
  let q = db.selectFrom('campaign_reminders').select(['org_id', 'reminded_at', 'reminded_by']).where('campaign_id', '=', campaignId);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.orderBy('reminded_at').orderBy('id').execute();
}

// ---- re-check draw ----

export function recheckDrawOf(db: DbOrTrx, campaignId: number): Promise<RecheckDrawRow | undefined> {
  return db.selectFrom('campaign_recheck_draws').selectAll().where('campaign_id', '=', campaignId).executeTakeFirst();
}

export async function insertRecheckDraw(db: DbOrTrx, row: Omit<RecheckDrawRow, 'id'>): Promise<void> {
  await db.insertInto('campaign_recheck_draws').values(row).execute();
}

/** Reveals a committed draw (false: it was not committed any more). */
export async function revealRecheckDraw(db: DbOrTrx, campaignId: number, drawn: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('campaign_recheck_draws')
    .set({ state: 'revealed', drawn, revealed_at: at })
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'committed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
