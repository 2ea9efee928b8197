import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;

export interface AuthorizationsTable {
  id: Id;
  org_id: number;
  certificate_no: string | null;
  /** JSON array of category codes. */
  categories: string;
  region_code: string;
  valid_from: string;
  valid_to: string;
  created_at: string;
  updated_at: string;
}
export interface MeasurementStandardsTable {
  id: Id;
  org_id: number;
  name: string;
  certificate_no: string;
  valid_until: string;
  categories: string;
  faulty: ColumnType<number, number | undefined, number>;
  faulty_since: string | null;
  created_at: string;
  updated_at: string;
}
export interface VerifiersTable {
  id: Id;
  org_id: number;
  name: string;
  certificate_no: string;
  categories: string;
  valid_until: string;
  created_at: string;
  updated_at: string;
}
export interface ApplicationsTable {
  id: Id;
  org_id: number;
  institution_id: number;
  version: number;
  status: string;
  submitted_at: string;
  accept_deadline: string;
  created_at: string;
  updated_at: string;
}
export interface ApplicationVersionsTable {
  id: Id;
  application_id: number;
  org_id: number;
  institution_id: number;
  version: number;
  status: string;
  instrument_ids: string;
  mode: string;
  preferred_date: string;
  contact: string;
  submitted_at: string;
  accept_deadline: string;
  responded_at: string | null;
  response: string | null;
  reason_code: string | null;
  note: string | null;
  phoned_at: string | null;
  diff: string | null;
  /** the due-list filter the ids were resolved from (JSON), migration 20261208T0600_application_filters */
  filter: string | null;
  created_at: string;
}
export interface ApplicationItemsTable {
  application_id: number;
  org_id: number;
  instrument_id: number;
}
export interface FindingsTable {
  id: Id;
  org_id: number;
  code: string;
  date: string;
  source: string;
  refs: string;
  note: string | null;
  dedupe_key: string | null;
  created_at: string;
}
export interface ReverificationTasksTable {
  id: Id;
  org_id: number;
  instrument_id: number;
  standard_id: number;
  verification_id: number;
  status: string;
  created_at: string;
}
export interface RotationOrdersTable {
  id: Id;
  org_id: number;
  category: string;
  manufacturer: string | null;
  model: string | null;
  install_year: string | null;
  town_code: string | null;
  deadline: string;
  note: string | null;
  created_by: string;
  created_at: string;
}
export interface RotationOrderItemsTable {
  order_id: number;
  org_id: number;
  instrument_id: number;
  rotated_at: string | null;
  replacement_id: number | null;
}

/** Tables of the verification module (mirror its migrations). */
export interface VerificationTables {
  authorizations: AuthorizationsTable;
  measurement_standards: MeasurementStandardsTable;
  verifiers: VerifiersTable;
  applications: ApplicationsTable;
  application_versions: ApplicationVersionsTable;
  application_items: ApplicationItemsTable;
  findings: FindingsTable;
  reverification_tasks: ReverificationTasksTable;
  rotation_orders: RotationOrdersTable;
  rotation_order_items: RotationOrderItemsTable;
}
