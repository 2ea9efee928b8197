import type { Generated } from 'kysely';

/** The reports' facts per instrument (migration 20261210T0100_report_spans, docs/REPORTS.md "Status spans"). */
export interface ReportFactsTable {
  instrument_id: number;
  org_id: number;
  site_id: number | null;
  category: string;
  /** the instrument's division code (town) */
  town: string | null;
  quantity: number;
  install_date: string | null;
  /** service start (docs/domain/forms.md §1) */
  start_date: string;
  /** the removal as the reports read it (ledger removal date, else the latest state change out of service) */
  removal_date: string | null;
  removal_reason: string | null;
  filed_at: string | null;
  /** 1: a passing initial verification dated ≤ install date (dispensers: ≤ first-use date; with none, any date) */
  first_verified_ok: number;
}

/** A status class of an instrument (nozzle_no 0) or one of its nozzles over [from_date, to_date). */
export interface ReportSpansTable {
  instrument_id: number;
  nozzle_no: number;
  from_date: string;
  /** exclusive; '9999-12-31' while open */
  to_date: string;
  /** valid | overdue | unverified | failed */
  status: string;
  mode: string | null;
  valid_until: string | null;
  /** instrument spans: nozzles in service during the span */
  nozzle_count: number;
  org_id: number;
  site_id: number | null;
  category: string;
  town: string | null;
  quantity: number;
  filed_at: string | null;
  start_date: string;
  removal_date: string | null;
}

/** Instruments whose spans must be built again (written by triggers). */
export interface ReportSpanDirtyTable {
  seq: Generated<number>;
  instrument_id: number;
}

export interface ReportSpanTables {
  report_facts: ReportFactsTable;
  report_spans: ReportSpansTable;
  report_span_dirty: ReportSpanDirtyTable;
}
