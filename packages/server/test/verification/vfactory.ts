import type { AppContext } from '../../src/context.js';

let n = 0;

/** Inserts an instrument directly (the ledger's services are not needed for these tests). */
export async function buildInstrument(
  ctx: AppContext,
  o: {
    orgId: number;
    siteId?: number | null;
    category?: string;
    serialNo?: string;
    division?: string | null;
    nozzles?: number;
    manufacturer?: string | null;
    model?: string | null;
    installDate?: string | null;
    validUntil?: string | null;
    status?: string | null;
    ruleRef?: string | null;
  },
): Promise<{ id: number; serialNo: string; nozzleIds: number[] }> {
  n++;
  const now = ctx.clock.now().toISOString();
  const serialNo = o.serialNo ?? `SN${process.pid}${String(n).padStart(5, '0')}`;
  const category = o.category ?? 'fuel_dispenser';
  const r = await ctx.db
    .insertInto('instruments')
    .values({
      org_id: o.orgId,
      site_id: o.siteId ?? null,
      category,
      serial_no: serialNo,
      instrument_name: category,
      catalogue_item: null,
      catalogue_type: null,
      model: o.model ?? 'M1',
      measuring_range: null,
      accuracy_class: null,
      manufacturer: o.manufacturer ?? 'ACME',
      origin: null,
      location: null,
      purpose: 'trade_settlement',
      submission_mode: null,
      admin_division_code: o.division === undefined ? '150626100' : o.division,
      caliber_dn: null,
      q3: null,
      g_rating: null,
      gas_medium: null,
      fuel_grade: null,
      seal_nos: null,
      type_approval_no: null,
      install_date: o.installDate ?? '2020-05-01',
      first_use_date: null,
      manufacture_date: null,
      remarks: null,
      filed_at: '2024-01-01',
      removal_date: null,
      removal_reason: null,
      replaced_by_id: null,
      public_code: `PC${process.pid}_${n}_${Math.random().toString(36).slice(2, 8)}`,
      status: o.status ?? 'due_soon',
      valid_until: o.validUntil ?? '2024-10-30',
      due_date: null,
      reason_code: null,
      reason_flags: null,
      rule_ref: o.ruleRef ?? null,
      status_as_of: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  const nozzleIds: number[] = [];
  for (let k = 1; k <= (o.nozzles ?? 0); k++) {
    const z = await ctx.db
      .insertInto('nozzles')
      .values({
        org_id: o.orgId,
        instrument_id: id,
        nozzle_no: k,
        fuel_grade: null,
        removal_date: null,
        status: null,
        valid_until: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    nozzleIds.push(Number(z.id));
  }
  return { id, serialNo, nozzleIds };
}

export async function buildAuthorization(
  ctx: AppContext,
  orgId: number,
  o: { categories: string[]; region?: string; from?: string; to?: string },
) {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('authorizations')
    .values({
      org_id: orgId,
      certificate_no: `AUTH-${++n}`,
      categories: JSON.stringify(o.categories),
      region_code: o.region ?? '150626',
      valid_from: o.from ?? '2024-01-01',
      valid_to: o.to ?? '2026-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function buildVerifier(
  ctx: AppContext,
  orgId: number,
  o: { categories?: string[]; validUntil?: string; certificateNo?: string } = {},
) {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('verifiers')
    .values({
      org_id: orgId,
      name: `verifier-${++n}`,
      certificate_no: o.certificateNo ?? `V-${n}`,
      categories: JSON.stringify(o.categories ?? ['fuel_dispenser']),
      valid_until: o.validUntil ?? '2026-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function buildStandard(
  ctx: AppContext,
  orgId: number,
  o: { categories?: string[]; validUntil?: string; certificateNo?: string; faulty?: boolean } = {},
) {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('measurement_standards')
    .values({
      org_id: orgId,
      name: `standard-${++n}`,
      certificate_no: o.certificateNo ?? `S-${n}`,
      valid_until: o.validUntil ?? '2026-06-30',
      categories: JSON.stringify(o.categories ?? ['fuel_dispenser']),
      faulty: o.faulty ? 1 : 0,
      faulty_since: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
