/**
 * Status service: the rule catalog (versioned), stored status kept current, as-of computations, due lists.
 * Other modules reach it only through status.api.ts (docs/STATUS.md); inside the module:
 *   refreshInstrumentStatus(ctx, trx, ids, asOf?)   — inside the caller's transaction, after each write
 *   refreshStatuses(ctx, { orgId?, asOf?, onProgress? }) — batched recompute (imports, CLI, nightly job)
 *   ruleFor(ctx, db, attrs, verificationDate)        — catalog rule, maximum valid-until and citation
 *   assertValidUntilWithinRule(ctx, db, attrs, verificationDate, validUntil)
 */
import { Worker } from 'node:worker_threads';
import type {
  Category,
  InstrumentStatus,
  ReasonCode,
  TInstrumentStatusExplain,
  TRule,
  TUpdateRuleRequest,
  VerificationMode,
} from '@qiangjian/shared';
import { addDays } from '@qiangjian/shared';
import {
  RULE_SEEDS,
  type RuleCondition,
  type RuleCountedFrom,
  type RuleTag,
  SETTINGS_CATALOG,
  STATUS_SETTING_DEFAULTS,
} from '@qiangjian/shared/data';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import { instrumentScopeFilter, scopeOf } from '../../auth/scope.js';
import { type AppContext, nowIso, today } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import type { RuleVersionRow } from '../../db/schema-status.js';
import { AppError } from '../../errors.js';
import { ChunkSizer, WRITE_CHUNK_BUDGET_MS } from '../../lib/chunk-sizer.js';
import { dateInZone } from '../../time.js';
import {
  type Computed,
  computeBatch,
  recordOf,
  refreshChanges,
  type StatusInput,
  type StatusInputRow,
  statusInputs,
  statusOf,
  unpackChanges,
} from './status.compute.js';
import * as repo from './status.repository.js';
import {
  matchRule,
  maxValidUntil,
  normalizeAttrs,
  type RuleDef,
  type RuleSet,
  regulationLabel,
  ruleSetAsOf,
  type StatusConfig,
  type StatusResult,
  statusConfigFrom,
  type VerificationRecord,
} from './status.rules.js';
import type { RuleEpochs } from './status.timeline.js';
import type { RefreshWorkerInput, RefreshWorkerMessage } from './status.worker.js';

export { computeStatus } from './status.rules.js';

const META_LAST_REFRESH = 'status_meta.last_refresh_as_of';

// ---- reference data -----------------------------------------------------------------------------

/** Idempotent seeding of the rule catalog (version 1 of each rule) and the status settings. */
export async function seedStatusReferenceData(db: DbOrTrx, meta: { nowIso: string }): Promise<void> {
  await repo.seedRules(db, RULE_SEEDS, meta.nowIso);
  await repo.seedSettings(db, STATUS_SETTING_DEFAULTS, meta.nowIso);
}

// ---- rules ----------------------------------------------------------------------------------------

export function toRuleDef(ctx: AppContext, r: RuleVersionRow): RuleDef {
  return {
    id: Number(r.id),
    ruleKey: r.rule_key,
    version: Number(r.version),
    category: r.category as Category,
    sortOrder: Number(r.sort_order),
    condition: JSON.parse(r.condition) as RuleCondition,
    mode: r.mode as VerificationMode,
    cycleMonths: r.cycle_months === null ? null : Number(r.cycle_months),
    countedFrom: r.counted_from as RuleCountedFrom,
    regulationId: r.regulation_id,
    edition: r.edition,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    citation: r.citation,
    tag: r.tag as RuleTag,
    mandatory: Number(r.mandatory) === 1,
    active: Number(r.active) === 1,
    recordedOn: dateInZone(new Date(r.recorded_at), ctx.config.timeZone),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    supersededAt: r.superseded_at,
    note: r.note,
  };
}

function presentRule(r: RuleDef, current: boolean): TRule {
  const { recordedOn: _ignored, ...rest } = r;
  return { ...rest, current };
}

export interface RuleContext {
  rules: RuleSet;
  config: StatusConfig;
  versions: RuleDef[];
}

/** The rule versions recorded by `asOf` (principle 1) and the status settings. */
export async function loadRuleContext(ctx: AppContext, db: DbOrTrx, asOf: string): Promise<RuleContext> {
  const versions = (await repo.listRuleVersions(db)).map((r) => toRuleDef(ctx, r));
  return { rules: ruleSetAsOf(versions, asOf), config: statusConfigFrom(await settingsAsOf(ctx, db, asOf)), versions };
}

/**
 * The status settings in force on `asOf`: per key the latest version recorded on or before that date (local), version 1
 * (the value before the first edit) for earlier dates; a key never edited has its current value.
 */
async function settingsAsOf(ctx: AppContext, db: DbOrTrx, asOf: string): Promise<Record<string, string>> {
  return settingsInForce(await loadSettingHistory(ctx, db), asOf);
}

interface SettingHistory {
  current: Record<string, string>;
  versions: { key: string; version: number; value: string; recordedOn: string }[];
}

async function loadSettingHistory(ctx: AppContext, db: DbOrTrx): Promise<SettingHistory> {
  return {
    current: Object.fromEntries((await repo.loadSettings(db, 'status.')).map((s) => [s.key, s.value])),
    versions: (await repo.listSettingVersions(db, 'status.')).map((v) => ({
      key: v.key,
      version: v.version,
      value: v.value,
      recordedOn: dateInZone(new Date(v.recorded_at), ctx.config.timeZone),
    })),
  };
}

