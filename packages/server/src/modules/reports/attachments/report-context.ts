import { t } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import { regionPrefix, requirePermission } from '../../../auth/actor.js';
import { type Scope, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError, invalidParameter, notFound } from '../../../errors.js';
import { regionByCode } from './facts.queries.js';
import type { Period } from './facts.rules.js';

export interface ReportParams {
  regionCode: string;
  from: string;
  to: string;
  asOf?: string;
}

export interface ReportContext {
  region: { code: string; name: string };
  prefix: string;
  scope: Scope;
  period: Period;
}

/** Whether a region prefix and the caller's scope share any ground (else the region is outside the scope: 404). */
function overlaps(scope: Scope, prefix: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return prefix.startsWith(scope.prefix) || scope.prefix.startsWith(prefix);
    case 'towns':
      return scope.towns.some((t) => t.startsWith(prefix) || prefix.startsWith(t));
    case 'org':
      return false;
  }
}

/**
 * Checks a report request (docs/REPORTS.md): permission `report.read`, `to` not before `from` (400 naming `to`),
 * a known region (400 `report_region_unknown`), a region the caller's scope reaches (404). D defaults to `to`.
 */
export async function reportContext(ctx: AppContext, actor: Actor, q: ReportParams): Promise<ReportContext> {
  requirePermission(actor, 'report.read');
  if (q.to < q.from) throw invalidParameter('to', t('report.stats.toBeforeFrom'));
  const region = await regionByCode(ctx.db, q.regionCode);
  if (!region) throw new AppError('report_region_unknown', { params: { code: q.regionCode }, details: { name: 'regionCode' } });
  const scope = scopeOf(actor);
  const prefix = regionPrefix(region.code);
  if (!overlaps(scope, prefix)) throw notFound('region', region.code);
  return { region, prefix, scope, period: { periodStart: q.from, periodEnd: q.to, asOf: q.asOf ?? q.to } };
}

/**
 * Runs a report's reads in one read transaction — one consistent snapshot, never rows half-changed by a concurrent
 * import. SQLite: on the read-only connection (WAL: the main connection's writers are not held up); PostgreSQL:
 * repeatable read, read only.
 */
export async function inSnapshot<T>(ctx: AppContext, fn: (db: DbOrTrx) => Promise<T>): Promise<T> {
  if (ctx.engine === 'postgres') return ctx.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
  return ctx.handle.reader().transaction().execute(fn);
}
