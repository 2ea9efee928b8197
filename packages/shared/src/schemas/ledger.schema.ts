import { z } from 'zod';
import {
  CATEGORIES,
  CONCLUSIONS,
  GAS_MEDIA,
  LEDGER_STATES,
  ORIGINS,
  PURPOSES,
  REMOVAL_REASONS,
  STATUSES,
  SUBMISSION_MODES,
  VERIFICATION_KINDS,
} from '../enums.js';
import { t } from '../i18n/index.js';
import { MAX_NAME, MAX_TEXT, ZName, ZPageQuery } from './common.schema.js';

/** Ledger (台账) schemas: instruments, nozzles, verification records, imports, exports, reconciliation. */

const msg = (key: string) => ({ message: t(key) });
const ZDateCn = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg('ledger.validation.date'))
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, msg('ledger.validation.date'));
const ZText = z.string().trim().max(MAX_NAME);
const ZRegionCodeCn = z.string().regex(/^\d{6}(\d{3})?$/, msg('ledger.validation.region'));

export const ZNozzle = z.object({
  id: z.number().int(),
  nozzleNo: z.number().int(),
  fuelGrade: z.string().nullable(),
  removalDate: z.string().nullable(),
  status: z.string().nullable(),
  validUntil: z.string().nullable(),
});
export type TNozzle = z.infer<typeof ZNozzle>;

export const ZVerificationRecord = z.object({
  id: z.number().int(),
  nozzleNo: z.number().int(),
  kind: z.enum(VERIFICATION_KINDS),
  date: z.string(),
  conclusion: z.enum(CONCLUSIONS),
  certificateNo: z.string().nullable(),
  validUntil: z.string().nullable(),
  institutionName: z.string().nullable(),
  source: z.string(),
});
export type TVerificationRecord = z.infer<typeof ZVerificationRecord>;

/** Editable instrument fields (e-CQS ledger + category-specific). */
const instrumentFields = {
  siteId: z.number().int().positive().nullish(),
  instrumentName: z.string().trim().min(1, msg('ledger.validation.required')).max(MAX_NAME),
  model: ZText.nullish(),
  measuringRange: ZText.nullish(),
  accuracyClass: ZText.nullish(),
  manufacturer: ZText.nullish(),
  origin: z.enum(ORIGINS).nullish(),
  location: z.string().trim().max(MAX_TEXT).nullish(),
  quantity: z.number().int().min(1).max(1_000_000).optional(),
  purpose: z.enum(PURPOSES).nullish(),
  submissionMode: z.enum(SUBMISSION_MODES).nullish(),
  adminDivisionCode: ZRegionCodeCn.nullish(),
  caliberDn: z.number().positive().max(2000).nullish(),
  q3: z.number().positive().max(10000).nullish(),
  gRating: ZText.nullish(),
  gasMedium: z.enum(GAS_MEDIA).nullish(),
  fuelGrade: ZText.nullish(),
  sealNos: ZText.nullish(),
  typeApprovalNo: ZText.nullish(),
  installDate: ZDateCn.nullish(),
  firstUseDate: ZDateCn.nullish(),
  manufactureDate: ZDateCn.nullish(),
  remarks: z.string().trim().max(MAX_TEXT).nullish(),
};

export const ZCreateInstrumentRequest = z.object({
  orgId: z.number().int().positive(),
  category: z.enum(CATEGORIES),
  serialNo: z.string().trim().min(1, msg('ledger.validation.serial')).max(64, msg('ledger.validation.serial')),
  ...instrumentFields,
  /** Nozzles of a fuel dispenser (枪号 1…n). */
  nozzles: z
    .array(z.object({ nozzleNo: z.number().int().min(1).max(99), fuelGrade: ZText.nullish() }))
    .max(99)
    .optional(),
  /** Save as draft (incomplete record); otherwise a record with every hard field is filed at once. */
  draft: z.boolean().optional(),
});
export type TCreateInstrumentRequest = z.infer<typeof ZCreateInstrumentRequest>;

