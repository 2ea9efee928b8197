import { z } from 'zod';
import {
  APPLICATION_STATES,
  CATEGORIES,
  CONCLUSIONS,
  RETURN_REASONS,
  STATUSES,
  SUBMISSION_MODES,
  VERIFICATION_KINDS,
  VIOLATION_CODES,
} from '../enums.js';
import { MAX_NAME, MAX_TEXT, ZDate, ZName, ZPageQuery } from './common.schema.js';

const ZInstant = z.string().datetime({ offset: true });
const ZCategories = z.array(z.enum(CATEGORIES)).min(1).max(CATEGORIES.length);
const ZRegion = z.string().regex(/^\d{6}(\d{3})?$/, '6 or 9 digits');

// ---------- settings and calendar ----------
/** Dispenser checks (docs/domain/regulations.md §2): limits and flow points are data, editable by an admin. */
export const ZDispenserCheckSettings = z.object({
  mpePercent: z.number().positive().max(10),
  repeatabilityPercent: z.number().positive().max(10),
  flowPoints: z.array(z.string().trim().min(1).max(20)).min(1).max(10),
  errorsPerPoint: z.number().int().min(1).max(10),
});
export type TDispenserCheckSettings = z.infer<typeof ZDispenserCheckSettings>;

export const ZVerificationSettings = z.object({
  /** Acceptance deadline in working days (docs/domain/forms.md §2; project default 3). */
  acceptDeadlineWorkingDays: z.number().int().min(1).max(60),
  /** Expiry warning windows for authorizations, standards and verifiers, in days. */
  expiryWarningDays: z.array(z.number().int().min(1).max(3650)).min(1).max(5),
  dispenser: ZDispenserCheckSettings,
  /** Most instruments one application may hold (docs/VERIFICATION.md "Applying at scale"). */
  maxInstrumentsPerApplication: z.number().int().min(1).max(100000),
});
export type TVerificationSettings = z.infer<typeof ZVerificationSettings>;
export const DEFAULT_VERIFICATION_SETTINGS: TVerificationSettings = {
  acceptDeadlineWorkingDays: 3,
  expiryWarningDays: [30, 60],
  dispenser: { mpePercent: 0.3, repeatabilityPercent: 0.1, flowPoints: ['qmax', 'qmid', 'qmin'], errorsPerPoint: 3 },
  maxInstrumentsPerApplication: 10000,
};
export const ZUpdateVerificationSettings = ZVerificationSettings.partial();

export const ZCalendarDay = z.object({ date: ZDate, kind: z.enum(['holiday', 'workday']), name: z.string().nullable() });
export type TCalendarDay = z.infer<typeof ZCalendarDay>;
export const ZCalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const ZPutCalendarDay = z.object({
  kind: z.enum(['holiday', 'workday', 'normal']),
  name: z.string().trim().max(MAX_NAME).nullish(),
});
export const ZDateParams = z.object({ date: ZDate });

// ---------- institution oversight data ----------
export const ZAuthorization = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  certificateNo: z.string().nullable(),
  categories: z.array(z.enum(CATEGORIES)),
  regionCode: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAuthorization = z.infer<typeof ZAuthorization>;
export const ZCreateAuthorization = z.object({
  orgId: z.number().int().positive().optional(),
  certificateNo: z.string().trim().max(MAX_NAME).nullish(),
  categories: ZCategories,
  /** 6-digit region or 9-digit town; covers every code under its prefix. */
  regionCode: ZRegion,
  validFrom: ZDate,
  validTo: ZDate,
});
export const ZUpdateAuthorization = ZCreateAuthorization.omit({ orgId: true }).partial();

export const ZStandard = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  certificateNo: z.string(),
  validUntil: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  faulty: z.boolean(),
  faultySince: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TStandard = z.infer<typeof ZStandard>;
