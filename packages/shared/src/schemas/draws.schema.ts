import { z } from 'zod';
import { DRAW_STRATIFICATIONS, TARGET_KINDS } from '../enums.js';
import { ZDate, ZName, ZPageQuery } from './common.schema.js';

/** Schemas of the supervision registers (targets, inspectors, conflicts) and the double-random draws (docs/SUPERVISION.md). */

export const MAX_DRAW_TITLE = 100;
export const MAX_WITNESS = 200;
export const MAX_CERT_NO = 40;

const ZRiskInputs = z.object({
  findings: z.number(),
  overdueRatePct: z.number(),
  complaints: z.number(),
  yearsSinceInspection: z.number(),
});
export const ZTarget = z.object({
  id: z.number().int(),
  targetKey: z.string(),
  kind: z.enum(TARGET_KINDS),
  orgId: z.number().int(),
  orgName: z.string(),
  creditCode: z.string(),
  siteId: z.number().int().nullable(),
  siteName: z.string().nullable(),
  townCode: z.string().nullable(),
  officeId: z.number().int().nullable(),
  officeName: z.string().nullable(),
  lastInspectionDate: z.string().nullable(),
  riskScore: z.number(),
  riskVersion: z.string(),
  riskInputs: ZRiskInputs,
  riskTerms: z.array(
    z.object({ input: z.string(), value: z.number(), pointsPerUnit: z.number(), maxPoints: z.number(), points: z.number() }),
  ),
  active: z.boolean(),
  refreshedAt: z.string(),
});
export type TTarget = z.infer<typeof ZTarget>;
export const ZTargetListQuery = ZPageQuery.extend({
  kind: z.enum(TARGET_KINDS).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  q: z.string().trim().max(100).optional(),
  /** the targets of one organization (the organization itself and its station sites) */
  orgId: z.coerce.number().int().positive().optional(),
  sort: z.enum(['risk', 'key']).default('risk'),
});
export type TTargetListQuery = z.infer<typeof ZTargetListQuery>;
export const ZUpdateTargetRequest = z.object({ lastInspectionDate: ZDate.nullable() });

export const ZCertNo = z
  .string()
  .trim()
  .min(3)
  .max(MAX_CERT_NO)
  .regex(/^[0-9A-Za-z-]+$/, 'letters, digits and -');
export const ZInspectorConflict = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  creditCode: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const ZInspector = z.object({
  id: z.number().int(),
  certNo: z.string(),
  userId: z.number().int(),
  userName: z.string(),
  officeId: z.number().int(),
  officeName: z.string(),
  officeKind: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  active: z.boolean(),
  conflicts: z.array(ZInspectorConflict),
});
export type TInspector = z.infer<typeof ZInspector>;
export const ZInspectorListQuery = ZPageQuery.extend({
  officeId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(100).optional(),
});
export const ZCreateInspectorRequest = z.object({
  userId: z.number().int().positive(),
  /** the office (or bureau) whose pool the inspector is in; default: the user's organization */
  officeId: z.number().int().positive().optional(),
  certNo: ZCertNo,
  validFrom: ZDate,
  validUntil: ZDate,
  active: z.boolean().default(true),
});
export type TCreateInspectorRequest = z.input<typeof ZCreateInspectorRequest>;
export const ZUpdateInspectorRequest = z.object({
  officeId: z.number().int().positive().optional(),
  validFrom: ZDate.optional(),
  validUntil: ZDate.optional(),
  active: z.boolean().optional(),
});
export const ZAddConflictRequest = z.object({
  creditCode: z.string().trim().min(1).max(30),
  note: z.string().trim().max(200).nullable().optional(),
});