function settingsInForce(h: SettingHistory, asOf: string): Record<string, string> {
  const settings = { ...h.current };
  const inForce = new Map<string, { version: number; value: string }>();
  for (const v of h.versions) {
    if (v.version !== 1 && v.recordedOn > asOf) continue;
    const cur = inForce.get(v.key);
    if (!cur || v.version > cur.version) inForce.set(v.key, { version: v.version, value: v.value });
  }
  for (const [key, v] of inForce) settings[key] = v.value;
  return settings;
}

/**
 * The rule context at every date, read once (status.timeline `RuleEpochs`): the dates on which the rules or status
 * settings in force change — a version recorded (principle 1), a rule's effective dates — and the context of each
 * stretch between them, the same as `loadRuleContext` on any date of it.
 */
export async function loadRuleEpochs(ctx: AppContext, db: DbOrTrx): Promise<RuleEpochs> {
  const versions = (await repo.listRuleVersions(db)).map((r) => toRuleDef(ctx, r));
  const history = await loadSettingHistory(ctx, db);
  const all = new Set<string>();
  const settingDates = new Set<string>();
  const byCategory = new Map<string, Set<string>>();
  const note = (category: string, d: string) => {
    all.add(d);
    let c = byCategory.get(category);
    if (!c) {
      c = new Set();
      byCategory.set(category, c);
    }
    c.add(d);
  };
  for (const v of versions) {
    if (v.version !== 1) note(v.category, v.recordedOn);
    if (v.effectiveFrom) note(v.category, v.effectiveFrom);
    if (v.effectiveTo) note(v.category, addDays(v.effectiveTo, 1));
  }
  for (const v of history.versions)
    if (v.version !== 1) {
      all.add(v.recordedOn);
      settingDates.add(v.recordedOn);
    }
  const dates = [...all].sort();
  const forCategory = new Map<string, string[]>();
  const byEpoch = new Map<string, { rules: RuleSet; config: StatusConfig }>();
  return {
    datesFor(category: string) {
      let d = forCategory.get(category);
      if (!d) {
        d = [...new Set([...(byCategory.get(category) ?? []), ...settingDates])].sort();
        forCategory.set(category, d);
      }
      return d;
    },
    at(date: string) {
      let k = '';
      for (const d of dates) {
        if (d > date) break;
        k = d;
      }
      let rc = byEpoch.get(k);
      if (!rc) {
        rc = { rules: ruleSetAsOf(versions, date), config: statusConfigFrom(settingsInForce(history, date)) };
        byEpoch.set(k, rc);
      }
      return rc;
    },
  };
}

/** A fingerprint of the recorded rule and status-setting versions: changes whenever `loadRuleEpochs` may. */
export async function ruleContextFingerprint(db: DbOrTrx): Promise<string> {
  return repo.ruleContextFingerprint(db);
}

export async function listRules(ctx: AppContext, actor: Actor, q: { category?: string; history?: '0' | '1' } = {}): Promise<TRule[]> {
  requirePermission(actor, 'rule.read');
  const versions = (await repo.listRuleVersions(ctx.db)).map((r) => toRuleDef(ctx, r));
  const latest = new Map<string, number>();
  for (const v of versions) latest.set(v.ruleKey, Math.max(latest.get(v.ruleKey) ?? 0, v.version));
  return versions
    .filter((v) => !q.category || v.category === q.category)
    .filter((v) => q.history === '1' || latest.get(v.ruleKey) === v.version)
    .map((v) => presentRule(v, latest.get(v.ruleKey) === v.version));
}

function validateRule(r: {
  mode: string;
  cycleMonths: number | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  condition: RuleCondition;
}) {
  const bad = (field: string, reason: string) =>
    new AppError('rule_invalid', { params: { reason: `${field}: ${reason}` }, details: { field, reason } });
  if (r.mode !== 'first_only_until_failure' && r.cycleMonths === null) throw bad('cycleMonths', 'null');
  if (r.effectiveFrom && r.effectiveTo && r.effectiveTo < r.effectiveFrom) throw bad('effectiveTo', `< ${r.effectiveFrom}`);
  for (const c of [...(r.condition.all ?? []), ...(r.condition.any ?? [])]) {
    if (c.op !== 'in' && typeof c.value === 'object' && !(c.value.setting in STATUS_SETTING_DEFAULTS))
      throw bad('condition', c.value.setting);
  }
}

/**
 * Admin edit of a rule: a NEW version of the rule key recorded now (the old one is kept, marked superseded),
 * audited with before/after, then the stored statuses of the category are refreshed.
 * `id` must be the current version of its rule key (409 otherwise).
 */
