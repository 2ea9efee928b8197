import type { TAttachmentReport, TDrillItem, TDrillPage, TDrillQuery, TReportRow } from '@qiangjian/shared';
import { ATTACHMENT2_LAYOUT } from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { invalidParameter, notFound } from '../../../errors.js';
import { attachment2ComplaintFigures } from '../../complaints/complaints.api.js';
import {
  A2_METER_TYPES,
  A2_NATURAL_TYPE,
  type A2Events,
  type A2RowInput,
  buildA2Row,
  checkA2Identities,
  drillColumnOfA2,
} from './attachment2.rules.js';
import * as q from './facts.queries.js';
import { A2_INSTRUMENT_KEYS, fenToYuan, refInstrumentIds } from './facts.rules.js';
import { answerOf, attributedKeys, type Counter, countAttributed, type IdentityViolation } from './report.rules.js';
import { inSnapshot, type ReportContext, type ReportParams, reportContext } from './report-context.js';
import { countSpans, drillSpans, syncReportSpans } from './spans.service.js';

const key = (orgId: number, meterType: string) => `${orgId}|${meterType}`;

interface A2Events_ {
  events: A2Events;
  samples: q.SampleRow[];
  orders: q.OrderLite[];
  cases: q.CaseLite[];
  refs: Map<number, q.InstrumentRef>;
}

/** Findings' named instruments → the (org, meter type) row key, or null. */
function keyOfRef(refs: Map<number, q.InstrumentRef>, orgId: number) {
  return (id: number): string | null => {
    const r = refs.get(id);
    return r && (A2_METER_TYPES as readonly string[]).includes(r.category) ? key(orgId, r.category) : null;
  };
}

async function readEvents(db: DbOrTrx, rc: ReportContext, orgIds: number[]): Promise<A2Events_> {
  const { periodStart: from, periodEnd: to } = rc.period;
  const samples = (
    await q.sampleTestsInPeriod(db, { prefix: rc.prefix, scope: rc.scope, orgIds, periodStart: from, periodEnd: to })
  ).filter((s) => (A2_METER_TYPES as readonly string[]).includes(s.category));
  const orders = await q.ordersInPeriod(db, orgIds, from, to);
  const cases = await q.casesInPeriod(db, orgIds, from, to);
  const ids = [...new Set([...orders, ...cases].flatMap((r) => refInstrumentIds(r.refs)))];
  const refs = await q.instrumentRefs(db, ids);
  const ordersBy = countAttributed(orders, (o) => attributedKeys(o.refs, keyOfRef(refs, o.org_id)));
  const opened = cases.filter((c) => c.filed_on >= from && c.filed_on <= to);
  const casesBy = countAttributed(opened, (c) => attributedKeys(c.refs, keyOfRef(refs, c.org_id)));
  const decided = cases.filter((c) => c.decided_on !== null && c.decided_on >= from && c.decided_on <= to);
  const moneyBy = countAttributed(
    decided,
    (c) => attributedKeys(c.refs, keyOfRef(refs, c.org_id)),
    (c) => c.fine_fen + c.gains_fen,
  );
  return { events: { orders: ordersBy, cases: casesBy, moneyFen: moneyBy }, samples, orders, cases, refs };
}

/**
 * Attachment 2 (docs/domain/forms.md §5) for a region and period within the caller's scope: one row per utility ×
 * meter type (credit-code order, then water, electricity, gas), the total row counting distinct records, the blocks,
 * and the identity checks. One read transaction.
 */
export async function computeAttachment2(ctx: AppContext, actor: Actor, params: ReportParams): Promise<TAttachmentReport> {
  const rc = await reportContext(ctx, actor, params);
  await syncReportSpans(ctx);
  return inSnapshot(ctx, (db) => attachment2In(ctx, db, rc));
}

