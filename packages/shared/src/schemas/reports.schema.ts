import { z } from 'zod';
import { ZDate, ZPageQuery } from './common.schema.js';
import { ZRegionCode } from './core.schema.js';

/** Campaign statistics (docs/REPORTS.md): Attachments 2 and 3, KPIs and drill-downs. */

export const REPORT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const KPI_GROUPINGS = ['org', 'town', 'category'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

export const ZReportQuery = z.object({
  regionCode: ZRegionCode,
  from: ZDate,
  to: ZDate,
  /** reference date D (default: `to`) */
  asOf: ZDate.optional(),
  format: z.enum(REPORT_FORMATS).optional(),
});
export type TReportQuery = z.infer<typeof ZReportQuery>;

export const ZDrillQuery = ZReportQuery.omit({ format: true })
  .extend({
    /** the row's organization (absent: the total row) */
    orgId: z.coerce.number().int().positive().optional(),
    /** Attachment 2: the row's meter type */
    meterType: z.enum(['water_meter', 'electricity_meter', 'gas_meter']).optional(),
    /** Attachment 3: the row's station site */
    siteId: z.coerce.number().int().positive().optional(),
    /** the column key (docs/domain/forms.md §5, §6) */
    column: z.string().min(1).max(60),
  })
  .merge(ZPageQuery);
export type TDrillQuery = z.infer<typeof ZDrillQuery>;

export const ZKpiQuery = ZReportQuery.omit({ format: true }).extend({ by: z.enum(KPI_GROUPINGS).optional() });
export type TKpiQuery = z.infer<typeof ZKpiQuery>;

export const ZRatio = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() });
export type TRatio = z.infer<typeof ZRatio>;

export const ZReportCell = z.union([z.string(), z.number(), z.boolean(), z.null(), ZRatio]);
export const ZReportRow = z.record(z.string(), ZReportCell);
export type TReportRow = z.infer<typeof ZReportRow>;

export const ZIdentityViolation = z.object({ identity: z.string(), row: z.string(), expected: z.number(), actual: z.number() });
export type TIdentityViolation = z.infer<typeof ZIdentityViolation>;

export const ZAttachmentReport = z.object({
  template: z.object({ id: z.string(), version: z.number().int() }),
  region: z.object({ code: z.string(), name: z.string() }),
  periodStart: z.string(),
  periodEnd: z.string(),
  asOf: z.string(),
  rows: z.array(ZReportRow),
  total: ZReportRow,
  blocks: z.record(z.string(), z.number().nullable()).optional(),
  identityViolations: z.array(ZIdentityViolation),
});
export type TAttachmentReport = z.infer<typeof ZAttachmentReport>;

export const ZDrillItem = z.object({
  kind: z.enum(['instrument', 'nozzle', 'sample_test', 'finding', 'order', 'case', 'inspection']),
  id: z.number().int(),
  orgId: z.number().int(),
  label: z.string(),
  category: z.string().nullable(),
  date: z.string().nullable(),
  status: z.string().nullable(),
  quantity: z.number().int(),
  amountYuan: z.number().nullable(),
});
export type TDrillItem = z.infer<typeof ZDrillItem>;
export const ZDrillPage = z.object({
  items: z.array(ZDrillItem),
  total: z.number().int(),
  /** Σ quantity (units) or Σ amount (yuan) of every matching record: the number the cell shows */
  value: z.number(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TDrillPage = z.infer<typeof ZDrillPage>;

export const ZKpiGroup = z.object({ key: z.string(), label: z.string(), kpis: z.record(z.string(), ZRatio) });
export const ZKpiReport = z.object({
  formulaVersion: z.number().int(),
  region: z.object({ code: z.string(), name: z.string() }),
  periodStart: z.string(),
  periodEnd: z.string(),
  asOf: z.string(),
  by: z.enum(KPI_GROUPINGS).nullable(),
  groups: z.array(ZKpiGroup),
  total: z.record(z.string(), ZRatio),
});
export type TKpiReport = z.infer<typeof ZKpiReport>;

/** yuan → wan-yuan as printed (docs/domain/forms.md §0): ÷ 10,000, 2 decimals, half-up, computed on integer fen (no float drift). */
export function yuanToWan(yuan: number): string {
  const fen = Math.round(yuan * 100);
  const hundredths = Math.floor((fen + 5000) / 10000);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** A rate as printed: percent with 2 decimals, "—" for a zero denominator (never 100 %). */
export function ratePrinted(rate: number | null): string {
  return rate === null ? '\u2014' : `${(rate * 100).toFixed(2)}%`;
}

/** KPI drill-down (docs/REPORTS.md): the records behind a KPI's numerator or denominator, of the total or one group. */
export const KPI_PARTS = ['numerator', 'denominator'] as const;
export const ZKpiDrillQuery = ZReportQuery.omit({ format: true })
  .extend({
    /** the KPI key (packages/shared/src/data/kpi-formulas.ts) */
    kpi: z.string().min(1).max(60),
    part: z.enum(KPI_PARTS),
    /** with `group`: the grouping the group key belongs to */
    by: z.enum(KPI_GROUPINGS).optional(),
    /** a group key of the KPI report (absent: the total) */
    group: z.string().max(40).optional(),
  })
  .merge(ZPageQuery);
export type TKpiDrillQuery = z.infer<typeof ZKpiDrillQuery>;

/** KPI trend over a campaign's reporting days (each reporting day of a month and the final report date, up to today). */
export const ZKpiTrendQuery = z.object({
  campaignId: z.coerce.number().int().positive(),
  by: z.enum(KPI_GROUPINGS).optional(),
});
export type TKpiTrendQuery = z.infer<typeof ZKpiTrendQuery>;
export const ZKpiTrendPoint = z.object({
  /** the reporting day: D, and the end of P = [campaign start, D] */
  date: z.string(),
  total: z.record(z.string(), ZRatio),
  groups: z.array(ZKpiGroup),
});
export const ZKpiTrend = z.object({
  formulaVersion: z.number().int(),
  campaignId: z.number().int(),
  region: z.object({ code: z.string(), name: z.string() }),
  periodStart: z.string(),
  by: z.enum(KPI_GROUPINGS).nullable(),
  /** reporting days after today, not computed yet */
  upcoming: z.array(z.string()),
  points: z.array(ZKpiTrendPoint),
});
export type TKpiTrend = z.infer<typeof ZKpiTrend>;
