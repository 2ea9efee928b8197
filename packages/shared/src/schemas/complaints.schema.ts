import { z } from 'zod';
import { MAX_TEXT, ZDate, ZPageQuery, ZQueryFlag } from './common.schema.js';

/** Complaints and reports (投诉举报), mediation and arbitration verification (docs/COMPLAINTS.md). */

export const COMPLAINT_TYPES = ['complaint', 'report'] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];
export const COMPLAINT_SUBJECTS = ['water_meter', 'electricity_meter', 'gas_meter', 'dispenser', 'institution', 'other'] as const;
export type ComplaintSubject = (typeof COMPLAINT_SUBJECTS)[number];
/** received → accepted | refused; accepted → mediating → closed; accepted → closed (reply). */
export const COMPLAINT_STAGES = ['received', 'accepted', 'mediating', 'refused', 'closed'] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];
export const CASE_DECISIONS = ['open_case', 'open_inspection', 'no_case'] as const;
export const MEDIATION_OUTCOMES = ['continue', 'agreement', 'no_agreement'] as const;
export const COMPLAINT_FLAGS = ['near', 'overdue'] as const;
export const COMPLAINT_NOTE_KINDS = ['internal', 'reply', 'utility'] as const;

/** Text a citizen types: at most this many characters (after HTML is stripped). */
export const COMPLAINT_TEXT_MAX = MAX_TEXT;
/** Mainland mobile number (11 digits starting with 1) or a fixed line with area code. */
export const COMPLAINT_PHONE_RE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** The fields of the public form, each refused with its name (`complaints.field.<name>`). */
export const ZComplaintIntake = z.object({
  challengeToken: z.string().min(1).max(400),
  challengeAnswer: z.coerce.number().int(),
  type: z.enum(COMPLAINT_TYPES),
  subject: z.enum(COMPLAINT_SUBJECTS),
  /** the instrument's public code (from its QR label page), if known */
  instrumentCode: z.string().trim().max(64).optional(),
  /** the organization (name as the citizen knows it), if known */
  orgName: z.string().trim().max(200).optional(),
  /** the 9-digit town code, if known */
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  description: z.string().trim().min(5).max(COMPLAINT_TEXT_MAX),
  occurredOn: ZDate.optional(),
  /** amount in dispute, yuan */
  amountYuan: z.coerce.number().min(0).max(100_000_000).optional(),
  anonymous: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on'])])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
    .optional(),
  name: z.string().trim().min(1).max(50).optional(),
  phone: z.string().trim().regex(COMPLAINT_PHONE_RE).optional(),
});
export type TComplaintIntake = z.infer<typeof ZComplaintIntake>;

export const ZChallenge = z.object({
  token: z.string(),
  /** the sum to compute, e.g. "7 + 12" */
  question: z.string(),
  a: z.number().int(),
  b: z.number().int(),
  expiresAt: z.string(),
});
export const ZComplaintReceipt = z.object({ trackingCode: z.string(), receivedAt: z.string(), decisionDeadline: z.string() });
export const ZTrackingParams = z.object({ trackingCode: z.string().min(1).max(40) });
export const ZPublicComplaintStatus = z.object({
  trackingCode: z.string(),
  type: z.enum(COMPLAINT_TYPES),
  stage: z.enum(COMPLAINT_STAGES),
  receivedAt: z.string(),
  decisionDeadline: z.string(),
  paused: z.boolean(),
  pauseReason: z.string().nullable(),
  replies: z.array(z.object({ at: z.string(), text: z.string() })),
});
export type TPublicComplaintStatus = z.infer<typeof ZPublicComplaintStatus>;

export const ZComplaintListQuery = ZPageQuery.extend({
  stage: z.enum(COMPLAINT_STAGES).optional(),
  type: z.enum(COMPLAINT_TYPES).optional(),
  subject: z.enum(COMPLAINT_SUBJECTS).optional(),
  townCode: z.string().max(12).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  flag: z.enum(COMPLAINT_FLAGS).optional(),
  /** only complaints whose handler is the caller ("my complaints"), sorted by deadline */
  mine: ZQueryFlag.optional(),
  /** decided within the acceptance limit (true) or after it (false) */
  decidedInTime: z.enum(['yes', 'no']).optional(),
  mediation: z.enum(['agreement', 'no_agreement']).optional(),
});
export type TComplaintListQuery = z.infer<typeof ZComplaintListQuery>;
/** GET /complaints/export.xlsx: the list's filters, every matching row (no paging). */
export const ZComplaintExportQuery = ZComplaintListQuery.omit({ page: true, pageSize: true });
export type TComplaintExportQuery = z.infer<typeof ZComplaintExportQuery>;