export const ZDrawRecusalInput = z.object({ certNo: ZCertNo, creditCode: z.string().trim().min(1).max(30) });
export const ZCreateDrawRequest = z
  .object({
    title: ZName('drawTitle', { max: MAX_DRAW_TITLE }),
    regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '6 or 9 digits'),
    kinds: z.array(z.enum(TARGET_KINDS)).min(1),
    by: z.enum(DRAW_STRATIFICATIONS).default('kind'),
    /** sampling ratio in basis points, 1 % = 100 */
    ratioBp: z.number().int().min(1).max(10000),
    /** minimum drawn per stratum */
    min: z.number().int().min(0).max(10000).default(1),
    inspectorsPerTarget: z.number().int().min(2).max(10).default(2),
    maxTargetsPerInspector: z.number().int().min(1).max(10000).nullable().default(null),
    /** optional: candidates whose risk score is at least `highRiskThreshold` are drawn at `highRiskRatioBp` (both or neither) */
    highRiskRatioBp: z.number().int().min(1).max(10000).nullable().default(null),
    highRiskThreshold: z.number().int().min(0).max(1000).nullable().default(null),
    /** per-stratum ratios, by stratum key (`kind` or `kind/town`) */
    strataRatioBp: z.record(z.string(), z.number().int().min(1).max(10000)).default({}),
    /** recusals added to the plan before it is committed (declared conflicts are added by the system) */
    recusals: z.array(ZDrawRecusalInput).max(1000).default([]),
  })
  .refine((d) => new Set(d.kinds).size === d.kinds.length, { path: ['kinds'], message: 'duplicate kind' })
  .refine((d) => (d.highRiskRatioBp === null) === (d.highRiskThreshold === null), {
    path: ['highRiskThreshold'],
    message: 'highRiskRatioBp and highRiskThreshold go together',
  });
export type TCreateDrawRequest = z.input<typeof ZCreateDrawRequest>;
export const ZCreateDrawResult = z.object({ id: z.number().int(), commitment: z.string() });
export const ZRunDrawRequest = z.object({
  /** entropy entered at the run (dice at a public draw meeting): printable ASCII */
  witness: z
    .string()
    .min(1)
    .max(MAX_WITNESS)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII')
    .nullable()
    .optional(),
});

const ZRecusal = z.object({ inspectorKey: z.string(), targetKey: z.string() });
/** The published record (GET /api/v1/public/draws/{id}); before the run without `seed`, `drawn`, `assignments`. */
export const ZPublishedDraw = z.object({
  id: z.number().int(),
  title: z.string(),
  algorithm: z.string(),
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  witness: z.string().nullable(),
  committedAt: z.string(),
  revealedAt: z.string().nullable(),
  inspectorsPerTarget: z.number().int(),
  maxTargetsPerInspector: z.number().int().nullable(),
  strata: z.array(
    z.object({
      key: z.string(),
      ratioBp: z.number().int(),
      min: z.number().int(),
      candidates: z.array(z.string()),
      pool: z.array(z.string()),
      drawn: z.array(z.string()).optional(),
      /** optional high-risk sampling: the ratio, the threshold and the candidates at or above it at the commit */
      highRiskRatioBp: z.number().int().optional(),
      highRiskThreshold: z.number().optional(),
      highRisk: z.array(z.string()).optional(),
    }),
  ),
  recusals: z.array(ZRecusal),
  assignments: z.array(z.object({ targetKey: z.string(), inspectors: z.array(z.string()) })).optional(),
});
export type TPublishedDraw = z.infer<typeof ZPublishedDraw>;

export const ZDrawSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  regionCode: z.string(),
  kinds: z.array(z.string()),
  by: z.enum(DRAW_STRATIFICATIONS),
  ratioBp: z.number().int(),
  state: z.enum(['committed', 'revealed']),
  commitment: z.string(),
  committedAt: z.string(),
  revealedAt: z.string().nullable(),
  candidates: z.number().int(),
  drawn: z.number().int().nullable(),
  createdBy: z.string(),
});
export type TDrawSummary = z.infer<typeof ZDrawSummary>;
/** The plan detail of the regulator's page: the summary, the record, and names of targets and inspectors. */
export const ZDrawDetail = ZDrawSummary.extend({
  record: ZPublishedDraw,
  targetNames: z.record(z.string(), z.string()),
  inspectorNames: z.record(z.string(), z.string()),
});
export const ZDrawListQuery = ZPageQuery.extend({ state: z.enum(['committed', 'revealed']).optional() });
