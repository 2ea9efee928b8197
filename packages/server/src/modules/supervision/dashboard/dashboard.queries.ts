/**
 * All SQL of the supervision dashboard (docs/SUPERVISION.md "Dashboard"): read-only aggregates over the target register,
 * the inspection records, the findings, the rectification orders and the penalty cases of one data scope.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { anyTownPrefix, likePrefix, type Scope } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

type OrgFilter = (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool>;
export interface Period {
  from: string;
  to: string;
}

/** Which targets (and so which inspections, through their target) a scope admits: by the target's region code. */
function targetScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'supervision_targets'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'region':
        return likePrefix(eb.ref('supervision_targets.region_code'), scope.prefix);
      case 'towns':
        return anyTownPrefix(eb.ref('supervision_targets.region_code'), scope.towns);
      case 'org':
        return eb('supervision_targets.org_id', '=', scope.orgId);
    }
  };
}

/** `visited_at` ('YYYY-MM-DDTHH:mm') within the period's days. */
const visitedIn = (p: Period) => (eb: ExpressionBuilder<DB, 'inspections'>) =>
  eb.and([eb('inspections.visited_at', '>=', p.from), eb('inspections.visited_at', '<=', `${p.to}T23:59`)]);

/** Active targets per town × kind. */
export async function targetCounts(db: DbOrTrx, scope: Scope) {
  const rows = await db
    .selectFrom('supervision_targets')
    .select(['supervision_targets.town_code', 'supervision_targets.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where(targetScope(scope))
    .where('supervision_targets.active', '=', 1)
    .groupBy(['supervision_targets.town_code', 'supervision_targets.kind'])
    .execute();
  return rows.map((r) => ({ townCode: r.town_code, kind: r.kind, n: Number(r.n) }));
}

/** Distinct active targets with a finished inspection visited in the period, per town × kind. */
export async function inspectedCounts(db: DbOrTrx, scope: Scope, p: Period) {
  const rows = await db
    .selectFrom('inspections')
    .innerJoin('supervision_targets', 'supervision_targets.id', 'inspections.target_id')
    .select([
      'supervision_targets.town_code',
      'supervision_targets.kind',
      (eb) => eb.fn.count<number>('inspections.target_id').distinct().as('n'),
    ])
    .where(targetScope(scope))
    .where('supervision_targets.active', '=', 1)
    .where('inspections.state', '=', 'finished')
    .where(visitedIn(p))
    .groupBy(['supervision_targets.town_code', 'supervision_targets.kind'])
    .execute();
  return rows.map((r) => ({ townCode: r.town_code, kind: r.kind, n: Number(r.n) }));
}

/** Findings dated in the period, by code (organizations the filter admits). */
export async function findingsByCode(db: DbOrTrx, orgFilter: OrgFilter, p: Period) {
  const rows = await db
    .selectFrom('findings')
    .innerJoin('organizations', 'organizations.id', 'findings.org_id')
    .select(['findings.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where(orgFilter)
    .where('findings.date', '>=', p.from)
    .where('findings.date', '<=', p.to)
    .groupBy('findings.code')
    .orderBy('findings.code')
    .execute();
  return rows.map((r) => ({ code: r.code, n: Number(r.n) }));
}

/** Rectification orders issued in the period, by state. */
export async function ordersByState(db: DbOrTrx, orgFilter: OrgFilter, p: Period) {
  const rows = await db
    .selectFrom('rectification_orders')
    .innerJoin('organizations', 'organizations.id', 'rectification_orders.org_id')
    .select(['rectification_orders.state', (eb) => eb.fn.countAll<number>().as('n')])
    .where(orgFilter)
    .where('rectification_orders.issued_on', '>=', p.from)
    .where('rectification_orders.issued_on', '<=', p.to)
    .groupBy('rectification_orders.state')
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

/** Issued orders whose deadline is before `today`: the count and the `limit` most overdue (earliest deadline first). */
export async function overdueOrders(db: DbOrTrx, orgFilter: OrgFilter, today: string, limit: number) {
  const base = db
    .selectFrom('rectification_orders')
    .innerJoin('organizations', 'organizations.id', 'rectification_orders.org_id')
    .where(orgFilter)
    .where('rectification_orders.state', '=', 'issued')
    .where('rectification_orders.deadline', '<', today);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .select([
      'rectification_orders.id',
      'rectification_orders.order_no',
      'rectification_orders.code',
      'rectification_orders.deadline',
      'organizations.name as org_name',
    ])
    .orderBy('rectification_orders.deadline')
    .orderBy('rectification_orders.id')
    .limit(limit)
    .execute();
  return { total, rows };
}

/** Cases filed in the period, by stage. */
export async function casesByStage(db: DbOrTrx, orgFilter: OrgFilter, p: Period) {
  const rows = await db
    .selectFrom('enforcement_cases')
    .innerJoin('organizations', 'organizations.id', 'enforcement_cases.org_id')
    .select(['enforcement_cases.stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where(orgFilter)
    .where('enforcement_cases.filed_on', '>=', p.from)
    .where('enforcement_cases.filed_on', '<=', p.to)
    .groupBy('enforcement_cases.stage')
    .execute();
  return rows.map((r) => ({ stage: r.stage, n: Number(r.n) }));
}

/** Open cases (filed) whose limit date is before `before`, earliest limit first: every limit date and the first `limit` rows. */
export async function openCasesBefore(db: DbOrTrx, orgFilter: OrgFilter, before: string, limit: number) {
  const base = db
    .selectFrom('enforcement_cases')
    .innerJoin('organizations', 'organizations.id', 'enforcement_cases.org_id')
    .where(orgFilter)
    .where('enforcement_cases.stage', '=', 'filed')
    .where('enforcement_cases.limit_date', '<', before);
  const dates = await base.select('enforcement_cases.limit_date').execute();
  const rows = await base
    .select([
      'enforcement_cases.id',
      'enforcement_cases.case_no',
      'enforcement_cases.filed_on',
      'enforcement_cases.limit_date',
      'organizations.name as org_name',
    ])
    .orderBy('enforcement_cases.limit_date')
    .orderBy('enforcement_cases.id')
    .limit(limit)
    .execute();
  return { limitDates: dates.map((d) => d.limit_date), rows };
}

/** Targets with at least `min` finished visits outside any assignment (origin adhoc) since `since`, most visits first. */
export async function repeatedTargets(db: DbOrTrx, scope: Scope, since: string, min: number) {
  const rows = await db
    .selectFrom('inspections')
    .innerJoin('supervision_targets', 'supervision_targets.id', 'inspections.target_id')
    .innerJoin('organizations as o', 'o.id', 'supervision_targets.org_id')
    .leftJoin('sites as s', 's.id', 'supervision_targets.site_id')
    .select([
      'supervision_targets.id',
      'supervision_targets.target_key',
      'supervision_targets.kind',
      'o.name as org_name',
      's.name as site_name',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where(targetScope(scope))
    .where('inspections.origin', '=', 'adhoc')
    .where('inspections.state', '=', 'finished')
    .where('inspections.visited_at', '>=', since)
    .groupBy(['supervision_targets.id', 'supervision_targets.target_key', 'supervision_targets.kind', 'o.name', 's.name'])
    .having((eb) => eb.fn.countAll(), '>=', min)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('supervision_targets.target_key')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    targetId: Number(r.id),
    targetKey: r.target_key,
    kind: r.kind,
    orgName: r.org_name,
    siteName: r.site_name ?? null,
    visits: Number(r.n),
  }));
}
