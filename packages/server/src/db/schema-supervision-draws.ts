import type { ColumnType, Generated } from 'kysely';

/** Tables of the supervision registers and draws (migration 20261207T0100_supervision_registers_draws). */
type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface SupervisionTargetsTable {
  id: Id;
  /** 统一社会信用代码, or `creditCode/siteCode` for a station site */
  target_key: string;
  kind: string;
  org_id: number;
  site_id: number | null;
  /** the town when known, else the organization's region code (data scope) */
  region_code: string;
  town_code: string | null;
  office_id: number | null;
  last_inspection_date: string | null;
  risk_score: Flag;
  /** JSON: { version, inputs, terms } at the last refresh */
  risk_inputs: ColumnType<string, string | undefined, string>;
  active: Flag;
  refreshed_at: string;
  created_at: string;
  updated_at: string;
}
export interface SupervisionInspectorsTable {
  id: Id;
  user_id: number;
  office_id: number;
  cert_no: string;
  valid_from: string;
  valid_until: string;
  active: Flag;
  created_at: string;
  updated_at: string;
}
export interface SupervisionConflictsTable {
  id: Id;
  inspector_id: number;
  org_id: number;
  note: string | null;
  created_at: string;
}
export interface DrawPlansTable {
  id: Id;
  title: string;
  region_code: string;
  algorithm: string;
  /** JSON array of target kinds */
  kinds: string;
  stratify_by: string;
  ratio_bp: number;
  min_per_stratum: number;
  inspectors_per_target: number;
  max_per_inspector: number | null;
  /** JSON: [{ key, ratioBp, min, candidates, pool }] frozen at the commit */
  strata: string;
  /** JSON: [{ inspectorKey, targetKey }] frozen at the commit */
  recusals: string;
  candidates: number;
  seed: string;
  commitment: string;
  state: string;
  witness: string | null;
  /** JSON: { drawn: { [stratum]: targetKey[] }, assignments } after the run */
  result: string | null;
  drawn: number | null;
  created_by: string;
  committed_at: string;
  revealed_at: string | null;
}
export interface InspectionAssignmentsTable {
  id: Id;
  kind: string;
  draw_id: number | null;
  target_key: string;
  org_id: number;
  site_id: number | null;
  status: string;
  created_at: string;
  /** targeted / complaint: the planned date, the reason or complaint reference, the creator (migration 20261208T0150) */
  planned_date: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface InspectionAssignmentInspectorsTable {
  assignment_id: number;
  inspector_id: number;
  position: number;
}

export interface SupervisionDrawTables {
  supervision_targets: SupervisionTargetsTable;
  supervision_inspectors: SupervisionInspectorsTable;
  supervision_conflicts: SupervisionConflictsTable;
  draw_plans: DrawPlansTable;
  inspection_assignments: InspectionAssignmentsTable;
  inspection_assignment_inspectors: InspectionAssignmentInspectorsTable;
}
