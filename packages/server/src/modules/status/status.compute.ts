/**
 * Batch computation shared by the in-process refresh and the refresh worker (status.worker.ts): rows as the
 * repository reads them → pure status results → the stored values that changed. No I/O, no AppContext.
 */
import type * as repo from './status.repository.js';
import {
  computeStatus,
  type InstrumentAttrs,
  type InstrumentAttrsRow,
  type NozzleRecord,
  type RuleSet,
  ruleAttrsOf,
  type StatusConfig,
  type StatusResult,
  type VerificationRecord,
} from './status.rules.js';

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

/** What the status inputs read of an instrument row: its id and its rule attributes. */
export type StatusInputRow = InstrumentAttrsRow & { id: number | string | bigint };

/** One instrument's status inputs (ledger attributes, verification records, nozzles): independent of the date. */
export interface StatusInput<R extends StatusInputRow = repo.InstrumentStatusRow> {
  row: R;
  attrs: InstrumentAttrs;
  verifications: VerificationRecord[];
  nozzles: NozzleRecord[];
  nozzleRows: repo.NozzleStatusRow[];
}

/** Rows as the repository reads them → each instrument's status inputs, in the rows' order. */
export function statusInputs<R extends StatusInputRow>(
  rows: readonly R[],
  verifs: readonly repo.RefreshVerificationRow[],
  nozzles: readonly repo.NozzleStatusRow[],
): StatusInput<R>[] {
  const vBy = group(verifs, (v) => Number(v.instrument_id));
  const nBy = group(nozzles, (n) => Number(n.instrument_id));
  return rows.map((row) => {
    const id = Number(row.id);
    const nozzleRows = nBy.get(id) ?? [];
    return {
      row,
      attrs: ruleAttrsOf(row),
      verifications: (vBy.get(id) ?? []).map(recordOf),
      nozzles: nozzleRows.map((n): NozzleRecord => ({ nozzleNo: Number(n.nozzle_no), removalDate: n.removal_date })),
      nozzleRows,
    };
  });
}

/** The status of one instrument's inputs as of `asOf` (the inputs are not changed: one input serves several dates). */
export function statusOf(
  i: Pick<StatusInput, 'attrs' | 'verifications' | 'nozzles'>,
  asOf: string,
  rc: { rules: RuleSet; config: StatusConfig },
): StatusResult {
  return computeStatus({ attrs: i.attrs, verifications: i.verifications, nozzles: i.nozzles, asOf, rules: rc.rules, config: rc.config });
}

export function computeBatch<R extends repo.RefreshInstrumentRow>(
  rows: readonly R[],
  verifs: readonly repo.RefreshVerificationRow[],
  nozzles: readonly repo.NozzleStatusRow[],
  asOf: string,
  rc: { rules: RuleSet; config: StatusConfig },
): Computed<R>[] {
  return statusInputs(rows, verifs, nozzles).map((i) => ({ row: i.row, result: statusOf(i, asOf, rc), nozzleRows: i.nozzleRows }));
}

/** What the stored columns need of a status result (instrument + nozzles); shared between instruments with equal inputs. */
export interface Outcome extends repo.StoredValues {
  /** per nozzle number; an instrument `removed` stores no nozzle valid-until */
  nozzles: ReadonlyMap<number, { status: string; validUntil: string | null }>;
}

const NO_NOZZLES: ReadonlyMap<number, { status: string; validUntil: string | null }> = new Map();

export function outcomeOf(r: StatusResult): Outcome {
  let nozzles = NO_NOZZLES;
  if (r.nozzles.length) {
    const removed = r.status === 'removed';
    const m = new Map<number, { status: string; validUntil: string | null }>();
    for (const n of r.nozzles) m.set(n.nozzleNo, { status: n.status, validUntil: removed ? null : n.validUntil });
    nozzles = m;
  }
  return {
    status: r.status,
    validUntil: r.validUntil,
    dueDate: r.dueDate,
    reasonCode: r.reasonCode,
    reasonFlags: r.reasonFlags.length ? r.reasonFlags.join(',') : null,
    ruleRef: r.ruleRef,
    reason: r.reason,
    nozzles,
  };
}

/** The stored values to write for a row, or null when what is stored already equals the outcome. */
export function storedOf(row: repo.RefreshInstrumentRow, o: Outcome, asOf: string): repo.StoredStatus | null {
  if (
    row.status === o.status &&
    row.valid_until === o.validUntil &&
    row.due_date === o.dueDate &&
    row.reason_code === o.reasonCode &&
    row.reason_flags === o.reasonFlags &&
    row.rule_ref === o.ruleRef &&
    row.status_reason === o.reason
  ) {
    return null;
  }
  return {
    id: Number(row.id),
    prev: { status: row.status, validUntil: row.valid_until, reason: row.status_reason },
    status: o.status,
    validUntil: o.validUntil,
    dueDate: o.dueDate,
    reasonCode: o.reasonCode,
    reasonFlags: o.reasonFlags,
    ruleRef: o.ruleRef,
    reason: o.reason,
    asOf,
  };
}

