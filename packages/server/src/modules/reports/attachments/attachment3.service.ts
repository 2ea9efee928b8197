import {
  STATION_AUXILIARY_CATEGORIES,
  type TAttachmentReport,
  type TDrillItem,
  type TDrillPage,
  type TDrillQuery,
  type TReportRow,
} from '@qiangjian/shared';
import { ATTACHMENT3_LAYOUT } from '@qiangjian/shared/data';
import type { RawBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { invalidParameter, notFound } from '../../../errors.js';
import { A3_INSTRUMENT_KEYS, buildA3Row, checkA3Identities, drillColumnOfA3 } from './attachment3.rules.js';
import * as q from './facts.queries.js';
import { fenToYuan, refInstrumentIds } from './facts.rules.js';
import { answerOf, attributedKeys, type Counter, countAttributed, type IdentityViolation, inspectionItemChecks } from './report.rules.js';
import { inSnapshot, type ReportContext, type ReportParams, reportContext } from './report-context.js';
import { pairsCond, type SpanFilter } from './spans.queries.js';
import { countSpans, drillSpans, syncReportSpans } from './spans.service.js';

const STATION_CATEGORIES = ['fuel_dispenser', ...STATION_AUXILIARY_CATEGORIES];

interface StationData {
  sites: q.StationSiteRow[];
  findings: q.FindingLite[];
  orders: q.OrderLite[];
  cases: q.CaseLite[];
  /** finding/order/case refs → site key */
  keysOf: (refs: string, orgId: number) => string[];
  latest: Map<number, q.InspectionLite>;
  checks: Map<number, { sealsIntact: Set<number>; antiCheat: Set<number> }>;
}

async function readStationData(db: DbOrTrx, rc: ReportContext): Promise<StationData> {
  const { periodStart: from, periodEnd: to } = rc.period;
  const sites = await q.stationSitesInRegion(db, rc.prefix, rc.scope);
  const orgIds = [...new Set(sites.map((s) => s.id))];
  const siteIds = new Set(sites.map((s) => s.site_id));
  const sitesOfOrg = new Map<number, number[]>();
  for (const s of sites) sitesOfOrg.set(s.id, [...(sitesOfOrg.get(s.id) ?? []), s.site_id]);
  const findings = await q.findingsInPeriod(db, orgIds, from, to);
  const orders = await q.ordersInPeriod(db, orgIds, from, to);
  const cases = await q.casesInPeriod(db, orgIds, from, to);
  const refs = await q.instrumentRefs(db, [...new Set([...findings, ...orders, ...cases].flatMap((r) => refInstrumentIds(r.refs)))]);
  // a record names instruments → their sites; with none, the operator's only station in the report (else total only)
  const keysOf = (r: string, orgId: number) => {
    const own = sitesOfOrg.get(orgId) ?? [];
    return attributedKeys(
      r,
      (id) => {
        const s = refs.get(id)?.site_id;
        return s !== undefined && s !== null && siteIds.has(s) && own.includes(s) ? String(s) : null;
      },
      own.length === 1 ? String(own[0]) : null,
    );
  };
  const inspections = await q.inspectionsInPeriod(db, orgIds, from, to);
  const latest = new Map<number, q.InspectionLite>();
  for (const i of inspections) {
    const own = sitesOfOrg.get(i.org_id) ?? [];
    const site = i.site_id ?? (own.length === 1 ? own[0] : undefined);
    if (site !== undefined && !latest.has(site)) latest.set(site, i);
  }
  const checks = new Map([...latest].map(([site, i]) => [site, inspectionItemChecks(i.items)]));
  return { sites, findings, orders, cases, keysOf, latest, checks };
}

/** The station instruments of these sites in the report's region and the caller's scope. */
function stationFilter(rc: ReportContext, sites: readonly q.StationSiteRow[]): SpanFilter {
  return {
    prefix: rc.prefix,
    scope: rc.scope,
    // the operators too: the status-span index leads with category and owner
    orgIds: [...new Set(sites.map((s) => s.id))],
    siteIds: sites.map((s) => s.site_id),
    categories: STATION_CATEGORIES,
  };
}

/** #18–#19: a dispenser counts when its site's latest inspection in P recorded it (seals intact, self-lock on). */
function checkConditions(data: StationData): Record<'sealsIntact' | 'antiCheatEnabled', RawBuilder<SqlBool>> {
  const seals: [number, number][] = [];
  const lock: [number, number][] = [];
  for (const [site, c] of data.checks) {
    for (const id of c.sealsIntact) seals.push([id, site]);
    for (const id of c.antiCheat) lock.push([id, site]);
  }
  return { sealsIntact: pairsCond(seals), antiCheatEnabled: pairsCond(lock) };
}

/**
 * Attachment 3 (docs/domain/forms.md §6) for a region and period within the caller's scope: one row per gas station
 * site (credit-code order), the total row counting distinct records, and the checks of §6. One read transaction.
 */
export async function computeAttachment3(ctx: AppContext, actor: Actor, params: ReportParams): Promise<TAttachmentReport> {
  const rc = await reportContext(ctx, actor, params);
  await syncReportSpans(ctx);
  return inSnapshot(ctx, (db) => attachment3In(ctx, db, rc));
}

/** Attachment 3 of a checked request, read inside the caller's snapshot (`db`): in the main thread or a read worker. */
export async function attachment3In(_ctx: AppContext, db: DbOrTrx, rc: ReportContext): Promise<TAttachmentReport> {
  {
    const { period } = rc;
    const data = await readStationData(db, rc);
    // every instrument column: set-based counts over the status spans (spans.service), per station site
    const { byKey, total } = await countSpans(
      db,
      A3_INSTRUMENT_KEYS,
      stationFilter(rc, data.sites),
      period,
      ['site_id'],
      (r) => (r.site_id === null ? null : String(r.site_id)),
      checkConditions(data),
    );
    const counters = new Map<number, Counter>(data.sites.map((s) => [s.site_id, byKey.get(String(s.site_id)) ?? {}]));
    const problems = countAttributed(data.findings, (r) => data.keysOf(r.refs, r.org_id));
    const orders = countAttributed(data.orders, (r) => data.keysOf(r.refs, r.org_id));
    const { periodStart: from, periodEnd: to } = period;
    const opened = data.cases.filter((c) => c.filed_on >= from && c.filed_on <= to);
    const cases = countAttributed(opened, (r) => data.keysOf(r.refs, r.org_id));
    const decided = data.cases.filter((c) => c.decided_on !== null && c.decided_on >= from && c.decided_on <= to);
    const money = countAttributed(
      decided,
      (r) => data.keysOf(r.refs, r.org_id),
      (c) => c.fine_fen + c.gains_fen,
    );
    const towns = await q.regionNameMap(db, rc.prefix);
    const offices = await q.officesByTown(db);
    const imported = await q.orgsWithLedgerImport(db, [...new Set(data.sites.map((s) => s.id))], period.asOf);

    const rows: TReportRow[] = [];
    const violations: IdentityViolation[] = [];
    for (const s of data.sites) {
      const c = counters.get(s.site_id) ?? {};
      const k = String(s.site_id);
      const insp = data.latest.get(s.site_id);
      rows.push(
        buildA3Row({
          seq: rows.length + 1,
          site: s,
          township: towns.get(s.town_code) ?? null,
          office: offices.get(s.town_code) ?? null,
          counts: c,
          ledgerEstablished: answerOf(insp?.answers ?? null, 'ledger') ?? imported.has(s.id),
          inspectedAt: insp ? insp.visited_at.slice(0, 10) : null,
          problems: problems.perKey.get(k) ?? 0,
          orders: orders.perKey.get(k) ?? 0,
          cases: cases.perKey.get(k) ?? 0,
          moneyFen: money.perKey.get(k) ?? 0,
        }),
      );
      checkA3Identities(violations, s.site_name, c);
    }
    checkA3Identities(violations, 'total', total);
    const totalRow = buildA3Row({
      seq: null,
      site: null,
      township: null,
      office: null,
      counts: total,
      ledgerEstablished: null,
      inspectedAt: null,
      problems: problems.total,
      orders: orders.total,
      cases: cases.total,
      moneyFen: money.total,
    });
    return {
      template: { id: ATTACHMENT3_LAYOUT.id, version: ATTACHMENT3_LAYOUT.version },
      region: rc.region,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      asOf: period.asOf,
      rows,
      total: totalRow,
      identityViolations: violations,
    };
  }
}

/** The records behind one number of Attachment 3 (a row: siteId; the total row: none), paged; same reads as the table. */
export async function drillAttachment3(ctx: AppContext, actor: Actor, d: TDrillQuery): Promise<TDrillPage> {
  const rc = await reportContext(ctx, actor, d);
  checkDrillA3(d);
  await syncReportSpans(ctx);
  return inSnapshot(ctx, (db) => drillAttachment3In(ctx, db, rc, d));
}

/** The parameters of an Attachment 3 drill-down: a known column (400 naming `column`). */
export function checkDrillA3(d: TDrillQuery): NonNullable<ReturnType<typeof drillColumnOfA3>> {
  const column = drillColumnOfA3(d.column);
  if (!column) throw invalidParameter('column', d.column);
  return column;
}

/** An Attachment 3 drill-down of a checked request, read inside the caller's snapshot (`db`): main thread or read worker. */
export async function drillAttachment3In(_ctx: AppContext, db: DbOrTrx, rc: ReportContext, d: TDrillQuery): Promise<TDrillPage> {
  const column = checkDrillA3(d);
  {
    const { period } = rc;
    const data = await readStationData(db, rc);
    const sites = d.siteId === undefined ? data.sites : data.sites.filter((s) => s.site_id === d.siteId);
    // a station outside the report (another region, or outside the caller's scope) is not found
    if (d.siteId !== undefined && sites.length === 0) throw notFound('site', d.siteId);
    const start = (d.page - 1) * d.pageSize;
    const items: TDrillItem[] = [];
    let total = 0;
    let value = 0;
    const take = (item: TDrillItem, w: number) => {
      if (total >= start && items.length < d.pageSize) items.push(item);
      total++;
      value += w;
    };
    if (column.source === 'instrument' || column.source === 'nozzle' || column.source === 'check') {
      if (sites.length === 0) return { items, total, value, page: d.page, pageSize: d.pageSize };
      const checks = checkConditions(data);
      return drillSpans(
        db,
        column.key,
        stationFilter(rc, sites),
        period,
        d,
        column.key === 'sealsIntact' || column.key === 'antiCheatEnabled' ? checks[column.key] : undefined,
      );
    } else {
      const rowKey = d.siteId === undefined ? null : String(d.siteId);
      const inRow = (refs: string, orgId: number) => rowKey === null || data.keysOf(refs, orgId).includes(rowKey);
      const { periodStart: from, periodEnd: to } = period;
      if (column.source === 'finding')
        for (const f of data.findings)
          if (inRow(f.refs, f.org_id))
            take(
              {
                kind: 'finding',
                id: f.id,
                orgId: f.org_id,
                label: f.code,
                category: null,
                date: f.date,
                status: null,
                quantity: 1,
                amountYuan: null,
              },
              1,
            );
      if (column.source === 'order')
        for (const o of data.orders)
          if (inRow(o.refs, o.org_id))
            take(
              {
                kind: 'order',
                id: o.id,
                orgId: o.org_id,
                label: o.order_no,
                category: null,
                date: o.issued_on,
                status: null,
                quantity: 1,
                amountYuan: null,
              },
              1,
            );
      if (column.source === 'case' || column.source === 'money') {
        for (const c of data.cases) {
          const hit =
            column.source === 'case'
              ? c.filed_on >= from && c.filed_on <= to
              : c.decided_on !== null && c.decided_on >= from && c.decided_on <= to;
          if (!hit || !inRow(c.refs, c.org_id)) continue;
          take(
            {
              kind: 'case',
              id: c.id,
              orgId: c.org_id,
              label: c.case_no,
              category: null,
              date: column.source === 'case' ? c.filed_on : c.decided_on,
              status: null,
              quantity: 1,
              amountYuan: fenToYuan(c.fine_fen + c.gains_fen),
            },
            column.source === 'money' ? c.fine_fen + c.gains_fen : 1,
          );
        }
        if (column.source === 'money') value = fenToYuan(value);
      }
    }
    return { items, total, value, page: d.page, pageSize: d.pageSize };
  }
}
