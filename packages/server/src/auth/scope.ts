import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from './actor.js';
import { regionPrefix } from './actor.js';

/**
 * Data scope: which rows an actor may see. Enforced in services on every read and write;
 * rows outside scope are reported as not found (404), never as forbidden.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string }
  | { kind: 'towns'; towns: readonly string[] }
  | { kind: 'org'; orgId: number };

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'system' || actor.role === 'admin') return { kind: 'all' };
  switch (actor.role) {
    case 'regulator':
    case 'viewer':
      return actor.regionCode ? { kind: 'region', prefix: regionPrefix(actor.regionCode) } : { kind: 'org', orgId: -1 };
    case 'inspector':
      if (actor.orgKind === 'bureau' && actor.regionCode) return { kind: 'region', prefix: regionPrefix(actor.regionCode) };
      return { kind: 'towns', towns: actor.townCodes };
    case 'enterprise':
    case 'institution':
      return { kind: 'org', orgId: actor.orgId ?? -1 };
    default:
      return { kind: 'org', orgId: -1 };
  }
}

/** `col like 'prefix%'` (a region or town code and everything below it). */
export function likePrefix(col: Expression<string | null>, prefix: string): Expression<SqlBool> {
  return sql<SqlBool>`${col} like ${`${prefix}%`}`;
}

/** `col` lies in one of the towns (none: false) — an office's scope. */
export function anyTownPrefix(col: Expression<string | null>, towns: readonly string[]): Expression<SqlBool> {
  if (towns.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(
    towns.map((t) => likePrefix(col, t)),
    sql` or `,
  )})`;
}

/**
 * Filter for the organizations table. Towns scope: orgs located in a covered town or having a site there.
 * The institution scope is widened by the verification module to applicants (orgVisibleExtra).
 */
export function orgScopeFilter(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'organizations'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('organizations.region_code'), scope.prefix);
      case 'org':
        return eb('organizations.id', '=', scope.orgId);
      case 'towns':
        return eb.or([
          anyTownPrefix(eb.ref('organizations.region_code'), scope.towns),
          eb.exists(
            eb
              .selectFrom('sites')
              .select('sites.id')
              .whereRef('sites.org_id', '=', 'organizations.id')
              .where(anyTownPrefix(sql.ref('sites.town_code'), scope.towns)),
          ),
        ]);
    }
  };
}

/** Filter for sites. */
export function siteScopeFilter(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'sites'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('sites.town_code'), scope.prefix);
      case 'org':
        return eb('sites.org_id', '=', scope.orgId);
      case 'towns':
        return anyTownPrefix(eb.ref('sites.town_code'), scope.towns);
    }
  };
}

/**
 * Filter for instruments by their own division code (the site's or org's region at import).
 * Institution actors see instruments addressed to them via the verification module, which adds its
 * own filter; here they see none but their own organization's (none).
 */
export function instrumentScopeFilter(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'instruments'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('instruments.admin_division_code'), scope.prefix);
      case 'org':
        return eb('instruments.org_id', '=', scope.orgId);
      case 'towns':
        return anyTownPrefix(eb.ref('instruments.admin_division_code'), scope.towns);
    }
  };
}

/** Whether a region/town code lies in scope (for checks on single values). */
export function codeInScope(scope: Scope, code: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (code === null) return false;
  if (scope.kind === 'region') return code.startsWith(scope.prefix);
  if (scope.kind === 'towns') return scope.towns.some((t) => code.startsWith(t));
  return false;
}
