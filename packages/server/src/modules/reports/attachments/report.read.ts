/**
 * Report computations in a read worker (lib/read-worker.ts): the reads and the status engine's computation run off
 * the main thread, on the worker's own read-only connection (SQLite file or one PostgreSQL client), inside one read
 * transaction (one consistent snapshot). The request was checked in the main thread (`reportContext`); what comes
 * back is structured-clone data (reports, KPI counters, drill pages).
 */
import {
  type ErrorCode,
  type KpiGrouping,
  type TAttachmentReport,
  type TDrillPage,
  type TDrillQuery,
  type TKpiDrillQuery,
  ZAttachmentReport,
} from '@qiangjian/shared';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import type { DatabaseHandle } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import type { ReadFn } from '../../../lib/read-worker.js';
import { fixedClock } from '../../../time.js';
import { attachment2In, drillAttachment2In } from './attachment2.service.js';
import { attachment3In, drillAttachment3In } from './attachment3.service.js';
import { type KpiCounts, kpiCountsIn, kpiDrillIn } from './kpi.service.js';
import { inSnapshot, type ReportContext } from './report-context.js';

/** One report computation: what the worker (or the main thread, on an in-memory database) runs. */
export type ReportJob =
  | { kind: 'attachment'; id: 'attachment2' | 'attachment3'; rc: ReportContext }
  | { kind: 'drill'; id: 'attachment2' | 'attachment3'; rc: ReportContext; d: TDrillQuery }
  | { kind: 'kpi'; rc: ReportContext; by: KpiGrouping | null }
  | { kind: 'kpiDrill'; rc: ReportContext; d: TKpiDrillQuery };

export type ReportJobResult = TAttachmentReport | TDrillPage | KpiCounts;

/** An application error crossing the worker boundary as data (the worker posts only an error's text). */
export interface CarriedError {
  carriedError: { code: ErrorCode; message: string; details: unknown };
}

export interface ReportReadInput {
  jobs: ReportJob[];
  config: Config;
  /** the caller's clock (today decides stored vs computed statuses) */
  nowIso: string;
}

/** Runs one job in its own snapshot. */
export async function runReportJob(ctx: AppContext, job: ReportJob): Promise<ReportJobResult> {
  return inSnapshot<ReportJobResult>(ctx, async (db) => {
    switch (job.kind) {
      case 'attachment':
        // checked against the response schema here, in the worker: for a county's 600 rows the check costs
        // 15–50 ms, which the event loop serving other requests should not pay
        return ZAttachmentReport.parse(
          job.id === 'attachment2' ? await attachment2In(ctx, db, job.rc) : await attachment3In(ctx, db, job.rc),
        );
      case 'drill':
        return job.id === 'attachment2' ? drillAttachment2In(ctx, db, job.rc, job.d) : drillAttachment3In(ctx, db, job.rc, job.d);
      case 'kpi':
        return kpiCountsIn(ctx, db, job.rc, job.by);
      case 'kpiDrill':
        return kpiDrillIn(ctx, db, job.rc, job.d);
    }
  });
}

/** The worker's entry: runs the jobs in order (a KPI trend: one per reporting day), one result batch each. */
export const computeReportRead: ReadFn<ReportReadInput, ReportJobResult | CarriedError> = async (h: DatabaseHandle, input, emit) => {
  const ctx: AppContext = { db: h.db, engine: h.engine, handle: h, clock: fixedClock(input.nowIso), config: input.config };
  for (const job of input.jobs) {
    let r: ReportJobResult | CarriedError;
    try {
      r = await runReportJob(ctx, job);
    } catch (e) {
      // a refusal (404 for a row outside the report, 400 …) goes back as data and is thrown again by the caller
      if (!(e instanceof AppError)) throw e;
      r = { carriedError: { code: e.code, message: e.message, details: e.details } };
    }
    await emit([r]);
    if ('carriedError' in r) return;
  }
};
