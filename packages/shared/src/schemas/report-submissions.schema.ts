import { z } from 'zod';
import { t } from '../i18n/index.js';
import { ZDate, ZId } from './common.schema.js';
import { ratePrinted, ZAttachmentReport, ZKpiReport } from './reports.schema.js';

/** Progress reports (14th, 28th) and the final summary of a campaign (docs/REPORTS-SUBMISSIONS.md). */

export const REPORT_SUBMISSION_KINDS = ['progress', 'final'] as const;
export type ReportSubmissionKind = (typeof REPORT_SUBMISSION_KINDS)[number];
/** draft (the drafter edits) → review (a chain step after the first) → submitted (frozen) */
export const REPORT_SUBMISSION_STATES = ['draft', 'review', 'submitted'] as const;
export type ReportSubmissionState = (typeof REPORT_SUBMISSION_STATES)[number];
/** a reporting day's state in the campaign's list (not_drafted: nothing yet) */
export const REPORT_DAY_STATES = ['not_drafted', 'draft', 'review', 'submitted'] as const;
export const REPORT_SECTION_KEYS = ['basic', 'results', 'problems', 'rectification', 'enforcement', 'suggestions'] as const;
export type ReportSectionKey = (typeof REPORT_SECTION_KEYS)[number];
/** the approval steps a chain is made of, in this order (the setting keeps a subsequence starting with `draft`) */
export const REPORT_CHAIN_STEPS = ['draft', 'review', 'approve'] as const;
export type ReportChainStep = (typeof REPORT_CHAIN_STEPS)[number];
export const REPORT_FIGURE_KINDS = ['count', 'rate', 'money'] as const;
export const REPORT_PROBLEM_KINDS = ['identity', 'rate_over_100', 'count_dropped'] as const;

const ZLongText = z.string().max(20000);

export const ZReportSection = z.object({ key: z.enum(REPORT_SECTION_KEYS), text: ZLongText });
export type TReportSection = z.infer<typeof ZReportSection>;

export const ZReportFigure = z.object({
  key: z.string(),
  kind: z.enum(REPORT_FIGURE_KINDS),
  /** counts, rates as a fraction (null: zero denominator), money in 元 */
  value: z.number().nullable(),
});
export type TReportFigure = z.infer<typeof ZReportFigure>;

export const ZReportProblem = z.object({
  key: z.string(),
  kind: z.enum(REPORT_PROBLEM_KINDS),
  /** the figure concerned (identity: the identity name and row) */
  subject: z.string(),
  expected: z.number().nullable(),
  actual: z.number().nullable(),
});
export type TReportProblem = z.infer<typeof ZReportProblem>;

export const ZReportLists = z.object({
  findingsByCode: z.array(z.object({ code: z.string(), count: z.number().int() })),
  lateParticipants: z.array(z.object({ orgName: z.string(), status: z.string(), overdue: z.boolean() })),
  overdueOrders: z.array(z.object({ orderNo: z.string(), orgName: z.string(), deadline: z.string(), daysOverdue: z.number().int() })),
  kpiTargets: z.array(z.object({ key: z.string(), name: z.string(), targetBp: z.number().int(), rate: z.number().nullable() })),
});
export type TReportLists = z.infer<typeof ZReportLists>;

/** The data a report is drafted from (and frozen with it). */
export const ZReportData = z.object({
  figures: z.array(ZReportFigure),
  lists: ZReportLists,
  attachment2: ZAttachmentReport,
  attachment3: ZAttachmentReport,
  kpis: ZKpiReport,
});
export type TReportData = z.infer<typeof ZReportData>;

export const ZReportApproval = z.object({
  step: z.enum(REPORT_CHAIN_STEPS),
  decision: z.enum(['approve', 'return']),
  comment: z.string(),
  by: z.string(),
  at: z.string(),
});
export type TReportApproval = z.infer<typeof ZReportApproval>;