export async function updateRule(ctx: AppContext, actor: Actor, id: number, patch: TUpdateRuleRequest): Promise<TRule> {
  requirePermission(actor, 'rule.update');
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findRuleVersion(trx, id);
    if (!row) throw new AppError('rule_not_found', { params: { ruleId: id }, details: { id } });
    const latest = await repo.latestVersionOf(trx, row.rule_key);
    if (latest && Number(latest.id) !== id) throw new AppError('conflict', { details: { id, currentId: Number(latest.id) } });
    const before = toRuleDef(ctx, row);
    const after = {
      condition: patch.condition ?? before.condition,
      mode: patch.mode ?? before.mode,
      cycleMonths: patch.cycleMonths !== undefined ? patch.cycleMonths : before.cycleMonths,
      countedFrom: patch.countedFrom ?? before.countedFrom,
      regulationId: patch.regulationId ?? before.regulationId,
      edition: patch.edition ?? before.edition,
      effectiveFrom: patch.effectiveFrom !== undefined ? patch.effectiveFrom : before.effectiveFrom,
      effectiveTo: patch.effectiveTo !== undefined ? patch.effectiveTo : before.effectiveTo,
      citation: patch.citation ?? before.citation,
      tag: patch.tag ?? before.tag,
      mandatory: patch.mandatory ?? before.mandatory,
      active: patch.active ?? before.active,
      sortOrder: patch.sortOrder ?? before.sortOrder,
      note: patch.note !== undefined ? patch.note : before.note,
    };
    validateRule(after);
    const now = nowIso(ctx);
    const insertedId = await repo.insertRuleVersion(trx, {
      rule_key: before.ruleKey,
      version: before.version + 1,
      category: before.category,
      sort_order: after.sortOrder,
      condition: JSON.stringify(after.condition),
      mode: after.mode,
      cycle_months: after.cycleMonths,
      counted_from: after.countedFrom,
      regulation_id: after.regulationId,
      edition: after.edition,
      effective_from: after.effectiveFrom,
      effective_to: after.effectiveTo,
      citation: after.citation,
      tag: after.tag,
      mandatory: after.mandatory ? 1 : 0,
      active: after.active ? 1 : 0,
      recorded_at: now,
      recorded_by: recordedBy(actor),
      superseded_at: null,
      note: after.note,
    });
    await repo.markSuperseded(trx, id, now);
    const {
      recordedOn: _r,
      recordedAt: _a,
      recordedBy: _b,
      supersededAt: _s,
      id: _i,
      version: _v,
      ruleKey: _k,
      category: _c,
      ...beforeFields
    } = before;
    await recordAudit(ctx, trx, actor, {
      action: 'rule_updated',
      entityType: 'rule_version',
      entityId: String(insertedId),
      data: {
        ruleKey: before.ruleKey,
        fromVersion: before.version,
        toVersion: before.version + 1,
        changes: diffFields(beforeFields, after),
      },
    });
    return insertedId;
  });
  const row = (await repo.findRuleVersion(ctx.db, newId)) as RuleVersionRow;
  await refreshStatuses(ctx, { categories: [row.category] });
  return presentRule(toRuleDef(ctx, row), true);
}

/** Who recorded a rule or setting version: a system job by name, a user as `user:<username>`. */
function recordedBy(actor: Actor): string {
  return actor.kind === 'system' ? actor.username : `user:${actor.username}`;
}

export async function listStatusSettings(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'rule.read');
  const rows = await repo.loadSettings(ctx.db, 'status.');
  const versions = await repo.listSettingVersions(ctx.db, 'status.');
  return rows.map((r) => ({
    key: r.key,
    value: r.value,
    updatedAt: r.updated_at,
    history: versions
      .filter((v) => v.key === r.key)
      .map((v) => ({ version: v.version, value: v.value, recordedAt: v.recorded_at, recordedBy: v.recorded_by })),
  }));
}

const SETTING_CATEGORIES: Record<string, string[]> = {
  'status.warn_days.dispenser': ['fuel_dispenser'],
  'status.warn_days.auxiliary': ['dipstick', 'hydrometer', 'thermometer', 'tank_level_gauge', 'standard_measure'],
  'status.warn_days.meter': ['water_meter', 'gas_meter', 'electricity_meter'],
  'status.electricity_extension': ['electricity_meter'],
  'status.gas_g_max': ['gas_meter'],
};

/** Edits a status setting (warning windows, switches, boundaries): audited, then affected statuses refreshed. */
export async function updateStatusSetting(ctx: AppContext, actor: Actor, key: string, value: string) {
  requirePermission(actor, 'settings.update');
  if (!(key in STATUS_SETTING_DEFAULTS)) throw new AppError('unknown_setting', { params: { key }, details: { key } });
  const isBool = key === 'status.electricity_extension';
  // bounds of the 参数设置 page's catalog (data/settings-catalog.ts), where it lists the key
  const bounds = SETTINGS_CATALOG.find((e) => e.group === 'status' && e.path === key);
  const n = Number(value);
  if (
    isBool
      ? value !== 'true' && value !== 'false'
      : !(Number.isFinite(n) && n >= 0) || (bounds !== undefined && (n < bounds.min || n > bounds.max))
  ) {
    throw new AppError('invalid_parameter', { params: { name: key, reason: value }, details: { name: key, reason: value } });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const before = (await repo.loadSettings(trx, key)).find((s) => s.key === key);
    // the history: version 1 is the value before the first edit (in force for every earlier date)
    const history = (await repo.listSettingVersions(trx, key)).filter((v) => v.key === key);
    let last = history.at(-1)?.version ?? 0;
    if (last === 0) {
      last = 1;
      const baseline = before?.value ?? STATUS_SETTING_DEFAULTS[key] ?? value;
      await repo.insertSettingVersion(trx, {
        key,
        version: 1,
        value: baseline,
        recorded_at: before?.updated_at ?? nowIso(ctx),
        recorded_by: 'system',
      });
    }
    await repo.insertSettingVersion(trx, { key, version: last + 1, value, recorded_at: nowIso(ctx), recorded_by: recordedBy(actor) });
    await repo.updateSetting(trx, key, value, nowIso(ctx));
    await recordAudit(ctx, trx, actor, {
      action: 'rule_setting_updated',
      entityType: 'setting',
      entityId: key,
      data: { changes: { [key]: { before: before?.value ?? null, after: value } } },
    });
  });
  await refreshStatuses(ctx, { categories: SETTING_CATEGORIES[key] });
  return { key, value, updatedAt: nowIso(ctx) };
}

// ---- rule lookup for other modules -------------------------------------------------------------

export interface RuleAttrsInput {
  category: string;
  caliberDn?: number | null;
  q3?: number | null;
  gRating?: string | null;
  gasMedium?: string | null;
  accuracyClass?: string | null;
  instrumentName?: string | null;
  catalogueType?: string | null;
}

