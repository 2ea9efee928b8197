/**
 * The reports module's service face (docs/REPORTS.md): Attachments 2 and 3 as JSON, XLSX or PDF, their drill-downs
 * and the KPIs. Routes and the CLI call these; each checks `report.read` and the data scope (attachments/report-context).
 */
import type {
  ReportFormat,
  TAttachmentReport,
  TDrillPage,
  TDrillQuery,
  TKpiDrillQuery,
  TKpiQuery,
  TKpiReport,
  TKpiTrend,
  TKpiTrendQuery,
} from '@qiangjian/shared';
import { CURRENT_KPI_FORMULA_VERSION } from '@qiangjian/shared/data';
import { recordAuditAlone } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso, today } from '../../context.js';
import { AppError } from '../../errors.js';
import { readInWorker } from '../../lib/read-worker.js';
import { getCampaign } from '../campaigns/campaigns.service.js';
import { checkDrillA2 } from './attachments/attachment2.service.js';
import { checkDrillA3 } from './attachments/attachment3.service.js';
import { latestAuditId } from './attachments/facts.queries.js';
import { trendDays } from './attachments/kpi.rules.js';
import { assembleKpis, type KpiCounts, kpiCounterOf } from './attachments/kpi.service.js';
import { type CarriedError, type ReportJob, type ReportJobResult, type ReportReadInput, runReportJob } from './attachments/report.read.js';
import { type ReportContext, type ReportParams, reportContext } from './attachments/report-context.js';
import { attachmentPdf, attachmentXlsx } from './attachments/report-output.js';
import { syncReportSpans } from './attachments/spans.service.js';

export { syncReportSpans };

export type AttachmentId = 'attachment2' | 'attachment3';

const REPORT_READ = new URL('./attachments/report.read.ts', import.meta.url);

/** Results of report jobs per data version (`latestAuditId` and today): job (JSON) → result, oldest first. */
const cache = new Map<string, { version: string; result: ReportJobResult }>();

/**
 * Runs report jobs (attachments/report.read.ts) and returns their results in order. On a database file or PostgreSQL
 * the jobs run in a read worker (lib/read-worker.ts: its own read-only connection, one read transaction per job), so
 * the event loop keeps serving requests while a report for a whole county is computed; an in-memory SQLite database
 * computes in the main thread. Results are kept per data version (config `reportCacheEntries`): the same request
 * answers from memory until the next audited write or the next day.
 */