export const ZComplaintClock = z.object({
  kind: z.enum(['decision', 'mediation', 'case_decision']),
  deadline: z.string(),
  /** working days left (negative: overdue), null when the clock has stopped (met) */
  daysLeft: z.number().nullable(),
  met: z.boolean(),
  flag: z.enum(COMPLAINT_FLAGS).nullable(),
});
export const ZComplaintListItem = z.object({
  id: z.number().int(),
  trackingCode: z.string(),
  type: z.enum(COMPLAINT_TYPES),
  subject: z.enum(COMPLAINT_SUBJECTS),
  stage: z.enum(COMPLAINT_STAGES),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  officeName: z.string().nullable(),
  handler: z.string().nullable(),
  /** masked: 张* / 138****5678; null when anonymous or the caller may not see it */
  nameMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  receivedAt: z.string(),
  nextDeadline: z.string().nullable(),
  flag: z.enum(COMPLAINT_FLAGS).nullable(),
  paused: z.boolean(),
  duplicateOf: z.string().nullable(),
});
export type TComplaintListItem = z.infer<typeof ZComplaintListItem>;

export const ZComplaintNote = z.object({
  id: z.number().int(),
  kind: z.enum(COMPLAINT_NOTE_KINDS),
  text: z.string(),
  at: z.string(),
  by: z.string(),
});
export const ZMediationSession = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  parties: z.array(z.string()),
  summary: z.string(),
  outcome: z.enum(MEDIATION_OUTCOMES),
});
export const ZRefundProposal = z.object({
  errorPct: z.number(),
  billedQuantity: z.number(),
  billedFrom: z.string(),
  billedTo: z.string(),
  cappedFrom: z.string(),
  countedQuantity: z.number(),
  refundQuantity: z.number(),
  capMonths: z.number().int(),
});
export type TRefundProposal = z.infer<typeof ZRefundProposal>;
export const ZArbitration = z.object({
  id: z.number().int(),
  applicationId: z.number().int(),
  institutionId: z.number().int(),
  institutionName: z.string(),
  instrumentId: z.number().int(),
  requestedAt: z.string(),
  applicationStatus: z.string(),
  result: z
    .object({
      date: z.string(),
      conclusion: z.enum(['passed', 'failed']),
      certificateNo: z.string().nullable(),
      errorPct: z.number().nullable(),
    })
    .nullable(),
  refund: ZRefundProposal.nullable(),
});
export const ZComplaintDetail = ZComplaintListItem.extend({
  description: z.string(),
  occurredOn: z.string().nullable(),
  amountYuan: z.number().nullable(),
  anonymous: z.boolean(),
  siteId: z.number().int().nullable(),
  siteName: z.string().nullable(),
  instrumentId: z.number().int().nullable(),
  instrumentLabel: z.string().nullable(),
  /** the disputed instrument's category and region (town or county code): which institutions may verify it */
  instrumentCategory: z.string().nullable(),
  instrumentRegion: z.string().nullable(),
  officeId: z.number().int().nullable(),
  handlerUserId: z.number().int().nullable(),
  decisionDeadline: z.string(),
  decidedAt: z.string().nullable(),
  refusalReason: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  pauseReason: z.string().nullable(),
  pausedWorkingDays: z.number().int(),
  caseDecision: z.enum(CASE_DECISIONS).nullable(),
  caseExtended: z.boolean(),
  linkedCaseId: z.number().int().nullable(),
  linkedAssignmentId: z.number().int().nullable(),
  mediationResult: z.enum(['agreement', 'no_agreement']).nullable(),
  closedAt: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  duplicates: z.array(z.string()),
  clocks: z.array(ZComplaintClock),
  notes: z.array(ZComplaintNote),
  sessions: z.array(ZMediationSession),
  arbitrations: z.array(ZArbitration),
  attachments: z.array(z.object({ id: z.number().int(), fileName: z.string(), type: z.string(), bytes: z.number().int() })),
  /** the caller may ask for the full name and phone (an audited view) */
  canShowPersonal: z.boolean(),
  canHandle: z.boolean(),
});
export type TComplaintDetail = z.infer<typeof ZComplaintDetail>;
export const ZComplaintPersonal = z.object({ name: z.string().nullable(), phone: z.string().nullable() });

