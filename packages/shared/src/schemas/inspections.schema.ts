import { z } from 'zod';
import {
  INSPECTION_ORIGINS,
  INSPECTION_STATES,
  PROPOSAL_STATES,
  SAMPLE_ORIGINS,
  SIGNATURE_ROLES,
  TARGET_KINDS,
  VIOLATION_CODES,
} from '../enums.js';
import { MAX_TEXT, ZDate, ZId, ZPageQuery } from './common.schema.js';
import { TASK_DUES } from './supervision-dashboard.schema.js';

/** Schemas of the inspection records, their proposed findings, photos, signatures and the sample tests (docs/SUPERVISION.md). */

export const MAX_SHORT = 100;
/** `YYYY-MM-DDTHH:mm` (local time of the visit) */
export const ZVisitTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'YYYY-MM-DDTHH:mm');
const ZShort = z.string().trim().max(MAX_SHORT);
const ZNote = z.string().max(MAX_TEXT);
/** litres, > 0 and < 1,000 */
const ZLitres = z.number().positive().lt(1000);

export const ZChecklistAnswer = z.enum(['yes', 'no', 'na']);
export const ZSealCheck = z.object({ no: ZShort.min(1), intact: z.boolean() });
export const ZOnsiteTest = z.object({
  nozzleNo: z.number().int().min(0).max(99),
  /** the dispenser's indicated volume (L) */
  indicatedL: ZLitres,
  /** the volume read on the standard measure (L) */
  standardL: ZLitres,
  /** the nozzle was stopped on the spot */
  stopped: z.boolean().default(false),
});
export const ZInspectionItemInput = z.object({
  instrumentId: ZId,
  certificatePresent: z.boolean().nullable().default(null),
  seals: z.array(ZSealCheck).max(20).default([]),
  selfLockOn: z.boolean().nullable().default(null),
  tests: z.array(ZOnsiteTest).max(40).default([]),
  note: ZNote.nullable().default(null),
});
export type TInspectionItemInput = z.infer<typeof ZInspectionItemInput>;

export const ZRepresentative = z.object({ name: ZShort, title: ZShort.nullable().default(null), phone: ZShort.nullable().default(null) });

/** A draft's editable content (create and PATCH; every field optional on PATCH). */
export const ZInspectionContent = z.object({
  inspectorIds: z.array(ZId).max(10),
  visitedAt: ZVisitTime.nullable(),
  representative: ZRepresentative.nullable(),
  answers: z.record(z.string().max(40), ZChecklistAnswer),
  items: z.array(ZInspectionItemInput).max(500),
  note: ZNote.nullable(),
});
export const ZCreateInspectionRequest = ZInspectionContent.partial().extend({
  /** the planned assignment it records (its target, inspectors and origin), or */
  assignmentId: ZId.optional(),
  /** a target visited outside any assignment (origin `adhoc`) */
  targetId: ZId.optional(),
});
export type TCreateInspectionRequest = z.infer<typeof ZCreateInspectionRequest>;
export const ZUpdateInspectionRequest = ZInspectionContent.partial();
export type TUpdateInspectionRequest = z.infer<typeof ZUpdateInspectionRequest>;

export const ZCorrectionRequest = ZInspectionContent.partial().extend({ reason: z.string().trim().min(1).max(MAX_TEXT) });
export type TCorrectionRequest = z.infer<typeof ZCorrectionRequest>;

export const ZPhotoUpload = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** the image bytes, base64 (the client resizes before sending) */
  dataBase64: z.string().min(1),
});
export const ZSignatureUpload = z.object({ role: z.enum(SIGNATURE_ROLES), dataBase64: z.string().min(1) });