export async function runReportJobs(ctx: AppContext, jobs: ReportJob[]): Promise<ReportJobResult[]> {
  const size = ctx.config.reportCacheEntries;
  const version = size > 0 ? `${await latestAuditId(ctx.db)}|${today(ctx)}|${ctx.handle.location}` : '';
  const keys = jobs.map((j) => JSON.stringify(j));
  const results: (ReportJobResult | undefined)[] = keys.map((k) => {
    const hit = size > 0 ? cache.get(k) : undefined;
    return hit && hit.version === version ? hit.result : undefined;
  });
  const missing = jobs.filter((_, i) => results[i] === undefined);
  if (missing.length) {
    // the spans of instruments changed since the last build are built first (one short write per chunk)
    await syncReportSpans(ctx);
    const computed: (ReportJobResult | CarriedError)[] = [];
    if (ctx.engine === 'sqlite' && ctx.handle.location === ':memory:') {
      for (const job of missing) computed.push(await runReportJob(ctx, job));
    } else {
      const input: ReportReadInput = { jobs: missing, config: ctx.config, nowIso: nowIso(ctx) };
      for await (const batch of readInWorker<ReportReadInput, ReportJobResult | CarriedError>(ctx, {
        module: REPORT_READ,
        fn: 'computeReportRead',
        input,
      }))
        computed.push(...batch);
    }
    let m = 0;
    for (let i = 0; i < jobs.length; i++) {
      if (results[i] !== undefined) continue;
      const r = computed[m++];
      if (r === undefined) throw new Error('report read worker returned too few results');
      if ('carriedError' in r)
        throw new AppError(r.carriedError.code, { message: r.carriedError.message, details: r.carriedError.details });
      results[i] = r;
      if (size > 0) {
        cache.delete(keys[i] as string);
        cache.set(keys[i] as string, { version, result: r });
        while (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
    }
  }
  return results as ReportJobResult[];
}

/** Attachment 2 or 3 of a request (checked in the main thread, computed by `runReportJobs`). */
export async function attachmentReport(ctx: AppContext, actor: Actor, id: AttachmentId, q: ReportParams): Promise<TAttachmentReport> {
  const rc = await reportContext(ctx, actor, q);
  const [report] = await runReportJobs(ctx, [{ kind: 'attachment', id, rc }]);
  return report as TAttachmentReport;
}

export type RenderedReport =
  | { format: 'json'; report: TAttachmentReport }
  | { format: 'xlsx' | 'pdf'; report: TAttachmentReport; bytes: Buffer };

/** The report in a format; XLSX and PDF refuse a report that breaks an identity (`report_identity_violated`). */
export async function renderAttachment(
  ctx: AppContext,
  actor: Actor,
  id: AttachmentId,
  q: ReportParams,
  format: ReportFormat,
): Promise<RenderedReport> {
  const report = await attachmentReport(ctx, actor, id, q);
  if (format === 'json') return { format, report };
  const bytes = format === 'xlsx' ? await attachmentXlsx(report) : await attachmentPdf(report);
  // exports are audited (docs/SECURITY.md): which table, template version, format, region, period and D
  await recordAuditAlone(ctx, actor, {
    action: 'export',
    entityType: 'report',
    entityId: id,
    data: {
      template: report.template,
      format,
      region: report.region.code,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      asOf: report.asOf,
      rows: report.rows.length,
    },
  });
  return { format, report, bytes };
}

export async function drillAttachment(ctx: AppContext, actor: Actor, id: AttachmentId, d: TDrillQuery): Promise<TDrillPage> {
  const rc = await reportContext(ctx, actor, d);
  if (id === 'attachment2') checkDrillA2(d);
  else checkDrillA3(d);
  const [page] = await runReportJobs(ctx, [{ kind: 'drill', id, rc, d }]);
  return page as TDrillPage;
}

/** The KPIs of docs/domain/forms.md §7 for a region and period (`by`: per organization, town or category). */
export async function kpiReport(ctx: AppContext, actor: Actor, q: TKpiQuery): Promise<TKpiReport> {
  const rc = await reportContext(ctx, actor, q);
  const by = q.by ?? null;
  const [counts] = await runReportJobs(ctx, [{ kind: 'kpi', rc, by }]);
  return assembleKpis(ctx, actor, rc, by, counts as KpiCounts);
}

/** The records behind one KPI figure (docs/REPORTS.md): numerator or denominator, of the total or one group. */
export async function kpiDrill(ctx: AppContext, actor: Actor, d: TKpiDrillQuery): Promise<TDrillPage> {
  const rc = await reportContext(ctx, actor, d);
  kpiCounterOf(d);
  const [page] = await runReportJobs(ctx, [{ kind: 'kpiDrill', rc, d }]);
  return page as TDrillPage;
}

/**
 * KPI trend of a campaign (docs/REPORTS.md): for each reporting day D up to today (every 14th and 28th — the
 * campaign's `reportingDays` — and the final report date), the KPIs of P = [campaign start, D] as of D, in total and
 * per `by`. One read worker computes the days one after the other, each in its own snapshot.
 */
export async function kpiTrend(ctx: AppContext, actor: Actor, q: TKpiTrendQuery): Promise<TKpiTrend> {
  requirePermission(actor, 'report.read');
  const campaign = await getCampaign(ctx, actor, q.campaignId);
  const by = q.by ?? null;
  const periodStart = campaign.phases[0]?.start ?? campaign.finalReportDate;
  const { past, upcoming } = trendDays(campaign, today(ctx));
  const rcs = [];
  for (const day of past) rcs.push(await reportContext(ctx, actor, { regionCode: campaign.regionCode, from: periodStart, to: day }));
  const region =
    rcs[0]?.region ?? (await reportContext(ctx, actor, { regionCode: campaign.regionCode, from: periodStart, to: periodStart })).region;
  const counts = await runReportJobs(
    ctx,
    rcs.map((rc) => ({ kind: 'kpi', rc, by })),
  );
  const points: TKpiTrend['points'] = [];
  for (let i = 0; i < rcs.length; i++) {
    const k = await assembleKpis(ctx, actor, rcs[i] as ReportContext, by, counts[i] as KpiCounts);
    points.push({ date: k.periodEnd, total: k.total, groups: k.groups });
  }
  return { formulaVersion: CURRENT_KPI_FORMULA_VERSION, campaignId: campaign.id, region, periodStart, by, upcoming, points };
}
