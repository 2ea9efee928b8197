import { z } from 'zod';
import { CATEGORIES, REASON_CODES, STATUSES, VERIFICATION_MODES } from '../enums.js';
import { MAX_PAGE_SIZE, MAX_TEXT, ZDate } from './common.schema.js';

/** Rule condition clause (packages/shared/src/data/rules.ts documents the language). */
export const ZRuleClause = z.union([
  z.object({
    attr: z.enum(['caliberDn', 'q3', 'gRating']),
    op: z.enum(['lte', 'lt', 'gt', 'gte']),
    value: z.union([z.number(), z.object({ setting: z.string().min(1) })]),
    ifUnknown: z.boolean().optional(),
  }),
  z.object({
    attr: z.enum(['gasMedium', 'accuracyClass', 'meterKind', 'phase', 'bearing']),
    op: z.literal('in'),
    value: z.array(z.string()),
    ifUnknown: z.boolean().optional(),
  }),
]);
export const ZRuleCondition = z.object({ all: z.array(ZRuleClause).optional(), any: z.array(ZRuleClause).optional() });

export const RULE_COUNTED_FROM = ['last_pass', 'initial_pass', 'last_pass_or_install'] as const;
export const RULE_TAGS = ['C', 'P', 'U'] as const;

/** One version of a catalog rule. */
export const ZRule = z.object({
  id: z.number().int(),
  ruleKey: z.string(),
  version: z.number().int(),
  category: z.enum(CATEGORIES),
  sortOrder: z.number().int(),
  condition: ZRuleCondition,
  mode: z.enum(VERIFICATION_MODES),
  cycleMonths: z.number().int().nullable(),
  countedFrom: z.enum(RULE_COUNTED_FROM),
  regulationId: z.string(),
  edition: z.string(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  citation: z.string(),
  tag: z.enum(RULE_TAGS),
  mandatory: z.boolean(),
  active: z.boolean(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  supersededAt: z.string().nullable(),
  note: z.string().nullable(),
  /** true for the latest version of its rule key */
  current: z.boolean(),
});
export type TRule = z.infer<typeof ZRule>;

export const ZRuleListQuery = z.object({
  category: z.enum(CATEGORIES).optional(),
  /** include superseded versions (history) */
  history: z.enum(['0', '1']).optional(),
});
export type TRuleListQuery = z.infer<typeof ZRuleListQuery>;

/** An admin edit: creates a new version of the rule key, recorded now (docs/domain/regulations.md principle 1). */
export const ZUpdateRuleRequest = z
  .object({
    condition: ZRuleCondition.optional(),
    mode: z.enum(VERIFICATION_MODES).optional(),
    cycleMonths: z.number().int().min(1).max(600).nullable().optional(),
    countedFrom: z.enum(RULE_COUNTED_FROM).optional(),
    regulationId: z.string().min(1).max(100).optional(),
    edition: z.string().max(50).optional(),
    effectiveFrom: ZDate.nullable().optional(),
    effectiveTo: ZDate.nullable().optional(),
    citation: z.string().min(1).max(MAX_TEXT).optional(),
    tag: z.enum(RULE_TAGS).optional(),
    mandatory: z.boolean().optional(),
    active: z.boolean().optional(),
    sortOrder: z.number().int().optional(),
    note: z.string().max(MAX_TEXT).nullable().optional(),
  })
  .strict();
export type TUpdateRuleRequest = z.infer<typeof ZUpdateRuleRequest>;

export const ZStatusSettingVersion = z.object({ version: z.number(), value: z.string(), recordedAt: z.string(), recordedBy: z.string() });
/** A status setting: its current value and, once edited, every value it has had (version 1: before the first edit). */
export const ZStatusSetting = z.object({
  key: z.string(),
  value: z.string(),
  updatedAt: z.string().nullable(),
  history: z.array(ZStatusSettingVersion).optional(),
});
export const ZUpdateStatusSettingRequest = z.object({ value: z.string().min(1).max(100) });

export const ZAsOfQuery = z.object({ asOf: ZDate.optional() });

const ZStatusEnum = z.enum(STATUSES);

export const ZVerificationBrief = z.object({
  id: z.number().int().nullable(),
  nozzleNo: z.number().int(),
  kind: z.string(),
  date: z.string(),
  conclusion: z.string(),
  validUntil: z.string().nullable(),
  certificateNo: z.string().nullable(),
  institutionName: z.string().nullable(),
});

export const ZNozzleStatus = z.object({
  nozzleNo: z.number().int(),
  status: ZStatusEnum,
  validUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
  reasonCode: z.enum(REASON_CODES),
  reason: z.string(),
});

/** GET /instruments/:id/status — the status with its explanation. */
export const ZInstrumentStatusExplain = z.object({
  instrumentId: z.number().int(),
  serialNo: z.string(),
  category: z.enum(CATEGORIES),
  asOf: z.string(),
  /** 'stored' when read from the stored columns computed today; 'computed' for another as-of date */
  source: z.enum(['stored', 'computed']),
  status: ZStatusEnum,
  validUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
  reasonCode: z.enum(REASON_CODES),
  reasonFlags: z.array(z.string()),
  reason: z.string(),
  ruleRef: z.string().nullable(),
  rule: ZRule.nullable(),
  mode: z.enum(VERIFICATION_MODES).nullable(),
  governing: ZVerificationBrief.nullable(),
  verifications: z.array(ZVerificationBrief),
  nozzles: z.array(ZNozzleStatus),
});
export type TInstrumentStatusExplain = z.infer<typeof ZInstrumentStatusExplain>;

export const DUE_LIST_DEFAULT_STATUSES = ['due_soon', 'overdue', 'rotation_due', 'rotation_overdue'] as const;

/** GET /due-list and /due-list.xlsx. Statuses and categories are comma-separated lists. */
export const ZDueListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  category: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional(),
  status: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional(),
  /** include unverified and failed instruments beside the due statuses */
  includeUnverified: z.enum(['0', '1']).optional(),
  /** 9-digit town code (or any region prefix code) matched against the instrument's division code */
  town: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  orgId: z.coerce.number().int().positive().optional(),
  /** due-date window (inclusive) */
  dueFrom: ZDate.optional(),
  dueTo: ZDate.optional(),
});
export type TDueListQuery = z.infer<typeof ZDueListQuery>;

export const ZDueListItem = z.object({
  instrumentId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  siteName: z.string().nullable(),
  adminDivisionCode: z.string().nullable(),
  category: z.enum(CATEGORIES),
  instrumentName: z.string(),
  serialNo: z.string(),
  quantity: z.number().int(),
  status: ZStatusEnum,
  validUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
  reasonCode: z.string().nullable(),
  reason: z.string().nullable(),
});
export type TDueListItem = z.infer<typeof ZDueListItem>;

export const ZDueListPage = z.object({
  asOf: z.string().nullable(),
  items: z.array(ZDueListItem),
  total: z.number().int(),
  /** true when more than `total` rows match (counted up to QIANGJIAN_LIST_COUNT_CAP) */
  totalCapped: z.boolean().optional(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** CLI `qiangjian status --json` shapes (issue 3 item 4). */
export const ZStatusCounts = z.object({
  asOf: z.string(),
  counts: z.array(z.object({ category: z.string(), status: z.string(), instruments: z.number().int(), units: z.number().int() })),
});
export const ZStatusList = z.object({
  asOf: z.string(),
  instruments: z.array(
    z.object({
      serialNo: z.string(),
      category: z.string(),
      status: z.string(),
      validUntil: z.string().nullable(),
      reasonCode: z.string(),
      reason: z.string(),
    }),
  ),
});