export const ZUpdateInstrumentRequest = z
  .object({ serialNo: ZCreateInstrumentRequest.shape.serialNo, ...instrumentFields })
  .partial()
  .extend({ file: z.boolean().optional() });
export type TUpdateInstrumentRequest = z.infer<typeof ZUpdateInstrumentRequest>;

export const ZInstrumentStateRequest = z.object({
  state: z.enum(LEDGER_STATES),
  /** Removal / suspension / scrapping date (defaults to today). */
  date: ZDateCn.optional(),
  reason: z.enum(REMOVAL_REASONS).optional(),
  replacedById: z.number().int().positive().optional(),
  note: z.string().trim().max(MAX_TEXT).optional(),
});
export type TInstrumentStateRequest = z.infer<typeof ZInstrumentStateRequest>;

export const ZCreateVerificationRequest = z
  .object({
    nozzleNo: z.number().int().min(0).max(99).default(0),
    kind: z.enum(VERIFICATION_KINDS).default('periodic'),
    date: ZDateCn,
    conclusion: z.enum(CONCLUSIONS),
    certificateNo: ZText.nullish(),
    validUntil: ZDateCn.nullish(),
    institutionName: ZText.nullish(),
  })
  .refine((v) => !v.validUntil || v.validUntil >= v.date, { path: ['validUntil'], message: t('ledger.validation.validUntilBeforeDate') });
export type TCreateVerificationRequest = z.infer<typeof ZCreateVerificationRequest>;

export const ZInstrument = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string().nullable(),
  siteId: z.number().int().nullable(),
  siteName: z.string().nullable(),
  townCode: z.string().nullable(),
  category: z.enum(CATEGORIES),
  serialNo: z.string(),
  instrumentName: z.string(),
  catalogueItem: z.string().nullable(),
  catalogueType: z.string().nullable(),
  model: z.string().nullable(),
  measuringRange: z.string().nullable(),
  accuracyClass: z.string().nullable(),
  manufacturer: z.string().nullable(),
  origin: z.string().nullable(),
  location: z.string().nullable(),
  quantity: z.number().int(),
  purpose: z.string().nullable(),
  submissionMode: z.string().nullable(),
  adminDivisionCode: z.string().nullable(),
  caliberDn: z.number().nullable(),
  q3: z.number().nullable(),
  gRating: z.string().nullable(),
  gasMedium: z.string().nullable(),
  fuelGrade: z.string().nullable(),
  sealNos: z.string().nullable(),
  typeApprovalNo: z.string().nullable(),
  installDate: z.string().nullable(),
  firstUseDate: z.string().nullable(),
  manufactureDate: z.string().nullable(),
  remarks: z.string().nullable(),
  ledgerState: z.enum(LEDGER_STATES),
  filedAt: z.string().nullable(),
  removalDate: z.string().nullable(),
  removalReason: z.string().nullable(),
  replacedById: z.number().int().nullable(),
  publicCode: z.string(),
  status: z.enum(STATUSES).nullable(),
  validUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
  reasonCode: z.string().nullable(),
  statusAsOf: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TInstrument = z.infer<typeof ZInstrument>;

/** Another instrument of the same organization named by a replacement link (its id and serial). */
export const ZInstrumentRef = z.object({ id: z.number().int(), serialNo: z.string() });
export type TInstrumentRef = z.infer<typeof ZInstrumentRef>;

