import type { ColumnType, Generated, Selectable } from 'kysely';

/** Tables of the portal's articles and the talent pool (migrations 20261209T0500_articles, 20261209T0510_talent). */
type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface ArticlesTable {
  id: Id;
  org_id: number;
  region_code: string;
  /** a kind of data/portal-articles.ts ARTICLE_KINDS */
  kind: string;
  title: string;
  author: string;
  /** sanitized (articles/sanitize.rules.ts) */
  body_html: string;
  summary: string;
  /** NULL: a draft */
  publish_on: string | null;
  /** the last day shown; NULL: no end */
  expire_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type ArticleRow = Selectable<ArticlesTable>;

export interface TalentMetrologistsTable {
  id: Id;
  org_id: number;
  name: string;
  title: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface TalentProfilesTable {
  id: Id;
  /** verifier | inspector | metrologist */
  source: string;
  source_id: number;
  /** JSON string[] */
  specialties: string;
  marked: Flag;
  note: string | null;
  updated_by: string;
  updated_at: string;
}
export interface TalentCertificatesTable {
  id: Id;
  source: string;
  source_id: number;
  name: string;
  cert_no: string;
  issuer: string | null;
  valid_until: string;
  created_by: string;
  created_at: string;
}
export interface TalentRecommendationsTable {
  id: Id;
  source: string;
  source_id: number;
  /** the person's organization (its chain in the audit log) */
  org_id: number;
  /** the person's organization's region (the data scope) */
  region_code: string;
  reason: string;
  /** recommended | withdrawn */
  state: string;
  recommended_by: string;
  recommended_at: string;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}
export type TalentRecommendationRow = Selectable<TalentRecommendationsTable>;

export interface PortalTalentTables {
  articles: ArticlesTable;
  talent_metrologists: TalentMetrologistsTable;
  talent_profiles: TalentProfilesTable;
  talent_certificates: TalentCertificatesTable;
  talent_recommendations: TalentRecommendationsTable;
}
