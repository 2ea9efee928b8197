/** Enumerations shared by server, CLI and web. Values are stable English codes (docs/domain/glossary.md). */
export const ROLES = ['admin', 'regulator', 'inspector', 'enterprise', 'institution', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = ['bureau', 'office', 'water_supply', 'power_supply', 'gas_supply', 'gas_station', 'institution'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ENTERPRISE_ORG_KINDS: readonly OrgKind[] = ['water_supply', 'power_supply', 'gas_supply', 'gas_station'];
export const UTILITY_ORG_KINDS: readonly OrgKind[] = ['water_supply', 'power_supply', 'gas_supply'];

export const SITE_KINDS = ['gas_station', 'water_area', 'power_area', 'gas_area', 'estate'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const OWNERSHIP_TYPES = ['cnpc', 'sinopec', 'private', 'other'] as const;
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number];

export const CATEGORIES = [
  'fuel_dispenser',
  'water_meter',
  'gas_meter',
  'electricity_meter',
  'dipstick',
  'hydrometer',
  'thermometer',
  'tank_level_gauge',
  'standard_measure',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const MANDATORY_CATEGORIES: readonly Category[] = ['fuel_dispenser', 'water_meter', 'gas_meter', 'electricity_meter'];
export const CIVIL_METER_CATEGORIES: readonly Category[] = ['water_meter', 'gas_meter', 'electricity_meter'];
export const STATION_AUXILIARY_CATEGORIES: readonly Category[] = [
  'dipstick',
  'hydrometer',
  'thermometer',
  'tank_level_gauge',
  'standard_measure',
];

export const VERIFICATION_MODES = ['periodic', 'first_only_limited_use', 'first_only_until_failure'] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

export const VERIFICATION_KINDS = ['initial', 'periodic', 'subsequent', 'spot_check', 'arbitration'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];

export const CONCLUSIONS = ['passed', 'failed'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export const STATUSES = ['valid', 'due_soon', 'overdue', 'unverified', 'failed', 'rotation_due', 'rotation_overdue', 'removed'] as const;
export type InstrumentStatus = (typeof STATUSES)[number];

export const REASON_CODES = [
  'valid_certificate',
  'valid_computed',
  'due_soon',
  'rotation_due',
  'overdue',
  'rotation_overdue',
  'never_verified',
  'failed_verification',
  'failed_spot_check',
  'removed',
  'suspended',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_FLAGS = ['attributes_assumed', 'assumed_from_install', 'installed_before_verification'] as const;
export type ReasonFlag = (typeof REASON_FLAGS)[number];

export const LEDGER_STATES = ['draft', 'filed', 'suspended', 'removed', 'scrapped'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export const REMOVAL_REASONS = ['rotation', 'inaccurate', 'failed', 'damaged', 'other'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

export const GAS_MEDIA = ['natural_gas', 'manufactured_gas', 'lpg'] as const;
export type GasMedium = (typeof GAS_MEDIA)[number];

export const PURPOSES = ['trade_settlement', 'safety_protection', 'medical_health', 'environmental_monitoring'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const ORIGINS = ['domestic', 'imported'] as const;
export const SUBMISSION_MODES = ['bring_in', 'on_site'] as const;
export type SubmissionMode = (typeof SUBMISSION_MODES)[number];

export const APPLICATION_STATES = ['submitted', 'accepted', 'returned', 'in_progress', 'completed', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const RETURN_REASONS = [
  'data_error',
  'not_in_catalogue',
  'out_of_scope',
  'wrong_institution',
  'duplicate',
  'missing_material',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const VIOLATION_CODES = [
  'unverified_in_use',
  'installed_before_verification',
  'overdue_in_use',
  'rotation_overdue',
  'failed_in_use',
  'seal_broken',
  'unauthorized_modification',
  'cheating_device',
  'missing_certificate',
  'not_filed',
  'no_ledger',
  'improper_repair',
  'quantity_out_of_tolerance',
  'sale_without_instrument',
  'false_sales_records',
  'no_type_approval',
  'out_of_authorized_scope',
  'authorization_expired',
  'unqualified_verifier',
  'expired_standard',
  'procedure_violation',
  'falsified_data',
  'forged_mark',
  'acceptance_delay',
  'no_rejection_feedback',
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

/** Rectification order (责令改正) states: issued → replied → closed | escalated (docs/ENFORCEMENT.md). */
export const ORDER_STATES = ['issued', 'replied', 'closed', 'escalated'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
/** How a reply was checked: a re-inspection on site or a desk review of the evidence. */
export const ORDER_REVIEW_METHODS = ['reinspection', 'desk_review'] as const;
export type OrderReviewMethod = (typeof ORDER_REVIEW_METHODS)[number];

/** Administrative penalty case (行政处罚案件) stages: 立案 → 处罚决定 → 结案. */
export const CASE_STAGES = ['filed', 'decided', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
/** Outcome of a case decision: a penalty, 减轻处罚, 不予处罚, or transfer to the police (移送公安). */
export const CASE_OUTCOMES = ['penalty', 'mitigated', 'no_penalty', 'transfer'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/** Timeline entries of a case. */
export const CASE_EVENT_KINDS = ['filed', 'note', 'evidence', 'extension', 'decided', 'closed'] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** What a public disclosure (公示) item is: a penalty decision, or (later) an inspection result of a draw. */
export const DISCLOSURE_KINDS = ['penalty_decision', 'inspection_result'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
/** Kinds of inspection targets (docs/SUPERVISION.md, Registers): a regulated organization by its kind, or a station site. */
export const TARGET_KINDS = ['water_supply', 'power_supply', 'gas_supply', 'gas_station', 'station_site'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
/** How a draw plan cuts its candidates into strata. */
export const DRAW_STRATIFICATIONS = ['kind', 'kind-town'] as const;
export type DrawStratification = (typeof DRAW_STRATIFICATIONS)[number];
/** Why an inspection is planned: drawn (双随机), risk-targeted, or triggered by a complaint. */
export const INSPECTION_KINDS = ['random', 'targeted', 'complaint'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
/** Where an inspection record came from: a planned assignment's kind, or `adhoc` (no assignment: outside any draw). */
export const INSPECTION_ORIGINS = ['random', 'targeted', 'complaint', 'adhoc'] as const;
export type InspectionOrigin = (typeof INSPECTION_ORIGINS)[number];
/** An inspection record: a draft (editable), finished (frozen; changed only by an audited correction). */
export const INSPECTION_STATES = ['draft', 'finished'] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];
/** A finding the inspection form proposes: waiting, confirmed (recorded in `findings`), dismissed. */
export const PROPOSAL_STATES = ['proposed', 'confirmed', 'dismissed'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
/** The signatures an inspection record needs: both inspectors and the party's representative. */
export const SIGNATURE_ROLES = ['inspector1', 'inspector2', 'representative'] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];
/** Where a sampled civil meter came from (监督抽查): taken from a home (in service) or from a utility's stock. */
export const SAMPLE_ORIGINS = ['in_service', 'stock'] as const;
export type SampleOrigin = (typeof SAMPLE_ORIGINS)[number];
