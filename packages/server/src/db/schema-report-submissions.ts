import type { Generated, Selectable } from 'kysely';

/** Progress and final reports of a campaign (migration 20261208T0500_report_submissions, docs/REPORTS-SUBMISSIONS.md). */
export interface ReportSubmissionsTable {
  id: Generated<number>;
  campaign_id: number;
  /** progress | final */
  kind: string;
  reporting_day: string;
  period_start: string;
  version: number;
  previous_id: number | null;
  correction_reason: string | null;
  /** draft | review | submitted */
  state: string;
  /** JSON: the chain's steps, frozen when the version is created */
  chain: string;
  step: number;
  /** JSON: [{ key, text }] */
  sections: string;
  /** JSON: figures, lists, Attachment 2/3, KPIs (TReportData) */
  data: string;
  problems: string;
  explanations: string;
  approvals: string;
  /** JSON of the frozen snapshot (canonical), set on submission */
  snapshot: string | null;
  snapshot_sha256: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type ReportSubmissionRow = Selectable<ReportSubmissionsTable>;

export interface ReportSubmissionTables {
  report_submissions: ReportSubmissionsTable;
}
