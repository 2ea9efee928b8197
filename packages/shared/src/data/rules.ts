/**
 * Rule catalog (目录与规程) — reviewed data for docs/domain/regulations.md §2. Seeded idempotently into `rule_versions`
 * (version 1 of each rule key = this baseline; admin edits add versions in the database, never here).
 * Citations are regulation + edition + article/clause, never a URL (docs/domain/regulations.md, Sources).
 *
 * Condition language (evaluated by the status engine on normalised attributes):
 *   { all?: Clause[]; any?: Clause[] } — every `all` clause and at least one `any` clause (if given) must hold.
 *   Clause: { attr, op, value, ifUnknown? } — numeric ops lte/lt/gt/gte (value a number or { setting: key }),
 *   `in` for codes. `ifUnknown` is the clause's result when the attribute is unknown (default false).
 * Attributes: caliberDn (mm), q3 (m³/h), gRating (number after G), gasMedium, accuracyClass ('2','1','0.5S','0.2S'…),
 *   meterKind ('electronic'|'mechanical'), phase ('single'|'three'), bearing ('magnetic_or_double_jewel'|'standard').
 * Rules of one category are tried in `sortOrder`; the first whose condition holds and whose effective dates
 * contain the verification date is used (docs/domain/regulations.md principle 1).
 */

export type RuleAttr = 'caliberDn' | 'q3' | 'gRating' | 'gasMedium' | 'accuracyClass' | 'meterKind' | 'phase' | 'bearing';
export type RuleClause =
  | { attr: 'caliberDn' | 'q3' | 'gRating'; op: 'lte' | 'lt' | 'gt' | 'gte'; value: number | { setting: string }; ifUnknown?: boolean }
  | { attr: 'gasMedium' | 'accuracyClass' | 'meterKind' | 'phase' | 'bearing'; op: 'in'; value: string[]; ifUnknown?: boolean };
export interface RuleCondition {
  all?: RuleClause[];
  any?: RuleClause[];
}

/** What the validity period counts from (docs/domain/regulations.md §2 "counted from", docs/domain/forms.md §1 governing verification). */
export type RuleCountedFrom =
  /** the latest passing verification (initial, periodic, subsequent, arbitration) */
  | 'last_pass'
  /** the passing initial verification (water and gas limited-use meters) */
  | 'initial_pass'
  /** the latest passing verification; with no record at all, the install date (electricity, flag assumed_from_install) */
  | 'last_pass_or_install';

export type RuleTag = 'C' | 'P' | 'U';

export interface RuleSeed {
  ruleKey: string;
  category:
    | 'fuel_dispenser'
    | 'water_meter'
    | 'gas_meter'
    | 'electricity_meter'
    | 'dipstick'
    | 'hydrometer'
    | 'thermometer'
    | 'tank_level_gauge'
    | 'standard_measure';
  sortOrder: number;
  condition: RuleCondition;
  mode: 'periodic' | 'first_only_limited_use' | 'first_only_until_failure';
  /** Cycle (periodic) or usage limit (limited use) in months; null = none (until failure). */
  cycleMonths: number | null;
  countedFrom: RuleCountedFrom;
  /** e.g. 'JJG 443' */
  regulationId: string;
  /** e.g. '2023' */
  edition: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  citation: string;
  tag: RuleTag;
  /** Station auxiliaries: false until the bureau marks them mandatory (docs/domain/forms.md §0). */
  mandatory: boolean;
  note: string;
}

/** Settings setting keys referenced by conditions. */
export const RULE_SETTING_GAS_G_MAX = 'status.gas_g_max';

