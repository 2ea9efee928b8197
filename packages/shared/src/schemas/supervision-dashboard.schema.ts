import { z } from 'zod';
import { CASE_STAGES, ORDER_STATES, TARGET_KINDS, VIOLATION_CODES } from '../enums.js';
import { MAX_TEXT, ZDate, ZId } from './common.schema.js';
import { ZRegionCode } from './core.schema.js';

/**
 * Schemas of the supervision dashboard (监督检查看板) and of the planned inspections created beside the draws
 * (risk-targeted, complaint-triggered): docs/SUPERVISION.md "Dashboard".
 */

export const ZSupervisionDashboardQuery = z.object({
  /** default: the actor's region (an office inspector: its towns) */
  regionCode: ZRegionCode.optional(),
  /** default: 1 January of the current year */
  from: ZDate.optional(),
  /** default: 31 December of the current year */
  to: ZDate.optional(),
});
export type TSupervisionDashboardQuery = z.infer<typeof ZSupervisionDashboardQuery>;

const ZRatio = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });

export const ZCoverageRow = z.object({
  /** null: targets whose town is unknown (an organization registered at county level) */
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  kind: z.enum(TARGET_KINDS),
  /** active targets of the register */
  targets: z.number().int(),
  /** distinct targets with a finished inspection visited in the period */
  inspected: z.number().int(),
  rate: ZRatio,
});
export type TCoverageRow = z.infer<typeof ZCoverageRow>;

export const ZSupervisionDashboard = z.object({
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  coverage: z.array(ZCoverageRow),
  coverageTotal: z.object({ targets: z.number().int(), inspected: z.number().int(), rate: ZRatio }),
  /** findings dated in the period, by code */
  findings: z.array(z.object({ code: z.enum(VIOLATION_CODES), count: z.number().int() })),
  orders: z.object({
    /** orders issued in the period, by state */
    byState: z.array(z.object({ state: z.enum(ORDER_STATES), count: z.number().int() })),
    /** issued orders past their deadline today (any issue date) */
    overdue: z.number().int(),
    mostOverdue: z.array(
      z.object({
        id: z.number().int(),
        orderNo: z.string(),
        orgName: z.string(),
        code: z.enum(VIOLATION_CODES),
        deadline: z.string(),
        daysOverdue: z.number().int(),
      }),
    ),
  }),
  cases: z.object({
    /** cases filed in the period, by stage */
    byStage: z.array(z.object({ stage: z.enum(CASE_STAGES), count: z.number().int() })),
    /** open cases within the warning window of the limit / past it (any filing date) */
    warning: z.number().int(),
    overdue: z.number().int(),
    nearLimit: z.array(
      z.object({
        id: z.number().int(),
        caseNo: z.string(),
        orgName: z.string(),
        filedOn: z.string(),
        limitDate: z.string(),
        daysLeft: z.number().int(),
      }),
    ),
  }),
  /** targets visited again and again outside any draw (the inspections setting's threshold and window) */
  repeated: z.object({
    threshold: z.number().int(),
    days: z.number().int(),
    targets: z.array(
      z.object({
        targetId: z.number().int(),
        targetKey: z.string(),
        kind: z.enum(TARGET_KINDS),
        orgName: z.string(),
        siteName: z.string().nullable(),
        visits: z.number().int(),
      }),
    ),
  }),
});
export type TSupervisionDashboard = z.infer<typeof ZSupervisionDashboard>;

/** A risk-targeted or complaint-triggered inspection planned beside the draws (an assignment, like a drawn one). */
export const PLANNED_INSPECTION_KINDS = ['targeted', 'complaint'] as const;
export const ZCreatePlannedInspectionRequest = z.object({
  targetId: ZId,
  kind: z.enum(PLANNED_INSPECTION_KINDS),
  /** the risk reason, or the complaint's reference and content */
  reason: z.string().trim().min(1).max(MAX_TEXT),
  plannedDate: ZDate,
  /** ≥ 2 inspectors of the covering office (or the bureau pool), none recused for the target's organization */
  inspectorIds: z.array(ZId).max(10),
});
export type TCreatePlannedInspectionRequest = z.infer<typeof ZCreatePlannedInspectionRequest>;
export const ZPlannedInspection = z.object({
  assignmentId: z.number().int(),
  kind: z.enum(PLANNED_INSPECTION_KINDS),
  targetId: z.number().int(),
  targetKey: z.string(),
  plannedDate: z.string(),
  reason: z.string(),
  inspectorIds: z.array(z.number().int()),
  createdBy: z.string(),
});
export type TPlannedInspection = z.infer<typeof ZPlannedInspection>;

/** Where a task stands against its planned date (我的检查任务 groups by it). */
export const TASK_DUES = ['overdue', 'today', 'upcoming'] as const;
export type TaskDue = (typeof TASK_DUES)[number];
