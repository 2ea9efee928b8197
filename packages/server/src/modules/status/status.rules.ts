/**
 * The status engine: pure functions, no I/O (docs/ARCHITECTURE.md "Layers": rules). Definitions: docs/domain/forms.md §1 (governing
 * verification, validUntil, status order, dispenser = worst nozzle) and docs/domain/regulations.md §2 (rule rows).
 */
import {
  addDays,
  type Category,
  type InstrumentStatus,
  type ReasonCode,
  STATION_AUXILIARY_CATEGORIES,
  t,
  type VerificationMode,
} from '@qiangjian/shared';
import {
  ACCURACY_CLASS_ALIASES,
  ACCURACY_CLASS_SUFFIX,
  ASSUMED_ATTRIBUTES,
  ELECTRICITY_NAME_KEYWORDS,
  GAS_MEDIUM_ALIASES,
  type RuleClause,
  type RuleCondition,
  type RuleCountedFrom,
  type RuleTag,
  STATUS_SETTING_DEFAULTS,
} from '@qiangjian/shared/data';

/** Qualifiers beside the status: docs/domain/forms.md §1 flags plus the certificate plausibility checks. */
export const STATUS_FLAGS = [
  'attributes_assumed',
  'assumed_from_install',
  'installed_before_verification',
  'certificate_beyond_rule',
  'certificate_invalid',
] as const;
export type StatusFlag = (typeof STATUS_FLAGS)[number];

/** One version of a catalog rule, as the engine uses it. */
export interface RuleDef {
  id: number;
  ruleKey: string;
  version: number;
  category: Category;
  sortOrder: number;
  condition: RuleCondition;
  mode: VerificationMode;
  cycleMonths: number | null;
  countedFrom: RuleCountedFrom;
  regulationId: string;
  edition: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  citation: string;
  tag: RuleTag;
  mandatory: boolean;
  active: boolean;
  /** The local date (configured zone) the version was recorded; the baseline (version 1) applies always. */
  recordedOn: string;
  recordedAt: string;
  recordedBy: string;
  supersededAt: string | null;
  note: string | null;
}

/** The rules in force for an as-of date: per category, in sort order. */
export interface RuleSet {
  asOf: string;
  byCategory: ReadonlyMap<string, readonly RuleDef[]>;
}

export interface StatusConfig {
  warnDays: { dispenser: number; auxiliary: number; meter: number };
  electricityExtension: boolean;
  /** Raw settings referenced by rule conditions ({ setting: key }). */
  settings: Readonly<Record<string, string>>;
}

export interface InstrumentAttrs {
  category: string;
  instrumentName?: string | null;
  catalogueType?: string | null;
  caliberDn: number | null;
  q3: number | null;
  gRating: string | null;
  gasMedium: string | null;
  accuracyClass: string | null;
  installDate: string | null;
  firstUseDate?: string | null;
  ledgerState: string;
  removalDate: string | null;
  /** Date (YYYY-MM-DD) the ledger record was created: service start of last resort. */
  createdOn?: string | null;
}

/** The instrument columns the status reads, as an `instruments` row stores them. */
export interface InstrumentAttrsRow {
  category: string;
  instrument_name: string | null;
  catalogue_type: string | null;
  caliber_dn: number | null;
  q3: number | null;
  g_rating: string | null;
  gas_medium: string | null;
  accuracy_class: string | null;
  install_date: string | null;
  first_use_date: string | null;
  ledger_state: string;
  removal_date: string | null;
  created_at: string | null;
}

/**
 * The one mapping from an instrument row to the attributes the rules and the status read (rule matching: category,
 * name, catalogue type, caliber, Q3, G-rating, medium, class; status: the lifecycle dates). The set-wise refresh calls
 * it once per instrument, so it stays one object literal.
 */
