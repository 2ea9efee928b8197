import { TARGET_KINDS, type TargetKind, type TaskDue } from '@qiangjian/shared';
import { regionPrefix } from '../../../auth/actor.js';
import type { Scope } from '../../../auth/scope.js';
import { ratio } from '../../../lib/stats.js';

/** Pure rules of the supervision dashboard and of the inspectors' task list (docs/SUPERVISION.md "Dashboard"). */

/** The default period: the calendar year of `today`. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const y = today.slice(0, 4);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/**
 * The scope a dashboard covers: the actor's own, or a region inside it. An office's towns narrowed to a town or a
 * region inside one of them; a region narrowed to the given code. `null`: the code lies outside the actor's scope.
 */
export function narrowScope(scope: Scope, regionCode: string | undefined): Scope | null {
  if (!regionCode) return scope;
  const prefix = regionPrefix(regionCode);
  switch (scope.kind) {
    case 'all':
      return { kind: 'region', prefix };
    case 'region':
      return prefix.startsWith(scope.prefix) ? { kind: 'region', prefix } : null;
    case 'towns':
      if (scope.towns.some((t) => prefix.startsWith(t))) return { kind: 'region', prefix };
      // a county code containing some of the office's towns: those towns
      {
        const inside = scope.towns.filter((t) => t.startsWith(prefix));
        return inside.length > 0 ? { kind: 'towns', towns: inside } : null;
      }
    case 'org':
      return null;
  }
}

export interface CoverageCell {
  townCode: string | null;
  kind: string;
  n: number;
}

/** Coverage rows town × kind: targets, distinct targets inspected, and the rate; by town code (unknown town last), then kind order. */
export function coverageRows(
  targets: readonly CoverageCell[],
  inspected: readonly CoverageCell[],
  townName: (code: string) => string | null,
) {
  const key = (c: { townCode: string | null; kind: string }) => `${c.townCode ?? ''}|${c.kind}`;
  const done = new Map(inspected.map((c) => [key(c), c.n]));
  const kindOrder = (k: string) => TARGET_KINDS.indexOf(k as TargetKind);
  return [...targets]
    .sort((a, b) => {
      if (a.townCode !== b.townCode) {
        if (a.townCode === null) return 1;
        if (b.townCode === null) return -1;
        return a.townCode < b.townCode ? -1 : 1;
      }
      return kindOrder(a.kind) - kindOrder(b.kind);
    })
    .map((c) => {
      const hit = Math.min(done.get(key(c)) ?? 0, c.n);
      return {
        townCode: c.townCode,
        townName: c.townCode === null ? null : townName(c.townCode),
        kind: c.kind as TargetKind,
        targets: c.n,
        inspected: hit,
        rate: ratio(hit, c.n),
      };
    });
}

/** Where a task stands against its planned date: before today overdue (逾期未检), today, after today upcoming (即将开始). */
export function taskDue(plannedDate: string | null, today: string): TaskDue {
  if (plannedDate === null || plannedDate === today) return 'today';
  return plannedDate < today ? 'overdue' : 'upcoming';
}
