/**
 * Campaign templates as data (docs/domain/regulations.md §7, docs/domain/product.md §3.5): the notice 乌市监发〔2024〕21号
 * sets three phases, progress reports on the 14th and 28th, a final report and the targets. A campaign is created from
 * a template for a year (dates are month-day here, `MM-DD`) and the regulator edits its dates afterwards.
 */
export interface CampaignTemplatePhase {
  /** stable English key */
  key: 'self_inspection' | 'rectification_drive' | 'follow_up';
  name: string;
  /** MM-DD */
  start: string;
  /** MM-DD */
  end: string;
}

export interface CampaignTemplateTarget {
  /** KPI key (docs/domain/forms.md §7) */
  key: 'first_verification_rate' | 'rotation_rate' | 'inspection_rate';
  name: string;
  /** target in basis points (100 % = 10000) */
  targetBp: number;
}

export interface CampaignTemplate {
  id: string;
  version: number;
  /** name of a campaign created from it; `{year}` is replaced */
  name: string;
  phases: CampaignTemplatePhase[];
  /** days of the month on which progress reports are due */
  reportingDays: number[];
  /** MM-DD: the final summary with Attachments 2 and 3 */
  finalReportDate: string;
  /** MM-DD: self-inspection report and Attachment 1 ledger */
  selfInspectionDue: string;
  targets: CampaignTemplateTarget[];
}

export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = [
  {
    id: 'wss-2024-21',
    version: 1,
    name: '{year}年民用“三表”和加油机计量专项监督检查',
    phases: [
      { key: 'self_inspection', name: '自查自纠', start: '06-07', end: '07-01' },
      { key: 'rectification_drive', name: '集中整治', start: '07-01', end: '09-01' },
      { key: 'follow_up', name: '整改落实', start: '09-01', end: '10-15' },
    ],
    reportingDays: [14, 28],
    finalReportDate: '10-20',
    selfInspectionDue: '07-01',
    targets: [
      { key: 'first_verification_rate', name: '首检率', targetBp: 10000 },
      { key: 'rotation_rate', name: '轮换率', targetBp: 10000 },
      { key: 'inspection_rate', name: '受检率', targetBp: 10000 },
    ],
  },
];

export const DEFAULT_CAMPAIGN_TEMPLATE_ID = 'wss-2024-21';