export const ZFigureChange = z.object({
  key: z.string(),
  kind: z.enum(REPORT_FIGURE_KINDS),
  atSubmission: z.number().nullable(),
  now: z.number().nullable(),
});

export const ZReportSubmission = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  campaignName: z.string(),
  regionCode: z.string(),
  kind: z.enum(REPORT_SUBMISSION_KINDS),
  reportingDay: z.string(),
  periodStart: z.string(),
  version: z.number().int(),
  previousId: z.number().int().nullable(),
  correctionReason: z.string().nullable(),
  state: z.enum(REPORT_SUBMISSION_STATES),
  chain: z.array(z.enum(REPORT_CHAIN_STEPS)),
  /** index into chain of the step that acts next (chain.length once submitted) */
  step: z.number().int(),
  sections: z.array(ZReportSection),
  data: ZReportData,
  problems: z.array(ZReportProblem),
  explanations: z.record(z.string(), z.string()),
  approvals: z.array(ZReportApproval),
  snapshotSha256: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** a later version exists (a correction) */
  supersededBy: z.number().int().nullable(),
  versions: z.array(
    z.object({
      id: z.number().int(),
      version: z.number().int(),
      state: z.enum(REPORT_SUBMISSION_STATES),
      submittedAt: z.string().nullable(),
    }),
  ),
  /** submitted reports: the figures recomputed now that differ from the snapshot (empty: unchanged) */
  changes: z.array(ZFigureChange).nullable(),
});
export type TReportSubmission = z.infer<typeof ZReportSubmission>;

export const ZReportDay = z.object({
  kind: z.enum(REPORT_SUBMISSION_KINDS),
  day: z.string(),
  state: z.enum(REPORT_DAY_STATES),
  /** the reporting day has passed and nothing was submitted */
  late: z.boolean(),
  /** the latest version */
  reportId: z.number().int().nullable(),
  version: z.number().int().nullable(),
});
export const ZReportDayList = z.object({ campaignId: z.number().int(), campaignName: z.string(), days: z.array(ZReportDay) });
export type TReportDayList = z.infer<typeof ZReportDayList>;

export const ZReportDaysQuery = z.object({ campaignId: ZId });
export const ZCreateReportSubmission = z.object({ campaignId: ZId, day: ZDate });
export const ZUpdateReportSubmission = z.object({
  sections: z.array(ZReportSection).max(REPORT_SECTION_KEYS.length).optional(),
  explanations: z.record(z.string().max(200), z.string().max(2000)).optional(),
});
export type TUpdateReportSubmission = z.infer<typeof ZUpdateReportSubmission>;
export const ZReportDecision = z.object({ decision: z.enum(['approve', 'return']), comment: z.string().max(2000).default('') });
export type TReportDecision = z.infer<typeof ZReportDecision>;
export const ZReportCorrection = z.object({ reason: z.string().trim().min(1).max(2000) });
export const ZReportDocumentQuery = z.object({ format: z.enum(['docx', 'pdf']) });
export const ZReportChain = z.object({ steps: z.array(z.enum(REPORT_CHAIN_STEPS)).min(1).max(3) });
export type TReportChain = z.infer<typeof ZReportChain>;

/** A figure as printed: counts as is, rates in percent ("—" for a zero denominator), money in 元 with 2 decimals. */
export function reportFigureText(kind: TReportFigure['kind'], value: number | null): string {
  if (kind === 'rate') return ratePrinted(value);
  if (value === null) return '\u2014';
  return kind === 'money' ? value.toFixed(2) : String(value);
}

/** The catalog name of a figure key (`kpi.<key>` with the KPI's label from its formula set). */
export function reportFigureName(key: string, kpiLabels: Record<string, string>): string {
  if (key.startsWith('kpi.')) return t('reportSubmission.figure.kpi', { name: kpiLabels[key.slice(4)] ?? key.slice(4) });
  return t(`reportSubmission.figure.${key}`);
}