export function ruleAttrsOf(r: InstrumentAttrsRow): InstrumentAttrs {
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

export interface VerificationRecord {
  id?: number;
  /** 0 = the whole instrument (dispenser); n = nozzle n */
  nozzleNo: number;
  kind: string;
  date: string;
  conclusion: string;
  validUntil: string | null;
  certificateNo?: string | null;
  institutionName?: string | null;
}

export interface NozzleRecord {
  nozzleNo: number;
  removalDate: string | null;
}

export interface UnitStatus {
  status: InstrumentStatus;
  validUntil: string | null;
  dueDate: string | null;
  reasonCode: ReasonCode;
  reasonFlags: StatusFlag[];
  reason: string;
  rule: RuleDef | null;
  /** The verification validUntil is computed from (synthetic for assumed_from_install). */
  governing: VerificationRecord | null;
}

export interface NozzleStatus extends UnitStatus {
  nozzleNo: number;
}

export interface StatusResult extends UnitStatus {
  /** `${ruleKey}@${version}` of the rule applied, or null when no rule matched. */
  ruleRef: string | null;
  mode: VerificationMode | null;
  /** False when the instrument is not in service at the as-of date (status `removed`). */
  inService: boolean;
  /** True when the as-of date lies before the instrument entered service (not yet in the ledger's service). */
  beforeStart: boolean;
  nozzles: NozzleStatus[];
}

// ---------------------------------------------------------------------------------------------
// Configuration

export function statusConfigFrom(settings: Readonly<Record<string, string>>): StatusConfig {
  const merged: Record<string, string> = { ...STATUS_SETTING_DEFAULTS, ...settings };
  const num = (k: string) => {
    const v = Number(merged[k]);
    return Number.isFinite(v) ? v : Number(STATUS_SETTING_DEFAULTS[k]);
  };
  return {
    warnDays: {
      dispenser: num('status.warn_days.dispenser'),
      auxiliary: num('status.warn_days.auxiliary'),
      meter: num('status.warn_days.meter'),
    },
    electricityExtension: merged['status.electricity_extension'] === 'true',
    settings: merged,
  };
}

export const DEFAULT_STATUS_CONFIG: StatusConfig = statusConfigFrom({});

/** Builds the rule set in force at `asOf`: per rule key the latest active version recorded by asOf (principle 1). */
export function ruleSetAsOf(versions: readonly RuleDef[], asOf: string): RuleSet {
  const latest = new Map<string, RuleDef>();
  for (const v of versions) {
    if (v.version !== 1 && v.recordedOn > asOf) continue;
    const cur = latest.get(v.ruleKey);
    if (!cur || v.version > cur.version) latest.set(v.ruleKey, v);
  }
  const byCategory = new Map<string, RuleDef[]>();
  for (const r of latest.values()) {
    if (!r.active) continue;
    let list = byCategory.get(r.category);
    if (!list) {
      list = [];
      byCategory.set(r.category, list);
    }
    list.push(r);
  }
  for (const list of byCategory.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.ruleKey.localeCompare(b.ruleKey));
  return { asOf, byCategory };
}

// ---------------------------------------------------------------------------------------------
// Attributes and rule matching

export interface NormalizedAttrs {
  caliberDn: number | null;
  q3: number | null;
  gRating: number | null;
  gasMedium: string | null;
  accuracyClass: string | null;
  meterKind: 'electronic' | 'mechanical';
  phase: 'single' | 'three';
  bearing: 'magnetic_or_double_jewel' | 'standard';
  assumed: boolean;
}

function memo<T>(fn: (s: string) => T): (s: string) => T {
  const m = new Map<string, T>();
  return (s) => {
    let v = m.get(s);
    if (v === undefined && !m.has(s)) {
      v = fn(s);
      if (m.size > 10_000) m.clear();
      m.set(s, v);
    }
    return v as T;
  };
}

const gRatingMemo = memo((g: string) => {
  const m = /^\s*G?\s*(\d+(?:\.\d+)?)\s*$/i.exec(g.normalize('NFKC'));
  return m ? Number(m[1]) : null;
});
const classMemo = memo((c: string) => {
  const s = c
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^class/i, '')
    .toUpperCase();
  const bare = s.endsWith(ACCURACY_CLASS_SUFFIX) ? s.slice(0, -ACCURACY_CLASS_SUFFIX.length) : s;
  if (bare === '') return null;
  return ACCURACY_CLASS_ALIASES[bare] ?? bare;
});
const nameMemo = memo((name: string) => ({
  meterKind: hasAny(name, ELECTRICITY_NAME_KEYWORDS.mechanical) ? ('mechanical' as const) : ('electronic' as const),
  phase: hasAny(name, ELECTRICITY_NAME_KEYWORDS.threePhase) ? ('three' as const) : ('single' as const),
  bearing: hasAny(name, ELECTRICITY_NAME_KEYWORDS.longLifeBearing) ? ('magnetic_or_double_jewel' as const) : ('standard' as const),
}));

