import { addDays } from '@qiangjian/shared';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import {
  loadRuleContext,
  type RuleContext,
  type StatusHistories,
  type StatusInputRow,
  type StatusResult,
  statusesFrom,
  statusHistoriesOf,
} from '../../status/status.api.js';
import { type FactFilter, type InstrumentFactRow, instrumentFacts, storedNozzleStatuses } from './facts.queries.js';
import type { InstrumentFact, NozzleFact, Period } from './facts.rules.js';

/** Instruments per batch: one keyset page read, one status computation, then aggregated and dropped. */
const BATCH = 2000;
/** Categories whose rotation basis (R(P)) is computed. */
const ROTATION_CATEGORIES = new Set(['water_meter', 'gas_meter', 'electricity_meter']);

export interface FactStreamOptions {
  filter: Omit<FactFilter, 'afterId' | 'limit' | 'periodStart' | 'periodEnd'>;
  period: Period;
  /** compute the rotation basis before periodStart (Attachment 2, KPIs) */
  rotationBasis: boolean;
}

/**
 * The instruments of a report as facts, streamed in batches of BATCH (memory stays flat). Status at D: the stored
 * status when D is today (docs/STATUS.md: stored columns are as of today), computed from the history with the status
 * engine (`statusesFrom` over `statusHistoriesOf`, the status module's face: each instrument's history read once
 * per batch for the status at D and the rotation basis, its rule attributes taken from the keyset read) for any other
 * date — and for a row never refreshed. The rotation
 * basis is the engine's valid-until the day before periodStart (installed in P: at periodEnd).
 */
export async function* streamFacts(ctx: AppContext, db: DbOrTrx, o: FactStreamOptions): AsyncGenerator<InstrumentFact[]> {
  const { period } = o;
  const stored = period.asOf === today(ctx);
  const lazy = new Map<string, Promise<RuleContext>>();
  const rc = (d: string) => {
    let r = lazy.get(d);
    if (!r) {
      r = loadRuleContext(ctx, db, d);
      lazy.set(d, r);
    }
    return r;
  };
  const before = addDays(period.periodStart, -1);
  let afterId: number | undefined;
  for (;;) {
    const rows = await instrumentFacts(db, {
      ...o.filter,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      afterId,
      limit: BATCH,
    });
    if (rows.length === 0) return;
    afterId = rows[rows.length - 1]?.id;
    const ids = rows.map((r) => r.id);

    // one read of the histories the engine needs (status at D, rotation basis), computed at each date from it
    const needEngine = stored ? rows.filter((r) => r.stored_status === null).map((r) => r.id) : ids;
    const cand = o.rotationBasis ? rows.filter((r) => ROTATION_CATEGORIES.has(r.category)) : [];
    let histories: StatusHistories | null = null;
    if (needEngine.length || cand.length) {
      const want = new Set([...needEngine, ...cand.map((r) => r.id)]);
      histories = await statusHistoriesOf(db, rows.filter((r) => want.has(r.id)).map(attrsRow));
    }

    // status at D
    const computed =
      histories && needEngine.length
        ? statusesFrom(histories, period.asOf, await rc(period.asOf), needEngine)
        : new Map<number, StatusResult>();
    const nozzleStore = stored
      ? await storedNozzleStatuses(
          db,
          rows.filter((r) => r.category === 'fuel_dispenser' && !computed.has(r.id)).map((r) => r.id),
        )
      : new Map<number, { nozzleNo: number; status: string | null }[]>();

    // rotation basis
    const pre = new Map<number, StatusResult>();
    if (histories && cand.length) {
      const atBefore = statusesFrom(
        histories,
        before,
        await rc(before),
        cand.map((r) => r.id),
      );
      const late: number[] = [];
      for (const r of cand) {
        const s = atBefore.get(r.id);
        if (s?.inService) pre.set(r.id, s);
        else if (startOf(r) >= period.periodStart) late.push(r.id);
      }
      if (late.length) {
        const atEnd = statusesFrom(histories, period.periodEnd, await rc(period.periodEnd), late);
        for (const [id, s] of atEnd) pre.set(id, s);
      }
    }

    yield rows.map((r) => {
      const c = computed.get(r.id);
      const status = c ? c.status : (r.stored_status as string);
      let nozzles: NozzleFact[] | null = null;
      if (r.category === 'fuel_dispenser') {
        nozzles = c
          ? c.nozzles.filter((n) => n.status !== 'removed').map((n) => ({ nozzleNo: n.nozzleNo, status: n.status }))
          : (nozzleStore.get(r.id) ?? [])
              .filter((n) => n.status !== 'removed')
              .map((n) => ({ nozzleNo: n.nozzleNo, status: n.status ?? 'unverified' }));
      }
      const p = pre.get(r.id);
      return {
        id: r.id,
        orgId: r.org_id,
        siteId: r.site_id,
        serialNo: r.serial_no,
        category: r.category,
        quantity: r.quantity,
        town: r.admin_division_code,
        installDate: r.install_date,
        start: startOf(r),
        removalDate: r.removal_date,
        removalReason: r.removal_reason,
        filedAt: r.filed_at,
        firstVerifiedOk: r.first_verified_ok === 1,
        passInPeriod: r.pass_in_period === 1,
        status,
        validUntil: c ? c.validUntil : null,
        nozzles,
        pre: p ? { mode: p.mode, validUntil: p.validUntil } : null,
      } satisfies InstrumentFact;
    });
    if (rows.length < BATCH) return;
  }
}

/** The row's rule attributes as the status engine reads them (the ledger's own removal date, not the report's). */
function attrsRow(r: InstrumentFactRow): StatusInputRow {
  return {
    id: r.id,
    category: r.category,
    instrument_name: r.instrument_name,
    catalogue_type: r.catalogue_type,
    caliber_dn: r.caliber_dn,
    q3: r.q3,
    g_rating: r.g_rating,
    gas_medium: r.gas_medium,
    accuracy_class: r.accuracy_class,
    install_date: r.install_date,
    first_use_date: r.first_use_date,
    ledger_state: r.ledger_state,
    removal_date: r.ledger_removal_date,
    created_at: r.created_at,
  };
}

/** Service start (docs/domain/forms.md §1): install date, else the earliest verification, else the record's creation date. */
function startOf(r: InstrumentFactRow): string {
  return r.install_date ?? r.first_verification_date ?? r.created_at.slice(0, 10);
}
