import { enumLabel, type LedgerState, t } from '@qiangjian/shared';
import { catalogueOf, LEDGER_TRANSITIONS } from '../instrument-fields.js';
import type { LedgerRowValues, ParsedLedgerRow } from './parse-types.js';

/**
 * The ledger import's plan for one chunk of parsed rows, pure (no I/O; docs/LEDGER.md "Import: commit
 * semantics"). The service feeds it the rows and what the database holds for them, and hands its output to
 * the bulk writer (`ledger-import.repository.ts`):
 *
 * 1. `planInstruments`: parsed rows + stored instruments → inserts, updates with their diffs;
 *    (the writer inserts; `assignNewIds` puts the new ids into the plan)
 * 2. `planVerifications`: records of new instruments to insert, and file records of stored instruments to
 *    merge; `mergeVerifications` merges them with the stored records (a blank cell never erases);
 * 3. `nozzleTargets` / `planNozzles`: 加油枪数 = N → the missing nozzles 1…N;
 * 4. `journalOf`: counts, touched ids, one journal row per updated instrument and one per run of
 *    consecutive inserted ids, and the lines the job's `changesHash` is computed over.
 *
 * Runs once per 1,000 rows of a 1,000,000-row import: keep it free of per-row allocations it does not need.
 */

// ---------------------------------------------------------------------------------------------
// Row shapes (shared with the bulk writer)