/** 'G2.5' → 2.5; '4' → 4; unparsable → null. */
export function parseGRating(g: string | null): number | null {
  return g === null ? null : gRatingMemo(g);
}

/** '0.5S级' → '0.5S'; 'B' → '1'; '2级' → '2'. */
export function normalizeAccuracyClass(c: string | null): string | null {
  return c === null ? null : classMemo(c);
}

function normalizeMedium(m: string | null): string | null {
  if (m === null || m.trim() === '') return null;
  const s = m.trim();
  return GAS_MEDIUM_ALIASES[s] ?? s;
}

function hasAny(text: string, words: readonly string[]): boolean {
  return words.some((w) => text.includes(w));
}

const NO_NAME = { meterKind: 'electronic', phase: 'single', bearing: 'standard' } as const;

/** Normalises attributes and fills household defaults for missing ones (docs/domain/regulations.md §2 notes). */
export function normalizeAttrs(a: InstrumentAttrs): NormalizedAttrs {
  const byName = a.category === 'electricity_meter' ? nameMemo(`${a.instrumentName ?? ''} ${a.catalogueType ?? ''}`) : NO_NAME;
  const out: NormalizedAttrs = {
    caliberDn: a.caliberDn,
    q3: a.q3,
    gRating: parseGRating(a.gRating),
    gasMedium: normalizeMedium(a.gasMedium),
    accuracyClass: normalizeAccuracyClass(a.accuracyClass),
    meterKind: byName.meterKind,
    phase: byName.phase,
    bearing: byName.bearing,
    assumed: false,
  };
  if (a.category === 'water_meter') {
    if (out.caliberDn === null && !(out.q3 !== null && out.q3 > 16)) {
      out.caliberDn = ASSUMED_ATTRIBUTES.water_meter.caliberDn;
      out.assumed = true;
    }
  } else if (a.category === 'gas_meter') {
    if (out.gRating === null) {
      out.gRating = ASSUMED_ATTRIBUTES.gas_meter.gRating;
      out.assumed = true;
    }
    if (out.gasMedium === null) {
      out.gasMedium = ASSUMED_ATTRIBUTES.gas_meter.gasMedium;
      out.assumed = true;
    }
  } else if (a.category === 'electricity_meter') {
    if (out.accuracyClass === null && out.meterKind === 'electronic') {
      out.accuracyClass = ASSUMED_ATTRIBUTES.electricity_meter.accuracyClass;
      out.assumed = true;
    }
  }
  return out;
}

function clauseHolds(c: RuleClause, a: NormalizedAttrs, settings: Readonly<Record<string, string>>): boolean {
  const v = a[c.attr];
  if (v === null || v === undefined) return c.ifUnknown ?? false;
  if (c.op === 'in') return (c.value as string[]).includes(String(v));
  const rawLimit = c.value;
  const limit = typeof rawLimit === 'number' ? rawLimit : Number(settings[rawLimit.setting] ?? STATUS_SETTING_DEFAULTS[rawLimit.setting]);
  const n = Number(v);
  switch (c.op) {
    case 'lte':
      return n <= limit;
    case 'lt':
      return n < limit;
    case 'gt':
      return n > limit;
    case 'gte':
      return n >= limit;
  }
}

export function conditionHolds(cond: RuleCondition, a: NormalizedAttrs, settings: Readonly<Record<string, string>>): boolean {
  if (cond.all && !cond.all.every((c) => clauseHolds(c, a, settings))) return false;
  if (cond.any && cond.any.length > 0 && !cond.any.some((c) => clauseHolds(c, a, settings))) return false;
  return true;
}

