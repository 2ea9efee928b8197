import { randomBytes } from 'node:crypto';
import { makeCreditCode, type OrgKind, type Role } from '@qiangjian/shared';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../src/auth/actor.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { hashPassword } from '../src/auth/password.js';
import type { AppContext } from '../src/context.js';
import { fileComplaint, issueChallenge } from '../src/modules/complaints/intake.service.js';
import { decideCase, openCase } from '../src/modules/supervision/cases/cases.service.js';
import { recordFindingWithoutRecord } from '../src/modules/supervision/findings/findings.service.js';
import { issueOrder } from '../src/modules/supervision/orders/orders.service.js';

export const TEST_PASSWORD = 'Test-Password-1';
let cachedHash: Promise<string> | null = null;
let seq = 0;

/** A unique valid 统一社会信用代码. */
export function creditCode(): string {
  seq++;
  const body = `MA${String(seq).padStart(4, '0')}${String(process.pid % 97).padStart(2, '0')}`.slice(0, 8);
  return makeCreditCode('91150626', body);
}

export async function buildOrg(
  ctx: AppContext,
  o: { kind?: OrgKind; name?: string; regionCode?: string; townCodes?: string[]; ownershipType?: string } = {},
): Promise<{ id: number; creditCode: string; name: string; kind: OrgKind; regionCode: string }> {
  const kind = o.kind ?? 'gas_station';
  const code = creditCode();
  const now = ctx.clock.now().toISOString();
  const name = o.name ?? `org-${kind}-${seq}`;
  const regionCode = o.regionCode ?? (kind === 'bureau' ? '150626' : '150626100');
  const r = await ctx.db
    .insertInto('organizations')
    .values({
      name,
      kind,
      credit_code: code,
      region_code: regionCode,
      address: null,
      contact_name: null,
      contact_phone: null,
      ownership_type: o.ownershipType ?? null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  const towns = o.townCodes ?? (kind === 'office' ? [regionCode] : []);
  if (towns.length)
    await ctx.db
      .insertInto('office_towns')
      .values(towns.map((t) => ({ office_id: id, town_code: t })))
      .execute();
  return { id, creditCode: code, name, kind, regionCode };
}

export async function buildSite(ctx: AppContext, orgId: number, o: { name?: string; kind?: string; townCode?: string } = {}) {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('sites')
    .values({
      org_id: orgId,
      name: o.name ?? `site-${++seq}`,
      kind: o.kind ?? 'gas_station',
      town_code: o.townCode ?? '150626100',
      address: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export interface TestUser {
  id: number;
  username: string;
  role: Role;
  orgId: number;
}

export async function buildUser(
  ctx: AppContext,
  o: { role: Role; orgId: number; username?: string; mustChangePassword?: boolean },
): Promise<TestUser> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const now = ctx.clock.now().toISOString();
  const username = o.username ?? `${o.role}${++seq}`;
  const r = await ctx.db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      role: o.role,
      org_id: o.orgId,
      password_hash: await cachedHash,
      must_change_password: o.mustChangePassword ? 1 : 0,
      disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), username, role: o.role, orgId: o.orgId };
}

/** An Actor as the services see it, for service-level tests. */
export async function actorFor(ctx: AppContext, u: TestUser): Promise<Actor> {
  const org = await ctx.db.selectFrom('organizations').select(['kind', 'region_code']).where('id', '=', u.orgId).executeTakeFirstOrThrow();
  const towns = (await ctx.db.selectFrom('office_towns').select('town_code').where('office_id', '=', u.orgId).execute()).map(
    (t) => t.town_code,
  );
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId,
    orgKind: org.kind as OrgKind,
    regionCode: org.region_code,
    townCodes: towns,
    via: 'session',
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Logs in through the API; headers carry the cookie and the CSRF token. */
export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const cookie = String(raw).split(';')[0] as string;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A standard world: bureau, office (嘎鲁图), two stations, a water utility, an institution, one user per role. */
export async function buildWorld(ctx: AppContext) {
  const bureau = await buildOrg(ctx, { kind: 'bureau', regionCode: '150626' });
  const office = await buildOrg(ctx, { kind: 'office', regionCode: '150626100', townCodes: ['150626100'] });
  const office2 = await buildOrg(ctx, { kind: 'office', regionCode: '150626102', townCodes: ['150626102'] });
  const stationA = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100' });
  const stationB = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626102' });
  const water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
  const institution = await buildOrg(ctx, { kind: 'institution', regionCode: '150626100' });
  const siteA = await buildSite(ctx, stationA.id, { townCode: '150626100' });
  const siteB = await buildSite(ctx, stationB.id, { townCode: '150626102' });
  const users = {
    admin: await buildUser(ctx, { role: 'admin', orgId: bureau.id }),
    regulator: await buildUser(ctx, { role: 'regulator', orgId: bureau.id }),
    viewer: await buildUser(ctx, { role: 'viewer', orgId: bureau.id }),
    inspector: await buildUser(ctx, { role: 'inspector', orgId: office.id }),
    inspector2: await buildUser(ctx, { role: 'inspector', orgId: office2.id }),
    enterpriseA: await buildUser(ctx, { role: 'enterprise', orgId: stationA.id }),
    enterpriseB: await buildUser(ctx, { role: 'enterprise', orgId: stationB.id }),
    waterUser: await buildUser(ctx, { role: 'enterprise', orgId: water.id }),
    institution: await buildUser(ctx, { role: 'institution', orgId: institution.id }),
  };
  return { bureau, office, office2, stationA, stationB, water, institution, siteA, siteB, users };
}

export interface InstrumentSpec {
  orgId: number;
  siteId?: number | null;
  /** default fuel_dispenser */
  category?: string;
  serialNo?: string;
  /** default the category code */
  instrumentName?: string;
  catalogueType?: string | null;
  /** default 150626100 (嘎鲁图镇) */
  adminDivisionCode?: string | null;
  caliberDn?: number | null;
  gRating?: string | null;
  gasMedium?: string | null;
  accuracyClass?: string | null;
  model?: string | null;
  manufacturer?: string | null;
  purpose?: string | null;
  installDate?: string | null;
  filedAt?: string | null;
  quantity?: number;
  /** default filed */
  ledgerState?: string;
  removalDate?: string | null;
  /** stored status columns as a refresh would have left them (default none: the row as the ledger writes it) */
  status?: string | null;
  validUntil?: string | null;
  ruleRef?: string | null;
  /** nozzles 1…n */
  nozzles?: number;
  verifications?: { nozzleNo?: number; kind?: string; date: string; conclusion?: string; validUntil?: string | null }[];
}

/**
 * A filed fuel dispenser for trade settlement whose stored status is `due_soon` (valid until 2024-10-30,
 * a fortnight after the test clock's default today): what an enterprise applies to have verified.
 */
export const DUE_SOON_DISPENSER = {
  category: 'fuel_dispenser',
  model: 'M1',
  manufacturer: 'ACME',
  purpose: 'trade_settlement',
  installDate: '2020-05-01',
  filedAt: '2024-01-01',
  status: 'due_soon',
  validUntil: '2024-10-30',
} as const satisfies Partial<InstrumentSpec>;

/**
 * Inserts an instrument with its nozzles and verification rows directly (the ledger's services are not
 * needed). Unset fields are empty, as in a row the ledger wrote before any status refresh; spread
 * `DUE_SOON_DISPENSER` for an instrument ready to apply for.
 */
export async function buildInstrument(ctx: AppContext, s: InstrumentSpec): Promise<{ id: number; serialNo: string; nozzleIds: number[] }> {
  seq++;
  const now = ctx.clock.now().toISOString();
  const serialNo = s.serialNo ?? `SN${process.pid}-${seq}-${randomBytes(3).toString('hex')}`;
  const category = s.category ?? 'fuel_dispenser';
  const r = await ctx.db
    .insertInto('instruments')
    .values({
      org_id: s.orgId,
      site_id: s.siteId ?? null,
      category,
      serial_no: serialNo,
      instrument_name: s.instrumentName ?? category,
      catalogue_type: s.catalogueType ?? null,
      model: s.model ?? null,
      manufacturer: s.manufacturer ?? null,
      purpose: s.purpose ?? null,
      quantity: s.quantity ?? 1,
      admin_division_code: s.adminDivisionCode === undefined ? '150626100' : s.adminDivisionCode,
      caliber_dn: s.caliberDn ?? null,
      q3: null,
      g_rating: s.gRating ?? null,
      gas_medium: s.gasMedium ?? null,
      accuracy_class: s.accuracyClass ?? null,
      install_date: s.installDate ?? null,
      filed_at: s.filedAt ?? null,
      ledger_state: s.ledgerState ?? 'filed',
      removal_date: s.removalDate ?? null,
      public_code: `P${seq}${randomBytes(6).toString('hex')}`,
      status: s.status ?? null,
      valid_until: s.validUntil ?? null,
      rule_ref: s.ruleRef ?? null,
      created_at: now,
      updated_at: now,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  const nozzleIds: number[] = [];
  for (let k = 1; k <= (s.nozzles ?? 0); k++) {
    const z = await ctx.db
      .insertInto('nozzles')
      .values({ org_id: s.orgId, instrument_id: id, nozzle_no: k, created_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    nozzleIds.push(Number(z.id));
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
  return { id, serialNo, nozzleIds };
}

/** The stored status columns of an instrument. */
export async function storedStatus(ctx: AppContext, id: number) {
  return ctx.db
    .selectFrom('instruments')
    .select(['status', 'valid_until', 'due_date', 'reason_code', 'reason_flags', 'rule_ref', 'status_reason', 'status_as_of'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** A verification institution's authorization (授权证书) for categories in a region. */
export async function buildAuthorization(
  ctx: AppContext,
  orgId: number,
  o: { categories: string[]; region?: string; from?: string; to?: string },
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('authorizations')
    .values({
      org_id: orgId,
      certificate_no: `AUTH-${++seq}`,
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

/** A verifier (检定员) of an institution. */
export async function buildVerifier(
  ctx: AppContext,
  orgId: number,
  o: { categories?: string[]; validUntil?: string; certificateNo?: string } = {},
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('verifiers')
    .values({
      org_id: orgId,
      name: `verifier-${++seq}`,
      certificate_no: o.certificateNo ?? `V-${seq}`,
      categories: JSON.stringify(o.categories ?? ['fuel_dispenser']),
      valid_until: o.validUntil ?? '2026-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A measurement standard (计量标准) of an institution. */
export async function buildStandard(
  ctx: AppContext,
  orgId: number,
  o: { categories?: string[]; validUntil?: string; certificateNo?: string; faulty?: boolean } = {},
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const r = await ctx.db
    .insertInto('measurement_standards')
    .values({
      org_id: orgId,
      name: `standard-${++seq}`,
      certificate_no: o.certificateNo ?? `S-${seq}`,
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

/**
 * Enforcement records of one organization (docs/ENFORCEMENT.md): an inspection finding (overdue_in_use, 2024-09-01), an
 * order issued from it (2024-10-14) and a case decided on it (fine 500 元, published), all through the services.
 */
export async function buildEnforcement(ctx: AppContext, orgId: number) {
  const findingA = await ctx.db
    .transaction()
    .execute((trx) =>
      recordFindingWithoutRecord(ctx, trx, SYSTEM_ACTOR, { orgId, code: 'overdue_in_use', date: '2024-09-01', refs: {}, note: null }),
    );
  const order = await issueOrder(ctx, SYSTEM_ACTOR, { findingId: findingA, issuedOn: '2024-10-14' });
  const c = await openCase(ctx, SYSTEM_ACTOR, { findingId: findingA, filedOn: '2024-09-02', summary: 's' });
  await decideCase(ctx, SYSTEM_ACTOR, c.id, { decidedOn: '2024-10-10', outcome: 'penalty', legalBasisId: 'rules_43', fine: 500, gains: 0 });
  return { findingA, orderA: order.id, caseA: c.id };
}

/**
 * A complaint or report filed through the public intake (docs/COMPLAINTS.md), with a fresh challenge, its own client
 * address and (unless given) its own phone, so the rate limits do not interfere. Returns the id and tracking code.
 */
export async function buildComplaint(
  ctx: AppContext,
  o: {
    type?: 'complaint' | 'report';
    subject?: string;
    instrumentCode?: string;
    townCode?: string;
    orgName?: string;
    phone?: string;
    name?: string;
    anonymous?: boolean;
    description?: string;
    ip?: string;
    files?: { fileName: string; content: Buffer; type: 'png' | 'jpeg' | 'pdf' }[];
  } = {},
): Promise<{ id: number; trackingCode: string; decisionDeadline: string }> {
  seq++;
  const ch = await issueChallenge(ctx);
  const r = await fileComplaint(
    ctx,
    {
      challengeToken: ch.token,
      challengeAnswer: ch.a + ch.b,
      type: o.type ?? 'complaint',
      subject: o.subject ?? 'dispenser',
      instrumentCode: o.instrumentCode,
      townCode: o.townCode,
      orgName: o.orgName,
      description: o.description ?? '加油机计量不准，加油量少于显示数',
      anonymous: o.anonymous,
      name: o.anonymous ? undefined : (o.name ?? '王五'),
      phone: o.anonymous ? undefined : (o.phone ?? `139${String(10_000_000 + seq * 7919).slice(-8)}`),
    },
    o.files ?? [],
    { ip: o.ip ?? `10.9.${seq % 250}.${(seq * 7) % 250}` },
  );
  const row = await ctx.db.selectFrom('complaints').select('id').where('tracking_code', '=', r.trackingCode).executeTakeFirstOrThrow();
  return { id: Number(row.id), trackingCode: r.trackingCode, decisionDeadline: r.decisionDeadline };
}