export const ZInstrumentDetail = ZInstrument.extend({
  /** The meter this one replaced (`replacesSerial` of an import, docs/domain/forms.md §4), or null. */
  replaces: ZInstrumentRef.nullable(),
  /** The meter that replaced this one (its link, or this record's `replacedById`), or null. */
  replacedBy: ZInstrumentRef.nullable(),
  nozzles: z.array(ZNozzle),
  verifications: z.array(ZVerificationRecord),
  /** The committed imports that created or changed the instrument, oldest first (its 备案历史 from files). */
  imports: z.array(
    z.object({
      jobId: z.number().int(),
      fileName: z.string(),
      change: z.enum(['inserted', 'updated']),
      /** the instrument fields the import changed (keys of the import's diff) */
      fields: z.array(z.string()),
      actor: z.string(),
      /** the display name of a `user:` actor, when the user exists */
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  stateChanges: z.array(
    z.object({
      fromState: z.string().nullable(),
      toState: z.string(),
      effectiveDate: z.string(),
      reason: z.string().nullable(),
      note: z.string().nullable(),
      actor: z.string(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type TInstrumentDetail = z.infer<typeof ZInstrumentDetail>;

export const INSTRUMENT_SORTS = ['serialNo', 'category', 'status', 'validUntil', 'updatedAt', 'installDate'] as const;
export const ZInstrumentListQuery = ZPageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(STATUSES).optional(),
  siteId: z.coerce.number().int().positive().optional(),
  town: z
    .string()
    .regex(/^\d{6,9}$/)
    .optional(),
  ledgerState: z.enum(LEDGER_STATES).optional(),
  /** Serial number prefix / substring (case-insensitive). */
  q: z.string().trim().max(64).optional(),
  sort: z.enum(INSTRUMENT_SORTS).default('serialNo'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type TInstrumentListQuery = z.infer<typeof ZInstrumentListQuery>;

// ---- import jobs ----
export const IMPORT_MODES = ['partial', 'strict'] as const;
export const IMPORT_STATES = ['pending', 'validating', 'previewed', 'committing', 'committed', 'failed'] as const;

export const ZRowIssue = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  key: z.string().nullable().optional(),
  code: z.string(),
  message: z.string(),
});
export type TRowIssue = z.infer<typeof ZRowIssue>;

/** An instrument the import updates (or, in a preview, would update): its row and the changed columns (before → after). */
export const ZImportUpdate = z.object({
  row: z.number().int(),
  category: z.string(),
  serialNo: z.string(),
  fields: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export type TImportUpdate = z.infer<typeof ZImportUpdate>;

export const ZImportResult = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(ZRowIssue),
  warnings: z.array(ZRowIssue),
  /** Updated instruments with their changed columns (the first 2,000; rows whose verification or nozzles alone changed are not listed). */
  updates: z.array(ZImportUpdate).optional(),
  /** The rejection reasons grouped (code + column), most rows first (the first 10), over every row of the file. */
  errorSummary: z
    .array(z.object({ code: z.string(), column: z.string().nullable(), rows: z.number().int(), message: z.string() }))
    .optional(),
});
export type TImportResult = z.infer<typeof ZImportResult>;

/** How an import read the file's columns: each column's field (null: not imported), the header's signature, the mapping applied. */
export const ZImportColumnMapping = z.object({
  signature: z.string(),
  template: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  applied: z.record(z.string(), z.string()).nullable(),
  columns: z.array(z.object({ header: z.string(), key: z.string().nullable() })),
});
export type TImportColumnMapping = z.infer<typeof ZImportColumnMapping>;

/** An organization's saved column mapping (docs/LEDGER.md "Column mapping"). */
export const ZImportMapping = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  name: z.string(),
  mapping: z.record(z.string(), z.string()),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type TImportMapping = z.infer<typeof ZImportMapping>;
export const ZSaveImportMapping = z.object({
  jobId: z.number().int().positive(),
  name: ZName('mappingName'),
  mapping: z.record(z.string().max(200), z.string().max(40)).optional(),
});

export const ZImportJob = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  fileName: z.string(),
  fileHash: z.string(),
  mode: z.enum(IMPORT_MODES),
  dryRun: z.boolean(),
  state: z.enum(IMPORT_STATES),
  progress: z.number(),
  result: ZImportResult.extend({
    committed: z.boolean(),
    headerRow: z.number().int().nullable(),
    columns: z.array(z.string()),
    mapping: ZImportColumnMapping.optional(),
  }).nullable(),
  /** A failed job's error; `details.columns` of `import_no_header`: the row most like a header, to map. */
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** When the retention job deleted the job's uploaded file (a preview or failed job older than the retention). */
  fileExpiredAt: z.string().nullable(),
  /** The uploaded file is still stored (a failed job can be retried, its file deleted). */
  fileKept: z.boolean(),
});
export type TImportJob = z.infer<typeof ZImportJob>;

export const ZImportUploadQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  mode: z.enum(IMPORT_MODES).default('partial'),
  sheet: z.string().max(100).optional(),
  /** the column mapping, JSON `{ "header": "field" | "" }` (docs/LEDGER.md "Column mapping") */
  mapping: z.string().max(20000).optional(),
});

export const ZImportRejectsQuery = ZPageQuery.extend({});
export const ZImportReject = z.object({ row: z.number().int(), raw: z.array(z.unknown()), errors: z.array(ZRowIssue) });

// ---- export / reconcile / public ----
export const EXPORT_FORMATS = ['xlsx', 'csv', 'json'] as const;
export const EXPORT_LAYOUTS = ['attachment1', 'ecqs'] as const;
export const ZExportQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  region: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  format: z.enum(EXPORT_FORMATS).default('xlsx'),
  layout: z.enum(EXPORT_LAYOUTS).default('attachment1'),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

export const ZReconcileItem = z.object({
  serialNo: z.string(),
  row: z.number().int().nullable(),
  address: z.string().nullable(),
  instrumentId: z.number().int().nullable(),
  category: z.string().nullable(),
  validUntil: z.string().nullable(),
  status: z.string().nullable(),
});
export const ZReconcileResult = z.object({
  orgId: z.number().int(),
  asOf: z.string(),
  rosterCount: z.number().int(),
  filedCount: z.number().int(),
  counts: z.object({
    notFiled: z.number().int(),
    notInRoster: z.number().int(),
    pastLimit: z.number().int(),
    duplicatesInRoster: z.number().int(),
  }),
  notFiled: z.array(ZReconcileItem),
  notInRoster: z.array(ZReconcileItem),
  pastLimit: z.array(ZReconcileItem),
  truncated: z.boolean(),
});
export type TReconcileResult = z.infer<typeof ZReconcileResult>;

export const ZPublicInstrument = z.object({
  code: z.string(),
  category: z.enum(CATEGORIES),
  categoryLabel: z.string(),
  instrumentName: z.string(),
  model: z.string().nullable(),
  siteName: z.string().nullable(),
  town: z.string().nullable(),
  status: z.enum(STATUSES).nullable(),
  statusLabel: z.string().nullable(),
  /** null when no validity applies: failed, never verified or out of service (never shown as if still valid) */
  validUntil: z.string().nullable(),
  institution: z.string().nullable(),
  statusAsOf: z.string().nullable(),
  /** a dispenser's serial (to match the pump); null for meters, which sit in homes */
  serialNo: z.string().nullable(),
  /** a dispenser's nozzles in service, each with its own status (docs/domain/forms.md §1 "Dispenser status") */
  nozzles: z.array(
    z.object({
      no: z.number().int(),
      fuelGrade: z.string().nullable(),
      status: z.enum(STATUSES).nullable(),
      statusLabel: z.string().nullable(),
      validUntil: z.string().nullable(),
    }),
  ),
});
export type TPublicInstrument = z.infer<typeof ZPublicInstrument>;

export const ZQrLabelQuery = z.object({
  ids: z.string().regex(/^\d+(,\d+)*$/),
  format: z.enum(['svg', 'png']).default('svg'),
});

/**
 * The A4 QR label sheet (PDF): the chosen `ids`, or, without ids, every instrument matching the list's filters
 * ("select all that match"), in serial-number order.
 */
export const ZQrSheetQuery = ZInstrumentListQuery.omit({ page: true, pageSize: true, sort: true, order: true }).extend({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .optional(),
});
export type TQrSheetQuery = z.infer<typeof ZQrSheetQuery>;