function inEffect(r: RuleDef, date: string): boolean {
  return (r.effectiveFrom === null || r.effectiveFrom <= date) && (r.effectiveTo === null || date <= r.effectiveTo);
}

/** Candidate rules per (rule set, config, attribute signature): few distinct signatures exist, so this is cached. */
const candidateCache = new WeakMap<RuleSet, WeakMap<StatusConfig, Map<string, readonly RuleDef[]>>>();

function candidatesFor(rules: RuleSet, a: NormalizedAttrs, category: string, config: StatusConfig): readonly RuleDef[] {
  let byConfig = candidateCache.get(rules);
  if (!byConfig) {
    byConfig = new WeakMap();
    candidateCache.set(rules, byConfig);
  }
  let m = byConfig.get(config);
  if (!m) {
    m = new Map();
    byConfig.set(config, m);
  }
  const key =
    category === 'water_meter'
      ? `w${a.caliberDn}|${a.q3}`
      : category === 'gas_meter'
        ? `g${a.gRating}|${a.gasMedium}`
        : category === 'electricity_meter'
          ? `e${a.accuracyClass}|${a.meterKind}|${a.phase}|${a.bearing}`
          : category;
  let c = m.get(key);
  if (!c) {
    c = (rules.byCategory.get(category) ?? []).filter((r) => conditionHolds(r.condition, a, config.settings));
    if (m.size > 10_000) m.clear();
    m.set(key, c);
  }
  return c;
}

function pickByDate(candidates: readonly RuleDef[], date: string): RuleDef | null {
  if (candidates.length === 0) return null;
  for (const r of candidates) if (inEffect(r, date)) return r;
  let later: RuleDef | null = null;
  for (const r of candidates)
    if (r.effectiveFrom !== null && r.effectiveFrom > date && (later === null || r.effectiveFrom < (later.effectiveFrom as string)))
      later = r;
  if (later) return later;
  let latest: RuleDef | null = null;
  for (const r of candidates) if (latest === null || (r.effectiveTo ?? '9999') > (latest.effectiveTo ?? '9999')) latest = r;
  return latest;
}

/**
 * The rule for an instrument on a date: among the category's rules whose condition holds, the first (sort
 * order) in effect on `date` (the verification date selects the edition). When none is in effect on that
 * date, the nearest edition: the earliest one starting after the date, else the latest one.
 */
export function matchRule(rules: RuleSet, a: NormalizedAttrs, category: string, date: string, config: StatusConfig): RuleDef | null {
  return pickByDate(candidatesFor(rules, a, category, config), date);
}

const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function dim(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : (DIM[m - 1] as number);
}
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * periodEnd of packages/shared/src/dates.ts (民法典 第二百零二条) without Date objects (hot path of the
 * refresh): the same day N months later minus one day; the last day of that month if that day does not exist.
 */
export function periodEndFast(start: string, months: number): string {
  const y = +start.slice(0, 4);
  const m = +start.slice(5, 7);
  const d = +start.slice(8, 10);
  const total = y * 12 + (m - 1) + months;
  let ny = Math.floor(total / 12);
  let nm = (total % 12) + 1;
  const last = dim(ny, nm);
  if (d > last) return `${ny}-${pad2(nm)}-${pad2(last)}`;
  if (d > 1) return `${ny}-${pad2(nm)}-${pad2(d - 1)}`;
  nm -= 1;
  if (nm === 0) {
    nm = 12;
    ny -= 1;
  }
  return `${ny}-${pad2(nm)}-${pad2(dim(ny, nm))}`;
}

let thresholdAsOf = '';
let thresholds = new Map<number, string>();
/** asOf + n days, cached for the current as-of date (few distinct values per run). */
function plusDays(asOf: string, n: number): string {
  if (asOf !== thresholdAsOf) {
    thresholdAsOf = asOf;
    thresholds = new Map();
  }
  let v = thresholds.get(n);
  if (v === undefined) {
    v = addDays(asOf, n);
    thresholds.set(n, v);
  }
  return v;
}

