/**
 * An instrument's status over time as spans (docs/REPORTS.md "Status spans"): the status engine evaluated at every date
 * its output can change, merged into [from, to) intervals of one status class. Pure: no I/O. The reports count these
 * spans with SQL at any date D instead of running the engine per instrument (issue 13 item 8); a span's class at D is
 * the engine's status at D, by construction — `test/status/timeline.test.ts` checks it on random histories.
 *
 * The engine's result is constant between consecutive "change dates": the service start and removal, every
 * verification or spot check, every nozzle removal, the day after every valid-until it computes (valid → overdue), and
 * every date on which the rule context changes (a rule or setting version recorded, a rule's effective dates).
 * Classes (what the reports distinguish, docs/domain/forms.md §1): `valid` (valid, due_soon, rotation_due), `overdue`
 * (overdue, rotation_overdue), `unverified`, `failed`; not in service: no span.
 */
import { addDays } from '@qiangjian/shared';
import { type StatusInput, type StatusInputRow, statusOf } from './status.compute.js';
import type { RuleSet, StatusConfig, StatusResult } from './status.rules.js';

/** The end of an open span. */
export const OPEN_END = '9999-12-31';

export type StatusClass = 'valid' | 'overdue' | 'unverified' | 'failed';

/** The report class of an engine status; null when not in service (`removed`). */
export function statusClass(status: string): StatusClass | null {
  switch (status) {
    case 'valid':
    case 'due_soon':
    case 'rotation_due':
      return 'valid';
    case 'overdue':
    case 'rotation_overdue':
      return 'overdue';
    case 'unverified':
      return 'unverified';
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}

export interface StatusSpan {
  /** 0: the instrument; n: its nozzle n */
  nozzleNo: number;
  from: string;
  /** exclusive; OPEN_END while open */
  to: string;
  status: StatusClass;
  mode: string | null;
  validUntil: string | null;
  /** instrument spans: its nozzles in service during the span (0 for nozzles) */
  nozzleCount: number;
}

/** The rule context in force at any date: the dates it changes on, and the context at a date. */
export interface RuleEpochs {
  /** sorted dates on which the rules of a category or the status settings in force change */
  datesFor(category: string): readonly string[];
  at(date: string): { rules: RuleSet; config: StatusConfig };
}

/** Rounds of "evaluate, then add the day after each new valid-until": one suffices unless a result moves it. */
const MAX_ROUNDS = 4;

/** The spans of one instrument's inputs. */
export function statusTimeline(
  i: Pick<StatusInput<StatusInputRow>, 'attrs' | 'verifications' | 'nozzles'>,
  epochs: RuleEpochs,
): StatusSpan[] {
  const a = i.attrs;
  const inputs = new Set<string>();
  const add = (d: string | null | undefined) => {
    if (d) inputs.add(d.slice(0, 10));
  };
  add(a.installDate);
  add(a.createdOn);
  add(a.removalDate);
  for (const v of i.verifications) add(v.date);
  for (const n of i.nozzles ?? []) add(n.removalDate);
  let first = '9999-12-31';
  for (const d of inputs) if (d < first) first = d;
  // the rule context's changes count from the instrument's first date on (before it, it is not in service)
  for (const d of epochs.datesFor(a.category)) if (d > first) inputs.add(d);
  if (inputs.size === 0) inputs.add('0001-01-01');

  const results = new Map<string, StatusResult>();
  let pending = [...inputs];
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const next: string[] = [];
    for (const d of pending) {
      if (results.has(d)) continue;
      const r = statusOf(i, d, epochs.at(d));
      results.set(d, r);
      const after = (vu: string | null) => {
        if (vu === null || vu >= OPEN_END) return;
        const day = addDays(vu, 1);
        if (!results.has(day) && !inputs.has(day)) {
          inputs.add(day);
          next.push(day);
        }
      };
      if (r.inService) {
        after(r.validUntil);
        for (const n of r.nozzles) after(n.validUntil);
      }
    }
    pending = next;
  }

  const dates = [...results.keys()].sort();
  const spans: StatusSpan[] = [];
  const open = new Map<number, StatusSpan>();
  const close = (no: number, at: string) => {
    const s = open.get(no);
    if (s) {
      s.to = at;
      spans.push(s);
      open.delete(no);
    }
  };
  const put = (no: number, d: string, cls: StatusClass, mode: string | null, validUntil: string | null, nozzleCount: number) => {
    const s = open.get(no);
    if (s && s.status === cls && s.mode === mode && s.validUntil === validUntil && s.nozzleCount === nozzleCount) return;
    close(no, d);
    open.set(no, { nozzleNo: no, from: d, to: OPEN_END, status: cls, mode, validUntil, nozzleCount });
  };
  for (const d of dates) {
    const r = results.get(d) as StatusResult;
    const cls = r.inService ? statusClass(r.status) : null;
    const seen = new Set<number>();
    if (cls) {
      const nozzles = r.nozzles.filter((n) => statusClass(n.status) !== null);
      put(0, d, cls, r.mode, r.validUntil, nozzles.length);
      seen.add(0);
      for (const n of nozzles) {
        put(n.nozzleNo, d, statusClass(n.status) as StatusClass, r.mode, n.validUntil, 0);
        seen.add(n.nozzleNo);
      }
    }
    for (const no of [...open.keys()]) if (!seen.has(no)) close(no, d);
  }
  for (const no of [...open.keys()]) close(no, OPEN_END);
  return spans.sort((x, y) => x.nozzleNo - y.nozzleNo || (x.from < y.from ? -1 : 1));
}

/** The span of `spans` holding `date` for a unit (nozzle 0: the instrument), or undefined when not in service. */
export function spanAt(spans: readonly StatusSpan[], nozzleNo: number, date: string): StatusSpan | undefined {
  return spans.find((s) => s.nozzleNo === nozzleNo && s.from <= date && date < s.to);
}