export interface RuleLookup {
  rule: RuleDef;
  /** Latest valid-until the rule allows for a verification on that date (null: no limit). */
  maxValidUntil: string | null;
  /** Chinese citation from the catalog data. */
  citation: string;
  /** e.g. 'JJG 443-2023' */
  regulation: string;
  /** household defaults were used for missing attributes */
  attributesAssumed: boolean;
}

/** The catalog rule for an instrument and a verification date (the date selects the edition). Null when none matches. */
export async function ruleFor(ctx: AppContext, db: DbOrTrx, attrs: RuleAttrsInput, verificationDate: string): Promise<RuleLookup | null> {
  return lookupRule(await loadRuleContext(ctx, db, today(ctx)), attrs, verificationDate);
}

/**
 * The bulk form of ruleFor for many rows (an import): the catalog is read once; the returned function says
 * whether a certificate's 有效期至 is later than the rule allows for its verification date (docs/domain/forms.md §4:
 * kept and flagged with a warning), or null.
 */
export async function validUntilChecker(
  ctx: AppContext,
  db: DbOrTrx,
): Promise<(attrs: RuleAttrsInput, verificationDate: string, validUntil: string) => { max: string; regulation: string } | null> {
  const rc = await loadRuleContext(ctx, db, today(ctx));
  return (attrs, verificationDate, validUntil) => {
    const r = lookupRule(rc, attrs, verificationDate);
    return r?.maxValidUntil && validUntil > r.maxValidUntil ? { max: r.maxValidUntil, regulation: r.regulation } : null;
  };
}

function lookupRule(rc: RuleContext, attrs: RuleAttrsInput, verificationDate: string): RuleLookup | null {
  const norm = normalizeAttrs({
    category: attrs.category,
    instrumentName: attrs.instrumentName ?? null,
    catalogueType: attrs.catalogueType ?? null,
    caliberDn: attrs.caliberDn ?? null,
    q3: attrs.q3 ?? null,
    gRating: attrs.gRating ?? null,
    gasMedium: attrs.gasMedium ?? null,
    accuracyClass: attrs.accuracyClass ?? null,
    installDate: null,
    ledgerState: 'filed',
    removalDate: null,
  });
  const rule = matchRule(rc.rules, norm, attrs.category, verificationDate, rc.config);
  if (!rule) return null;
  return {
    rule,
    maxValidUntil: maxValidUntil(rule, verificationDate),
    citation: rule.citation,
    regulation: regulationLabel(rule),
    attributesAssumed: norm.assumed,
  };
}

/** Throws valid_until_beyond_rule when `validUntil` is later than the rule allows for that verification date. */
export async function assertValidUntilWithinRule(
  ctx: AppContext,
  db: DbOrTrx,
  attrs: RuleAttrsInput,
  verificationDate: string,
  validUntil: string,
): Promise<void> {
  const r = await ruleFor(ctx, db, attrs, verificationDate);
  if (r?.maxValidUntil && validUntil > r.maxValidUntil) {
    throw new AppError('valid_until_beyond_rule', {
      params: { validUntil, max: r.maxValidUntil, regulation: r.regulation },
      details: { field: 'validUntil', validUntil, max: r.maxValidUntil, ruleRef: `${r.rule.ruleKey}@${r.rule.version}` },
    });
  }
}

// ---- stored status: per write and set-wise ------------------------------------------------------

const IN_CHUNK = 500;

/** These instruments with their verifications and nozzles (full rows; at most IN_CHUNK ids). */
async function readInstruments(db: DbOrTrx, ids: readonly number[]) {
  return {
    rows: await repo.instrumentsByIds(db, ids),
    verifs: await repo.verificationsOf(db, ids),
    nozzles: await repo.nozzlesOf(db, ids),
  };
}

/**
 * Recomputes and stores status/valid_until/due_date/reason/… of these instruments and their nozzles,
 * inside the caller's transaction. `asOf` defaults to today in the configured zone.
 */
export async function refreshInstrumentStatus(ctx: AppContext, trx: DbOrTrx, instrumentIds: number[], asOf?: string): Promise<void> {
  const ids = [...new Set(instrumentIds.map(Number))];
  if (ids.length === 0) return;
  const d = asOf ?? today(ctx);
  const rc = await loadRuleContext(ctx, trx, d);
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const { upd, nupd } = refreshChanges(await readInstruments(trx, ids.slice(i, i + IN_CHUNK)), d, rc);
    await repo.writeStatuses(ctx, trx, upd, nupd);
  }
}

/**
 * Statuses of these instruments as of `asOf`, computed from their history with the rules in force then
 * (nothing is stored): for reports of a past or future date. Pass `rc` from `loadRuleContext` when calling
 * this page by page.
 */
export async function statusesAsOf(
  ctx: AppContext,
  db: DbOrTrx,
  instrumentIds: readonly number[],
  asOf: string,
  rc?: RuleContext,
): Promise<Map<number, StatusResult>> {
  if (instrumentIds.length === 0) return new Map();
  const rules = rc ?? (await loadRuleContext(ctx, db, asOf));
  // the one read path of a status at a date: the histories as a report reads them, computed at `asOf`
  return statusesFrom(await readStatusHistories(db, instrumentIds), asOf, rules);
}

/**
 * These instruments' histories (ledger rows, verifications, nozzles) read once, for their statuses at several dates
 * (`statusesFrom`): a report needs the status at D and the rotation basis before its period of the same instruments.
 */
export interface StatusHistories {
  inputs: Map<number, StatusInput<StatusInputRow>>;
}

