import { z } from 'zod';
import { MAX_TEXT, ZDate, ZName, ZPageQuery } from './common.schema.js';
import { ZPublishedDraw } from './draws.schema.js';

/**
 * Campaigns (专项整治) and self-inspection (自查自纠): docs/CAMPAIGNS.md, docs/domain/product.md §3.5,
 * docs/domain/regulations.md §7.
 */

/** Where a campaign stands on a day: before its first phase, in a phase, or after its last one. */
export const CAMPAIGN_STAGES = ['before', 'running', 'after'] as const;
/** The self-inspection form of an organization kind: utilities, gas stations, verification institutions. */
export const SELF_INSPECTION_FORM_KINDS = ['utility', 'station', 'institution'] as const;
export type SelfInspectionFormKind = (typeof SELF_INSPECTION_FORM_KINDS)[number];
/** A report version: a draft (editable) or submitted (frozen; a correction is a new version). */
export const SELF_INSPECTION_STATES = ['draft', 'submitted'] as const;
/** A participant on the regulator's list: nothing yet, a draft, submitted on time, submitted after the due date. */
export const PARTICIPANT_STATUSES = ['not_started', 'draft', 'submitted', 'late'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
/** Figures a self-inspection states that are compared with the records (docs/CAMPAIGNS.md, "Gaps"). */
export const GAP_FIELDS = ['overdueCount', 'unverifiedCount'] as const;
/** Organization kinds that take part in a campaign by default (docs/domain/regulations.md §7 "Scope"). */
export const CAMPAIGN_PARTICIPANT_KINDS = ['water_supply', 'power_supply', 'gas_supply', 'gas_station', 'institution'] as const;
/** Attachments of a self-inspection: PDF or images, at most this many bytes each and this many per version. */
export const SELF_INSPECTION_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const SELF_INSPECTION_MAX_FILES = 10;
/** The re-check share of submissions (basis points) when the setting is not set: 10 %. */
export const DEFAULT_RECHECK_RATIO_BP = 1000;

const ZYear = z.coerce.number().int().min(2000).max(2100);
const ZText = z.string().trim().max(MAX_TEXT);

export const ZCampaignPhase = z.object({
  key: z.string().regex(/^[a-z_]{1,40}$/),
  name: ZName('phaseName', { max: 40 }),
  start: ZDate,
  end: ZDate,
});
export type TCampaignPhase = z.infer<typeof ZCampaignPhase>;

export const ZCampaignTarget = z.object({
  key: z.string().regex(/^[a-z_]{1,40}$/),
  name: ZName('targetName', { max: 40 }),
  /** basis points (100 % = 10000) */
  targetBp: z.number().int().min(0).max(10000),
});

export const ZCampaign = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  phases: z.array(ZCampaignPhase),
  reportingDays: z.array(z.number().int()),
  finalReportDate: z.string(),
  selfInspectionDue: z.string(),
  targets: z.array(ZCampaignTarget),
  participants: z.number().int(),
  submitted: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type TCampaign = z.infer<typeof ZCampaign>;

export const ZCampaignListQuery = ZPageQuery.extend({ year: ZYear.optional() });

export const ZCreateCampaignRequest = z.object({
  year: ZYear,
  /** the county (or higher) region: GB/T 2260 six digits */
  regionCode: z.string().regex(/^\d{6}$/),
  templateId: z.string().max(60).optional(),
  name: ZName('campaignName').optional(),
});
export type TCreateCampaignRequest = z.infer<typeof ZCreateCampaignRequest>;

export const ZUpdateCampaignRequest = z
  .object({
    name: ZName('campaignName'),
    phases: z.array(ZCampaignPhase).min(1).max(10),
    reportingDays: z.array(z.number().int().min(1).max(31)).max(31),
    finalReportDate: ZDate,
    selfInspectionDue: ZDate,
    targets: z.array(ZCampaignTarget).max(20),
  })
  .partial();
export type TUpdateCampaignRequest = z.infer<typeof ZUpdateCampaignRequest>;

export const ZCampaignPhaseNow = z.object({
  stage: z.enum(CAMPAIGN_STAGES),
  /** the phase the day falls in (the later one on a day two phases share) */
  phase: ZCampaignPhase.nullable(),
  /** days until the phase ends (0 on its last day); before the campaign: until it starts */
  daysLeft: z.number().int().nullable(),
  /** the next progress-report day on or after the day, within the campaign (null after it) */
  nextReportDate: z.string().nullable(),
});
export type TCampaignPhaseNow = z.infer<typeof ZCampaignPhaseNow>;

export const ZCurrentCampaign = z.object({
  today: z.string(),
  campaign: ZCampaign.nullable(),
  now: ZCampaignPhaseNow.nullable(),
  /** for a participant: its own self-inspection */
  mine: z
    .object({
      status: z.enum(PARTICIPANT_STATUSES),
      due: z.string(),
      daysToDue: z.number().int(),
      submittedAt: z.string().nullable(),
      lastRemindedAt: z.string().nullable(),
    })
    .nullable(),
});
export type TCurrentCampaign = z.infer<typeof ZCurrentCampaign>;

export const ZGap = z.object({ field: z.enum(GAP_FIELDS), reported: z.number().int(), records: z.number().int() });
export type TGap = z.infer<typeof ZGap>;

export const ZParticipant = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  creditCode: z.string(),
  regionCode: z.string(),
  status: z.enum(PARTICIPANT_STATUSES),
  /** not submitted and the due date has passed */
  overdue: z.boolean(),
  version: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  reminders: z.number().int(),
  lastRemindedAt: z.string().nullable(),
  gaps: z.array(ZGap),
  recheck: z.boolean(),
});
export type TParticipant = z.infer<typeof ZParticipant>;

