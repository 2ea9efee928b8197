import { ENTERPRISE_ORG_KINDS } from '@qiangjian/shared';
import type { instrumentScopeFilter, orgScopeFilter } from '../../../auth/scope.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { InstrumentRow, OrganizationRow } from '../../../db/schema.js';

/** All SQL of the ledger export (Attachment 1 / e-CQS): organisations, keyset pages of instruments, their records. */

type OrgFilter = ReturnType<typeof orgScopeFilter>;
type InstrumentFilter = ReturnType<typeof instrumentScopeFilter>;

/** The verification columns an export shows (#14–#18). */
export type ExportVerification = {
  instrument_id: number;
  date: string;
  conclusion: string;
  kind: string;
  certificate_no: string | null;
  valid_until: string | null;
  institution_name: string | null;
};

/** Enterprises whose region code starts with `prefix`, within the scope, in credit-code order. */
export async function enterprisesInRegion(db: DbOrTrx, prefix: string, scope: OrgFilter): Promise<OrganizationRow[]> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('kind', 'in', [...ENTERPRISE_ORG_KINDS])
    .where('region_code', 'like', `${prefix}%`)
    .where(scope)
    .orderBy('credit_code')
    .execute();
}

/** Region code → name. */
export async function regionNames(db: DbOrTrx): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('regions').select(['code', 'name']).execute()).map((r) => [r.code, r.name]));
}

/** The organisation's sites in name order. */
export async function sitesByName(db: DbOrTrx, orgId: number) {
  return db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}

/**
 * One keyset page (serial order, after `after`) of an organisation's instruments of one category at one site
 * (null: without a site) that are in service at `asOf`: not draft, not removed by then, installed by then.
 */
export async function instrumentPage(
  db: DbOrTrx,
  q: { orgId: number; category: string; siteId: number | null; asOf: string; after: string; limit: number; scope: InstrumentFilter },
): Promise<InstrumentRow[]> {
  let sel = db
    .selectFrom('instruments')
    .selectAll()
    .where('org_id', '=', q.orgId)
    .where('category', '=', q.category)
    .where('ledger_state', '!=', 'draft')
    .where((eb) => eb.or([eb('removal_date', 'is', null), eb('removal_date', '>', q.asOf)]))
    .where((eb) => eb.or([eb('install_date', 'is', null), eb('install_date', '<=', q.asOf)]))
    .where(q.scope)
    .where('serial_no', '>', q.after);
  sel = q.siteId === null ? sel.where('site_id', 'is', null) : sel.where('site_id', '=', q.siteId);
  return sel.orderBy('serial_no').limit(q.limit).execute();
}

/** Verification records of the instruments dated `asOf` or earlier, by instrument then date. */
export async function verificationsUpTo(db: DbOrTrx, ids: number[], asOf: string): Promise<ExportVerification[]> {
  return (await db
    .selectFrom('verifications')
    .select(['instrument_id', 'date', 'conclusion', 'kind', 'certificate_no', 'valid_until', 'institution_name'])
    .where('instrument_id', 'in', ids)
    .where('date', '<=', asOf)
    .orderBy('instrument_id')
    .orderBy('date')
    .execute()) as ExportVerification[];
}

/** Nozzles in use per instrument. */
export async function nozzleCounts(db: DbOrTrx, ids: number[]): Promise<Map<number, number>> {
  const m = new Map<number, number>();
  if (ids.length === 0) return m;
  const rows = await db
    .selectFrom('nozzles')
    .select(['instrument_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('instrument_id', 'in', ids)
    .where('removal_date', 'is', null)
    .groupBy('instrument_id')
    .execute();
  for (const r of rows) m.set(Number(r.instrument_id), Number(r.n));
  return m;
}
