import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../src/context.js';

let n = 0;
export interface InstrumentSpec {
  orgId: number;
  category: string;
  serialNo?: string;
  instrumentName?: string;
  catalogueType?: string | null;
  adminDivisionCode?: string;
  caliberDn?: number | null;
  gRating?: string | null;
  gasMedium?: string | null;
  accuracyClass?: string | null;
  installDate?: string | null;
  quantity?: number;
  ledgerState?: string;
  removalDate?: string | null;
  nozzles?: number;
  verifications?: { nozzleNo?: number; kind?: string; date: string; conclusion?: string; validUntil?: string | null }[];
}

/** Inserts an instrument with its nozzles and verification rows directly (the ledger module owns the real CRUD). */
export async function insertInstrument(ctx: AppContext, s: InstrumentSpec): Promise<number> {
  const now = ctx.clock.now().toISOString();
  n++;
  const r = await ctx.db
    .insertInto('instruments')
    .values({
      org_id: s.orgId,
      site_id: null,
      category: s.category,
      serial_no: s.serialNo ?? `SN-${n}-${randomBytes(3).toString('hex')}`,
      instrument_name: s.instrumentName ?? s.category,
      catalogue_type: s.catalogueType ?? null,
      quantity: s.quantity ?? 1,
      admin_division_code: s.adminDivisionCode ?? '150626100',
      caliber_dn: s.caliberDn ?? null,
      q3: null,
      g_rating: s.gRating ?? null,
      gas_medium: s.gasMedium ?? null,
      accuracy_class: s.accuracyClass ?? null,
      install_date: s.installDate ?? null,
      ledger_state: s.ledgerState ?? 'filed',
      removal_date: s.removalDate ?? null,
      public_code: `P${n}${randomBytes(6).toString('hex')}`,
      created_at: now,
      updated_at: now,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  for (let k = 1; k <= (s.nozzles ?? 0); k++) {
    await ctx.db
      .insertInto('nozzles')
      .values({ org_id: s.orgId, instrument_id: id, nozzle_no: k, created_at: now } as never)
      .execute();
  }
  for (const v of s.verifications ?? []) {
    await ctx.db
      .insertInto('verifications')
      .values({
        org_id: s.orgId,
        instrument_id: id,
        nozzle_no: v.nozzleNo ?? 0,
        kind: v.kind ?? 'periodic',
        date: v.date,
        conclusion: v.conclusion ?? 'passed',
        valid_until: v.validUntil ?? null,
        source: 'test',
        created_at: now,
      } as never)
      .execute();
  }
  return id;
}

export async function stored(ctx: AppContext, id: number) {
  return ctx.db
    .selectFrom('instruments')
    .select(['status', 'valid_until', 'due_date', 'reason_code', 'reason_flags', 'rule_ref', 'status_reason', 'status_as_of'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