export const ZParticipantListQuery = ZPageQuery.extend({
  status: z.enum(PARTICIPANT_STATUSES).optional(),
  kind: z.enum(CAMPAIGN_PARTICIPANT_KINDS).optional(),
  /** only participants whose figures differ from the records */
  gap: z.enum(['1']).optional(),
  /** not submitted after the due date */
  overdue: z.enum(['1']).optional(),
});
export type TParticipantListQuery = z.infer<typeof ZParticipantListQuery>;

export const ZSetParticipantsRequest = z.object({ orgIds: z.array(z.number().int().positive()).max(5000) });

const ZCount = z.number().int().min(0).max(100_000_000);
const ledgerForm = {
  ledgerEstablished: z.boolean(),
  allFiled: z.boolean(),
  instrumentCount: ZCount,
  overdueCount: ZCount,
  unverifiedCount: ZCount,
  failedCount: ZCount,
  fixedCount: ZCount,
  fixedText: ZText,
  problemsText: ZText,
  notes: ZText,
};
export const ZSelfInspectionForm = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('utility'), ...ledgerForm }),
  z.object({ kind: z.literal('station'), ...ledgerForm, sealsIntact: z.boolean() }),
  z.object({
    kind: z.literal('institution'),
    authorizationValid: z.boolean(),
    standardsValid: z.boolean(),
    verifiersQualified: z.boolean(),
    fixedText: ZText,
    problemsText: ZText,
    notes: ZText,
  }),
]);
export type TSelfInspectionForm = z.infer<typeof ZSelfInspectionForm>;

/** What the records say on the due date (instruments in service then, by the status engine). */
export const ZSelfInspectionRecords = z.object({
  asOf: z.string(),
  instrumentCount: z.number().int(),
  overdueCount: z.number().int(),
  unverifiedCount: z.number().int(),
  failedCount: z.number().int(),
  draftCount: z.number().int(),
});
export type TSelfInspectionRecords = z.infer<typeof ZSelfInspectionRecords>;

export const ZSelfInspectionFile = z.object({
  id: z.number().int(),
  fileName: z.string(),
  type: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
});

export const ZSelfInspection = z.object({
  campaignId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  formKind: z.enum(SELF_INSPECTION_FORM_KINDS),
  /** null: nothing saved yet (the form is the prefill) */
  id: z.number().int().nullable(),
  version: z.number().int().nullable(),
  state: z.enum(SELF_INSPECTION_STATES).nullable(),
  status: z.enum(PARTICIPANT_STATUSES),
  due: z.string(),
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  correctionReason: z.string().nullable(),
  form: ZSelfInspectionForm,
  /** the prefill from the records on the due date (null for an institution) */
  records: ZSelfInspectionRecords.nullable(),
  gaps: z.array(ZGap),
  files: z.array(ZSelfInspectionFile),
  versions: z.array(
    z.object({
      version: z.number().int(),
      state: z.enum(SELF_INSPECTION_STATES),
      late: z.boolean(),
      submittedAt: z.string().nullable(),
      correctionReason: z.string().nullable(),
    }),
  ),
  reminders: z.array(z.object({ at: z.string(), by: z.string() })),
  /** Attachment 1 as of the due date: GET /api/v1/ledger/export?orgId=…&asOf=…&layout=attachment1 (null for an institution) */
  attachment1: z.object({ orgId: z.number().int(), asOf: z.string() }).nullable(),
  recheck: z.boolean(),
});
export type TSelfInspection = z.infer<typeof ZSelfInspection>;

export const ZSaveSelfInspectionRequest = z.object({ form: ZSelfInspectionForm });
export const ZSelfInspectionCorrectionRequest = z.object({ reason: z.string().trim().min(1).max(MAX_TEXT) });
export const ZCampaignOrgParams = z.object({ id: z.coerce.number().int().positive(), orgId: z.coerce.number().int().positive() });
export const ZSelfInspectionFileParams = z.object({
  id: z.coerce.number().int().positive(),
  orgId: z.coerce.number().int().positive(),
  fileId: z.coerce.number().int().positive(),
});
export const ZRemindRequest = z.object({ orgIds: z.array(z.number().int().positive()).min(1).max(5000) });
export const ZRemindResult = z.object({ reminded: z.number().int(), at: z.string() });

export const ZRecheckDraw = z.object({
  campaignId: z.number().int(),
  state: z.enum(['committed', 'revealed']),
  ratioBp: z.number().int(),
  commitment: z.string(),
  committedAt: z.string(),
  committedBy: z.string(),
  revealedAt: z.string().nullable(),
  /** org id by 统一社会信用代码 of the candidates */
  orgIds: z.record(z.string(), z.number().int()),
  /** the record anyone re-runs with the shared verifier (packages/shared/src/draw.ts verifyPublishedDraw) */
  record: ZPublishedDraw,
});
export type TRecheckDraw = z.infer<typeof ZRecheckDraw>;