export const RULE_SEEDS: readonly RuleSeed[] = [
  // ---- 燃油加油机: JJG 443, edition switch on 2024-05-01 (the verification date selects the edition) ----
  {
    ruleKey: 'fuel_dispenser.jjg443_2015',
    category: 'fuel_dispenser',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 6,
    countedFrom: 'last_pass',
    regulationId: 'JJG 443',
    edition: '2015',
    effectiveFrom: null,
    effectiveTo: '2024-04-30',
    citation: 'JJG 443-2015《燃油加油机》检定周期一般不超过6个月；《实施强制管理的计量器具目录》(市场监管总局公告2020年第42号)',
    tag: 'P',
    mandatory: true,
    note: '贸易结算用；JJG 443-2015 实施起始日期未确认 [U]；型式批准要求 [U]',
  },
  {
    ruleKey: 'fuel_dispenser.jjg443_2023',
    category: 'fuel_dispenser',
    sortOrder: 20,
    condition: {},
    mode: 'periodic',
    cycleMonths: 6,
    countedFrom: 'last_pass',
    regulationId: 'JJG 443',
    edition: '2023',
    effectiveFrom: '2024-05-01',
    effectiveTo: null,
    citation:
      'JJG 443-2023《燃油加油机(试行)》(2023-12-21 发布，2024-05-01 实施) 检定周期6个月；《实施强制管理的计量器具目录》(市场监管总局公告2020年第42号)',
    tag: 'P',
    mandatory: true,
    note: '贸易结算用；两版规程检定周期相同，引用与检定项目不同',
  },

  // ---- 水表: JJG 162-2019; mode periodic if DN > 50 or Q3 > 16 ----
  {
    ruleKey: 'water_meter.periodic_large',
    category: 'water_meter',
    sortOrder: 10,
    condition: {
      any: [
        { attr: 'caliberDn', op: 'gt', value: 50 },
        { attr: 'q3', op: 'gt', value: 16 },
      ],
    },
    mode: 'periodic',
    cycleMonths: 24,
    countedFrom: 'last_pass',
    regulationId: 'JJG 162',
    edition: '2019',
    effectiveFrom: '2020-03-31',
    effectiveTo: null,
    citation: 'JJG 162-2019《饮用冷水水表》：口径大于DN50或常用流量Q3大于16 m³/h 的水表检定周期为2年',
    tag: 'P',
    mandatory: true,
    note: 'DN 与 Q3 任一已知属性满足即为周期检定',
  },
  {
    ruleKey: 'water_meter.limited_dn25',
    category: 'water_meter',
    sortOrder: 20,
    condition: {
      all: [
        { attr: 'caliberDn', op: 'lte', value: 25 },
        { attr: 'q3', op: 'lte', value: 16, ifUnknown: true },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 72,
    countedFrom: 'initial_pass',
    regulationId: 'JJG 162',
    edition: '2019',
    effectiveFrom: '2020-03-31',
    effectiveTo: null,
    citation:
      'JJG 162-2019《饮用冷水水表》；《实施强制管理的计量器具目录》(2020)：口径不大于DN25 的水表只做首次强制检定，限期使用不超过6年，到期轮换',
    tag: 'P',
    mandatory: true,
    note: '限期可因高温、腐蚀或水质差缩短 [P]',
  },
  {
    ruleKey: 'water_meter.limited_dn50',
    category: 'water_meter',
    sortOrder: 30,
    condition: {
      all: [
        { attr: 'caliberDn', op: 'gt', value: 25 },
        { attr: 'caliberDn', op: 'lte', value: 50 },
        { attr: 'q3', op: 'lte', value: 16, ifUnknown: true },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 48,
    countedFrom: 'initial_pass',
    regulationId: 'JJG 162',
    edition: '2019',
    effectiveFrom: '2020-03-31',
    effectiveTo: null,
    citation: 'JJG 162-2019《饮用冷水水表》：口径大于DN25且不大于DN50 的水表只做首次强制检定，限期使用不超过4年，到期轮换',
    tag: 'P',
    mandatory: true,
    note: '',
  },

  // ---- 燃气表: JJG 577-2012 / JJG 1190-2022; G boundary is a setting (default G16) ----
  {
    ruleKey: 'gas_meter.limited_natural_gas',
    category: 'gas_meter',
    sortOrder: 10,
    condition: {
      all: [
        { attr: 'gRating', op: 'lte', value: { setting: RULE_SETTING_GAS_G_MAX } },
        { attr: 'gasMedium', op: 'in', value: ['natural_gas'] },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 120,
    countedFrom: 'initial_pass',
    regulationId: 'JJG 577',
    edition: '2012',
    effectiveFrom: null,
    effectiveTo: null,
    citation:
      'JJG 577-2012《膜式燃气表》/ JJG 1190-2022《超声波燃气表》；《实施强制管理的计量器具目录》(2020)：G1.6–G16 天然气表只做首次强制检定，限期使用不超过10年，到期轮换',
    tag: 'P',
    mandatory: true,
    note: '实施日期未确认 [U]；Qmax≤10 m³/h 界限未确认 [U]',
  },
  {
    ruleKey: 'gas_meter.limited_other_medium',
    category: 'gas_meter',
    sortOrder: 20,
    condition: {
      all: [
        { attr: 'gRating', op: 'lte', value: { setting: RULE_SETTING_GAS_G_MAX } },
        { attr: 'gasMedium', op: 'in', value: ['manufactured_gas', 'lpg'] },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 72,
    countedFrom: 'initial_pass',
    regulationId: 'JJG 577',
    edition: '2012',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 577-2012《膜式燃气表》：G1.6–G16 人工煤气、液化石油气表只做首次强制检定，限期使用不超过6年，到期轮换',
    tag: 'P',
    mandatory: true,
    note: '',
  },
  {
    ruleKey: 'gas_meter.periodic_large',
    category: 'gas_meter',
    sortOrder: 30,
    condition: { all: [{ attr: 'gRating', op: 'gt', value: { setting: RULE_SETTING_GAS_G_MAX } }] },
    mode: 'periodic',
    cycleMonths: 36,
    countedFrom: 'last_pass',
    regulationId: 'JJG 577',
    edition: '2012',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 577-2012《膜式燃气表》：G16 以上燃气表周期检定（周期未经确认，暂定3年）',
    tag: 'U',
    mandatory: true,
    note: '占位值，须由管理员确认',
  },

  // ---- 电能表: JJG 596-2012 (electronic), JJG 307-2006 (mechanical) ----
  {
    ruleKey: 'electricity_meter.mechanical_three_phase',
    category: 'electricity_meter',
    sortOrder: 10,
    condition: {
      all: [
        { attr: 'meterKind', op: 'in', value: ['mechanical'] },
        { attr: 'phase', op: 'in', value: ['three'] },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 72,
    countedFrom: 'last_pass_or_install',
    regulationId: 'JJG 307',
    edition: '2006',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 307-2006《机电式交流电能表》：三相机械式电能表使用期限不超过6年',
    tag: 'P',
    mandatory: true,
    note: '',
  },
  {
    ruleKey: 'electricity_meter.mechanical_single_phase_long_life',
    category: 'electricity_meter',
    sortOrder: 20,
    condition: {
      all: [
        { attr: 'meterKind', op: 'in', value: ['mechanical'] },
        { attr: 'bearing', op: 'in', value: ['magnetic_or_double_jewel'] },
      ],
    },
    mode: 'first_only_limited_use',
    cycleMonths: 180,
    countedFrom: 'last_pass_or_install',
    regulationId: 'JJG 307',
    edition: '2006',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 307-2006《机电式交流电能表》：采用磁力轴承或双宝石轴承的单相电能表使用期限不超过15年',
    tag: 'P',
    mandatory: true,
    note: '',
  },
  {
    ruleKey: 'electricity_meter.mechanical_single_phase',
    category: 'electricity_meter',
    sortOrder: 30,
    condition: { all: [{ attr: 'meterKind', op: 'in', value: ['mechanical'] }] },
    mode: 'first_only_limited_use',
    cycleMonths: 120,
    countedFrom: 'last_pass_or_install',
    regulationId: 'JJG 307',
    edition: '2006',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 307-2006《机电式交流电能表》：单相机械式电能表使用期限不超过10年',
    tag: 'P',
    mandatory: true,
    note: '',
  },
  {
    ruleKey: 'electricity_meter.class_05s_02s',
    category: 'electricity_meter',
    sortOrder: 40,
    condition: { all: [{ attr: 'accuracyClass', op: 'in', value: ['0.5S', '0.2S', '0.5', '0.2'] }] },
    mode: 'periodic',
    cycleMonths: 72,
    countedFrom: 'last_pass_or_install',
    regulationId: 'JJG 596',
    edition: '2012',
    effectiveFrom: '2013-04-08',
    effectiveTo: null,
    citation: 'JJG 596-2012《电子式交流电能表》：0.5S 级、0.2S 级(C、D 级)电能表周期检定（周期未经确认，暂定6年）',
    tag: 'U',
    mandatory: true,
    note: '占位值，须由管理员确认',
  },
  {
    ruleKey: 'electricity_meter.direct_class_1_2',
    category: 'electricity_meter',
    sortOrder: 50,
    condition: {},
    mode: 'first_only_limited_use',
    cycleMonths: 96,
    countedFrom: 'last_pass_or_install',
    regulationId: 'JJG 596',
    edition: '2012',
    effectiveFrom: '2013-04-08',
    effectiveTo: null,
    citation: 'JJG 596-2012《电子式交流电能表》：直接接入式1级、2级(B、A 级)电能表使用期限8年；重新检定合格或拆除即满足',
    tag: 'P',
    mandatory: true,
    note: '监管方式（限期使用或周期检定）未确认 [U]；状态评价延期默认关闭',
  },

  // ---- 加油站配套器具 (station auxiliaries): periodic 1 year placeholders, not mandatory by default ----
  {
    ruleKey: 'dipstick.periodic',
    category: 'dipstick',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 12,
    countedFrom: 'last_pass',
    regulationId: 'JJG 4',
    edition: '2015',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 4-2015《钢卷尺》：量油尺周期检定（周期未经确认，暂定1年）；1987 强检目录',
    tag: 'U',
    mandatory: false,
    note: '2020 目录是否保留未确认',
  },
  {
    ruleKey: 'hydrometer.periodic',
    category: 'hydrometer',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 12,
    countedFrom: 'last_pass',
    regulationId: 'JJG 42',
    edition: '2011',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 42-2011《工作玻璃浮计》：密度计周期检定（周期未经确认，暂定1年）；1987 强检目录',
    tag: 'U',
    mandatory: false,
    note: '2020 目录是否保留未确认',
  },
  {
    ruleKey: 'thermometer.periodic',
    category: 'thermometer',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 12,
    countedFrom: 'last_pass',
    regulationId: 'JJG 130',
    edition: '2011',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 130-2011《玻璃液体温度计》：温度计周期检定（周期未经确认，暂定1年）；1987 强检目录',
    tag: 'U',
    mandatory: false,
    note: '2020 目录是否保留未确认',
  },
  {
    ruleKey: 'tank_level_gauge.periodic',
    category: 'tank_level_gauge',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 12,
    countedFrom: 'last_pass',
    regulationId: 'JJG 971',
    edition: '',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 971《液位计》(版本未确认)：液位仪周期检定（周期未经确认，暂定1年）',
    tag: 'U',
    mandatory: false,
    note: '规程版本未确认',
  },
  {
    ruleKey: 'standard_measure.periodic',
    category: 'standard_measure',
    sortOrder: 10,
    condition: {},
    mode: 'periodic',
    cycleMonths: 12,
    countedFrom: 'last_pass',
    regulationId: 'JJG 259',
    edition: '',
    effectiveFrom: null,
    effectiveTo: null,
    citation: 'JJG 259《标准金属量器》(版本未确认)：自校罐(≥20 L)周期检定（周期未经确认，暂定1年）',
    tag: 'U',
    mandatory: false,
    note: '规程版本未确认',
  },
];

/** Status settings (stored as `settings` rows; these are the defaults; docs/domain/forms.md §1, docs/domain/regulations.md §8). */
export const STATUS_SETTING_DEFAULTS: Readonly<Record<string, string>> = {
  /** warning window (days) for fuel dispensers */
  'status.warn_days.dispenser': '30',
  /** warning window (days) for station auxiliaries */
  'status.warn_days.auxiliary': '30',
  /** warning window (days) for civil meters */
  'status.warn_days.meter': '180',
  /** electricity 状态评价 extension switch (off: no extension known for 内蒙古) */
  'status.electricity_extension': 'false',
  /** gas meter G-rating boundary between limited use and periodic (G16) */
  [RULE_SETTING_GAS_G_MAX]: '16',
};

/**
 * Household defaults for missing attributes (docs/domain/regulations.md §2 notes): the value taken and flagged
 * `attributes_assumed`. Water DN ≤ 25; gas G1.6–G16 on natural gas; electricity direct-connected class 2.
 */
export const ASSUMED_ATTRIBUTES = {
  water_meter: { caliberDn: 20 },
  gas_meter: { gRating: 4, gasMedium: 'natural_gas' },
  electricity_meter: { accuracyClass: '2' },
} as const;

/** Name keywords that classify electricity meters (mechanical, three-phase, long-life bearings). */
export const ELECTRICITY_NAME_KEYWORDS = {
  mechanical: ['机械', '感应式', '机电式'],
  threePhase: ['三相'],
  longLifeBearing: ['磁力轴承', '双宝石'],
} as const;

/** Accuracy class spellings → normalised class (B = 1, A = 2, C = 0.5S, D = 0.2S). */
export const ACCURACY_CLASS_ALIASES: Readonly<Record<string, string>> = {
  A: '2',
  B: '1',
  C: '0.5S',
  D: '0.2S',
  '2.0': '2',
  '1.0': '1',
};

/** The unit word after an accuracy class ('2级', '0.5S级'), stripped before matching. */
export const ACCURACY_CLASS_SUFFIX = '级';

/** Gas medium spellings in attributes (aliases of enum values). */
export const GAS_MEDIUM_ALIASES: Readonly<Record<string, string>> = {
  天然气: 'natural_gas',
  人工煤气: 'manufactured_gas',
  煤气: 'manufactured_gas',
  液化石油气: 'lpg',
  液化气: 'lpg',
};