/** Nozzle rows whose stored status / valid-until differ from the outcome (a nozzle the result omits: removed). */
function nozzleUpdates(rows: readonly repo.NozzleStatusRow[], o: Outcome, out: repo.StoredNozzleStatus[]): void {
  for (const n of rows) {
    const s = o.nozzles.get(Number(n.nozzle_no));
    const status = s ? s.status : 'removed';
    const validUntil = s ? s.validUntil : null;
    if (n.status !== status || n.valid_until !== validUntil) out.push({ id: Number(n.id), status, validUntil });
  }
}

/**
 * The refresh's hot path: a page of instruments → the stored values that change. Every instrument is computed:
 * a memo of outcomes by an input signature was measured slower (building the signature strings and keeping them
 * alive cost more than the ~half of the computations it saved; docs/benchmarks.md).
 */
export function refreshChanges(
  page: {
    rows: readonly repo.RefreshInstrumentRow[];
    verifs: readonly repo.RefreshVerificationRow[];
    nozzles: readonly repo.NozzleStatusRow[];
  },
  asOf: string,
  rc: { rules: RuleSet; config: StatusConfig },
): { upd: repo.StoredStatus[]; nupd: repo.StoredNozzleStatus[] } {
  const vBy = group(page.verifs, (v) => Number(v.instrument_id));
  const nBy = group(page.nozzles, (n) => Number(n.instrument_id));
  const upd: repo.StoredStatus[] = [];
  const nupd: repo.StoredNozzleStatus[] = [];
  for (const row of page.rows) {
    const id = Number(row.id);
    const vs = vBy.get(id) ?? [];
    const ns = nBy.get(id) ?? [];
    const o = outcomeOf(
      computeStatus({
        attrs: ruleAttrsOf(row),
        verifications: vs.map(recordOf),
        nozzles: ns.map((n): NozzleRecord => ({ nozzleNo: Number(n.nozzle_no), removalDate: n.removal_date })),
        asOf,
        rules: rc.rules,
        config: rc.config,
      }),
    );
    const s = storedOf(row, o, asOf);
    if (s) upd.push(s);
    if (ns.length) nozzleUpdates(ns, o, nupd);
  }
  return { upd, nupd };
}

/** Changes as columns (worker → main thread): arrays of primitives clone several times cheaper than objects. */
export interface PackedChanges {
  ids: Float64Array;
  status: string[];
  validUntil: (string | null)[];
  dueDate: (string | null)[];
  reasonCode: string[];
  reasonFlags: (string | null)[];
  ruleRef: (string | null)[];
  reason: string[];
  asOf: string;
  prevStatus: (string | null)[];
  prevValidUntil: (string | null)[];
  prevReason: (string | null)[];
  nozzleIds: Float64Array;
  nozzleStatus: string[];
  nozzleValidUntil: (string | null)[];
}

export function packChanges(upd: readonly repo.StoredStatus[], nupd: readonly repo.StoredNozzleStatus[], asOf: string): PackedChanges {
  const col = <T>(f: (r: repo.StoredStatus) => T): T[] => upd.map(f);
  return {
    ids: Float64Array.from(upd, (r) => r.id),
    status: col((r) => r.status),
    validUntil: col((r) => r.validUntil),
    dueDate: col((r) => r.dueDate),
    reasonCode: col((r) => r.reasonCode),
    reasonFlags: col((r) => r.reasonFlags),
    ruleRef: col((r) => r.ruleRef),
    reason: col((r) => r.reason),
    asOf,
    prevStatus: col((r) => r.prev?.status ?? null),
    prevValidUntil: col((r) => r.prev?.validUntil ?? null),
    prevReason: col((r) => r.prev?.reason ?? null),
    nozzleIds: Float64Array.from(nupd, (n) => n.id),
    nozzleStatus: nupd.map((n) => n.status),
    nozzleValidUntil: nupd.map((n) => n.validUntil),
  };
}

export function unpackChanges(p: PackedChanges): { upd: repo.StoredStatus[]; nupd: repo.StoredNozzleStatus[] } {
  const upd: repo.StoredStatus[] = new Array(p.ids.length);
  for (let i = 0; i < p.ids.length; i++) {
    upd[i] = {
      id: p.ids[i] as number,
      prev: { status: p.prevStatus[i] ?? null, validUntil: p.prevValidUntil[i] ?? null, reason: p.prevReason[i] ?? null },
      status: p.status[i] as string,
      validUntil: p.validUntil[i] ?? null,
      dueDate: p.dueDate[i] ?? null,
      reasonCode: p.reasonCode[i] as string,
      reasonFlags: p.reasonFlags[i] ?? null,
      ruleRef: p.ruleRef[i] ?? null,
      reason: p.reason[i] as string,
      asOf: p.asOf,
    };
  }
  const nupd: repo.StoredNozzleStatus[] = new Array(p.nozzleIds.length);
  for (let i = 0; i < p.nozzleIds.length; i++) {
    nupd[i] = { id: p.nozzleIds[i] as number, status: p.nozzleStatus[i] as string, validUntil: p.nozzleValidUntil[i] ?? null };
  }
  return { upd, nupd };
}