export const ZCreateStandard = z.object({
  orgId: z.number().int().positive().optional(),
  name: ZName('standardName'),
  certificateNo: z.string().trim().min(1).max(MAX_NAME),
  validUntil: ZDate,
  categories: ZCategories,
});
export const ZUpdateStandard = ZCreateStandard.omit({ orgId: true }).partial();
export const ZMarkFaulty = z.object({ since: ZDate.optional(), note: z.string().trim().max(MAX_TEXT).optional() });

export const ZVerifier = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  certificateNo: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  validUntil: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TVerifier = z.infer<typeof ZVerifier>;
export const ZCreateVerifier = z.object({
  orgId: z.number().int().positive().optional(),
  name: ZName('verifierName'),
  certificateNo: z.string().trim().min(1).max(MAX_NAME),
  categories: ZCategories,
  validUntil: ZDate,
});
export const ZUpdateVerifier = ZCreateVerifier.omit({ orgId: true }).partial();
export const ZOversightListQuery = ZPageQuery.extend({ orgId: z.coerce.number().int().positive().optional() });

export const ZExpiryItem = z.object({
  kind: z.enum(['authorization', 'standard', 'verifier']),
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  validUntil: z.string(),
  daysLeft: z.number().int(),
  window: z.number().int(),
});
export const ZExpiryQuery = z.object({ within: z.coerce.number().int().min(1).max(3650).optional() });

// ---------- applications ----------
export const ZContact = z.object({ name: ZName('contactName'), phone: z.string().trim().min(3).max(40) });
export type TContact = z.infer<typeof ZContact>;

/**
 * The due-list filter of an application's candidates ("select all N that match"): serial/name search, categories,
 * town (or any region prefix code), stored statuses (default: due, overdue, unverified, failed) and due-before date.
 */
export const ZApplicationFilter = z.object({
  q: z.string().trim().max(100).optional(),
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
  town: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  statuses: z.array(z.enum(STATUSES)).max(STATUSES.length).optional(),
  dueBefore: ZDate.optional(),
});
export type TApplicationFilter = z.infer<typeof ZApplicationFilter>;
const csv = (values: readonly [string, ...string[]]) =>
  z
    .string()
    .optional()
    .transform((v, c) => {
      if (!v) return undefined;
      const items = v.split(',').filter(Boolean);
      for (const i of items) if (!values.includes(i)) c.addIssue({ code: 'custom', message: i });
      return items;
    });
/** GET /applications/candidates: the filter as URL strings (lists comma-separated), paged; orgId for admins. */
export const ZApplicationCandidatesQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  category: csv(CATEGORIES),
  town: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  status: csv(STATUSES),
  dueBefore: ZDate.optional(),
  orgId: z.coerce.number().int().positive().optional(),
});
export type TApplicationCandidatesQuery = z.infer<typeof ZApplicationCandidatesQuery>;
export const ZApplicationCandidate = z.object({
  instrumentId: z.number().int(),
  serialNo: z.string(),
  instrumentName: z.string(),
  category: z.enum(CATEGORIES),
  siteName: z.string().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  status: z.string().nullable(),
  validUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
});
export type TApplicationCandidate = z.infer<typeof ZApplicationCandidate>;

/** Instruments by id (at most 500 picked by hand) or every candidate matching a filter (resolved by the server). */
const selection = {
  instrumentIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
  filter: ZApplicationFilter.optional(),
};
const oneSelection = (v: { instrumentIds?: number[] | undefined; filter?: unknown }) =>
  (v.instrumentIds === undefined) !== (v.filter === undefined);
export const ZCreateApplication = z
  .object({
    institutionId: z.number().int().positive(),
    ...selection,
    mode: z.enum(SUBMISSION_MODES),
    preferredDate: ZDate,
    contact: ZContact,
    /** admins applying for an organization with a filter */
    orgId: z.number().int().positive().optional(),
  })
  .refine(oneSelection, { message: 'instrumentIds|filter', path: ['instrumentIds'] });