/** Instrument columns an import writes (besides the key, public code and timestamps). */
export const IMPORT_COLUMNS = [
  'site_id',
  'instrument_name',
  'catalogue_item',
  'catalogue_type',
  'model',
  'measuring_range',
  'accuracy_class',
  'manufacturer',
  'origin',
  'location',
  'quantity',
  'purpose',
  'submission_mode',
  'admin_division_code',
  'caliber_dn',
  'q3',
  'g_rating',
  'gas_medium',
  'fuel_grade',
  'seal_nos',
  'type_approval_no',
  'install_date',
  'first_use_date',
  'manufacture_date',
  'remarks',
  'ledger_state',
  'filed_at',
  'removal_date',
  'removal_reason',
  'replaces_instrument_id',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export type InstrumentValues = Record<ImportColumn, string | number | null>;
export interface ExistingInstrument extends InstrumentValues {
  id: number;
  category: string;
  serial_no: string;
}
export interface InstrumentUpsert {
  category: string;
  serial_no: string;
  public_code: string;
  values: InstrumentValues;
}

export const VERIFICATION_COLUMNS = ['kind', 'conclusion', 'certificate_no', 'valid_until', 'institution_name'] as const;
export type VerificationColumn = (typeof VERIFICATION_COLUMNS)[number];
export type VerificationValues = Record<VerificationColumn, string | null>;
export interface VerificationUpsert {
  instrument_id: number;
  date: string;
  values: VerificationValues;
}
export interface NozzleRow {
  instrument_id: number;
  nozzle_no: number;
  fuel_grade: string | null;
}
/** A filing-state change the file made (instrument_state_changes; docs/LEDGER.md "Filing states"). */
export interface StateChangeRow {
  instrument_id: number;
  from_state: string | null;
  to_state: string;
  effective_date: string;
  reason: string | null;
  note: string | null;
}
/** A warning the plan adds to a row (the parse stage's warnings are the parser's). */
export interface PlanWarning {
  row: number;
  key: 'state' | 'replacesSerial';
  code: 'state_not_changed' | 'replaced_serial_unknown';
  params: Record<string, string>;
}
export interface JournalRow {
  instrument_id: number;
  change: 'inserted' | 'updated';
  diff: string | null;
}

/** The organisation's sites: the first site of each town, and the only site when there is one. */
export interface SiteInfo {
  single: number | null;
  byTown: Map<string, number>;
}

export function instrumentKey(category: string, serial: string): string {
  return `${category}\u0000${serial}`;
}
export function verificationKey(instrumentId: number, date: string): string {
  return `${instrumentId}|${date}`;
}

// ---------------------------------------------------------------------------------------------
// File values → instrument columns

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Instrument column ← parsed value key (the columns a file can fill). */
const FILE_COLUMNS: ReadonlyArray<readonly [ImportColumn, keyof LedgerRowValues]> = [
  ['instrument_name', 'instrumentName'],
  ['catalogue_item', 'catalogueItem'],
  ['catalogue_type', 'catalogueType'],
  ['model', 'model'],
  ['measuring_range', 'measuringRange'],
  ['accuracy_class', 'accuracyClass'],
  ['manufacturer', 'manufacturer'],
  ['origin', 'origin'],
  ['location', 'location'],
  ['quantity', 'quantity'],
  ['purpose', 'purpose'],
  ['submission_mode', 'submissionMode'],
  ['admin_division_code', 'adminDivisionCode'],
  ['caliber_dn', 'caliberDn'],
  ['q3', 'q3'],
  ['g_rating', 'gRating'],
  ['gas_medium', 'gasMedium'],
  ['fuel_grade', 'fuelGrade'],
  ['seal_nos', 'sealNos'],
  ['type_approval_no', 'typeApprovalNo'],
  ['install_date', 'installDate'],
  ['first_use_date', 'firstUseDate'],
  ['manufacture_date', 'manufactureDate'],
  ['remarks', 'remarks'],
];

/** A file value as the instrument column stores it, or undefined when blank (blank never erases). */
function fileValue(val: unknown): string | number | undefined {
  if (blank(val)) return undefined;
  return Array.isArray(val) ? val.join(',') : (val as string | number);
}

/** Non-blank file values as instrument columns. */
function fileColumns(v: Partial<LedgerRowValues>): Partial<InstrumentValues> {
  const out: Partial<InstrumentValues> = {};
  for (const [col, key] of FILE_COLUMNS) {
    const val = fileValue(v[key]);
    if (val !== undefined) out[col] = val;
  }
  return out;
}

/** All instrument columns of a new row: file values, else null (one object literal: one shape for every row). */
function newColumns(v: Partial<LedgerRowValues>): InstrumentValues {
  return {
    site_id: null,
    instrument_name: fileValue(v.instrumentName) ?? null,
    catalogue_item: fileValue(v.catalogueItem) ?? null,
    catalogue_type: fileValue(v.catalogueType) ?? null,
    model: fileValue(v.model) ?? null,
    measuring_range: fileValue(v.measuringRange) ?? null,
    accuracy_class: fileValue(v.accuracyClass) ?? null,
    manufacturer: fileValue(v.manufacturer) ?? null,
    origin: fileValue(v.origin) ?? null,
    location: fileValue(v.location) ?? null,
    quantity: fileValue(v.quantity) ?? null,
    purpose: fileValue(v.purpose) ?? null,
    submission_mode: fileValue(v.submissionMode) ?? null,
    admin_division_code: fileValue(v.adminDivisionCode) ?? null,
    caliber_dn: fileValue(v.caliberDn) ?? null,
    q3: fileValue(v.q3) ?? null,
    g_rating: fileValue(v.gRating) ?? null,
    gas_medium: fileValue(v.gasMedium) ?? null,
    fuel_grade: fileValue(v.fuelGrade) ?? null,
    seal_nos: fileValue(v.sealNos) ?? null,
    type_approval_no: fileValue(v.typeApprovalNo) ?? null,
    install_date: fileValue(v.installDate) ?? null,
    first_use_date: fileValue(v.firstUseDate) ?? null,
    manufacture_date: fileValue(v.manufactureDate) ?? null,
    remarks: fileValue(v.remarks) ?? null,
    ledger_state: null,
    filed_at: null,
    removal_date: null,
    removal_reason: null,
    replaces_instrument_id: null,
  };
}

/** Stored and file values compare as numbers when either is a number (PostgreSQL numerics, CSV digits). */
function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

/** 目录 item/type from the category and 器具名称 when the file did not give them. */
function withCatalogue(category: string, values: Partial<InstrumentValues>): void {
  if (values.catalogue_item && values.catalogue_type) return;
  const cat = catalogueOf(category, String(values.instrument_name ?? ''));
  values.catalogue_item ??= cat.item;
  values.catalogue_type ??= cat.type;
}

function siteFor(sites: SiteInfo, division: string): number | null {
  return sites.byTown.get(division) ?? sites.single;
}

/**
 * The status words an Attachment 1 export puts before the user's 备注 (超期未检；…): an export imported again
 * must not turn them into the user's note (they would pile up on every round and outlive the status).
 */
let statusRemarks: string[] | null = null;
export function withoutStatusRemark(remarks: string): string | undefined {
  statusRemarks ??= ['overdue', 'rotation_overdue', 'unverified', 'failed'].map((k) => t(`report.remarks.${k}`));
  let s = remarks.trim();
  for (let again = true; again; ) {
    again = false;
    for (const w of statusRemarks) {
      if (s === w) return undefined;
      if (s.startsWith(w) && /^[；;]/.test(s.slice(w.length))) {
        s = s.slice(w.length + 1).trim();
        again = true;
      }
    }
  }
  return s || undefined;
}

// ---------------------------------------------------------------------------------------------
// 1. Instruments

export interface PlanContext {
  /** Today: `filed_at` of new instruments and of drafts the file files. */
  day: string;
  /** 行政区划 of a new instrument without one: the organisation's region. */
  orgRegion: string;
  sites: SiteInfo;
}

/** A valid row of the chunk and what the plan decided for it. */
export interface PlannedRow {
  key: string;
  row: ParsedLedgerRow;
  /** The stored instrument; undefined for a new one. */
  ex: ExistingInstrument | undefined;
  /** The instrument's id (a new one: 0 until `assignNewIds`). */
  id: number;
  /** Changed instrument columns of a stored instrument, or null. */
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

export interface InstrumentPlan {
  rows: PlannedRow[];
  /** State changes by row (the instrument id is filled in by `stateChangesOf` once the new ids are known). */
  states: Array<{ p: PlannedRow; from: string | null; to: string; date: string; reason: string | null; note: string | null }>;
  warnings: PlanWarning[];
  /** New instruments in row order (`public_code` empty: the service draws the codes). */
  inserts: InstrumentUpsert[];
  /** Stored instruments whose merged columns differ (values already merged). */
  updates: InstrumentUpsert[];
}

/**
 * Parsed rows (valid, one per key) + the stored instruments by `instrumentKey` → inserts and updates. A new
 * instrument is filed today with quantity 1 unless the file says otherwise, the organisation's region when the
 * file gives no division, and the site of its town (or the organisation's only site). A stored one takes only
 * the file's non-blank values; a draft becomes filed; its diff lists the changed columns.
 */
export function planInstruments(
  chunk: readonly ParsedLedgerRow[],
  existing: ReadonlyMap<string, ExistingInstrument>,
  ctx: PlanContext,
  links: ReadonlyMap<string, number> = NO_LINKS,
): InstrumentPlan {
  const updates: InstrumentUpsert[] = [];
  const inserts: InstrumentUpsert[] = [];
  const rows: PlannedRow[] = new Array(chunk.length);
  const states: InstrumentPlan['states'] = [];
  const warnings: PlanWarning[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const row = chunk[i] as ParsedLedgerRow;
    const v = row.values;
    const category = v.category as string;
    const serial = v.serialNo as string;
    const key = instrumentKey(category, serial);
    const ex = existing.get(key);
    if (ex) {
      const file = fileColumns(v);
      withCatalogue(category, file);
      const merged: InstrumentValues = { ...ex };
      for (const [k, val] of Object.entries(file)) merged[k as ImportColumn] = val as string | number;
      if (merged.site_id === null) merged.site_id = siteFor(ctx.sites, String(merged.admin_division_code ?? ''));
      if (ex.ledger_state === 'draft') {
        merged.ledger_state = 'filed';
        merged.filed_at = ctx.day;
      }
      const state = mergeState(v, ex, merged, ctx.day);
      if (state.warning) warnings.push({ row: row.row, ...state.warning });
      const link = replacementOf(v, category, links, ex.id);
      if (link === null) warnings.push(unknownReplacement(row.row, v.replacesSerial as string));
      else if (link !== undefined) merged.replaces_instrument_id = link;
      const diff: Record<string, { before: unknown; after: unknown }> = {};
      let changed = false;
      for (const c of IMPORT_COLUMNS) {
        if (!same(ex[c], merged[c])) {
          diff[c] = { before: ex[c], after: merged[c] };
          changed = true;
        }
      }
      if (changed) updates.push({ category, serial_no: serial, public_code: '', values: merged });
      rows[i] = { key, row, ex, id: ex.id, diff: changed ? diff : null };
      if (state.change) states.push({ p: rows[i] as PlannedRow, ...state.change });
    } else {
      const values = newColumns(v);
      // a file without a name column (the category from the organization's kind): named after the category
      values.instrument_name ??= catalogueOf(category, '').item;
      withCatalogue(category, values);
      values.quantity ??= 1;
      values.admin_division_code ??= ctx.orgRegion;
      values.site_id = siteFor(ctx.sites, String(values.admin_division_code));
      values.ledger_state = 'filed';
      values.filed_at = ctx.day;
      const link = replacementOf(v, category, links, undefined);
      if (link === null) warnings.push(unknownReplacement(row.row, v.replacesSerial as string));
      else if (link !== undefined) values.replaces_instrument_id = link;
      inserts.push({ category, serial_no: serial, public_code: '', values });
      rows[i] = { key, row, ex: undefined, id: 0, diff: null };
      if (v.ledgerState && v.ledgerState !== 'filed') {
        // imported as already out of service: the record is filed and leaves service on its removal date
        values.ledger_state = v.ledgerState;
        values.removal_date = v.removalDate ?? ctx.day;
        values.removal_reason = v.removalReason ?? 'other';
        states.push({
          p: rows[i] as PlannedRow,
          from: null,
          to: v.ledgerState,
          date: String(values.removal_date),
          reason: String(values.removal_reason),
          note: v.removalNote ?? null,
        });
      }
    }
  }
  return { rows, inserts, updates, states, warnings };
}

const NO_LINKS: ReadonlyMap<string, number> = new Map();

/**
 * `replacesSerial` → the id of the replaced meter (same organization and category; `links` holds what the service looked up):
 * undefined when the row names none, null when it is unknown (a warning; a blank never erases a stored link).
 */
function replacementOf(
  v: Partial<LedgerRowValues>,
  category: string,
  links: ReadonlyMap<string, number>,
  selfId: number | undefined,
): number | null | undefined {
  if (!v.replacesSerial) return undefined;
  const id = links.get(instrumentKey(category, v.replacesSerial));
  return id === undefined || id === selfId ? null : id;
}

function unknownReplacement(row: number, serialNo: string): PlanWarning {
  return { row, key: 'replacesSerial', code: 'replaced_serial_unknown', params: { serialNo } };
}

/** Keys of the meters the chunk's rows name as replaced (`replacesSerial`): the service looks up their ids. */
export function replacementKeys(chunk: readonly ParsedLedgerRow[]): string[] {
  const out: string[] = [];
  for (const r of chunk) if (r.values.replacesSerial) out.push(instrumentKey(String(r.values.category), r.values.replacesSerial));
  return out;
}

/**
 * The file's state, removal date and removal reason merged into a stored record (docs/domain/forms.md §4, docs/LEDGER.md "Filing
 * states"): the same state keeps its stored date and reason when the file's were assumed (a blank never erases, and
 * importing the same file on a later day changes nothing); a new state follows the filing transitions (a removed
 * record does not come back into service: warning `state_not_changed`), and records the state change.
 */
function mergeState(
  v: Partial<LedgerRowValues>,
  ex: ExistingInstrument,
  merged: InstrumentValues,
  day: string,
): {
  change?: { from: string | null; to: string; date: string; reason: string | null; note: string | null };
  warning?: Pick<PlanWarning, 'key' | 'code' | 'params'>;
} {
  const target = v.ledgerState;
  // no state in the file, or a blank state cell (a blank never erases: a suspended record stays suspended)
  if (!target || (target === 'filed' && v.ledgerStateAssumed)) return {};
  const stored = String(merged.ledger_state) as LedgerState;
  const reason = (assumedReason: string | number | null) =>
    v.removalReasonAssumed && assumedReason !== null ? assumedReason : (v.removalReason ?? 'other');
  if (target === stored) {
    if (target !== 'filed') {
      if (!v.removalDateAssumed || merged.removal_date === null) merged.removal_date = v.removalDate ?? day;
      merged.removal_reason = reason(merged.removal_reason);
    }
    return {};
  }
  if (!LEDGER_TRANSITIONS[stored].includes(target)) {
    return {
      warning: {
        key: 'state',
        code: 'state_not_changed',
        params: {
          stored: enumLabel('ledgerState', stored),
          state: target === 'filed' ? t('import.state.in_service') : enumLabel('ledgerState', target),
        },
      },
    };
  }
  merged.ledger_state = target;
  if (target === 'filed') {
    merged.removal_date = null;
    merged.removal_reason = null;
    return { change: { from: String(ex.ledger_state), to: target, date: day, reason: null, note: null } };
  }
  // removed → scrapped: the record left service when it was removed (as the form does)
  if (!(stored === 'removed' && merged.removal_date !== null && v.removalDateAssumed)) merged.removal_date = v.removalDate ?? day;
  merged.removal_reason = reason(stored === 'removed' ? merged.removal_reason : null);
  return {
    change: {
      from: String(ex.ledger_state),
      to: target,
      date: String(merged.removal_date),
      reason: String(merged.removal_reason),
      note: v.removalNote ?? null,
    },
  };
}

/** The plan's state changes with the instruments' ids (call after `assignNewIds`). */
export function stateChangesOf(plan: InstrumentPlan): StateChangeRow[] {
  return plan.states.map((s) => ({
    instrument_id: s.p.id,
    from_state: s.from,
    to_state: s.to,
    effective_date: s.date,
    reason: s.reason,
    note: s.note,
  }));
}

/** The ids the writer gave the inserts (in insert order) → the plan's new rows. */
export function assignNewIds(rows: PlannedRow[], newIds: readonly number[]): void {
  for (let i = 0, n = 0; i < rows.length; i++) {
    const p = rows[i] as PlannedRow;
    if (!p.ex) p.id = newIds[n++] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Verification records (identity: instrument, nozzle 0, date)

export interface FileVerification {
  date: string;
  values: VerificationValues;
  /** 结论 was blank and read as 合格: it never overwrites a stored conclusion. */
  conclusionAssumed: boolean;
}

function verificationValues(v: Partial<LedgerRowValues>): FileVerification | null {
  const ver = v.verification;
  if (!ver?.date) return null;
  return {
    date: ver.date,
    // a blank 结论 reads as 合格 for a new record, but never overwrites a stored conclusion (a blank never erases)
    conclusionAssumed: ver.conclusionAssumed === true,
    values: {
      kind: ver.kind ?? 'periodic',
      conclusion: ver.conclusion ?? 'passed',
      certificate_no: ver.certificateNo ?? null,
      valid_until: ver.validUntil ?? null,
      institution_name: ver.institution ?? null,
    },
  };
}

/** A file record of a stored instrument, to merge with the stored record of the same date (if any). */
export interface VerificationMerge {
  p: PlannedRow;
  ver: FileVerification;
}

/** Records of new instruments (plain inserts: none can exist yet) and records of stored ones (to merge). */
export function planVerifications(rows: readonly PlannedRow[]): { inserts: VerificationUpsert[]; merges: VerificationMerge[] } {
  const inserts: VerificationUpsert[] = [];
  const merges: VerificationMerge[] = [];
  for (const p of rows) {
    const ver = verificationValues(p.row.values);
    if (!ver) continue;
    if (p.ex) merges.push({ p, ver });
    else inserts.push({ instrument_id: p.id, date: ver.date, values: ver.values });
  }
  return { inserts, merges };
}

/**
 * File records + the stored records by `verificationKey` → the records to write (new, or merged and changed)
 * and the keys of the instruments whose records changed. Only non-blank file values overwrite.
 */
export function mergeVerifications(
  merges: readonly VerificationMerge[],
  stored: ReadonlyMap<string, VerificationValues>,
): { upserts: VerificationUpsert[]; changed: Set<string> } {
  const upserts: VerificationUpsert[] = [];
  const changed = new Set<string>();
  for (const { p, ver } of merges) {
    const prev = stored.get(verificationKey(p.id, ver.date));
    if (!prev) {
      upserts.push({ instrument_id: p.id, date: ver.date, values: ver.values });
      changed.add(p.key);
      continue;
    }
    const merged: VerificationValues = { ...prev };
    for (const c of VERIFICATION_COLUMNS) {
      if (ver.values[c] !== null && !(c === 'conclusion' && ver.conclusionAssumed)) merged[c] = ver.values[c];
    }
    if (VERIFICATION_COLUMNS.some((c) => !same(prev[c], merged[c]))) {
      upserts.push({ instrument_id: p.id, date: ver.date, values: merged });
      changed.add(p.key);
    }
  }
  return { upserts, changed };
}

// ---------------------------------------------------------------------------------------------
// 3. Nozzles (加油枪数 = N → nozzles 1…N)

/** Rows with a 加油枪数 (the stored ones among them need their nozzle numbers looked up). */
export function nozzleTargets(rows: readonly PlannedRow[]): PlannedRow[] {
  return rows.filter((p) => typeof p.row.values.nozzles === 'number' && (p.row.values.nozzles as number) > 0);
}

/** The missing nozzles 1…N of each target, and the numbers added to stored instruments by key. */
export function planNozzles(
  targets: readonly PlannedRow[],
  stored: ReadonlyMap<number, ReadonlySet<number>>,
): { rows: NozzleRow[]; added: Map<string, number[]> } {
  const rows: NozzleRow[] = [];
  const added = new Map<string, number[]>();
  const none: ReadonlySet<number> = new Set<number>();
  for (const p of targets) {
    const have = stored.get(p.id) ?? none;
    const mine: number[] = [];
    for (let n = 1; n <= (p.row.values.nozzles as number); n++) {
      if (!have.has(n)) {
        rows.push({ instrument_id: p.id, nozzle_no: n, fuel_grade: p.row.values.fuelGrade ?? null });
        mine.push(n);
      }
    }
    if (p.ex && mine.length) added.set(p.key, mine);
  }
  return { rows, added };
}

// ---------------------------------------------------------------------------------------------
// 4. Counts and journal

export interface ChunkJournal {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids of inserted and updated instruments, in row order (their statuses are refreshed). */
  touched: number[];
  /**
   * One row per updated instrument (diff `{ fields, verification?, nozzlesAdded? }`) and one per run of
   * consecutive inserted ids (first id, diff `{"toId": last}`, or null for a single id).
   */
  journal: JournalRow[];
  /** `inserted|key` / `updated|key|diff` lines, in row order: the job's changesHash is taken over them. */
  lines: string;
}

export function journalOf(
  rows: readonly PlannedRow[],
  verificationChanged: ReadonlySet<string>,
  nozzlesAdded: ReadonlyMap<string, number[]>,
): ChunkJournal {
  const out: ChunkJournal = { inserted: 0, updated: 0, unchanged: 0, touched: [], journal: [], lines: '' };
  const journal = out.journal;
  let lines = '';
  let runFrom = 0;
  let runTo = 0;
  const endRun = () => {
    if (runFrom) journal.push({ instrument_id: runFrom, change: 'inserted', diff: runTo === runFrom ? null : `{"toId":${runTo}}` });
    runFrom = 0;
  };
  for (const p of rows) {
    if (!p.ex) {
      out.inserted++;
      out.touched.push(p.id);
      if (runFrom && p.id === runTo + 1) runTo = p.id;
      else {
        endRun();
        runFrom = p.id;
        runTo = p.id;
      }
      lines += `inserted|${p.key}\n`;
    } else if (p.diff || verificationChanged.has(p.key) || nozzlesAdded.has(p.key)) {
      out.updated++;
      out.touched.push(p.id);
      const d = JSON.stringify({
        fields: p.diff ?? {},
        verification: verificationChanged.has(p.key) || undefined,
        nozzlesAdded: nozzlesAdded.get(p.key),
      });
      journal.push({ instrument_id: p.id, change: 'updated', diff: d });
      lines += `updated|${p.key}|${d}\n`;
    } else {
      out.unchanged++;
    }
  }
  endRun();
  out.lines = lines;
  return out;
}
