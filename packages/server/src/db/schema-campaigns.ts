import type { ColumnType, Generated, Selectable } from 'kysely';

/** Tables of campaigns and self-inspection (migration 20261208T0400_campaigns, docs/CAMPAIGNS.md). */
type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface CampaignsTable {
  id: Id;
  name: string;
  year: number;
  /** six-digit GB/T 2260 code */
  region_code: string;
  template_id: string;
  template_version: number;
  /** JSON: [{ key, name, start, end }] */
  phases: string;
  /** JSON: [14, 28] */
  reporting_days: string;
  final_report_date: string;
  self_inspection_due: string;
  /** JSON: [{ key, name, targetBp }] */
  targets: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface CampaignParticipantsTable {
  id: Id;
  campaign_id: number;
  org_id: number;
  added_at: string;
}
export interface SelfInspectionsTable {
  id: Id;
  campaign_id: number;
  org_id: number;
  version: number;
  /** draft | submitted */
  state: string;
  form_kind: string;
  /** JSON: the form (TSelfInspectionForm) */
  form: string;
  /** JSON: the records' figures on the due date (TSelfInspectionRecords), null for an institution */
  records: string | null;
  late: Flag;
  correction_reason: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface SelfInspectionFilesTable {
  id: Id;
  report_id: number;
  org_id: number;
  file_name: string;
  type: string;
  bytes: number;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: string;
}
export interface CampaignRemindersTable {
  id: Id;
  campaign_id: number;
  org_id: number;
  reminded_at: string;
  reminded_by: string;
}
export interface CampaignRecheckDrawsTable {
  id: Id;
  campaign_id: number;
  algorithm: string;
  ratio_bp: number;
  /** JSON: the candidates' 统一社会信用代码 (sorted) */
  candidates: string;
  /** JSON: { creditCode: orgId } */
  org_ids: string;
  seed: string;
  commitment: string;
  /** committed | revealed */
  state: string;
  /** JSON: the drawn credit codes (by ascending score), after the run */
  drawn: string | null;
  committed_at: string;
  committed_by: string;
  revealed_at: string | null;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_participants: CampaignParticipantsTable;
  self_inspections: SelfInspectionsTable;
  self_inspection_files: SelfInspectionFilesTable;
  campaign_reminders: CampaignRemindersTable;
  campaign_recheck_draws: CampaignRecheckDrawsTable;
}
export type CampaignRow = Selectable<CampaignsTable>;
export type SelfInspectionRow = Selectable<SelfInspectionsTable>;
export type RecheckDrawRow = Selectable<CampaignRecheckDrawsTable>;
