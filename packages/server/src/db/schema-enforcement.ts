import type { ColumnType, Generated } from 'kysely';

/** Tables of the supervision module's enforcement (migration 20261207T0200_supervision_orders_cases; docs/ENFORCEMENT.md). */
type Id = Generated<number>;

export interface RectificationOrdersTable {
  id: Id;
  order_no: string;
  no_year: number;
  no_seq: number;
  org_id: number;
  finding_id: number;
  code: string;
  required_actions: string;
  issued_on: string;
  deadline: string;
  deadline_days: number;
  deadline_unit: string;
  state: string;
  issued_by: string;
  reply_text: string | null;
  replied_at: string | null;
  replied_on: string | null;
  review_method: string | null;
  review_note: string | null;
  reviewed_on: string | null;
  reviewed_by: string | null;
  read_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface OrderFilesTable {
  id: Id;
  order_id: number;
  org_id: number;
  file_name: string;
  type: string;
  bytes: number;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: string;
}
export interface EnforcementCasesTable {
  id: Id;
  case_no: string;
  no_year: number;
  no_seq: number;
  org_id: number;
  finding_id: number;
  order_id: number | null;
  code: string;
  stage: string;
  filed_on: string;
  summary: string;
  limit_date: string;
  extension_days: ColumnType<number, number | undefined, number>;
  extension_count: ColumnType<number, number | undefined, number>;
  decision_no: string | null;
  decision_year: number | null;
  decision_seq: number | null;
  decided_on: string | null;
  outcome: string | null;
  legal_basis_id: string | null;
  legal_basis: string | null;
  fine_fen: ColumnType<number, number | undefined, number>;
  gains_fen: ColumnType<number, number | undefined, number>;
  outcome_reason: string | null;
  closed_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface CaseEventsTable {
  id: Id;
  case_id: number;
  kind: string;
  date: string;
  text: string | null;
  days: number | null;
  collective: ColumnType<number, number | undefined, number>;
  by: string;
  at: string;
}
export interface DisclosuresTable {
  id: Id;
  kind: string;
  item_id: number;
  org_id: number;
  document_no: string;
  title: string;
  party_name: string;
  party_credit_code: string;
  fields: string;
  authority: string;
  published_on: string;
  until: string;
  created_at: string;
}

export interface EnforcementTables {
  rectification_orders: RectificationOrdersTable;
  order_files: OrderFilesTable;
  enforcement_cases: EnforcementCasesTable;
  case_events: CaseEventsTable;
  disclosures: DisclosuresTable;
}
