import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Database types. Hand-maintained to mirror db/migrations (one interface per table, snake_case).
 * `Generated` marks columns the database fills.
 */
type Id = Generated<number>;

export interface RegionsTable {
  code: string;
  name: string;
  parent_code: string | null;
  level: string;
}
export interface OrganizationsTable {
  id: Id;
  name: string;
  kind: string;
  credit_code: string;
  region_code: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  ownership_type: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface OfficeTownsTable {
  office_id: number;
  town_code: string;
}
export interface SitesTable {
  id: Id;
  org_id: number;
  name: string;
  kind: string;
  town_code: string;
  address: string | null;
  created_at: string;
  updated_at: string;
}
export interface UsersTable {
  id: Id;
  username: string;
  display_name: string;
  role: string;
  org_id: number;
  password_hash: string;
  must_change_password: ColumnType<number, number | undefined, number>;
  disabled: ColumnType<number, number | undefined, number>;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  ip: string | null;
  user_agent: string | null;
}
export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}
export interface LoginFailuresTable {
  id: Id;
  username: string;
  at: string;
  ip: string | null;
}
/** Attempts per throttled key (`user:<username>`, `ip:<address>`) in the window starting at `window_start`. */
export interface LoginThrottleTable {
  key: string;
  window_start: string;
  attempts: number;
  refusal_logged: Generated<number>;
}
export interface UserTotpTable {
  user_id: number;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_step: number | null;
}
export interface AuditLogTable {
  id: Id;
  chain: string;
  seq: number;
  at: string;
  actor: string;
  actor_user_id: number | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  org_id: number | null;
  data: string;
  prev_hash: string;
  hash: string;
  /** The HMAC key of `hash`; null for a legacy (plain SHA-256) entry. */
  key_id: string | null;
}
export interface AuditChainHeadTable {
  chain: string;
  seq: number;
  hash: string;
  updated_at: string;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}
export interface CalendarDaysTable {
  date: string;
  kind: string;
  name: string | null;
}
export interface InstrumentsTable {
  id: Id;
  org_id: number;
  site_id: number | null;
  category: string;
  serial_no: string;
  instrument_name: string;
  catalogue_item: string | null;
  catalogue_type: string | null;
  model: string | null;
  measuring_range: string | null;
  accuracy_class: string | null;
  manufacturer: string | null;
  origin: string | null;
  location: string | null;
  quantity: ColumnType<number, number | undefined, number>;
  purpose: string | null;
  submission_mode: string | null;
  admin_division_code: string | null;
  caliber_dn: number | null;
  q3: number | null;
  g_rating: string | null;
  gas_medium: string | null;
  fuel_grade: string | null;
  seal_nos: string | null;
  type_approval_no: string | null;
  install_date: string | null;
  first_use_date: string | null;
  manufacture_date: string | null;
  remarks: string | null;
  ledger_state: ColumnType<string, string | undefined, string>;
  filed_at: string | null;
  removal_date: string | null;
  removal_reason: string | null;
  replaced_by_id: number | null;
  /** added by migration 20261208T0200_instrument_removals: the meter this one replaced (`replacesSerial`) */
  replaces_instrument_id: ColumnType<number | null, number | null | undefined, number | null>;
  public_code: string;
  status: string | null;
  valid_until: string | null;
  due_date: string | null;
  reason_code: string | null;
  reason_flags: string | null;
  rule_ref: string | null;
  status_as_of: string | null;
  /** added by migration 20261126T2000_status */
  status_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}
export interface NozzlesTable {
  id: Id;
  org_id: number;
  instrument_id: number;
  nozzle_no: number;
  fuel_grade: string | null;
  removal_date: string | null;
  status: string | null;
  valid_until: string | null;
  created_at: string;
}
export interface VerificationsTable {
  id: Id;
  org_id: number;
  instrument_id: number;
  nozzle_no: ColumnType<number, number | undefined, number>;
  kind: string;
  date: string;
  conclusion: string;
  certificate_no: string | null;
  valid_until: string | null;
  institution_id: number | null;
  institution_name: string | null;
  verifier_id: number | null;
  standard_id: number | null;
  application_id: number | null;
  measurements: string | null;
  seals: string | null;
  source: string;
  created_at: string;
}
export interface ImportJobsTable {
  id: Id;
  org_id: number;
  kind: string;
  file_name: string;
  file_hash: string;
  mode: string;
  dry_run: ColumnType<number, number | undefined, number>;
  state: string;
  progress: ColumnType<number, number | undefined, number>;
  result: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  /** `host:pid` of the process running (or that last ran) the job. */
  runner: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the retention job deleted the uploaded file. */
  file_expired_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** SQLite: rows of the file written so far by the chunked commit (null before it starts). */
  committed_rows: ColumnType<number | null, number | null | undefined, number | null>;
  /** The column mapping the job was run with (JSON `{ header: field | '' }`), null: none. */
  column_mapping: ColumnType<string | null, string | null | undefined, string | null>;
}
/** An organization's named import column mapping (a template), found again by its header signature. */
export interface ImportMappingsTable {
  id: Id;
  org_id: number;
  name: string;
  signature: string;
  mapping: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface ImportJournalTable {
  id: Id;
  job_id: number;
  instrument_id: number;
  change: string;
  diff: string | null;
}

import type { CampaignTables } from './schema-campaigns.js';
import type { ComplaintTables } from './schema-complaints.js';
import type { EnforcementTables } from './schema-enforcement.js';
import type { LedgerTables } from './schema-ledger.js';
import type { NotificationTables } from './schema-notifications.js';
import type { PortalTalentTables } from './schema-portal-talent.js';
import type { ReportSpanTables } from './schema-report-spans.js';
import type { ReportSubmissionTables } from './schema-report-submissions.js';
import type { StatusTables } from './schema-status.js';
import type { SupervisionDrawTables } from './schema-supervision-draws.js';
import type { SupervisionInspectionTables } from './schema-supervision-inspections.js';
import type { VerificationTables } from './schema-verification.js';

export interface DB
  extends StatusTables,
    LedgerTables,
    VerificationTables,
    SupervisionDrawTables,
    SupervisionInspectionTables,
    EnforcementTables,
    CampaignTables,
    ReportSubmissionTables,
    ReportSpanTables,
    PortalTalentTables,
    NotificationTables,
    ComplaintTables {
  regions: RegionsTable;
  organizations: OrganizationsTable;
  office_towns: OfficeTownsTable;
  sites: SitesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  login_throttle: LoginThrottleTable;
  user_totp: UserTotpTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  settings: SettingsTable;
  calendar_days: CalendarDaysTable;
  instruments: InstrumentsTable;
  nozzles: NozzlesTable;
  verifications: VerificationsTable;
  import_jobs: ImportJobsTable;
  import_journal: ImportJournalTable;
  import_mappings: ImportMappingsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type SiteRow = Selectable<SitesTable>;
export type InstrumentRow = Selectable<InstrumentsTable>;
export type NewInstrument = Insertable<InstrumentsTable>;
export type VerificationRow = Selectable<VerificationsTable>;
export type NewVerification = Insertable<VerificationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
