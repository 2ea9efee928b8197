import type { ColumnType, Generated } from 'kysely';

/** Tables of the inspections and sample tests (migration 20261207T0300_supervision_inspections). */
type Id = Generated<number>;

export interface InspectionsTable {
  id: Id;
  assignment_id: number | null;
  target_id: number;
  target_key: string;
  target_kind: string;
  org_id: number;
  site_id: number | null;
  /** the target's region code (its town when known): the data scope */
  region_code: string;
  /** random | targeted | complaint (the assignment's kind) | adhoc */
  origin: string;
  draw_id: number | null;
  /** draft | finished */
  state: string;
  visited_at: string | null;
  /** JSON { name, title, phone } */
  representative: string | null;
  /** JSON { questionKey: yes|no|na } */
  answers: string;
  /** JSON: the instruments checked (with their status at the visit and the on-site tests' errors) */
  items: string;
  note: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  rated_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
export interface InspectionInspectorsTable {
  inspection_id: number;
  inspector_id: number;
  position: number;
}
export interface InspectionProposalsTable {
  id: Id;
  inspection_id: number;
  key: string;
  code: string;
  /** JSON number[] */
  instrument_ids: string;
  basis: string;
  /** JSON: the basis text's parameters */
  basis_params: string;
  /** proposed | confirmed | dismissed */
  state: string;
  finding_id: number | null;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}
export interface InspectionFilesTable {
  id: Id;
  inspection_id: number;
  /** photo | signature */
  kind: string;
  /** a signature's role (inspector1, inspector2, representative) */
  role: string | null;
  file_name: string;
  mime: string;
  bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, Buffer>;
  created_by: string;
  created_at: string;
}
export interface InspectionCorrectionsTable {
  id: Id;
  inspection_id: number;
  reason: string;
  /** JSON: the record's content before the correction */
  original: string;
  /** JSON: the fields the correction changed */
  changes: string;
  created_by: string;
  created_at: string;
}
export interface SampleTestsTable {
  id: Id;
  instrument_id: number;
  org_id: number;
  institution_id: number | null;
  /** in_service | stock */
  origin: string;
  date: string;
  /** passed | failed */
  conclusion: string;
  error_pct: number | null;
  note: string | null;
  /** the `spot_check` verification row it is stored as */
  verification_id: number;
  created_by: string;
  created_at: string;
}

export interface SupervisionInspectionTables {
  inspections: InspectionsTable;
  inspection_inspectors: InspectionInspectorsTable;
  inspection_proposals: InspectionProposalsTable;
  inspection_files: InspectionFilesTable;
  inspection_corrections: InspectionCorrectionsTable;
  sample_tests: SampleTestsTable;
}
