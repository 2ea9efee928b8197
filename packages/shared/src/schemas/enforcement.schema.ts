import { z } from 'zod';
import {
  CASE_EVENT_KINDS,
  CASE_OUTCOMES,
  CASE_STAGES,
  DISCLOSURE_KINDS,
  ORDER_REVIEW_METHODS,
  ORDER_STATES,
  VIOLATION_CODES,
} from '../enums.js';
import { MAX_TEXT, ZDate, ZPageQuery } from './common.schema.js';

/** Rectification orders, cases and the disclosure (docs/ENFORCEMENT.md). Amounts are 元 with at most 2 decimals. */

/** Evidence files of an order reply: at most this many, each at most this size, PDF or image. */
export const ORDER_MAX_FILES = 10;
export const ORDER_FILE_MAX_BYTES = 10 * 1024 * 1024;

const ZAmount = z
  .number()
  .nonnegative()
  .max(1e9)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most 2 decimals');
const ZText = (max = MAX_TEXT) => z.string().trim().min(1).max(max);

// ---------- orders ----------
export const ZOrderFile = z.object({
  id: z.number().int(),
  fileName: z.string(),
  type: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
});
export const ZOrder = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  findingId: z.number().int(),
  code: z.enum(VIOLATION_CODES),
  requiredActions: z.string(),
  issuedOn: z.string(),
  deadline: z.string(),
  deadlineDays: z.number().int(),
  deadlineUnit: z.enum(['working', 'calendar']),
  state: z.enum(ORDER_STATES),
  /** issued and today past the deadline */
  overdue: z.boolean(),
  /** replied after the deadline */
  repliedLate: z.boolean(),
  issuedBy: z.string(),
  replyText: z.string().nullable(),
  repliedAt: z.string().nullable(),
  reviewMethod: z.enum(ORDER_REVIEW_METHODS).nullable(),
  reviewNote: z.string().nullable(),
  reviewedOn: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  /** the enterprise has not opened it yet */
  unread: z.boolean(),
  files: z.array(ZOrderFile),
  createdAt: z.string(),
});
export type TOrder = z.infer<typeof ZOrder>;
export const ZOrderListQuery = ZPageQuery.extend({
  state: z.enum(ORDER_STATES).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  code: z.enum(VIOLATION_CODES).optional(),
  overdue: z.enum(['0', '1']).optional(),
  /** awaiting re-inspection: replied, or issued and past the deadline; sorted by deadline (待复查整改) */
  reinspect: z.enum(['0', '1']).optional(),
  /** issued on or after / on or before */
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type TOrderListQuery = z.infer<typeof ZOrderListQuery>;
export const ZCreateOrderRequest = z.object({
  findingId: z.number().int().positive(),
  /** default: the code's actions */
  requiredActions: ZText().optional(),
  /** default today */
  issuedOn: ZDate.optional(),
  /** default: the code's deadline from the issue date */
  deadline: ZDate.optional(),
});
export type TCreateOrderRequest = z.infer<typeof ZCreateOrderRequest>;
export const ZReplyOrderRequest = z.object({ text: ZText() });
export const ZReviewOrderRequest = z.object({
  outcome: z.enum(['close', 'escalate']),
  method: z.enum(ORDER_REVIEW_METHODS),
  reviewedOn: ZDate,
  note: ZText().optional(),
});
export type TReviewOrderRequest = z.infer<typeof ZReviewOrderRequest>;
export const ZOrderSummary = z.object({
  open: z.number().int(),
  replied: z.number().int(),
  overdue: z.number().int(),
  unread: z.number().int(),
});

// ---------- cases ----------
export const ZCaseEvent = z.object({
  id: z.number().int(),
  kind: z.enum(CASE_EVENT_KINDS),
  date: z.string(),
  text: z.string().nullable(),
  days: z.number().int().nullable(),
  collective: z.boolean(),
  by: z.string(),
  at: z.string(),
});
export const ZCaseDecision = z.object({
  decisionNo: z.string(),
  decidedOn: z.string(),
  outcome: z.enum(CASE_OUTCOMES),
  legalBasisId: z.string(),
  legalBasis: z.string(),
  fine: z.number(),
  gains: z.number(),
  reason: z.string().nullable(),
});
export const ZDisclosureRef = z.object({ id: z.number().int(), publishedOn: z.string(), until: z.string(), active: z.boolean() });
export const ZCase = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  findingId: z.number().int(),
  orderId: z.number().int().nullable(),
  code: z.enum(VIOLATION_CODES),
  stage: z.enum(CASE_STAGES),
  filedOn: z.string(),
  summary: z.string(),
  /** 立案 + the limit + extensions (calendar days) */
  limitDate: z.string(),
  extensionDays: z.number().int(),
  /** days from today to the limit (negative: past it); null once decided */
  daysLeft: z.number().int().nullable(),
  clock: z.enum(['ok', 'warning', 'overdue', 'stopped']),
  decision: ZCaseDecision.nullable(),
  closedOn: z.string().nullable(),
  events: z.array(ZCaseEvent),
  /** the publication of the decision (detail only; null in lists) */
  disclosure: ZDisclosureRef.nullable(),
  createdAt: z.string(),
});
export type TCase = z.infer<typeof ZCase>;
export const ZCaseListQuery = ZPageQuery.extend({
  stage: z.enum(CASE_STAGES).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  code: z.enum(VIOLATION_CODES).optional(),
  /** open cases within the warning window or past the limit */
  clock: z.enum(['warning', 'overdue']).optional(),
  /** filed on or after / on or before */
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;
export const ZCreateCaseRequest = z.object({
  findingId: z.number().int().positive(),
  filedOn: ZDate,
  summary: ZText(),
  orderId: z.number().int().positive().optional(),
});
export type TCreateCaseRequest = z.infer<typeof ZCreateCaseRequest>;
export const ZCaseNoteRequest = z.object({ kind: z.enum(['note', 'evidence']), date: ZDate, text: ZText() });
export const ZCaseExtensionRequest = z.object({
  days: z.number().int().min(1).max(365),
  approvedOn: ZDate,
  reason: ZText(),
  /** approved by the bureau's collective discussion (集体讨论决定): needed for any extension after the first */
  collective: z.boolean().default(false),
});
export const ZCaseDecisionRequest = z.object({
  decidedOn: ZDate,
  outcome: z.enum(CASE_OUTCOMES),
  legalBasisId: z.string().trim().max(64).optional(),
  fine: ZAmount.default(0),
  gains: ZAmount.default(0),
  reason: ZText().optional(),
});
export type TCaseDecisionRequest = z.infer<typeof ZCaseDecisionRequest>;
export const ZCaseCloseRequest = z.object({ closedOn: ZDate, note: ZText().optional() });
export const ZCaseSummary = z.object({
  byStage: z.record(z.string(), z.number().int()),
  warning: z.number().int(),
  overdue: z.number().int(),
  fines: z.number(),
  gains: z.number(),
});

// ---------- disclosure ----------
export const ZDisclosure = z.object({
  id: z.number().int(),
  kind: z.enum(DISCLOSURE_KINDS),
  documentNo: z.string(),
  title: z.string(),
  partyName: z.string(),
  partyCreditCode: z.string(),
  /** the published text fields, by label key */
  fields: z.record(z.string(), z.string()),
  authority: z.string(),
  publishedOn: z.string(),
  until: z.string(),
});
export type TDisclosure = z.infer<typeof ZDisclosure>;
export const ZDisclosureListQuery = ZPageQuery.extend({
  kind: z.enum(DISCLOSURE_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
});
/** An inspection record's publication (docs/SUPERVISION.md "Disclosure of inspection results"): null while unpublished. */
export const ZInspectionDisclosure = z.object({ disclosure: ZDisclosureRef.nullable() });
export type TInspectionDisclosure = z.infer<typeof ZInspectionDisclosure>;
/** Publishing a draw's results: what was published and what was skipped, with why. */
export const ZDrawDisclosureResult = z.object({
  published: z.number().int(),
  skipped: z.number().int(),
  items: z.array(
    z.object({
      inspectionId: z.number().int(),
      outcome: z.enum(['published', 'already_published', 'undecided']),
      disclosureId: z.number().int().nullable(),
    }),
  ),
});
export type TDrawDisclosureResult = z.infer<typeof ZDrawDisclosureResult>;

// ---------- settings ----------
const ZBasis = z.object({ id: z.string().min(1).max(64), text: z.string().min(1).max(200) });
export const ZViolationEnforcement = z.object({
  orderDays: z.number().int().min(1).max(365),
  orderUnit: z.enum(['working', 'calendar']),
  orderActions: z.string().min(1).max(MAX_TEXT),
  bases: z.array(ZBasis).max(20),
  fine: z
    .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
    .refine((r) => r.min <= r.max, 'min > max')
    .nullable(),
  confiscation: z.boolean(),
});
const ZNumberFormat = z.string().min(3).max(100).includes('{seq}');
export const ZEnforcementSettings = z.object({
  orderNumberFormat: ZNumberFormat,
  caseNumberFormat: ZNumberFormat,
  decisionNumberFormat: ZNumberFormat,
  inspectionRecordNumberFormat: ZNumberFormat,
  authorityName: z.string().min(1).max(100),
  caseLimitDays: z.number().int().min(1).max(3650),
  caseExtensionDays: z.number().int().min(0).max(3650),
  caseWarnDays: z.number().int().min(0).max(365),
  gainsMax: z.number().nonnegative(),
  disclosureMonths: z.object({
    penaltyGeneral: z.number().int().min(1).max(120),
    penaltySerious: z.number().int().min(1).max(120),
    inspectionResult: z.number().int().min(1).max(120),
  }),
  seriousFrom: z.number().nonnegative().max(100_000_000),
  violations: z.record(z.enum(VIOLATION_CODES), ZViolationEnforcement),
});
export type TEnforcementSettings = z.infer<typeof ZEnforcementSettings>;
export const ZUpdateEnforcementSettings = ZEnforcementSettings.partial();