export type TCreateApplication = z.infer<typeof ZCreateApplication>;

/** POST /applications/options: what the selection allows before submitting. */
export const ZApplicationOptionsBody = z
  .object({
    /** empty or absent with no filter: nothing picked yet (the defaults and every institution) */
    instrumentIds: z.array(z.number().int().positive()).max(500).optional(),
    filter: ZApplicationFilter.optional(),
    preferredDate: ZDate.optional(),
    orgId: z.number().int().positive().optional(),
  })
  .refine((v) => !(v.instrumentIds?.length && v.filter), { message: 'instrumentIds|filter', path: ['filter'] });
export type TApplicationOptionsBody = z.infer<typeof ZApplicationOptionsBody>;
export const ZApplicationOptions = z.object({
  count: z.number().int(),
  limit: z.number().int(),
  categories: z.array(z.string()),
  /** institutions whose authorizations cover every category and town of the selection today and on the date */
  institutions: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** (category, town) pairs no institution covers, with the sentence to show */
  uncovered: z.array(z.object({ category: z.string(), townCode: z.string().nullable(), townName: z.string(), message: z.string() })),
  defaults: z.object({ mode: z.enum(SUBMISSION_MODES), contactName: z.string().nullable(), contactPhone: z.string().nullable() }),
});
export type TApplicationOptions = z.infer<typeof ZApplicationOptions>;
export const ZReturnApplication = z.object({
  reasonCode: z.enum(RETURN_REASONS),
  note: z.string().trim().min(1).max(MAX_TEXT),
  phonedAt: ZInstant.optional(),
});
export type TReturnApplication = z.infer<typeof ZReturnApplication>;
export const ZResubmitApplication = z.object({
  instrumentIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
  mode: z.enum(SUBMISSION_MODES).optional(),
  preferredDate: ZDate.optional(),
  contact: ZContact.optional(),
});
export type TResubmitApplication = z.infer<typeof ZResubmitApplication>;

export const ZApplicationInstrument = z.object({
  id: z.number().int(),
  serialNo: z.string(),
  category: z.string(),
  instrumentName: z.string(),
  model: z.string().nullable(),
  siteName: z.string().nullable(),
  status: z.string().nullable(),
  validUntil: z.string().nullable(),
  nozzles: z.array(z.object({ id: z.number().int(), nozzleNo: z.number().int() })),
  done: z.boolean(),
  /** the application's results on this instrument (nozzle 0 = the whole instrument) */
  results: z
    .array(
      z.object({
        nozzleNo: z.number().int(),
        date: z.string(),
        conclusion: z.enum(CONCLUSIONS),
        certificateNo: z.string().nullable(),
        validUntil: z.string().nullable(),
      }),
    )
    .optional(),
});

export const ZApplicationVersion = z.object({
  version: z.number().int(),
  status: z.enum(APPLICATION_STATES),
  instrumentIds: z.array(z.number().int()),
  mode: z.enum(SUBMISSION_MODES),
  preferredDate: z.string(),
  contact: ZContact,
  submittedAt: z.string(),
  acceptDeadline: z.string(),
  respondedAt: z.string().nullable(),
  reasonCode: z.enum(RETURN_REASONS).nullable(),
  note: z.string().nullable(),
  phonedAt: z.string().nullable(),
  diff: z.record(z.string(), z.looseObject({ before: z.unknown(), after: z.unknown() })).nullable(),
});