/**
 * These instruments' histories, IN_CHUNK ids per statement (PostgreSQL: with 2,000 ids the planner preferred a
 * parallel sequential scan of `nozzles` over 2,000 index probes — 120 ms a batch at 10^6 instruments). Nozzles are
 * read for dispensers only: the status of any other category ignores them (`computeStatus`).
 */
export async function readStatusHistories(db: DbOrTrx, instrumentIds: readonly number[]): Promise<StatusHistories> {
  const ids = [...new Set(instrumentIds.map(Number))];
  const rows: StatusInputRow[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) rows.push(...(await repo.instrumentAttrsByIds(db, ids.slice(i, i + IN_CHUNK))));
  return statusHistoriesOf(db, rows);
}

/**
 * `readStatusHistories` for instrument rows the caller has already read with their rule attributes
 * (`InstrumentAttrsRow` columns as stored, `removal_date` the ledger's own column): only verifications and nozzles are
 * read.
 */
export async function statusHistoriesOf(db: DbOrTrx, instrumentRows: readonly StatusInputRow[]): Promise<StatusHistories> {
  const inputs = new Map<number, StatusInput<StatusInputRow>>();
  for (let i = 0; i < instrumentRows.length; i += IN_CHUNK) {
    const rows = instrumentRows.slice(i, i + IN_CHUNK);
    const chunk = rows.map((r) => Number(r.id));
    const verifs = await repo.statusVerificationsOf(db, chunk);
    const nozzles = await repo.nozzlesOf(
      db,
      rows.filter((r) => r.category === 'fuel_dispenser').map((r) => Number(r.id)),
    );
    for (const s of statusInputs(rows, verifs, nozzles)) inputs.set(Number(s.row.id), s);
  }
  return { inputs };
}

/**
 * Statuses as of `asOf` (rules in force then: `rc` from `loadRuleContext(asOf)`) of these instruments of `h` (all
 * when `ids` is omitted) — the same results as `statusesAsOf`, without reading again.
 */
export function statusesFrom(h: StatusHistories, asOf: string, rc: RuleContext, ids?: readonly number[]): Map<number, StatusResult> {
  const m = new Map<number, StatusResult>();
  if (ids === undefined) {
    for (const [id, i] of h.inputs) m.set(id, statusOf(i, asOf, rc));
    return m;
  }
  for (const id of ids) {
    const i = h.inputs.get(id);
    if (i) m.set(id, statusOf(i, asOf, rc));
  }
  return m;
}

export interface RefreshOptions {
  orgId?: number;
  asOf?: string;
  onProgress?: (fraction: number) => void;
  /** limit to these categories (rule and setting edits) */
  categories?: string[];
  /** when given, one `status_refreshed` audit entry records the run */
  actor?: Actor;
  /** instruments per batch (memory bound); default REFRESH_BATCH (SQLite 1,000, PostgreSQL 5,000) */
  batchSize?: number;
  /** instruments in scope from which worker threads read and compute (default 20,000; not for an in-memory SQLite database) */
  parallelMin?: number;
  /**
   * SQLite write mode. `staged` (default): the changes are staged as they are computed and applied afterwards in
   * chunk transactions of APPLY_CHUNK rows, other requests served between them (one writer: a long transaction
   * holds every other request). `bulk`: one transaction drops the status indexes, writes the rows as computed and
   * builds the indexes again — the fastest first load of a large ledger, but every other request and process waits
   * for all of it; for `qiangjian status refresh --exclusive` when no server runs.
   */
  sqliteMode?: 'staged' | 'bulk';
  /** SQLite `staged`: a fixed number of rows per apply transaction (default: sized to the time budget) */
  applyChunk?: number;
  /** Test hook: after each SQLite apply transaction, with the instruments written so far. */
  onApplied?: (written: number) => Promise<void>;
}

/** Below this many instruments in scope the refresh computes in the main thread (worker start-up costs more). */
const PARALLEL_MIN = 20_000;
/**
 * Instruments per refresh batch. SQLite: smaller batches keep fewer objects alive across a young-generation
 * collection: at 1,000 the workers' garbage collection and the whole first refresh of 1,000,000 measured ~15% faster
 * than at 5,000 (docs/benchmarks.md); below 1,000 the per-batch statements and messages cost more than they save.
 * PostgreSQL: each batch is its own write transaction (a commit each), and round trips dominate: 5,000.
 */
const REFRESH_BATCH = { sqlite: 1000, postgres: 5000 } as const;
/**
 * SQLite: staged rows applied per transaction — sized to WRITE_CHUNK_BUDGET_MS by a ChunkSizer within these bounds
 * (a changed instrument costs ~0.05–0.5 ms with the status indexes maintained, depending on the cache and the load).
 */
const APPLY_CHUNK = { initial: 50, min: 20, max: 5000 } as const;

interface Progress {
  total: number;
  seen: number;
  onProgress?: (fraction: number) => void;
}

function advance(p: Progress, n: number): void {
  p.seen += n;
  if (p.onProgress && p.total > 0) p.onProgress(Math.min(1, p.seen / p.total));
}

/**
 * Set-wise recompute of every stored status (or one organization's / some categories'). Instruments are read
 * in id order in batches of `batchSize` (memory bound) with their verifications and nozzles, and run through
 * the pure status function; only changed rows are written.
 * Large scopes are read and computed by `config.refreshWorkers` worker threads, each on its own connection
 * and id range (status.worker.ts).
 * - SQLite: the changes are collected in temp staging tables and applied at the end in one transaction with
 *   one UPDATE … FROM per table (rebuilding the status indexes when most rows change).
 * - PostgreSQL: each batch's changes are written in their own transaction (UPDATE … FROM (VALUES …)).
 */