/** Latest valid-until the rule allows for a verification on `date` (null: no cycle/limit). */
export function maxValidUntil(rule: RuleDef, date: string): string | null {
  return rule.cycleMonths === null ? null : periodEndFast(date, rule.cycleMonths);
}

// ---------------------------------------------------------------------------------------------
// Reasons (zh-CN catalog keys status.*)

export function regulationLabel(r: RuleDef): string {
  return r.edition ? `${r.regulationId}-${r.edition}` : r.regulationId;
}

const cycleCache = new Map<number | null, string>();
export function cycleLabel(months: number | null): string {
  let v = cycleCache.get(months);
  if (v === undefined) {
    v =
      months === null
        ? t('status.cycle.none')
        : months % 12 === 0
          ? t('status.cycle.years', { n: months / 12 })
          : t('status.cycle.months', { n: months });
    cycleCache.set(months, v);
  }
  return v;
}

const templateCache = new Map<string, string[]>();
/** t() with a cached split of the template (hot path: one reason per instrument). */
function tf(key: string, params: Record<string, string | number>): string {
  let parts = templateCache.get(key);
  if (!parts) {
    parts = t(key).split(/\{(\w+)\}/);
    templateCache.set(key, parts);
  }
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (i % 2 === 0) out += p;
    else {
      const v = params[p];
      out += v === undefined ? `{${p}}` : String(v);
    }
  }
  return out;
}

const labelCache: Partial<Record<InstrumentStatus, string>> = {};
function statusLabel(s: InstrumentStatus): string {
  let v = labelCache[s];
  if (v === undefined) labelCache[s] = v = t(`status.label.${s}`);
  return v;
}

const textCache = new Map<string, string>();
/** A parameterless catalog string, cached (the catalog is static). */
function tc(key: string): string {
  let v = textCache.get(key);
  if (v === undefined) {
    v = t(key);
    textCache.set(key, v);
  }
  return v;
}

function flagsText(flags: readonly StatusFlag[], params: Record<string, string>): string {
  if (flags.length === 0) return '';
  return t('status.reason.flags', { flags: flags.map((f) => t(`status.flag.${f}`, params)).join(t('status.reason.flagSeparator')) });
}

const SPOT = 'spot_check';

function byDateThenLevel(a: VerificationRecord, b: VerificationRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  // the same day: the dispenser-level record first, the nozzle's own (more specific) after it
  return a.nozzleNo - b.nozzleNo;
}

function warnDaysFor(category: string, config: StatusConfig): number {
  if (category === 'fuel_dispenser') return config.warnDays.dispenser;
  if ((STATION_AUXILIARY_CATEGORIES as readonly string[]).includes(category)) return config.warnDays.auxiliary;
  return config.warnDays.meter;
}

interface UnitInput {
  category: string;
  attrs: NormalizedAttrs;
  /** Records of this unit, any order; filtered to ≤ asOf here. */
  records: readonly VerificationRecord[];
  asOf: string;
  installDate: string | null;
  /** Reference for installed_before_verification: dispensers firstUseDate, others installDate. */
  useStart: string | null;
  rules: RuleSet;
  config: StatusConfig;
  /** the category's rules whose condition holds (computed when absent) */
  candidates?: readonly RuleDef[];
}

