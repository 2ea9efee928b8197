import type { ColumnType, Generated, Selectable } from 'kysely';

/** Complaint tables (migration 20261209T0200_complaints, docs/COMPLAINTS.md). */
type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface ComplaintsTable {
  id: Id;
  tracking_code: string;
  /** complaint | report */
  type: string;
  subject: string;
  stage: string;
  org_id: number | null;
  org_name_given: string | null;
  site_id: number | null;
  instrument_id: number | null;
  town_code: string | null;
  region_code: string | null;
  office_id: number | null;
  handler_user_id: number | null;
  description: string;
  occurred_on: string | null;
  amount_fen: number | null;
  anonymous: Flag;
  /** AES-256-GCM, `v1:<base64 iv|tag|ciphertext>` */
  name_enc: string | null;
  phone_enc: string | null;
  /** HMAC-SHA256 of the normalised phone (duplicates, rate limits) */
  phone_hash: string | null;
  received_at: string;
  decision_deadline: string;
  decided_at: string | null;
  refusal_reason: string | null;
  accepted_at: string | null;
  paused_at: string | null;
  pause_reason: string | null;
  paused_working_days: Flag;
  case_decision: string | null;
  case_decided_at: string | null;
  case_extended: Flag;
  linked_case_id: number | null;
  linked_assignment_id: number | null;
  mediation_result: string | null;
  mediation_ended_at: string | null;
  closed_at: string | null;
  satisfaction: number | null;
  duplicate_of: number | null;
  next_deadline: string | null;
  created_at: string;
  updated_at: string;
}
export interface ComplaintNotesTable {
  id: Id;
  complaint_id: number;
  kind: string;
  text: string;
  org_id: number | null;
  at: string;
  by_label: string;
}
export interface ComplaintAttachmentsTable {
  id: Id;
  complaint_id: number;
  file_name: string;
  type: string;
  bytes: number;
  content: Buffer;
  uploaded_at: string;
}
export interface ComplaintSessionsTable {
  id: Id;
  complaint_id: number;
  held_on: string;
  parties: string;
  summary: string;
  outcome: string;
  at: string;
  by_label: string;
}
export interface ComplaintArbitrationsTable {
  id: Id;
  complaint_id: number;
  application_id: number;
  institution_id: number;
  instrument_id: number;
  requested_at: string;
  requested_by: string;
  refund: string | null;
}
export interface ComplaintThrottleTable {
  id: Id;
  bucket: string;
  key_hash: string;
  at: string;
}
export interface ComplaintChallengesUsedTable {
  nonce: string;
  expires_at: string;
}
export interface UtilityComplaintReportsTable {
  id: Id;
  org_id: number;
  meter_type: string;
  period_start: string;
  period_end: string;
  handled: number;
  meters_replaced: number;
  submitted_at: string;
  submitted_by: string;
}
export interface ComplaintTables {
  complaints: ComplaintsTable;
  complaint_notes: ComplaintNotesTable;
  complaint_attachments: ComplaintAttachmentsTable;
  complaint_sessions: ComplaintSessionsTable;
  complaint_arbitrations: ComplaintArbitrationsTable;
  complaint_throttle: ComplaintThrottleTable;
  complaint_challenges_used: ComplaintChallengesUsedTable;
  utility_complaint_reports: UtilityComplaintReportsTable;
}
export type ComplaintRow = Selectable<ComplaintsTable>;