/** Attachment 2 of a checked request, read inside the caller's snapshot (`db`): in the main thread or a read worker. */
export async function attachment2In(ctx: AppContext, db: DbOrTrx, rc: ReportContext): Promise<TAttachmentReport> {
  {
    const { period } = rc;
    const orgs = await q.utilitiesInRegion(db, rc.prefix, rc.scope);
    const orgIds = orgs.map((o) => o.id);
    // every instrument column: set-based counts over the status spans (spans.service), per utility × meter type
    const { byKey: counters, total } = await countSpans(
      db,
      A2_INSTRUMENT_KEYS,
      { prefix: rc.prefix, scope: rc.scope, orgIds, categories: A2_METER_TYPES },
      period,
      [],
      (r) => key(r.org_id, r.category),
    );
    const ev = await readEvents(db, rc, orgIds);
    const sampleCounter = (rows: q.SampleRow[]) => {
      const c: Counter = {};
      for (const s of rows) {
        c.sampled = (c.sampled ?? 0) + 1;
        if (s.conclusion === 'passed') c.samplePassed = (c.samplePassed ?? 0) + 1;
        if (s.conclusion === 'failed') c.sampleFailed = (c.sampleFailed ?? 0) + 1;
      }
      return c;
    };
    const inspections = await q.inspectionsInPeriod(db, orgIds, period.periodStart, period.periodEnd);
    const latest = new Map<number, q.InspectionLite>();
    for (const i of inspections) if (!latest.has(i.org_id)) latest.set(i.org_id, i);
    const imported = await q.orgsWithLedgerImport(db, orgIds, period.asOf);
    const cf = await attachment2ComplaintFigures(db, orgIds, period, ctx.config.timeZone);
    const complaintsOf = (k: string | null) =>
      k === null
        ? {
            received: cf.receivedTotal,
            handled: cf.handled.size === 0 ? null : [...cf.handled.values()].reduce((a, b) => a + b, 0),
            replacedSelfReported: null,
          }
        : { received: cf.received.get(k) ?? 0, handled: cf.handled.get(k) ?? null, replacedSelfReported: cf.replaced.get(k) ?? null };

    // sample tests per row (one pass; not a filter of all samples per row)
    const samplesBy = new Map<string, q.SampleRow[]>();
    for (const s of ev.samples) {
      const k = key(s.org_id, s.category);
      const l = samplesBy.get(k);
      if (l) l.push(s);
      else samplesBy.set(k, [s]);
    }
    const rows: TReportRow[] = [];
    const violations: IdentityViolation[] = [];
    for (const o of orgs) {
      for (const mt of A2_METER_TYPES) {
        const k = key(o.id, mt);
        const c = counters.get(k);
        if (!c && A2_NATURAL_TYPE[o.kind] !== mt) continue;
        const answer = answerOf(latest.get(o.id)?.answers ?? null, 'ledger');
        const input: A2RowInput = {
          seq: rows.length + 1,
          org: o,
          meterType: mt,
          counts: c ?? {},
          samples: sampleCounter(samplesBy.get(k) ?? []),
          ledgerEstablished: answer ?? imported.has(o.id),
          complaints: complaintsOf(k),
        };
        const row = buildA2Row(
          input,
          ev.events.orders.perKey.get(k) ?? 0,
          ev.events.cases.perKey.get(k) ?? 0,
          ev.events.moneyFen.perKey.get(k) ?? 0,
        );
        checkA2Identities(violations, `${o.name}/${mt}`, input.counts, input.samples);
        rows.push(row);
      }
    }
    const totalSamples = sampleCounter(ev.samples);
    const totalRow = buildA2Row(
      {
        seq: null,
        org: null,
        meterType: null,
        counts: total,
        samples: totalSamples,
        ledgerEstablished: null,
        complaints: complaintsOf(null),
      },
      ev.events.orders.total,
      ev.events.cases.total,
      ev.events.moneyFen.total,
    );
    checkA2Identities(violations, 'total', total, totalSamples);

    const inst = await q.institutionFigures(db, rc.prefix, rc.scope, period.periodStart, period.periodEnd);
    const inServiceSamples = ev.samples.filter((s) => s.origin === 'in_service');
    const stockSamples = ev.samples.filter((s) => s.origin === 'stock');
    const blocks = {
      manufacturersInspected: null,
      manufacturerViolations: null,
      institutionsInspected: inst.inspected,
      institutionViolations: inst.violations,
      applicationsAcceptedLate: inst.lateAcceptances,
      estatesSampled: null,
      sampledInService: inServiceSamples.length,
      sampledInServicePassed: inServiceSamples.filter((s) => s.conclusion === 'passed').length,
      sampledStock: stockSamples.length,
      sampledStockPassed: stockSamples.filter((s) => s.conclusion === 'passed').length,
    };
    return {
      template: { id: ATTACHMENT2_LAYOUT.id, version: ATTACHMENT2_LAYOUT.version },
      region: rc.region,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      asOf: period.asOf,
      rows,
      total: totalRow,
      blocks,
      identityViolations: violations,
    };
  }
}

