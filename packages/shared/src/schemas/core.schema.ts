import { z } from 'zod';
import { ORG_KINDS, OWNERSHIP_TYPES, ROLES, type Role, SITE_KINDS } from '../enums.js';
import { PERMISSIONS } from '../permissions.js';
import { MAX_NAME, MAX_TEXT, ZDate, ZName, ZPageQuery, ZQueryFlag } from './common.schema.js';

export const PASSWORD_MIN_LENGTH = 10;
export const MAX_USERNAME = 64;

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(MAX_USERNAME),
  password: z.string().min(1).max(256),
  /** the 6-digit code of the user's authenticator app, when the user enabled the second factor */
  totpCode: z.string().trim().max(10).optional(),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const ZRegionCode = z.string().regex(/^\d{6}(\d{3})?$/, '6 or 9 digits');

export const ZOrganization = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  creditCode: z.string(),
  regionCode: z.string(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  ownershipType: z.enum(OWNERSHIP_TYPES).nullable(),
  townCodes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrganization = z.infer<typeof ZOrganization>;

export const ZCreateOrganizationRequest = z.object({
  name: ZName('orgName'),
  kind: z.enum(ORG_KINDS),
  creditCode: z.string().trim().min(1).max(40),
  regionCode: ZRegionCode,
  address: z.string().trim().max(MAX_TEXT).nullish(),
  contactName: ZName('contactName', { min: 0 }).nullish(),
  contactPhone: z.string().trim().max(40).nullish(),
  ownershipType: z.enum(OWNERSHIP_TYPES).nullish(),
  /** For offices: the towns (9-digit codes) the office covers. */
  townCodes: z.array(ZRegionCode).max(100).optional(),
});
export type TCreateOrganizationRequest = z.infer<typeof ZCreateOrganizationRequest>;
export const ZUpdateOrganizationRequest = ZCreateOrganizationRequest.partial();
export type TUpdateOrganizationRequest = z.infer<typeof ZUpdateOrganizationRequest>;

export const ZOrganizationListQuery = ZPageQuery.extend({
  q: z.string().trim().max(MAX_NAME).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  regionCode: ZRegionCode.optional(),
});
export type TOrganizationListQuery = z.infer<typeof ZOrganizationListQuery>;

export const ZSite = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  name: z.string(),
  kind: z.enum(SITE_KINDS),
  townCode: z.string(),
  address: z.string().nullable(),
  /** the owner's name (in lists) */
  orgName: z.string().optional(),
});
export type TSite = z.infer<typeof ZSite>;
export const ZCreateSiteRequest = z.object({
  orgId: z.number().int().positive(),
  name: ZName('siteName'),
  kind: z.enum(SITE_KINDS),
  townCode: ZRegionCode,
  address: z.string().trim().max(MAX_TEXT).nullish(),
});
export type TCreateSiteRequest = z.infer<typeof ZCreateSiteRequest>;
export const ZUpdateSiteRequest = ZCreateSiteRequest.omit({ orgId: true }).partial();
export const ZSiteListQuery = ZPageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  townCode: ZRegionCode.optional(),
  q: z.string().trim().max(MAX_NAME).optional(),
});

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;
export const ZCreateUserRequest = z.object({
  username: ZName('username', { min: 2, max: MAX_USERNAME }).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -'),
  displayName: ZName('displayName'),
  role: z.enum(ROLES),
  orgId: z.number().int().positive(),
  password: z.string().min(1).max(256),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;
export const ZUpdateUserRequest = z.object({
  displayName: ZName('displayName').optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  resetPassword: z.string().min(1).max(256).optional(),
  /** turns the user's TOTP second factor off (a lost phone); the user may enrol again */
  resetTotp: z.literal(true).optional(),
});
export const ZUserListQuery = ZPageQuery.extend({
  q: z.string().trim().max(MAX_NAME).optional(),
  role: z.enum(ROLES).optional(),
  orgId: z.coerce.number().int().positive().optional(),
});

/** Roles that may (and are encouraged to) add a TOTP second factor to their login. */
export const TOTP_ROLES: readonly Role[] = ['admin', 'regulator'];
export const ZTotpCode = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
export const ZTotpEnrolment = z.object({ secret: z.string(), uri: z.string() });

/** Why a user must change the password first: set by an administrator or the seed, or older than the maximum age. */
export const PASSWORD_CHANGE_REASONS = ['initial', 'expired'] as const;
export type PasswordChangeReason = (typeof PASSWORD_CHANGE_REASONS)[number];

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.enum(ORG_KINDS),
  mustChangePassword: z.boolean(),
  passwordChangeReason: z.enum(PASSWORD_CHANGE_REASONS).nullable(),
  /** the user logs in with a TOTP code too */
  totpEnabled: z.boolean(),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().optional(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZRegion = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(['province', 'city', 'county', 'town']),
});
export type TRegion = z.infer<typeof ZRegion>;

export const ZApiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
/** 我的会话: one signed-in browser of the user. */
export const ZSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** the session this request came with */
  current: z.boolean(),
});
export type TSession = z.infer<typeof ZSession>;
export const ZSessionParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) });

/** A token as administrators see it: with its owner. */
export const ZAdminApiToken = ZApiToken.extend({ userId: z.number().int(), username: z.string(), displayName: z.string() });
export const ZAdminTokenListQuery = ZPageQuery.extend({
  /** part of the owner's username */
  q: z.string().trim().max(MAX_USERNAME).optional(),
  /** only tokens that still work (not revoked, not expired) */
  active: ZQueryFlag.optional(),
});
export type TAdminTokenListQuery = z.infer<typeof ZAdminTokenListQuery>;
export const ZCreateTokenRequest = z.object({
  name: ZName('tokenName'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const ZAuditEntry = z.object({
  id: z.number().int(),
  chain: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  orgId: z.number().int().nullable(),
  /** the organization's name (null when the entry has none, or the organization was deleted) */
  orgName: z.string().nullable(),
  /** the acting user's display name (null for the CLI and the system) */
  actorName: z.string().nullable(),
  /** the entry's HMAC (its place in the hash chain) */
  hash: z.string(),
  data: z.unknown(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditListQuery = ZPageQuery.extend({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  /** entries from this date on (YYYY-MM-DD, the configured zone); from ≤ to */
  from: ZDate.optional(),
  /** entries up to and including this date (YYYY-MM-DD, the configured zone) */
  to: ZDate.optional(),
  /** the acting user's username (`cli` / `system` for those actors) */
  actor: z.string().trim().max(MAX_USERNAME).optional(),
});
export type TAuditListQuery = z.infer<typeof ZAuditListQuery>;
/** A problem `audit verify` found (the chain, the entry's sequence number, the problem code). */
export const ZAuditProblem = z.object({
  chain: z.string(),
  seq: z.number().nullable(),
  id: z.number().nullable(),
  problem: z.string(),
  keyId: z.string().optional(),
});
export const ZAuditVerifyResult = z.object({
  ok: z.boolean(),
  chains: z.number(),
  entries: z.number(),
  failure: ZAuditProblem.optional(),
  problems: z.array(ZAuditProblem),
});
export type TAuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;