export async function refreshStatuses(
  ctx: AppContext,
  opts: RefreshOptions = {},
): Promise<{ instruments: number; changed: number; ms: number }> {
  const t0 = performance.now();
  const asOf = opts.asOf ?? today(ctx);
  const rc = await loadRuleContext(ctx, ctx.db, asOf);
  const scope: repo.RefreshScope = { orgId: opts.orgId, categories: opts.categories };
  const filter: repo.InstrumentFilter | undefined =
    opts.orgId !== undefined || opts.categories
      ? (eb) =>
          eb.and([
            ...(opts.orgId !== undefined ? [eb('instruments.org_id', '=', opts.orgId)] : []),
            ...(opts.categories ? [eb('instruments.category', 'in', opts.categories)] : []),
          ])
      : undefined;
  const bounds = opts.categories?.length === 0 ? null : await repo.idBounds(ctx.db, filter);
  const progress: Progress = { total: bounds?.n ?? 0, seen: 0, onProgress: opts.onProgress };
  const batch = opts.batchSize ?? REFRESH_BATCH[ctx.engine];
  const changed = bounds
    ? await refreshRun(ctx, {
        asOf,
        rc,
        scope,
        bounds,
        batch,
        progress,
        parallelMin: opts.parallelMin ?? PARALLEL_MIN,
        sqliteMode: opts.sqliteMode ?? 'staged',
        applyChunk: opts.applyChunk,
        onApplied: opts.onApplied,
      })
    : 0;
  const ms = Math.round(performance.now() - t0);
  const seen = progress.seen;
  const full = opts.orgId === undefined && !opts.categories;
  if (full || opts.actor) {
    await ctx.db.transaction().execute(async (trx) => {
      if (full) {
        await repo.upsertSetting(trx, META_LAST_REFRESH, asOf, nowIso(ctx));
      }
      if (opts.actor) {
        await recordAudit(ctx, trx, opts.actor, {
          action: 'status_refreshed',
          entityType: null,
          entityId: null,
          data: { asOf, orgId: opts.orgId ?? null, categories: opts.categories ?? null, instruments: seen, changed },
        });
      }
    });
  }
  return { instruments: seen, changed, ms };
}

interface RefreshRun {
  asOf: string;
  rc: RuleContext;
  scope: repo.RefreshScope;
  bounds: { lo: number; hi: number; n: number };
  batch: number;
  progress: Progress;
  parallelMin: number;
  sqliteMode: 'staged' | 'bulk';
  applyChunk?: number;
  onApplied?: (written: number) => Promise<void>;
}

type Sink = (upd: repo.StoredStatus[], nupd: repo.StoredNozzleStatus[]) => Promise<unknown>;

/**
 * Reads and computes the scope, handing each batch's changes to a sink. SQLite `staged` (default): the changes are
 * staged in short transactions as they come and applied in chunk transactions afterwards, yielding to the event loop
 * between them. SQLite `bulk`: one transaction drops the status indexes, writes the rows as computed and builds the
 * indexes again. PostgreSQL: each batch is written in its own transaction. Returns the number of instruments written.
 */
async function refreshRun(ctx: AppContext, run: RefreshRun): Promise<number> {
  const s = ctx.engine === 'sqlite' ? ctx.handle.sqlite : undefined;
  if (!s) {
    let written = 0;
    await computeAll(ctx, run, async (upd, nupd) => {
      if (upd.length || nupd.length) await ctx.db.transaction().execute((trx) => repo.writeStatuses(ctx, trx, upd, nupd));
      written += upd.length;
    });
    return written;
  }
  return repo.withRefreshCache(ctx, async () => {
    if (run.sqliteMode === 'bulk') {
      // the transaction holds the one connection (other queries wait); workers read the last committed state
      return ctx.db.transaction().execute(async (trx) => {
        const indexes = repo.dropStatusIndexes(s);
        let written = 0;
        await computeAll(ctx, run, async (upd, nupd) => {
          await repo.writeStatuses(ctx, trx, upd, nupd);
          written += upd.length;
        });
        repo.createIndexes(s, indexes);
        return written;
      });
    }
    // raw statements run inside Kysely transactions: those hold the one connection, so no other query interleaves
    const inTrx = <T>(fn: () => T): Promise<T> => ctx.db.transaction().execute(async () => fn());
    await inTrx(() => repo.stageReset(s));
    await computeAll(ctx, run, (upd, nupd) =>
      upd.length || nupd.length ? inTrx(() => repo.stageInsert(s, upd, nupd)) : Promise.resolve(),
    );
    const applyAll = async (table: 'instruments' | 'nozzles') => {
      const sizer = new ChunkSizer({ ...APPLY_CHUNK, budgetMs: WRITE_CHUNK_BUDGET_MS });
      let written = 0;
      for (let after = 0; ; ) {
        const rows = run.applyChunk ?? sizer.next;
        const t0 = performance.now();
        const r = await inTrx(() => repo.applyStageChunk(s, table, after, rows));
        sizer.record(rows, performance.now() - t0);
        if (r.last === null) return written;
        written += r.changes;
        after = r.last;
        if (table === 'instruments') await run.onApplied?.(written);
        await new Promise((res) => setImmediate(res));
      }
    };
    const written = await applyAll('instruments');
    await applyAll('nozzles');
    await inTrx(() => repo.stageClear(s));
    return written;
  });
}