export const ZOnsiteTestResult = ZOnsiteTest.extend({ errorPct: z.number(), mpePct: z.number(), passed: z.boolean() });
export const ZInspectionItem = z.object({
  instrumentId: z.number().int(),
  category: z.string(),
  serialNo: z.string(),
  publicCode: z.string(),
  instrumentName: z.string(),
  /** the status engine's status at the visit date, with its reason */
  statusAtVisit: z.string().nullable(),
  reasonCode: z.string().nullable(),
  reason: z.string().nullable(),
  /** seal numbers the ledger holds */
  ledgerSeals: z.array(z.string()),
  certificatePresent: z.boolean().nullable(),
  seals: z.array(ZSealCheck),
  selfLockOn: z.boolean().nullable(),
  tests: z.array(ZOnsiteTestResult),
  note: z.string().nullable(),
});
export type TInspectionItem = z.infer<typeof ZInspectionItem>;

export const ZProposal = z.object({
  id: z.number().int().nullable(),
  /** stable per record: `code` + instruments (the same data proposes the same key) */
  key: z.string(),
  code: z.enum(VIOLATION_CODES),
  instrumentIds: z.array(z.number().int()),
  /** what in the record implies it (catalog key under inspections.basis) */
  basis: z.string(),
  basisText: z.string(),
  state: z.enum(PROPOSAL_STATES),
  findingId: z.number().int().nullable(),
  note: z.string().nullable(),
});
export type TProposal = z.infer<typeof ZProposal>;