/**
 * The records behind one number of Attachment 2 (a row: orgId + meterType; the total row: neither), paged: the same
 * reads and predicates as `computeAttachment2`. `value` is the number the cell shows (Σ quantity, count or yuan).
 */
export async function drillAttachment2(ctx: AppContext, actor: Actor, d: TDrillQuery): Promise<TDrillPage> {
  const rc = await reportContext(ctx, actor, d);
  checkDrillA2(d);
  await syncReportSpans(ctx);
  return inSnapshot(ctx, (db) => drillAttachment2In(ctx, db, rc, d));
}

/** The parameters of an Attachment 2 drill-down: a known column, orgId and meterType together (400 naming the parameter). */
export function checkDrillA2(d: TDrillQuery): NonNullable<ReturnType<typeof drillColumnOfA2>> {
  const column = drillColumnOfA2(d.column);
  if (!column) throw invalidParameter('column', d.column);
  if ((d.orgId === undefined) !== (d.meterType === undefined)) throw invalidParameter(d.orgId === undefined ? 'orgId' : 'meterType', 'row');
  return column;
}

/** An Attachment 2 drill-down of a checked request, read inside the caller's snapshot (`db`): main thread or read worker. */
export async function drillAttachment2In(_ctx: AppContext, db: DbOrTrx, rc: ReportContext, d: TDrillQuery): Promise<TDrillPage> {
  const column = checkDrillA2(d);
  {
    const { period } = rc;
    const orgs = await q.utilitiesInRegion(db, rc.prefix, rc.scope);
    const orgIds = d.orgId === undefined ? orgs.map((o) => o.id) : orgs.filter((o) => o.id === d.orgId).map((o) => o.id);
    // a row outside the report (another region, or outside the caller's scope) is not found, as any read outside scope
    if (d.orgId !== undefined && orgIds.length === 0) throw notFound('organization', d.orgId);
    const start = (d.page - 1) * d.pageSize;
    const items: TDrillItem[] = [];
    let total = 0;
    let value = 0;
    const take = (item: TDrillItem, w: number) => {
      if (total >= start && items.length < d.pageSize) items.push(item);
      total++;
      value += w;
    };
    if (column.source === 'instrument') {
      if (orgIds.length === 0) return { items, total, value, page: d.page, pageSize: d.pageSize };
      return drillSpans(
        db,
        column.key,
        { prefix: rc.prefix, scope: rc.scope, orgIds, categories: d.meterType ? [d.meterType] : A2_METER_TYPES },
        period,
        d,
      );
    } else {
      const ev = await readEvents(db, rc, orgIds);
      const rowKey = d.orgId !== undefined && d.meterType ? key(d.orgId, d.meterType) : null;
      const inRow = (refs: string, orgId: number) => rowKey === null || attributedKeys(refs, keyOfRef(ev.refs, orgId)).includes(rowKey);
      if (column.source === 'sample') {
        for (const s of ev.samples) {
          if (rowKey !== null && key(s.org_id, s.category) !== rowKey) continue;
          if (column.key === 'samplePassed' && s.conclusion !== 'passed') continue;
          if (column.key === 'sampleFailed' && s.conclusion !== 'failed') continue;
          take(
            {
              kind: 'sample_test',
              id: s.id,
              orgId: s.org_id,
              label: String(s.instrument_id),
              category: s.category,
              date: s.date,
              status: s.conclusion,
              quantity: 1,
              amountYuan: null,
            },
            1,
          );
        }
      } else if (column.source === 'order') {
        for (const o of ev.orders)
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
      } else if (column.source === 'case' || column.source === 'money') {
        const { periodStart: from, periodEnd: to } = period;
        for (const c of ev.cases) {
          const hit =
            column.source === 'case'
              ? c.filed_on >= from && c.filed_on <= to
              : c.decided_on !== null && c.decided_on >= from && c.decided_on <= to;
          if (!hit || !inRow(c.refs, c.org_id)) continue;
          const yuan = fenToYuan(c.fine_fen + c.gains_fen);
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
              amountYuan: yuan,
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