export const ZApplication = z.object({
  id: z.number().int(),
  version: z.number().int(),
  status: z.enum(APPLICATION_STATES),
  orgId: z.number().int(),
  orgName: z.string(),
  institutionId: z.number().int(),
  institutionName: z.string(),
  mode: z.enum(SUBMISSION_MODES),
  preferredDate: z.string(),
  contact: ZContact,
  instrumentIds: z.array(z.number().int()),
  submittedAt: z.string(),
  acceptDeadline: z.string(),
  overdue: z.boolean(),
  respondedAt: z.string().nullable(),
  reasonCode: z.enum(RETURN_REASONS).nullable(),
  note: z.string().nullable(),
  phonedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TApplication = z.infer<typeof ZApplication>;
export const ZApplicationDetail = ZApplication.extend({
  /** every instrument, or one page of them when `instrumentsPage` is asked */
  instruments: z.array(ZApplicationInstrument),
  instrumentsTotal: z.number().int(),
  /** results of the application by conclusion (every instrument and nozzle) */
  resultCounts: z.object({ passed: z.number().int(), failed: z.number().int() }),
  /** the filter the current version was resolved from (null: picked by hand) */
  filter: ZApplicationFilter.nullable(),
  versions: z.array(ZApplicationVersion),
});
export const ZApplicationDetailQuery = z.object({
  instrumentsPage: z.coerce.number().int().min(1).optional(),
  instrumentsPageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TApplicationDetail = z.infer<typeof ZApplicationDetail>;

export const ZApplicationListQuery = ZPageQuery.extend({
  status: z.enum(APPLICATION_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  institutionId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
});
export type TApplicationListQuery = z.infer<typeof ZApplicationListQuery>;

// ---------- results ----------
export const ZDispenserMeasurements = z.object({
  /** Errors per flow point, in %. */
  points: z
    .array(z.object({ point: z.string().min(1).max(20), errors: z.array(z.number().finite()).min(1).max(20) }))
    .max(10)
    .optional(),
  /** Flat errors 误差1…n in flow-point order (docs/domain/forms.md §4 results sheet). */
  errors: z.array(z.number().finite()).max(100).optional(),
  /** Repeatability in % when given directly. */
  repeatability: z.number().finite().min(0).optional(),
});
export type TDispenserMeasurements = z.infer<typeof ZDispenserMeasurements>;

export const ZResultInput = z.object({
  instrumentId: z.number().int().positive(),
  nozzleId: z.number().int().positive().optional(),
  date: ZDate,
  conclusion: z.enum(CONCLUSIONS),
  kind: z.enum(VERIFICATION_KINDS).optional(),
  certificateNo: z.string().trim().min(1).max(MAX_NAME),
  validUntil: ZDate.optional(),
  verifierId: z.number().int().positive(),
  standardId: z.number().int().positive(),
  measurements: ZDispenserMeasurements.optional(),
  seals: z.array(z.string().trim().min(1).max(MAX_NAME)).max(20).optional(),
});
export type TResultInput = z.infer<typeof ZResultInput>;
export const ZPostResults = z.object({ results: z.array(ZResultInput).min(1).max(2000) });

export const ZResult = z.object({
  id: z.number().int(),
  instrumentId: z.number().int(),
  nozzleNo: z.number().int(),
  date: z.string(),
  kind: z.string(),
  conclusion: z.enum(CONCLUSIONS),
  certificateNo: z.string().nullable(),
  validUntil: z.string().nullable(),
  verifierId: z.number().int().nullable(),
  standardId: z.number().int().nullable(),
  measurements: z.unknown().nullable(),
  seals: z.array(z.string()).nullable(),
});
export const ZPostResultsResponse = z.object({
  application: ZApplication,
  results: z.array(ZResult),
  instruments: z.array(z.object({ id: z.number().int(), status: z.string().nullable(), validUntil: z.string().nullable() })),
});
export const ZImportRowError = z.object({ row: z.number().int(), column: z.string(), message: z.string(), code: z.string().optional() });

// ---------- findings, dashboard ----------
export const ZFinding = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  code: z.enum(VIOLATION_CODES),
  date: z.string(),
  source: z.enum(['inspection', 'system']),
  refs: z
    .object({ instrumentIds: z.array(z.number().int()).optional(), applicationIds: z.array(z.number().int()).optional() })
    .passthrough(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const ZFindingListQuery = ZPageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  code: z.enum(VIOLATION_CODES).optional(),
  source: z.enum(['inspection', 'system']).optional(),
  /** dated on or after / on or before (the supervision dashboard's links) */
  from: ZDate.optional(),
  to: ZDate.optional(),
});

const ZRate = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
export const ZInstitutionKpi = z.object({
  institutionId: z.number().int(),
  institutionName: z.string(),
  submitted: z.number().int(),
  answered: z.number().int(),
  accepted: z.number().int(),
  returned: z.number().int(),
  medianWorkingDays: z.number().nullable(),
  p90WorkingDays: z.number().nullable(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  onTime: ZRate,
  returnsWithoutFeedback: z.number().int(),
  overdueOpen: z.number().int(),
  unansweredResubmissions: z.number().int(),
});
export const ZOpenVersion = z.object({
  applicationId: z.number().int(),
  version: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  institutionId: z.number().int(),
  institutionName: z.string(),
  submittedAt: z.string(),
  acceptDeadline: z.string(),
  overdueWorkingDays: z.number(),
});
export const ZDashboard = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  institutions: z.array(ZInstitutionKpi),
  overdueAcceptances: z.array(ZOpenVersion),
  unansweredResubmissions: z.array(ZOpenVersion),
});
export const ZDashboardQuery = z.object({
  from: ZDate.optional(),
  to: ZDate.optional(),
  institutionId: z.coerce.number().int().positive().optional(),
});

// ---------- trace, re-verification ----------
export const ZTraceQuery = ZPageQuery.extend({ from: ZDate.optional(), to: ZDate.optional() });
export const ZTraceRow = z.object({
  verificationId: z.number().int(),
  date: z.string(),
  certificateNo: z.string().nullable(),
  conclusion: z.string(),
  instrumentId: z.number().int(),
  nozzleNo: z.number().int(),
  serialNo: z.string(),
  category: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
});
export const ZReverificationTask = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  instrumentId: z.number().int(),
  serialNo: z.string(),
  standardId: z.number().int(),
  verificationId: z.number().int(),
  status: z.enum(['open', 'done']),
  createdAt: z.string(),
});
export const ZTaskListQuery = ZPageQuery.extend({
  standardId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'done']).optional(),
});

