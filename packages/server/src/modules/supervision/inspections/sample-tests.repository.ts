/** All SQL of the sample tests (监督抽查, docs/SUPERVISION.md): the tests, the meters they name, their `spot_check` verifications. */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

const METER_COLUMNS = [
  'instruments.id',
  'instruments.org_id',
  'instruments.category',
  'instruments.serial_no',
  'instruments.public_code',
] as const;

export function meterByPublicCode(db: DbOrTrx, code: string) {
  return db
    .selectFrom('instruments')
    .select([...METER_COLUMNS])
    .where('instruments.public_code', '=', code)
    .executeTakeFirst();
}

export function meterBySerial(db: DbOrTrx, creditCode: string, serialNo: string) {
  return db
    .selectFrom('instruments')
    .innerJoin('organizations as o', 'o.id', 'instruments.org_id')
    .select([...METER_COLUMNS])
    .where('o.credit_code', '=', creditCode)
    .where('instruments.serial_no', '=', serialNo)
    .executeTakeFirst();
}

export function verificationOn(db: DbOrTrx, instrumentId: number, date: string) {
  return db
    .selectFrom('verifications')
    .select('id')
    .where('instrument_id', '=', instrumentId)
    .where('nozzle_no', '=', 0)
    .where('date', '=', date)
    .executeTakeFirst();
}

/** The test stored as a verification record of kind `spot_check` (the status engine reads it as such). */
export async function insertSpotCheck(
  trx: Trx,
  row: {
    org_id: number;
    instrument_id: number;
    date: string;
    conclusion: string;
    institution_id: number | null;
    institution_name: string | null;
    measurements: string;
    created_at: string;
  },
): Promise<number> {
  const r = await trx
    .insertInto('verifications')
    .values({ ...row, nozzle_no: 0, kind: 'spot_check', source: 'sample_test', certificate_no: null, valid_until: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertSampleTest(
  trx: Trx,
  row: {
    instrument_id: number;
    org_id: number;
    institution_id: number | null;
    origin: string;
    date: string;
    conclusion: string;
    error_pct: number | null;
    note: string | null;
    verification_id: number;
    created_by: string;
    created_at: string;
  },
): Promise<number> {
  const r = await trx.insertInto('sample_tests').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function orgName(db: DbOrTrx, id: number) {
  return db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
}

function rows(db: DbOrTrx) {
  return db
    .selectFrom('sample_tests')
    .innerJoin('instruments as i', 'i.id', 'sample_tests.instrument_id')
    .innerJoin('organizations', 'organizations.id', 'sample_tests.org_id')
    .leftJoin('organizations as inst', 'inst.id', 'sample_tests.institution_id');
}
const COLUMNS = [
  'sample_tests.id',
  'sample_tests.instrument_id',
  'sample_tests.org_id',
  'sample_tests.institution_id',
  'sample_tests.origin',
  'sample_tests.date',
  'sample_tests.conclusion',
  'sample_tests.error_pct',
  'sample_tests.note',
  'sample_tests.verification_id',
  'sample_tests.created_by',
  'sample_tests.created_at',
  'i.category',
  'i.serial_no',
  'i.public_code',
  'i.status',
  'organizations.name as org_name',
  'inst.name as institution_name',
] as const;

/** Which tests a reader sees: an organization's own (as owner or as the testing institution), or the owners a filter admits. */
export type SampleScope = { orgId: number } | { orgFilter: (eb: ExpressionBuilder<DB, 'organizations'>) => Expression<SqlBool> };

export function getSampleTest(db: DbOrTrx, id: number) {
  return rows(db)
    .select([...COLUMNS])
    .where('sample_tests.id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function listSampleTests(
  db: DbOrTrx,
  scope: SampleScope,
  f: { origin?: string; conclusion?: string; category?: string },
  page: { limit: number; offset: number },
) {
  let base = rows(db);
  if ('orgId' in scope) {
    const id = scope.orgId;
    base = base.where((eb) => eb.or([eb('sample_tests.org_id', '=', id), eb('sample_tests.institution_id', '=', id)]));
  } else base = base.where(scope.orgFilter);
  if (f.origin) base = base.where('sample_tests.origin', '=', f.origin);
  if (f.conclusion) base = base.where('sample_tests.conclusion', '=', f.conclusion);
  if (f.category) base = base.where('i.category', '=', f.category);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const list = await base
    .select([...COLUMNS])
    .orderBy('sample_tests.date', 'desc')
    .orderBy('sample_tests.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: list, total };
}