export const ZComplaintIdParams = z.object({ id: z.coerce.number().int().positive() });
export const ZArbitrationParams = z.object({
  id: z.coerce.number().int().positive(),
  arbitrationId: z.coerce.number().int().positive(),
});
export const ZComplaintFileParams = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });
const text = z.string().trim().min(1).max(COMPLAINT_TEXT_MAX);
export const ZComplaintDecision = z.discriminatedUnion('accept', [
  z.object({ accept: z.literal(true) }),
  z.object({ accept: z.literal(false), reason: text }),
]);
export const ZComplaintAssign = z.object({
  officeId: z.number().int().positive().optional(),
  handlerUserId: z.number().int().positive().optional(),
});
export const ZComplaintText = z.object({ text });
export const ZComplaintPause = z.object({ reason: text });
export const ZMediationSessionInput = z.object({
  heldOn: ZDate,
  parties: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
  summary: text,
  outcome: z.enum(MEDIATION_OUTCOMES),
});
export const ZCaseDecisionInput = z.object({
  decision: z.enum(CASE_DECISIONS),
  note: z.string().trim().max(COMPLAINT_TEXT_MAX).optional(),
  /** open_inspection: the supervision target, planned date and ≥ 2 inspectors */
  targetId: z.number().int().positive().optional(),
  plannedDate: ZDate.optional(),
  inspectorIds: z.array(z.number().int().positive()).max(10).optional(),
  /** open_case: an existing case to link */
  caseId: z.number().int().positive().optional(),
});
export const ZArbitrationRequest = z.object({
  institutionId: z.number().int().positive(),
  preferredDate: ZDate,
  /** whom the institution calls (the handler) */
  contactName: z.string().trim().min(1).max(50),
  contactPhone: z.string().trim().min(3).max(40),
});
export const ZRefundRequest = z.object({
  /** the consumption billed since the last valid verification (m³, kWh, L) */
  billedQuantity: z.number().positive().max(1e9),
  billedFrom: ZDate,
  billedTo: ZDate,
  /** measured error, %; default: the arbitration result's measured error */
  errorPct: z.number().min(-100).max(100).optional(),
});
export const ZComplaintReplyInput = z.object({ text });
export const ZSatisfactionInput = z.object({ satisfaction: z.number().int().min(1).max(5) });

export const ZComplaintSettings = z.object({
  acceptWorkingDays: z.number().int().min(1).max(60),
  reportDecisionWorkingDays: z.number().int().min(1).max(60),
  reportExtensionWorkingDays: z.number().int().min(0).max(60),
  mediationWorkingDays: z.number().int().min(1).max(200),
  nearLimitWorkingDays: z.number().int().min(0).max(30),
  duplicateWindowDays: z.number().int().min(1).max(365),
  perIpPerHour: z.number().int().min(1).max(10_000),
  perPhonePerDay: z.number().int().min(1).max(1000),
  wrongLookupsPerHour: z.number().int().min(1).max(10_000),
  challengeTtlSeconds: z.number().int().min(30).max(86_400),
  attachmentMaxBytes: z
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024),
  attachmentMaxCount: z.number().int().min(0).max(20),
  refundCapMonths: z.number().int().min(1).max(120),
});
export type TComplaintSettings = z.infer<typeof ZComplaintSettings>;
export const DEFAULT_COMPLAINT_SETTINGS: TComplaintSettings = {
  acceptWorkingDays: 7,
  reportDecisionWorkingDays: 15,
  reportExtensionWorkingDays: 15,
  mediationWorkingDays: 45,
  nearLimitWorkingDays: 2,
  duplicateWindowDays: 30,
  perIpPerHour: 10,
  perPhonePerDay: 3,
  wrongLookupsPerHour: 20,
  challengeTtlSeconds: 600,
  attachmentMaxBytes: 5 * 1024 * 1024,
  attachmentMaxCount: 5,
  refundCapMonths: 12,
};
export const ZUpdateComplaintSettings = ZComplaintSettings.partial();

export const ZComplaintStats = z.object({
  total: z.number().int(),
  bySubject: z.array(z.object({ key: z.string(), n: z.number().int() })),
  byTown: z.array(z.object({ key: z.string(), name: z.string(), n: z.number().int() })),
  byOrg: z.array(z.object({ key: z.number().int(), name: z.string(), n: z.number().int() })),
  byStage: z.array(z.object({ key: z.string(), n: z.number().int() })),
  handlingDays: z.object({ n: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() }),
  decidedInTime: z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() }),
  mediationSuccess: z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() }),
  near: z.number().int(),
  overdue: z.number().int(),
});
export type TComplaintStats = z.infer<typeof ZComplaintStats>;

export const ZUtilityComplaintReportInput = z.object({
  periodStart: ZDate,
  periodEnd: ZDate,
  meterType: z.enum(['water_meter', 'electricity_meter', 'gas_meter']),
  handled: z.number().int().min(0).max(10_000_000),
  metersReplaced: z.number().int().min(0).max(10_000_000),
});
export const ZUtilityComplaintReport = ZUtilityComplaintReportInput.extend({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  submittedAt: z.string(),
  submittedBy: z.string(),
});
export const ZUtilityComplaintReportQuery = ZPageQuery.extend({ orgId: z.coerce.number().int().positive().optional() });