// ---------- rotation ----------
export const ZRotationLotQuery = ZPageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORIES).optional(),
});
export const ZRotationLot = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  installYear: z.string().nullable(),
  townCode: z.string().nullable(),
  count: z.number().int(),
  earliestValidUntil: z.string().nullable(),
  dueWithin12Months: z.number().int(),
  overdue: z.number().int(),
});
export type TRotationLot = z.infer<typeof ZRotationLot>;
export const ZRotationForecastQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORIES).optional(),
  from: ZDate.optional(),
});
export const ZRotationForecast = z.object({
  from: z.string(),
  overdueBefore: z.number().int(),
  months: z.array(z.object({ month: z.string(), count: z.number().int() })),
});
export type TRotationForecast = z.infer<typeof ZRotationForecast>;
export const ZRotationLotKey = z.object({
  category: z.enum(CATEGORIES),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  installYear: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  townCode: z.string().nullable(),
});
export const ZCreateRotationOrder = z.object({
  orgId: z.number().int().positive(),
  lot: ZRotationLotKey,
  deadline: ZDate,
  note: z.string().trim().max(MAX_TEXT).optional(),
});
export type TCreateRotationOrder = z.infer<typeof ZCreateRotationOrder>;
export const ZRotationOrder = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  lot: ZRotationLotKey,
  deadline: z.string(),
  note: z.string().nullable(),
  total: z.number().int(),
  rotated: z.number().int(),
  overdue: z.boolean(),
  createdAt: z.string(),
});
export type TRotationOrder = z.infer<typeof ZRotationOrder>;
export const ZRotateInstrument = z.object({
  instrumentId: z.number().int().positive(),
  replacementId: z.number().int().positive(),
  date: ZDate,
});
