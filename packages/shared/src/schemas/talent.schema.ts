import { z } from 'zod';
import { TALENT_RULES } from '../data/talent.js';
import { ZDate, ZId, ZName, ZPageQuery } from './common.schema.js';

/** The metrology talent pool (计量人才, docs/TALENT.md). */

/** Where a person's record lives: the verifier register, the inspector register, or the pool's own metrologists. */
export const TALENT_SOURCES = ['verifier', 'inspector', 'metrologist'] as const;
export const ZTalentSource = z.enum(TALENT_SOURCES);
export type TalentSource = z.infer<typeof ZTalentSource>;
export const CERTIFICATE_STATES = ['valid', 'expiring', 'expired'] as const;
export const ZCertificateState = z.enum(CERTIFICATE_STATES);
export type CertificateState = z.infer<typeof ZCertificateState>;

/** A person's key: `<source>-<id>` (the id of the verifier, the inspector or the metrologist record). */
export const ZPersonKey = z.string().regex(/^(verifier|inspector|metrologist)-[1-9][0-9]{0,11}$/);
export const ZPersonKeyParams = z.object({ key: ZPersonKey });
export const ZPersonCertificateParams = z.object({ key: ZPersonKey, certId: ZId });

export const ZTalentCertificate = z.object({
  /** null: the register's own certificate (检定员证, 执法证), edited in that register */
  id: z.number().int().nullable(),
  name: z.string(),
  certNo: z.string(),
  issuer: z.string().nullable(),
  validUntil: z.string(),
  state: ZCertificateState,
});
export type TTalentCertificate = z.infer<typeof ZTalentCertificate>;

/** What the records say the person did (computed from the modules' records, never typed). */
export const ZTalentActivity = z.object({
  verifications: z.number().int(),
  inspections: z.number().int(),
  cases: z.number().int(),
  complaints: z.number().int(),
});
export type TTalentActivity = z.infer<typeof ZTalentActivity>;

export const ZTalentRecommendation = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  source: ZTalentSource,
  orgName: z.string(),
  reason: z.string(),
  state: z.enum(['recommended', 'withdrawn']),
  recommendedAt: z.string(),
  recommendedBy: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
export type TTalentRecommendation = z.infer<typeof ZTalentRecommendation>;

export const ZTalentPerson = z.object({
  key: z.string(),
  source: ZTalentSource,
  name: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string().nullable(),
  specialties: z.array(z.string()),
  marked: z.boolean(),
  note: z.string().nullable(),
  certificates: z.array(ZTalentCertificate),
  /** the worst state among the certificates (null: none) */
  certificateState: ZCertificateState.nullable(),
  activity: ZTalentActivity,
  /** the standing recommendation, if any */
  recommendation: ZTalentRecommendation.nullable(),
});
export type TTalentPerson = z.infer<typeof ZTalentPerson>;

export const ZTalentListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  source: ZTalentSource.optional(),
  certificate: ZCertificateState.optional(),
  marked: z.enum(['1']).optional(),
  recommended: z.enum(['1']).optional(),
});
export type TTalentListQuery = z.infer<typeof ZTalentListQuery>;

const ZSpecialty = ZName('specialty', { max: TALENT_RULES.maxSpecialtyChars });
export const ZTalentProfileRequest = z.object({
  specialties: z.array(ZSpecialty).max(TALENT_RULES.maxSpecialties),
  marked: z.boolean(),
  note: z.string().trim().max(500).nullable().default(null),
});
export type TTalentProfileRequest = z.infer<typeof ZTalentProfileRequest>;

export const ZCreateMetrologistRequest = z.object({
  orgId: ZId,
  name: ZName('personName', { max: 50 }),
  title: ZName('personTitle', { max: 50 }).nullable().default(null),
});
export type TCreateMetrologistRequest = z.infer<typeof ZCreateMetrologistRequest>;

export const ZTalentCertificateRequest = z.object({
  name: ZName('certificateName', { max: 60 }),
  certNo: ZName('certificateNo', { max: 60 }),
  issuer: ZName('certificateIssuer', { max: 60 }).nullable().default(null),
  validUntil: ZDate,
});
export type TTalentCertificateRequest = z.infer<typeof ZTalentCertificateRequest>;

export const ZRecommendRequest = z.object({ reason: z.string().trim().min(5).max(1000) });
export const ZWithdrawRecommendationRequest = z.object({ reason: z.string().trim().min(2).max(500) });

export const ZRecommendationListQuery = ZPageQuery.extend({ state: z.enum(['recommended', 'withdrawn']).optional() });
export const ZRecommendationExportQuery = z.object({ format: z.enum(['xlsx', 'pdf']) });
