/**
 * Attachments 2 and 3 computed in a read worker (lib/read-worker.ts): on a SQLite file the report's reads and the
 * status engine's computation run off the main thread, on the worker's own read-only connection, inside one read
 * transaction (one consistent snapshot). The request was checked in the main thread (`reportContext`).
 */
import type { TAttachmentReport } from '@qiangjian/shared';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import type { ReadFn } from '../../../lib/read-worker.js';
import { fixedClock } from '../../../time.js';
import { attachment2In } from './attachment2.service.js';
import { attachment3In } from './attachment3.service.js';
import { inSnapshot, type ReportContext } from './report-context.js';

export interface ReportReadInput {
  id: 'attachment2' | 'attachment3';
  rc: ReportContext;
  config: Config;
  /** the caller's clock (today decides stored vs computed statuses) */
  nowIso: string;
}

export const computeReportRead: ReadFn<ReportReadInput, TAttachmentReport> = async (h, input, emit) => {
  const ctx: AppContext = { db: h.db, engine: h.engine, handle: h, clock: fixedClock(input.nowIso), config: input.config };
  const report = await inSnapshot(ctx, (db) =>
    input.id === 'attachment2' ? attachment2In(ctx, db, input.rc) : attachment3In(ctx, db, input.rc),
  );
  await emit([report]);
};
