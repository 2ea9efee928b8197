/**
 * Batch computation shared by the in-process refresh and the refresh worker (status.worker.ts): rows as the
 * repository reads them → pure status results → the stored values that changed. No I/O, no AppContext.
 */
import type * as repo from './status.repository.js';
import {
  computeStatus,
  type InstrumentAttrs,
  type NozzleRecord,
  type RuleSet,
  type StatusConfig,
  type StatusResult,
  type VerificationRecord,
} from './status.rules.js';

export function attrsOf(r: repo.RefreshInstrumentRow): InstrumentAttrs {
  return {
    category: r.category,
    instrumentName: r.instrument_name,
    catalogueType: r.catalogue_type,
    caliberDn: r.caliber_dn === null ? null : Number(r.caliber_dn),
    q3: r.q3 === null ? null : Number(r.q3),
    gRating: r.g_rating,
    gasMedium: r.gas_medium,
    accuracyClass: r.accuracy_class,
    installDate: r.install_date,
    firstUseDate: r.first_use_date,
    ledgerState: r.ledger_state,
    removalDate: r.removal_date,
    createdOn: r.created_at ? r.created_at.slice(0, 10) : null,
  };
}

export function recordOf(v: repo.RefreshVerificationRow): VerificationRecord {
  return {
    id: Number(v.id),
    nozzleNo: Number(v.nozzle_no),
    kind: v.kind,
    date: v.date,
    conclusion: v.conclusion,
    validUntil: v.valid_until,
    certificateNo: v.certificate_no,
    institutionName: v.institution_name,
  };
}

function group<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    let l = m.get(k);
    if (!l) {
      l = [];
      m.set(k, l);
    }
    l.push(r);
  }
  return m;
}

export interface Computed<R extends repo.RefreshInstrumentRow = repo.InstrumentStatusRow> {
  row: R;
  result: StatusResult;
  nozzleRows: repo.NozzleStatusRow[];
}

export function computeBatch<R extends repo.RefreshInstrumentRow>(
  rows: readonly R[],
  verifs: readonly repo.RefreshVerificationRow[],
  nozzles: readonly repo.NozzleStatusRow[],
  asOf: string,
  rc: { rules: RuleSet; config: StatusConfig },
): Computed<R>[] {
  const vBy = group(verifs, (v) => Number(v.instrument_id));
  const nBy = group(nozzles, (n) => Number(n.instrument_id));
  return rows.map((row) => {
    const id = Number(row.id);
    const nozzleRows = nBy.get(id) ?? [];
    const result = computeStatus({
      attrs: attrsOf(row),
      verifications: (vBy.get(id) ?? []).map(recordOf),
      nozzles: nozzleRows.map((n): NozzleRecord => ({ nozzleNo: Number(n.nozzle_no), removalDate: n.removal_date })),
      asOf,
      rules: rc.rules,
      config: rc.config,
    });
    return { row, result, nozzleRows };
  });
}

export function storedOf(c: Computed<repo.RefreshInstrumentRow>, asOf: string): repo.StoredStatus | null {
  const r = c.result;
  const flags = r.reasonFlags.length ? r.reasonFlags.join(',') : null;
  const row = c.row;
  if (
    row.status === r.status &&
    row.valid_until === r.validUntil &&
    row.due_date === r.dueDate &&
    row.reason_code === r.reasonCode &&
    row.reason_flags === flags &&
    row.rule_ref === r.ruleRef &&
    row.status_reason === r.reason
  ) {
    return null;
  }
  return {
    id: Number(row.id),
    prev: { status: row.status, validUntil: row.valid_until, reason: row.status_reason },
    status: r.status,
    validUntil: r.validUntil,
    dueDate: r.dueDate,
    reasonCode: r.reasonCode,
    reasonFlags: flags,
    ruleRef: r.ruleRef,
    reason: r.reason,
    asOf,
  };
}

export function nozzleUpdatesOf(c: Computed<repo.RefreshInstrumentRow>, removedStatus: boolean): repo.StoredNozzleStatus[] {
  const out: repo.StoredNozzleStatus[] = [];
  const byNo = new Map(c.result.nozzles.map((n) => [n.nozzleNo, n]));
  for (const n of c.nozzleRows) {
    const s = byNo.get(Number(n.nozzle_no));
    const status = s ? s.status : 'removed';
    const validUntil = s && !removedStatus ? s.validUntil : null;
    if (n.status !== status || n.valid_until !== validUntil) out.push({ id: Number(n.id), status, validUntil });
  }
  return out;
}

/** The stored values of a computed batch that differ from what is stored (instruments and nozzles). */
export function changesOf(
  computed: readonly Computed<repo.RefreshInstrumentRow>[],
  asOf: string,
): { upd: repo.StoredStatus[]; nupd: repo.StoredNozzleStatus[] } {
  const upd: repo.StoredStatus[] = [];
  const nupd: repo.StoredNozzleStatus[] = [];
  for (const c of computed) {
    const s = storedOf(c, asOf);
    if (s) upd.push(s);
    if (c.nozzleRows.length) for (const n of nozzleUpdatesOf(c, c.result.status === 'removed')) nupd.push(n);
  }
  return { upd, nupd };
}