/** Status of one unit (an instrument without nozzles, or one nozzle), docs/domain/forms.md §1 steps 1–5. */
export function evaluateUnit(u: UnitInput): UnitStatus {
  const { asOf, config } = u;
  const recs = u.records.filter((r) => r.date <= asOf).sort(byDateThenLevel);
  const flags: StatusFlag[] = [];
  if (u.attrs.assumed) flags.push('attributes_assumed');
  const candidates = u.candidates ?? candidatesFor(u.rules, u.attrs, u.category, config);
  const ruleAtAsOf = pickByDate(candidates, asOf);

  // 1. failed: the latest failure with no passing verification (spot checks excluded) after it
  let lastFail = -1;
  for (let i = recs.length - 1; i >= 0; i--) {
    if ((recs[i] as VerificationRecord).conclusion === 'failed') {
      lastFail = i;
      break;
    }
  }
  if (lastFail >= 0) {
    let cleared = false;
    for (let i = lastFail + 1; i < recs.length; i++) {
      const r = recs[i] as VerificationRecord;
      if (r.conclusion === 'passed' && r.kind !== SPOT) {
        cleared = true;
        break;
      }
    }
    if (!cleared) {
      const f = recs[lastFail] as VerificationRecord;
      const spot = f.kind === SPOT;
      const reason =
        tf(spot ? 'status.reason.failed_spot_check' : 'status.reason.failed_verification', {
          date: f.date,
          kind: tc(`enum.verificationKind.${f.kind}`),
          regulation: ruleAtAsOf ? regulationLabel(ruleAtAsOf) : tc('status.noRule'),
        }) + flagsText(flags, {});
      return {
        status: 'failed',
        validUntil: null,
        dueDate: f.date,
        reasonCode: spot ? 'failed_spot_check' : 'failed_verification',
        reasonFlags: flags,
        reason,
        rule: ruleAtAsOf,
        governing: f,
      };
    }
  }

  // 2. unverified (electricity: install date as an assumed initial verification)
  const passes = recs.filter((r) => r.conclusion === 'passed' && r.kind !== SPOT);
  let governing: VerificationRecord | null = null;
  const countedFrom = ruleAtAsOf?.countedFrom ?? 'last_pass';
  if (passes.length === 0) {
    // "no verification record" (docs/domain/forms.md §1): none at all, not only none up to the as-of date (a meter installed
    // before its initial verification is unverified until then); a spot check is not a verification
    if (
      countedFrom === 'last_pass_or_install' &&
      u.installDate !== null &&
      u.installDate <= asOf &&
      !u.records.some((r) => r.kind !== SPOT)
    ) {
      governing = { nozzleNo: 0, kind: 'initial', date: u.installDate, conclusion: 'passed', validUntil: null };
      flags.push('assumed_from_install');
    } else {
      const reg = ruleAtAsOf
        ? `${regulationLabel(ruleAtAsOf)} ${tc(ruleAtAsOf.mode === 'first_only_limited_use' ? 'status.term.limit' : 'status.term.cycle')}${cycleLabel(ruleAtAsOf.cycleMonths)}`
        : tc('status.noRule');
      return {
        status: 'unverified',
        validUntil: null,
        dueDate: u.installDate,
        reasonCode: 'never_verified',
        reasonFlags: flags,
        reason: tf('status.reason.never_verified', { regulation: reg }) + flagsText(flags, {}),
        rule: ruleAtAsOf,
        governing: null,
      };
    }
  } else if (countedFrom === 'initial_pass') {
    for (let i = passes.length - 1; i >= 0; i--) {
      if ((passes[i] as VerificationRecord).kind === 'initial') {
        governing = passes[i] as VerificationRecord;
        break;
      }
    }
    // no initial record: the earliest pass stands for it (never extends the limit)
    governing ??= passes[0] as VerificationRecord;
  } else {
    governing = passes[passes.length - 1] as VerificationRecord;
  }
  const gov = governing as VerificationRecord;

  // installed before its initial verification
  const firstInitial = passes.find((r) => r.kind === 'initial');
  if (firstInitial && u.useStart !== null && firstInitial.date > u.useStart) flags.push('installed_before_verification');

  // validUntil: the certificate wins; else date + cycle (periodEnd); the rule of the verification date
  const rule = pickByDate(candidates, gov.date) ?? ruleAtAsOf;
  const computed = rule ? maxValidUntil(rule, gov.date) : null;
  let validUntil = computed;
  let fromCertificate = false;
  if (gov.validUntil !== null) {
    if (gov.validUntil >= gov.date) {
      validUntil = gov.validUntil;
      fromCertificate = true;
      if (computed !== null && gov.validUntil > computed) flags.push('certificate_beyond_rule');
    } else {
      flags.push('certificate_invalid');
    }
  }
  const mode: VerificationMode = rule?.mode ?? 'periodic';
  const limited = mode === 'first_only_limited_use';
  const params = {
    regulation: rule ? regulationLabel(rule) : tc('status.noRule'),
    cycleTerm: tc(limited ? 'status.term.limit' : 'status.term.cycle'),
    cycle: cycleLabel(rule?.cycleMonths ?? null),
    dateTerm: tc(
      flags.includes('assumed_from_install')
        ? 'status.term.installDate'
        : countedFrom === 'initial_pass'
          ? 'status.term.initialDate'
          : 'status.term.lastDate',
    ),
    date: gov.date,
    untilTerm: tc(fromCertificate ? 'status.term.certificateUntil' : 'status.term.until'),
    validUntil: validUntil ?? '',
    max: computed ?? '',
    label: '',
  };
  const b: BuildCtx = { validUntil, flags, params, rule, gov };
  if (validUntil === null) return buildUnit(b, 'valid', 'valid_computed', rule ? 'no_limit' : 'no_rule');
  // 3. overdue / rotation_overdue
  if (validUntil < asOf) return buildUnit(b, limited ? 'rotation_overdue' : 'overdue', limited ? 'rotation_overdue' : 'overdue', 'dated');
  // 4. due soon / rotation due
  if (validUntil <= plusDays(asOf, warnDaysFor(u.category, config))) {
    return buildUnit(b, limited ? 'rotation_due' : 'due_soon', limited ? 'rotation_due' : 'due_soon', 'dated');
  }
  // 5. valid
  return buildUnit(b, 'valid', fromCertificate ? 'valid_certificate' : 'valid_computed', 'dated');
}

