import { createHash } from 'node:crypto';
import { regionResolver, type TImportJob, type TImportResult, type TRowIssue, t } from '@qiangjian/shared';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { actorLabel, requirePermission } from '../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../auth/scope.js';
import type { AppContext } from '../context.js';
import { nowIso, today } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import type { OrganizationRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { catalogueOf } from '../modules/ledger/instrument-fields.js';
import { newPublicCodeRun } from '../modules/ledger/public-code.js';
import { refreshInstruments, refreshOrg, validUntilChecker } from '../modules/ledger/status-hook.js';
import * as orgRepo from '../modules/orgs/orgs.repository.js';
import * as jobs from './import-jobs.repository.js';
import {
  bulkWriter,
  type ExistingInstrument,
  IMPORT_COLUMNS,
  type ImportColumn,
  type InstrumentUpsert,
  type InstrumentValues,
  instrumentKey,
  type JournalRow,
  VERIFICATION_COLUMNS,
  type VerificationUpsert,
  type VerificationValues,
  verificationKey,
} from './ledger-import.repository.js';
import type { DivisionResolver, LedgerRowValues, ParsedLedgerRow, RowIssue } from './parse/types.js';
import { parseLedger } from './parser.js';

/**
 * Commit path of the ledger import (issue 4): parsed rows → upsert by org + category + normalized
 * serial in ONE transaction; partial (commit the valid rows) or strict (all or nothing); a dry run
 * does the same work and rolls back, so its counts are exact. One audit entry per job; row diffs in
 * import_journal; rejected rows kept for the error sheet.
 */

export type ImportMode = 'partial' | 'strict';

export interface ImportOptions {
  orgId: number;
  fileName: string;
  content: Buffer;
  mode: ImportMode;
  dryRun: boolean;
  sheet?: string;
  onProgress?: (fraction: number) => void;
  /** Existing job (API preview → commit); otherwise a job is created. */
  jobId?: number;
  /** Refresh the touched instruments' statuses (default true; the benchmark measures it separately). */
  refreshStatus?: boolean;
}

export interface ImportOutcome extends TImportResult {
  jobId: number;
  committed: boolean;
  headerRow: number | null;
  columns: string[];
}

const CHUNK = 1000;
/** Up to this many touched instruments are refreshed inside the transaction; beyond, set-wise after it. */
const PER_WRITE_REFRESH_LIMIT = 2000;
/** Row issues kept in the job's stored result (all rejected rows stay in import_job_rejects). */
const STORED_ISSUES = 2000;

class Rollback extends Error {}

/** In-process progress of running jobs (SQLite writes inside the job transaction are not visible to pollers). */
const progress = new Map<number, number>();
export function jobProgress(jobId: number): number | undefined {
  return progress.get(jobId);
}

function issue(r: RowIssue): TRowIssue {
  return { row: r.row, column: r.column, key: r.key ?? null, code: r.code, message: r.message };
}

async function divisionResolver(db: DbOrTrx): Promise<DivisionResolver> {
  const rows = await db.selectFrom('regions').select(['code', 'name', 'parent_code']).execute();
  return regionResolver(rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code })));
}

type SiteInfo = { single: number | null; byTown: Map<string, number> };
async function sitesOf(db: DbOrTrx, orgId: number): Promise<SiteInfo> {
  const rows = await db.selectFrom('sites').select(['id', 'town_code']).where('org_id', '=', orgId).orderBy('id').execute();
  const byTown = new Map<string, number>();
  for (const r of rows) if (!byTown.has(r.town_code)) byTown.set(r.town_code, Number(r.id));
  return { single: rows.length === 1 ? Number((rows[0] as { id: number }).id) : null, byTown };
}

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
  };
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

/**
 * The status words an Attachment 1 export puts before the user's 备注 (超期未检；…): an export imported again
 * must not turn them into the user's note (they would pile up on every round and outlive the status).
 */
