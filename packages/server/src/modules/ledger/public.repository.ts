import type { DbOrTrx } from '../../db/database.js';
import type { InstrumentFilter } from './instruments.repository.js';

/** SQL of the public QR lookup and the QR label sheet. */

/** What the public page may show of an instrument (never its location or any personal data). */
export async function findPublicInstrument(db: DbOrTrx, code: string) {
  return db
    .selectFrom('instruments')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .select([
      'instruments.id',
      'instruments.public_code',
      'instruments.category',
      'instruments.instrument_name',
      'instruments.serial_no',
      'instruments.model',
      'instruments.admin_division_code',
      'instruments.status',
      'instruments.valid_until',
      'instruments.status_as_of',
      'sites.name as site_name',
      'sites.town_code as site_town',
    ])
    .where('instruments.public_code', '=', code)
    .executeTakeFirst();
}

/** The nozzles in service of a dispenser, by number, with their stored status. */
export async function publicNozzles(db: DbOrTrx, instrumentId: number) {
  return db
    .selectFrom('nozzles')
    .select(['nozzle_no', 'fuel_grade', 'status', 'valid_until'])
    .where('instrument_id', '=', instrumentId)
    .where('removal_date', 'is', null)
    .orderBy('nozzle_no')
    .execute();
}

/** Instruments with this serial at the organization named by its credit code or its exact name (at most 10). */
export async function findPublicBySerial(db: DbOrTrx, serial: string, creditCode: string, orgName: string) {
  return db
    .selectFrom('instruments')
    .innerJoin('organizations', 'organizations.id', 'instruments.org_id')
    .select(['instruments.public_code', 'instruments.category', 'instruments.serial_no'])
    .where('instruments.serial_no', '=', serial)
    .where((eb) => eb.or([eb('organizations.credit_code', '=', creditCode), eb('organizations.name', '=', orgName)]))
    .orderBy('instruments.id')
    .limit(10)
    .execute();
}

export async function regionName(db: DbOrTrx, code: string): Promise<string | null> {
  const r = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? null;
}

/** The institution of the latest verification that is not a spot check: the recorded name, else the institution organization's name. */
export async function latestVerifierName(db: DbOrTrx, instrumentId: number): Promise<string | null> {
  const r = await db
    .selectFrom('verifications')
    .leftJoin('organizations', 'organizations.id', 'verifications.institution_id')
    .select(['verifications.institution_name', 'organizations.name as institution_org_name'])
    .where('verifications.instrument_id', '=', instrumentId)
    .where('verifications.kind', '!=', 'spot_check')
    .orderBy('verifications.date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.institution_name || r?.institution_org_name || null;
}

/** The instruments of a label sheet, in the actor's scope, by id. */
export async function labelRows(db: DbOrTrx, ids: number[], scope: InstrumentFilter) {
  return labelSelect(db).where('instruments.id', 'in', ids).where(scope).orderBy('instruments.id').execute();
}

/** The columns a QR label prints, with the organization's and site's names. */
function labelSelect(db: DbOrTrx) {
  return db
    .selectFrom('instruments')
    .leftJoin('sites', 'sites.id', 'instruments.site_id')
    .leftJoin('organizations', 'organizations.id', 'instruments.org_id')
    .select([
      'instruments.id',
      'instruments.public_code',
      'instruments.serial_no',
      'instruments.category',
      'instruments.instrument_name',
      'sites.name as site_name',
      'organizations.name as org_name',
    ]);
}

/** Label rows of the given ids in the order given (callers checked the scope), read in slices of 500. */
export async function labelRowsOf(db: DbOrTrx, ids: readonly number[]) {
  const out: Awaited<ReturnType<typeof labelRows>> = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await labelSelect(db)
        .where('instruments.id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  const at = new Map(ids.map((id, i) => [id, i]));
  return out.sort((a, b) => (at.get(Number(a.id)) ?? 0) - (at.get(Number(b.id)) ?? 0));
}