interface BuildCtx {
  validUntil: string | null;
  flags: StatusFlag[];
  params: Record<string, string>;
  rule: RuleDef | null;
  gov: VerificationRecord;
}

/** The dated/no-limit result of evaluateUnit (module-level: no closure per instrument on the hot path). */
function buildUnit(b: BuildCtx, status: InstrumentStatus, reasonCode: ReasonCode, key: string): UnitStatus {
  b.params.label = statusLabel(status);
  return {
    status,
    validUntil: b.validUntil,
    dueDate: b.validUntil,
    reasonCode,
    reasonFlags: b.flags,
    reason: tf(`status.reason.${key}`, b.params) + flagsText(b.flags, b.params),
    rule: b.rule,
    governing: b.gov,
  };
}

/** Severity for "worst": failed > unverified > overdue > due soon > valid (docs/domain/forms.md §1). */
export const STATUS_SEVERITY: Readonly<Record<InstrumentStatus, number>> = {
  failed: 7,
  unverified: 6,
  rotation_overdue: 5,
  overdue: 5,
  rotation_due: 3,
  due_soon: 3,
  valid: 1,
  removed: 0,
};

/** Service start (docs/domain/forms.md §1 inService): install date, else earliest verification, else creation date. */
export function serviceStart(a: InstrumentAttrs, records: readonly VerificationRecord[]): string | null {
  if (a.installDate) return a.installDate;
  let min: string | null = null;
  for (const r of records) if (min === null || r.date < min) min = r.date;
  return min ?? a.createdOn ?? null;
}

export interface ComputeInput {
  attrs: InstrumentAttrs;
  verifications: readonly VerificationRecord[];
  nozzles?: readonly NozzleRecord[];
  asOf: string;
  rules: RuleSet;
  config?: StatusConfig;
}

/**
 * The pure status function: attributes + verification history (+ nozzles) + as-of + rules →
 * { status, validUntil, dueDate, ruleRef, reasonCode, reasonFlags, reason }.
 */
function base(u: UnitStatus, extra?: Partial<StatusResult>): StatusResult {
  const r: StatusResult = {
    status: u.status,
    validUntil: u.validUntil,
    dueDate: u.dueDate,
    reasonCode: u.reasonCode,
    reasonFlags: u.reasonFlags,
    reason: u.reason,
    rule: u.rule,
    governing: u.governing,
    ruleRef: u.rule ? `${u.rule.ruleKey}@${u.rule.version}` : null,
    mode: u.rule?.mode ?? null,
    inService: true,
    beforeStart: false,
    nozzles: [],
  };
  return extra ? Object.assign(r, extra) : r;
}

