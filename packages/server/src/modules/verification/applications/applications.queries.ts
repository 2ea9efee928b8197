import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../auth/scope.js';
import { orgScopeFilter } from '../../../auth/scope.js';
import type { DB } from '../../../db/schema.js';

/**
 * Named fragments shared by the verification repositories that read applications (applications,
 * dashboard): which threads an actor sees.
 */

/** Which applications an actor sees: enterprise its own, institution those addressed to it, regulators by the applicant's region. */
export type AppScope = { kind: 'applicant'; orgId: number } | { kind: 'institution'; orgId: number } | { kind: 'orgs'; scope: Scope };

export function appScopeFilter(s: AppScope) {
  return (eb: ExpressionBuilder<DB, 'applications'>): Expression<SqlBool> => {
    switch (s.kind) {
      case 'applicant':
        return eb('applications.org_id', '=', s.orgId);
      case 'institution':
        return eb('applications.institution_id', '=', s.orgId);
      case 'orgs':
        if (s.scope.kind === 'all') return sql<SqlBool>`1 = 1`;
        return eb('applications.org_id', 'in', eb.selectFrom('organizations').select('organizations.id').where(orgScopeFilter(s.scope)));
    }
  };
}