let statusRemarks: string[] | null = null;
function withoutStatusRemark(remarks: string): string | undefined {
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

function verificationValues(v: Partial<LedgerRowValues>): { date: string; values: VerificationValues; conclusionAssumed: boolean } | null {
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

/** Rough row count for the progress bar (CSV: line count; XLSX: unknown → asymptotic). */
function estimateRows(fileName: string, content: Buffer): number | null {
  if (!/\.csv$/i.test(fileName)) return null;
  let n = 0;
  for (let i = content.indexOf(10); i !== -1; i = content.indexOf(10, i + 1)) n++;
  return Math.max(1, n);
}

export async function findOrgInScope(db: DbOrTrx, actor: Actor, orgId: number): Promise<OrganizationRow> {
  const org = await orgRepo.findOrg(db, orgId, orgScopeFilter(scopeOf(actor)));
  if (!org) throw new AppError('not_found', { details: { entity: 'organization', id: orgId } });
  return org;
}

/** Runs one import (dry run or commit) from a file's bytes. Throws AppError for a file that cannot be used. */
export async function runLedgerImport(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<ImportOutcome> {
  requirePermission(actor, 'instrument.import');
  const org = await findOrgInScope(ctx.db, actor, opts.orgId);
  const fileHash = createHash('sha256').update(opts.content).digest('hex');
  const jobId =
    opts.jobId ??
    (await jobs.insertJob(ctx.db, {
      org_id: opts.orgId,
      kind: 'ledger',
      file_name: opts.fileName,
      file_hash: fileHash,
      mode: opts.mode,
      dry_run: opts.dryRun ? 1 : 0,
      state: 'validating',
      created_by: actorLabel(actor),
      created_at: nowIso(ctx),
    }));
  await jobs.updateJob(ctx.db, jobId, {
    state: opts.dryRun ? 'validating' : 'committing',
    mode: opts.mode,
    dry_run: opts.dryRun ? 1 : 0,
    progress: 0,
  });
  progress.set(jobId, 0);
  try {
    const outcome = await importInTransaction(ctx, actor, org, jobId, fileHash, opts);
    const stored = {
      ...outcome,
      errors: outcome.errors.slice(0, STORED_ISSUES),
      warnings: outcome.warnings.slice(0, STORED_ISSUES),
    };
    const state = opts.dryRun ? 'previewed' : outcome.committed ? 'committed' : 'failed';
    await jobs.updateJob(ctx.db, jobId, { state, progress: 1, result: JSON.stringify(stored), finished_at: nowIso(ctx) });
    if (outcome.committed) await jobs.deleteFile(ctx.db, jobId);
    if (outcome.committed && outcome.touched > PER_WRITE_REFRESH_LIMIT && opts.refreshStatus !== false) await refreshOrg(ctx, opts.orgId);
    const { touched: _t, rejects: _r, ...result } = outcome;
    return result;
  } catch (e) {
    const err =
      e instanceof AppError ? { code: e.code, message: e.message, details: e.details } : { code: 'internal_error', message: String(e) };
    await jobs.updateJob(ctx.db, jobId, { state: 'failed', progress: 1, result: JSON.stringify({ error: err }), finished_at: nowIso(ctx) });
    throw e;
  } finally {
    progress.delete(jobId);
  }
}

interface InternalOutcome extends ImportOutcome {
  touched: number;
  rejects: number;
}

async function importInTransaction(
  ctx: AppContext,
  actor: Actor,
  org: OrganizationRow,
  jobId: number,
  fileHash: string,
  opts: ImportOptions,
): Promise<InternalOutcome> {
  const orgId = Number(org.id);
  const resolveDivision = await divisionResolver(ctx.db);
  const sites = await sitesOf(ctx.db, orgId);
  const parsed = await parseLedger(opts.content, { fileName: opts.fileName, sheet: opts.sheet, resolveDivision });
  const fileCode = parsed.headerBlock.creditCode?.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (fileCode && fileCode !== org.credit_code) {
    throw new AppError('import_org_mismatch', {
      params: { fileCode, orgCode: org.credit_code },
      details: { fileCode, orgCode: org.credit_code },
    });
  }
  const columns = parsed.columns.map((c) => c.header);
  const beyondRule = await validUntilChecker(ctx, ctx.db);
  const validUntilCol = parsed.columns.find((c) => c.key === 'validUntil')?.header ?? null;
  const estimate = estimateRows(opts.fileName, opts.content);
  const day = today(ctx);
  const now = nowIso(ctx);
  const counts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: TRowIssue[] = [];
  const warnings: TRowIssue[] = [];
  const rejectRows: { row_no: number; raw: string; errors: string }[] = [];
  const touchedIds: number[] = [];
  const changes = createHash('sha256');
  let processed = 0;

  const report = () => {
    const f = estimate ? Math.min(0.99, processed / estimate) : processed / (processed + 5000);
    progress.set(jobId, f);
    opts.onProgress?.(f);
  };

  let committed = false;
  // a bigger page cache for the bulk transaction on SQLite (many index pages; restored afterwards)
  const sqlite = ctx.engine === 'sqlite' ? ctx.handle.sqlite : undefined;
  const cacheBefore = sqlite?.pragma('cache_size', { simple: true }) as number | undefined;
  const tempStoreBefore = sqlite?.pragma('temp_store', { simple: true }) as number | undefined;
  sqlite?.pragma('cache_size = -65536');
  // RETURNING (the update path's upsert) materialises its rows in a temp table: keep it in memory
  sqlite?.pragma('temp_store = MEMORY');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const writer = bulkWriter(ctx, trx, orgId, jobId, now);
      const firstImport = !(await writer.hasAny());
      const chunkKeys = new Map<string, number>();

      const flush = async (chunk: ParsedLedgerRow[]) => {
        if (chunk.length === 0) return;
        const existing = firstImport
          ? NO_EXISTING
          : await writer.findInstruments(
              chunk.map((r) => ({ category: r.values.category as string, serial_no: r.values.serialNo as string })),
            );
        const updates: InstrumentUpsert[] = [];
        const inserts: InstrumentUpsert[] = [];
        const plan: Plan[] = new Array(chunk.length);
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
            if (merged.site_id === null) merged.site_id = siteFor(sites, String(merged.admin_division_code ?? ''));
            if (ex.ledger_state === 'draft') {
              merged.ledger_state = 'filed';
              merged.filed_at = day;
            }
            const diff: Record<string, { before: unknown; after: unknown }> = {};
            let changed = false;
            for (const c of IMPORT_COLUMNS) {
              if (!same(ex[c], merged[c])) {
                diff[c] = { before: ex[c], after: merged[c] };
                changed = true;
              }
            }
            if (changed) updates.push({ category, serial_no: serial, public_code: '', values: merged });
            plan[i] = { key, row, ex, id: ex.id, diff: changed ? diff : null };
          } else {
            const values = newColumns(v);
            withCatalogue(category, values);
            values.quantity ??= 1;
            values.admin_division_code ??= org.region_code;
            values.site_id = siteFor(sites, String(values.admin_division_code));
            values.ledger_state = 'filed';
            values.filed_at = day;
            inserts.push({ category, serial_no: serial, public_code: '', values });
            plan[i] = { key, row, ex: undefined, id: 0, diff: null };
          }
        }
        if (updates.length) await writer.upsertInstruments(updates);
        const codes = newPublicCodeRun(inserts.length);
        for (let i = 0; i < inserts.length; i++) (inserts[i] as InstrumentUpsert).public_code = codes[i] as string;
        const newIds = await writer.insertInstruments(inserts);
        for (let i = 0, n = 0; i < plan.length; i++) {
          const p = plan[i] as Plan;
          if (!p.ex) p.id = newIds[n++] as number;
        }

        // verifications: identity instrument (nozzle 0) + date; a blank cell never erases a stored value.
        // A new instrument has no record yet: plain insert; an existing one: look up and merge.
        const verNew: VerificationUpsert[] = [];
        const verOld: { p: Plan; ver: { date: string; values: VerificationValues; conclusionAssumed: boolean } }[] = [];
        for (const p of plan) {
          const ver = verificationValues(p.row.values);
          if (!ver) continue;
          if (p.ex) verOld.push({ p, ver });
          else verNew.push({ instrument_id: p.id, date: ver.date, values: ver.values });
        }
        await writer.insertVerifications(verNew);
        const verChanged = new Set<string>();
        if (verOld.length) {
          const existingVer = await writer.findVerifications(verOld.map((x) => ({ instrument_id: x.p.id, date: x.ver.date })));
          const verUpserts: VerificationUpsert[] = [];
          for (const { p, ver } of verOld) {
            const prev = existingVer.get(verificationKey(p.id, ver.date));
            if (!prev) {
              verUpserts.push({ instrument_id: p.id, date: ver.date, values: ver.values });
              verChanged.add(p.key);
              continue;
            }
            const merged: VerificationValues = { ...prev };
            for (const c of VERIFICATION_COLUMNS) {
              if (ver.values[c] !== null && !(c === 'conclusion' && ver.conclusionAssumed)) merged[c] = ver.values[c];
            }
            if (VERIFICATION_COLUMNS.some((c) => !same(prev[c], merged[c]))) {
              verUpserts.push({ instrument_id: p.id, date: ver.date, values: merged });
              verChanged.add(p.key);
            }
          }
          await writer.upsertVerifications(verUpserts);
        }

        // nozzles 1…N for 加油枪数 = N
        const nozChanged = new Map<string, number[]>();
        const nozPlan = plan.filter((p) => typeof p.row.values.nozzles === 'number' && (p.row.values.nozzles as number) > 0);
        if (nozPlan.length) {
          const existingNoz = await writer.findNozzleNumbers(nozPlan.filter((p) => p.ex).map((p) => p.id));
          const nozRows: { instrument_id: number; nozzle_no: number; fuel_grade: string | null }[] = [];
          for (const p of nozPlan) {
            const have = existingNoz.get(p.id) ?? new Set<number>();
            const added: number[] = [];
            for (let n = 1; n <= (p.row.values.nozzles as number); n++) {
              if (!have.has(n)) {
                nozRows.push({ instrument_id: p.id, nozzle_no: n, fuel_grade: p.row.values.fuelGrade ?? null });
                added.push(n);
              }
            }
            if (p.ex && added.length) nozChanged.set(p.key, added);
          }
          await writer.insertNozzles(nozRows);
        }

        // journal: one row per updated instrument (its diff); inserted instruments as runs of
        // consecutive ids (one row: first id, diff {"toId": last}; a single id: diff null)
        const journal: JournalRow[] = [];
        let lines = '';
        let runFrom = 0;
        let runTo = 0;
        const endRun = () => {
          if (runFrom) journal.push({ instrument_id: runFrom, change: 'inserted', diff: runTo === runFrom ? null : `{"toId":${runTo}}` });
          runFrom = 0;
        };
        for (const p of plan) {
          if (!p.ex) {
            counts.inserted++;
            touchedIds.push(p.id);
            if (runFrom && p.id === runTo + 1) runTo = p.id;
            else {
              endRun();
              runFrom = p.id;
              runTo = p.id;
            }
            lines += `inserted|${p.key}\n`;
          } else if (p.diff || verChanged.has(p.key) || nozChanged.has(p.key)) {
            counts.updated++;
            touchedIds.push(p.id);
            const d = JSON.stringify({
              fields: p.diff ?? {},
              verification: verChanged.has(p.key) || undefined,
              nozzlesAdded: nozChanged.get(p.key),
            });
            journal.push({ instrument_id: p.id, change: 'updated', diff: d });
            lines += `updated|${p.key}|${d}\n`;
          } else {
            counts.unchanged++;
          }
        }
        endRun();
        changes.update(lines); // the same digest as one update per line
        await writer.insertJournal(journal);
      };

      let chunk: ParsedLedgerRow[] = [];
      for await (const batch of parsed.batches(CHUNK))
        for (const row of batch) {
          processed++;
          for (const w of row.warnings) warnings.push(issue(w));
          // the parser marks duplicates inside the file (org + category + serial); a chunk never holds two
          let rowErrors = row.errors;
          if (rowErrors.length === 0) {
            const key = instrumentKey(String(row.values.category), String(row.values.serialNo));
            if (chunkKeys.has(key)) {
              const serialCol = parsed.columns.find((c) => c.key === 'serialNo')?.header ?? null;
              rowErrors = [
                {
                  row: row.row,
                  column: serialCol,
                  key: 'serialNo',
                  code: 'duplicate_in_file',
                  message: t('ledger.rowError.duplicate_in_file', { firstRow: chunkKeys.get(key) as number }),
                },
              ];
            } else {
              chunkKeys.set(key, row.row);
            }
          }
          if (rowErrors.length) {
            counts.rejected++;
            for (const e of rowErrors) errors.push(issue(e));
            rejectRows.push({
              row_no: row.row,
              raw: JSON.stringify(parsed.columns.map((c) => row.cells[c.index] ?? '')),
              errors: JSON.stringify(rowErrors.map(issue)),
            });
            continue;
          }
          if (row.values.remarks) row.values.remarks = withoutStatusRemark(row.values.remarks);
          const ver = row.values.verification;
          if (ver?.validUntil && ver.date) {
            const v = row.values;
            const over = beyondRule(
              {
                category: String(v.category),
                caliberDn: v.caliberDn ?? null,
                q3: v.q3 ?? null,
                gRating: v.gRating ?? null,
                gasMedium: v.gasMedium ?? null,
                accuracyClass: v.accuracyClass ?? null,
                instrumentName: v.instrumentName ?? null,
                catalogueType: v.catalogueType ?? null,
              },
              ver.date,
              ver.validUntil,
            );
            if (over) {
              warnings.push({
                row: row.row,
                column: validUntilCol,
                key: 'validUntil',
                code: 'valid_until_beyond_rule',
                message: t('ledger.rowWarning.valid_until_beyond_rule', { validUntil: ver.validUntil, ...over }),
              });
            }
          }
          chunk.push(row);
          if (chunk.length >= CHUNK) {
            await flush(chunk);
            chunk = [];
            chunkKeys.clear();
            report();
          }
        }
      await flush(chunk);
      for (const f of parsed.fileIssues) warnings.push(issue(f));

      const rollback = opts.dryRun || (opts.mode === 'strict' && counts.rejected > 0);
      if (rollback) throw new Rollback();
      await recordAudit(
        ctx,
        trx,
        actor,
        {
          action: 'import_committed',
          entityType: 'import_job',
          entityId: String(jobId),
          data: {
            fileName: opts.fileName,
            fileHash,
            mode: opts.mode,
            headerRow: parsed.headerRow,
            inserted: counts.inserted,
            updated: counts.updated,
            unchanged: counts.unchanged,
            rejected: counts.rejected,
            changesHash: changes.digest('hex'),
          },
        },
        orgId,
      );
      if (touchedIds.length <= PER_WRITE_REFRESH_LIMIT && opts.refreshStatus !== false) await refreshInstruments(ctx, trx, touchedIds);
      committed = true;
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    if (sqlite && cacheBefore !== undefined) sqlite.pragma(`cache_size = ${Number(cacheBefore)}`);
    if (sqlite && tempStoreBefore !== undefined) sqlite.pragma(`temp_store = ${Number(tempStoreBefore)}`);
  }
  await jobs.replaceRejects(ctx.db, jobId, rejectRows);
  errors.sort((a, b) => a.row - b.row);
  return {
    jobId,
    committed,
    headerRow: parsed.headerRow ?? null,
    columns,
    ...counts,
    errors,
    warnings,
    touched: touchedIds.length,
    rejects: rejectRows.length,
  };
}

interface Plan {
  key: string;
  row: ParsedLedgerRow;
  ex: ExistingInstrument | undefined;
  id: number;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

const NO_EXISTING: ReadonlyMap<string, ExistingInstrument> = new Map();

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

export function presentJob(r: NonNullable<Awaited<ReturnType<typeof jobs.findJob>>>): TImportJob {
  const id = Number(r.id);
  const live = progress.get(id);
  const result = r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null;
  return {
    id,
    orgId: Number(r.org_id),
    fileName: r.file_name,
    fileHash: r.file_hash,
    mode: r.mode as TImportJob['mode'],
    dryRun: Number(r.dry_run) === 1,
    state: r.state as TImportJob['state'],
    progress: live ?? Number(r.progress),
    result: result && 'inserted' in result ? (result as TImportJob['result']) : null,
    error: result && 'error' in result ? (result.error as { code: string; message: string }) : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