export function computeStatus(input: ComputeInput): StatusResult {
  const { attrs, asOf, rules } = input;
  const config = input.config ?? DEFAULT_STATUS_CONFIG;
  const norm = normalizeAttrs(attrs);
  const candidates = candidatesFor(rules, norm, attrs.category, config);
  // not in service → removed
  const start = serviceStart(attrs, input.verifications);
  const removedState = attrs.ledgerState === 'removed' || attrs.ledgerState === 'scrapped' || attrs.ledgerState === 'suspended';
  const removedByDate = attrs.removalDate !== null && attrs.removalDate <= asOf;
  if (removedByDate || (attrs.removalDate === null && removedState) || (start !== null && asOf < start)) {
    const beforeStart = !removedByDate && !(attrs.removalDate === null && removedState);
    const suspended = attrs.ledgerState === 'suspended' && !beforeStart;
    const scrapped = attrs.ledgerState === 'scrapped' && !beforeStart;
    const left = suspended ? 'suspended' : scrapped ? 'scrapped' : 'removed';
    const key = beforeStart ? 'not_in_service' : attrs.removalDate === null ? `${left}_undated` : left;
    return base(
      {
        status: 'removed',
        validUntil: null,
        dueDate: null,
        reasonCode: suspended ? 'suspended' : 'removed',
        reasonFlags: [],
        reason: tf(`status.reason.${key}`, { date: beforeStart ? (start ?? '') : (attrs.removalDate ?? '') }),
        rule: pickByDate(candidates, asOf),
        governing: null,
      },
      { inService: false, beforeStart },
    );
  }

  const isDispenser = attrs.category === 'fuel_dispenser';
  const useStart = isDispenser ? (attrs.firstUseDate ?? null) : attrs.installDate;
  const nozzles = (input.nozzles ?? []).filter((n) => n.removalDate === null || n.removalDate > asOf);
  if (!isDispenser || nozzles.length === 0) {
    return base(
      evaluateUnit({
        category: attrs.category,
        attrs: norm,
        records: input.verifications,
        asOf,
        installDate: attrs.installDate,
        useStart,
        rules,
        config,
        candidates,
      }),
    );
  }

  // dispenser with nozzles: each nozzle's own records, plus dispenser-level records it has no later own record after
  const own = new Map<number, VerificationRecord[]>();
  const dispenserLevel: VerificationRecord[] = [];
  for (const v of input.verifications) {
    if (v.nozzleNo === 0) dispenserLevel.push(v);
    else {
      let l = own.get(v.nozzleNo);
      if (!l) {
        l = [];
        own.set(v.nozzleNo, l);
      }
      l.push(v);
    }
  }
  const results: NozzleStatus[] = [];
  for (const n of [...nozzles].sort((a, b) => a.nozzleNo - b.nozzleNo)) {
    const mine = own.get(n.nozzleNo) ?? [];
    const applicable = dispenserLevel.filter((d) => !mine.some((m) => m.kind !== SPOT && m.date > d.date && m.date <= asOf));
    const u = evaluateUnit({
      category: attrs.category,
      attrs: norm,
      records: [...mine, ...applicable],
      asOf,
      installDate: attrs.installDate,
      useStart,
      rules,
      config,
      candidates,
    });
    results.push({ ...u, nozzleNo: n.nozzleNo });
  }
  let worst = results[0] as NozzleStatus;
  for (const r of results) {
    const s = STATUS_SEVERITY[r.status];
    const w = STATUS_SEVERITY[worst.status];
    if (s > w || (s === w && (r.dueDate ?? '9999') < (worst.dueDate ?? '9999'))) worst = r;
  }
  let earliest: string | null = null;
  for (const r of results) if (r.validUntil !== null && (earliest === null || r.validUntil < earliest)) earliest = r.validUntil;
  const flags = [...new Set(results.flatMap((r) => r.reasonFlags))];
  const dated = worst.status === 'valid' || worst.status === 'due_soon' || worst.status === 'overdue';
  return base(
    {
      ...worst,
      validUntil: earliest,
      dueDate: dated ? earliest : worst.dueDate,
      reasonFlags: flags,
      reason: tf('status.reason.nozzle', { n: worst.nozzleNo, reason: worst.reason }),
    },
    { nozzles: results },
  );
}