export const ZInspectionFile = z.object({
  id: z.number().int(),
  kind: z.enum(['photo', 'signature']),
  role: z.string().nullable(),
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const ZInspectionInspector = z.object({ id: z.number().int(), certNo: z.string(), name: z.string() });

export const ZInspectionSummary = z.object({
  id: z.number().int(),
  state: z.enum(INSPECTION_STATES),
  origin: z.enum(INSPECTION_ORIGINS),
  drawId: z.number().int().nullable(),
  drawTitle: z.string().nullable(),
  assignmentId: z.number().int().nullable(),
  targetId: z.number().int(),
  targetKey: z.string(),
  targetKind: z.enum(TARGET_KINDS),
  orgId: z.number().int(),
  orgName: z.string(),
  siteName: z.string().nullable(),
  visitedAt: z.string().nullable(),
  inspectors: z.array(ZInspectionInspector),
  findings: z.number().int(),
  rating: z.number().int().nullable(),
  /** finished visits to this target outside any draw within the window (setting); flagged from the threshold */
  adhocVisits: z.number().int(),
  repeatedVisitFlag: z.boolean(),
  finishedAt: z.string().nullable(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type TInspectionSummary = z.infer<typeof ZInspectionSummary>;

export const ZChecklistView = z.object({
  group: z.string(),
  title: z.string(),
  questions: z.array(z.object({ key: z.string(), label: z.string(), failCode: z.string().nullable() })),
  categories: z.array(z.string()),
  instrumentChecks: z.array(z.string()),
});

export const ZInspectionDetail = ZInspectionSummary.extend({
  representative: ZRepresentative.nullable(),
  answers: z.record(z.string(), ZChecklistAnswer),
  items: z.array(ZInspectionItem),
  note: z.string().nullable(),
  checklist: ZChecklistView,
  proposals: z.array(ZProposal),
  files: z.array(ZInspectionFile),
  ratingComment: z.string().nullable(),
  corrections: z.array(z.object({ id: z.number().int(), reason: z.string(), by: z.string(), at: z.string() })),
  /** settings the form applies (the on-site test's MPE) */
  mpePct: z.number(),
});
export type TInspectionDetail = z.infer<typeof ZInspectionDetail>;

export const ZInspectionListQuery = ZPageQuery.extend({
  state: z.enum(INSPECTION_STATES).optional(),
  /** only records the actor is an inspector of */
  mine: z.enum(['0', '1']).optional(),
  origin: z.enum(INSPECTION_ORIGINS).optional(),
  /** only targets flagged for repeated visits outside any draw */
  repeated: z.enum(['0', '1']).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  /** the target's town (the dashboard's coverage links) */
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  targetKind: z.enum(TARGET_KINDS).optional(),
  /** visited on or after / on or before (YYYY-MM-DD) */
  from: ZDate.optional(),
  to: ZDate.optional(),
});

export const ZMyTask = z.object({
  assignmentId: z.number().int(),
  kind: z.string(),
  drawId: z.number().int().nullable(),
  drawTitle: z.string().nullable(),
  targetId: z.number().int().nullable(),
  targetKey: z.string(),
  targetKind: z.string().nullable(),
  orgName: z.string(),
  siteName: z.string().nullable(),
  inspectors: z.array(ZInspectionInspector),
  inspectionId: z.number().int().nullable(),
  inspectionState: z.enum(INSPECTION_STATES).nullable(),
  /** the planned date (a drawn assignment: the draw's run date) and where it stands today */
  plannedDate: z.string().nullable(),
  due: z.enum(TASK_DUES),
  /** a targeted / complaint assignment: its reason or the complaint's reference */
  reason: z.string().nullable(),
});

export const ZProposalDecision = z.object({ decision: z.enum(['confirm', 'dismiss']), note: ZNote.nullable().optional() });
export const ZProposalParams = z.object({ id: ZId, proposalId: ZId });
export const ZFileParams = z.object({ id: ZId, fileId: ZId });
export const ZRatingRequest = z.object({ stars: z.number().int().min(1).max(5), comment: ZNote.nullable().optional() });

export const ZInstrumentLookupQuery = z.object({ q: z.string().trim().max(100).optional() });
export const ZTargetInstrument = z.object({
  id: z.number().int(),
  category: z.string(),
  instrumentName: z.string(),
  serialNo: z.string(),
  publicCode: z.string(),
  status: z.string().nullable(),
  sealNos: z.array(z.string()),
  nozzles: z.array(z.number().int()),
});

export const ZInspectionSettings = z.object({
  /** the in-service MPE of a dispenser's on-site test, % (docs/domain/regulations.md: ±0.30%) */
  onsiteMpePct: z.number().positive().max(5),
  /** largest photo accepted, bytes */
  photoMaxBytes: z.number().int().min(10_000).max(20_000_000),
  /** finished visits outside any draw within `repeatedVisitDays` from which a target is flagged */
  repeatedVisitThreshold: z.number().int().min(2).max(50),
  repeatedVisitDays: z.number().int().min(30).max(1095),
});
export type TInspectionSettings = z.infer<typeof ZInspectionSettings>;
export const DEFAULT_INSPECTION_SETTINGS: TInspectionSettings = {
  onsiteMpePct: 0.3,
  photoMaxBytes: 2_000_000,
  repeatedVisitThreshold: 3,
  repeatedVisitDays: 365,
};
export const ZUpdateInspectionSettings = ZInspectionSettings.partial();

// ---- sample tests (监督抽查) ----
export const ZCreateSampleTestRequest = z.object({
  /** the meter by its public code or, with the owner's credit code, by its serial number */
  publicCode: z.string().trim().min(1).max(64).optional(),
  serialNo: z.string().trim().min(1).max(100).optional(),
  creditCode: z.string().trim().min(1).max(40).optional(),
  origin: z.enum(SAMPLE_ORIGINS),
  date: ZDate,
  conclusion: z.enum(['passed', 'failed']),
  errorPct: z.number().min(-100).max(100).nullable().optional(),
  note: ZNote.nullable().optional(),
});
export type TCreateSampleTestRequest = z.infer<typeof ZCreateSampleTestRequest>;
export const ZSampleTest = z.object({
  id: z.number().int(),
  instrumentId: z.number().int(),
  category: z.string(),
  serialNo: z.string(),
  publicCode: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  institutionId: z.number().int().nullable(),
  institutionName: z.string().nullable(),
  origin: z.enum(SAMPLE_ORIGINS),
  date: z.string(),
  conclusion: z.enum(['passed', 'failed']),
  errorPct: z.number().nullable(),
  note: z.string().nullable(),
  verificationId: z.number().int(),
  statusAfter: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const ZSampleTestListQuery = ZPageQuery.extend({
  origin: z.enum(SAMPLE_ORIGINS).optional(),
  conclusion: z.enum(['passed', 'failed']).optional(),
  category: z.string().max(40).optional(),
});