/** Reads and computes every batch of the scope (in worker threads when it is large, else here) into `sink`. */
async function computeAll(ctx: AppContext, run: RefreshRun, sink: Sink): Promise<void> {
  const s = ctx.engine === 'sqlite' ? ctx.handle.sqlite : undefined;
  const workers = Math.min(ctx.config.refreshWorkers, Math.ceil(run.bounds.n / run.batch));
  if (workers > 1 && ctx.handle.location !== ':memory:' && run.bounds.n >= run.parallelMin) {
    await computeInWorkers(ctx, run, workers, sink);
    return;
  }
  const reader = s ? repo.sqliteRefreshReader(s) : await repo.pgRefreshReader(ctx.handle.pool as NonNullable<typeof ctx.handle.pool>);
  try {
    let after = 0;
    for (;;) {
      const page = await reader.next(after, run.batch, run.scope);
      if (!page) break;
      const { upd, nupd } = refreshChanges(page, run.asOf, run.rc);
      await sink(upd, nupd);
      advance(run.progress, page.rows.length);
      after = page.hi;
      // let other work (HTTP requests in `serve`) run between batches
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    await reader.close();
  }
}

const WORKER_URL = new URL('./status.worker-boot.mjs', import.meta.url);

/** Splits the id range among worker threads; sinks each posted batch in order, acknowledging it afterwards. */
async function computeInWorkers(ctx: AppContext, run: RefreshRun, count: number, sink: Sink): Promise<void> {
  const { lo, hi } = run.bounds;
  const span = Math.ceil((hi - lo + 1) / count);
  const started: Worker[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  try {
    await Promise.all(
      Array.from({ length: count }, (_, k) => {
        const input: RefreshWorkerInput = {
          location: ctx.engine === 'postgres' ? ctx.config.db : ctx.handle.location,
          asOf: run.asOf,
          versions: run.rc.versions,
          settings: { ...run.rc.config.settings },
          scope: {
            ...run.scope,
            categories: run.scope.categories ? [...run.scope.categories] : undefined,
            maxId: Math.min(hi, lo + (k + 1) * span - 1),
          },
          afterId: lo + k * span - 1,
          batchSize: run.batch,
        };
        const w = new Worker(WORKER_URL, {
          workerData: input,
          resourceLimits: { maxYoungGenerationSizeMb: 96, maxOldGenerationSizeMb: 256 },
        });
        started.push(w);
        return new Promise<void>((resolve, reject) => {
          w.on('message', (m: RefreshWorkerMessage) => {
            if (m.kind === 'batch') {
              queue = queue.then(async () => {
                const { upd, nupd } = unpackChanges(m.changes);
                await sink(upd, nupd);
                advance(run.progress, m.seen);
                w.postMessage('ack');
              });
              queue.catch(reject);
            } else if (m.kind === 'done') {
              queue.then(() => resolve(), reject);
            } else {
              reject(new Error(`status refresh worker failed: ${m.message}`));
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`status refresh worker exited with ${code}`));
          });
        });
      }),
    );
    await queue;
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}

/** The as-of date of the last full refresh (null: never). */
export async function lastRefreshAsOf(ctx: AppContext, db: DbOrTrx = ctx.db): Promise<string | null> {
  return repo.getSetting(db, META_LAST_REFRESH);
}

// ---- reports (CLI `status`) --------------------------------------------------------------------------

export interface StatusReportScope {
  orgId?: number;
  /** region prefix (regionPrefix of a 6- or 9-digit code) matched against admin_division_code */
  regionPrefix?: string;
}

function reportFilter(scope: StatusReportScope): repo.InstrumentFilter | undefined {
  if (scope.orgId !== undefined) return (eb) => eb('instruments.org_id', '=', scope.orgId as number);
  if (scope.regionPrefix !== undefined) return (eb) => eb('instruments.admin_division_code', 'like', `${scope.regionPrefix}%`);
  return undefined;
}

export interface StatusCountRow {
  category: string;
  status: string;
  instruments: number;
  units: number;
}
export interface StatusListRow {
  serialNo: string;
  category: string;
  status: string;
  validUntil: string | null;
  reasonCode: string;
  reason: string;
}

/**
 * Streams the status of every instrument in scope as of `asOf`, computed from the history with the pure
 * function (never the stored status). Instruments not yet in service at asOf are skipped.
 */
export async function streamStatusAsOf(
  ctx: AppContext,
  scope: StatusReportScope,
  asOf: string,
  onRow: (row: repo.InstrumentStatusRow, result: StatusResult) => void | Promise<void>,
  onProgress?: (f: number) => void,
): Promise<void> {
  const rc = await loadRuleContext(ctx, ctx.db, asOf);
  const filter = reportFilter(scope);
  const total = onProgress ? await repo.countInstruments(ctx.db, filter) : 0;
  let after = 0;
  let seen = 0;
  for (;;) {
    const rows = await repo.instrumentsPage(ctx.db, after, 5000, filter);
    if (rows.length === 0) break;
    const lo = Number((rows[0] as repo.InstrumentStatusRow).id);
    const hi = Number((rows[rows.length - 1] as repo.InstrumentStatusRow).id);
    const [verifs, nozzles] = [
      await repo.verificationsInRange(ctx.db, lo, hi, scope.orgId),
      await repo.nozzlesInRange(ctx.db, lo, hi, scope.orgId),
    ];
    for (const c of computeBatch(rows, verifs, nozzles, asOf, rc)) {
      if (c.result.beforeStart) continue;
      await onRow(c.row, c.result);
    }
    seen += rows.length;
    after = hi;
    if (onProgress && total) onProgress(seen / total);
  }
}

/** Counts per category + status (units = sum of quantities) as of `asOf` (stored when asOf is today). */
export async function statusCounts(
  ctx: AppContext,
  actor: Actor,
  scope: StatusReportScope,
  asOf?: string,
  onProgress?: (f: number) => void,
) {
  requirePermission(actor, 'status.read');
  const d = asOf ?? today(ctx);
  if (d === today(ctx)) {
    await ensureRefreshedToday(ctx, onProgress);
    return { asOf: d, counts: await repo.storedCounts(ctx.db, reportFilter(scope)) };
  }
  const m = new Map<string, StatusCountRow>();
  await streamStatusAsOf(
    ctx,
    scope,
    d,
    (row, r) => {
      const k = `${row.category}\u0000${r.status}`;
      let c = m.get(k);
      if (!c) {
        c = { category: row.category, status: r.status, instruments: 0, units: 0 };
        m.set(k, c);
      }
      c.instruments++;
      c.units += Number(row.quantity);
    },
    onProgress,
  );
  const counts = [...m.values()].sort((a, b) => a.category.localeCompare(b.category) || a.status.localeCompare(b.status));
  return { asOf: d, counts };
}

/** Streams the instrument list (serialNo, category, status, validUntil, reasonCode, reason) in id order. */
export async function statusList(
  ctx: AppContext,
  actor: Actor,
  scope: StatusReportScope,
  asOf: string | undefined,
  onRow: (r: StatusListRow) => void | Promise<void>,
  onProgress?: (f: number) => void,
): Promise<{ asOf: string }> {
  requirePermission(actor, 'status.read');
  const d = asOf ?? today(ctx);
  if (d === today(ctx)) {
    await ensureRefreshedToday(ctx, onProgress);
    const filter = reportFilter(scope);
    let after = 0;
    for (;;) {
      const rows = await repo.storedListPage(ctx.db, after, 5000, filter);
      if (rows.length === 0) break;
      for (const r of rows) {
        await onRow({
          serialNo: r.serial_no,
          category: r.category,
          status: r.status ?? 'unverified',
          validUntil: r.valid_until,
          reasonCode: r.reason_code ?? 'never_verified',
          reason: r.status_reason ?? '',
        });
      }
      after = Number((rows[rows.length - 1] as { id: number }).id);
    }
    return { asOf: d };
  }
  await streamStatusAsOf(
    ctx,
    scope,
    d,
    (row, r) =>
      onRow({
        serialNo: row.serial_no,
        category: row.category,
        status: r.status,
        validUntil: r.validUntil,
        reasonCode: r.reasonCode,
        reason: r.reason,
      }),
    onProgress,
  );
  return { asOf: d };
}

const inflight = new WeakMap<AppContext['db'], Promise<unknown>>();
/**
 * Stored status is "as of today": when the last full refresh is older (no nightly job ran yet), refresh
 * first. Concurrent callers share one refresh.
 */
export async function ensureRefreshedToday(ctx: AppContext, onProgress?: (f: number) => void): Promise<void> {
  if ((await lastRefreshAsOf(ctx)) === today(ctx)) return;
  let p = inflight.get(ctx.db);
  if (!p) {
    p = refreshStatuses(ctx, { onProgress }).finally(() => inflight.delete(ctx.db));
    inflight.set(ctx.db, p);
  }
  await p;
}

export async function resolveOrgByCreditCode(ctx: AppContext, creditCode: string): Promise<number | null> {
  return repo.orgIdByCreditCode(ctx.db, creditCode.normalize('NFKC').trim().toUpperCase());
}

// ---- explain (GET /instruments/:id/status) ---------------------------------------------------------

export async function explainStatus(ctx: AppContext, actor: Actor, id: number, asOf?: string): Promise<TInstrumentStatusExplain> {
  requirePermission(actor, 'status.read');
  const row = await repo.findInstrumentInScope(ctx.db, id, instrumentScopeFilter(scopeOf(actor)));
  if (!row) throw new AppError('not_found', { details: { entity: 'instrument', id } });
  const d = asOf ?? today(ctx);
  const rc = await loadRuleContext(ctx, ctx.db, d);
  const verifs = await repo.verificationsOf(ctx.db, [id]);
  const nozzles = await repo.nozzlesOf(ctx.db, [id]);
  const [c] = computeBatch([row], verifs, nozzles, d, rc) as [Computed];
  const r = c.result;
  const latest = new Map<string, number>();
  for (const v of rc.versions) latest.set(v.ruleKey, Math.max(latest.get(v.ruleKey) ?? 0, v.version));
  const brief = (v: VerificationRecord) => ({
    id: v.id ?? null,
    nozzleNo: v.nozzleNo,
    kind: v.kind,
    date: v.date,
    conclusion: v.conclusion,
    validUntil: v.validUntil,
    certificateNo: v.certificateNo ?? null,
    institutionName: v.institutionName ?? null,
  });
  return {
    instrumentId: id,
    serialNo: row.serial_no,
    category: row.category as Category,
    asOf: d,
    source: 'computed',
    status: r.status,
    validUntil: r.validUntil,
    dueDate: r.dueDate,
    reasonCode: r.reasonCode,
    reasonFlags: r.reasonFlags,
    reason: r.reason,
    ruleRef: r.ruleRef,
    rule: r.rule ? presentRule(r.rule, latest.get(r.rule.ruleKey) === r.rule.version) : null,
    mode: r.mode,
    governing: r.governing ? brief(r.governing) : null,
    verifications: verifs
      .map(recordOf)
      .sort((a, b) => (a.date === b.date ? a.nozzleNo - b.nozzleNo : a.date < b.date ? 1 : -1))
      .map(brief),
    nozzles: r.nozzles.map((n) => ({
      nozzleNo: n.nozzleNo,
      status: n.status as InstrumentStatus,
      validUntil: n.validUntil,
      dueDate: n.dueDate,
      reasonCode: n.reasonCode as ReasonCode,
      reason: n.reason,
    })),
  };
}
