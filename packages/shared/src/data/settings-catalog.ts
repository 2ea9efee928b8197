/**
 * The editable rule values and settings shown on the 参数设置 page (`/admin/settings`, docs/WEB.md): which setting,
 * in which group (the API that stores it), its unit, the bounds the page enforces (the server checks them again),
 * the source it follows and how sure that source is: `C` confirmed text, `P` likely (official text to confirm),
 * `U` unconfirmed, `placeholder` a project default with no official source. Labels: `pages.settings.item.<group>.<path>`.
 */
export type SettingsGroup = 'verification' | 'enforcement' | 'inspection' | 'status';
export type SettingConfidence = 'C' | 'P' | 'U' | 'placeholder';

export interface SettingEntry {
  group: SettingsGroup;
  /** dot path in the group's settings object (status: the setting key) */
  path: string;
  unit: string;
  min: number;
  max: number;
  /** decimals the value takes (0: whole numbers) */
  precision: number;
  /** a list of values (each within min–max), at most this many; absent: one value */
  maxItems?: number;
  citation: string;
  confidence: SettingConfidence;
}

export const SETTINGS_CATALOG: readonly SettingEntry[] = [
  {
    group: 'verification',
    path: 'acceptDeadlineWorkingDays',
    unit: '个工作日',
    min: 1,
    max: 60,
    precision: 0,
    citation: '乌市监发〔2024〕21号 四(三)：检定机构应及时受理强检预约；时限为本系统默认值',
    confidence: 'placeholder',
  },
  {
    group: 'verification',
    path: 'maxInstrumentsPerApplication',
    unit: '台',
    min: 1,
    max: 100000,
    precision: 0,
    citation: '系统设置：单份申请可包含的器具上限',
    confidence: 'placeholder',
  },
  {
    group: 'verification',
    path: 'expiryWarningDays',
    unit: '天',
    min: 1,
    max: 3650,
    precision: 0,
    maxItems: 5,
    citation: '系统设置：检定机构授权、计量标准和检定人员证书到期前提醒的天数',
    confidence: 'placeholder',
  },
  {
    group: 'verification',
    path: 'dispenser.mpePercent',
    unit: '%',
    min: 0.01,
    max: 10,
    precision: 2,
    citation: 'JJG 443-2023《燃油加油机》：最大允许误差 ±0.30%',
    confidence: 'P',
  },
  {
    group: 'verification',
    path: 'dispenser.repeatabilityPercent',
    unit: '%',
    min: 0.01,
    max: 10,
    precision: 2,
    citation: 'JJG 443-2023《燃油加油机》：重复性不超过 0.10%',
    confidence: 'P',
  },
  {
    group: 'verification',
    path: 'dispenser.errorsPerPoint',
    unit: '次',
    min: 1,
    max: 10,
    precision: 0,
    citation: 'JJG 443-2023《燃油加油机》：每个流量点检定 3 次',
    confidence: 'P',
  },
  {
    group: 'enforcement',
    path: 'caseLimitDays',
    unit: '日',
    min: 1,
    max: 3650,
    precision: 0,
    citation: '《市场监督管理行政处罚程序规定》：自立案之日起九十日内作出处理决定',
    confidence: 'U',
  },
  {
    group: 'enforcement',
    path: 'caseExtensionDays',
    unit: '日',
    min: 0,
    max: 3650,
    precision: 0,
    citation: '《市场监督管理行政处罚程序规定》：经批准可延长三十日',
    confidence: 'U',
  },
  {
    group: 'enforcement',
    path: 'caseWarnDays',
    unit: '日',
    min: 0,
    max: 365,
    precision: 0,
    citation: '系统设置：办案期限届满前提醒',
    confidence: 'placeholder',
  },
  {
    group: 'enforcement',
    path: 'disclosureMonths.penaltyGeneral',
    unit: '个月',
    min: 1,
    max: 120,
    precision: 0,
    citation: '《市场监督管理行政处罚信息公示规定》：一般行政处罚信息公示期 3 个月至 1 年',
    confidence: 'P',
  },
  {
    group: 'enforcement',
    path: 'disclosureMonths.penaltySerious',
    unit: '个月',
    min: 1,
    max: 120,
    precision: 0,
    citation: '《市场监督管理行政处罚信息公示规定》：严重违法行政处罚信息公示期 6 个月至 3 年',
    confidence: 'P',
  },
  {
    group: 'enforcement',
    path: 'disclosureMonths.inspectionResult',
    unit: '个月',
    min: 1,
    max: 120,
    precision: 0,
    citation: '“双随机、一公开”：抽查结果公示期为本系统默认值',
    confidence: 'placeholder',
  },
  {
    group: 'enforcement',
    path: 'seriousFrom',
    unit: '元',
    min: 0,
    max: 100000000,
    precision: 0,
    citation: '系统设置：罚没金额达到此数按严重违法公示',
    confidence: 'placeholder',
  },
  {
    group: 'inspection',
    path: 'onsiteMpePct',
    unit: '%',
    min: 0.01,
    max: 5,
    precision: 2,
    citation: 'JJG 443-2023《燃油加油机》：使用中检查最大允许误差 ±0.30%',
    confidence: 'P',
  },
  {
    group: 'inspection',
    path: 'repeatedVisitThreshold',
    unit: '次',
    min: 2,
    max: 50,
    precision: 0,
    citation: '系统设置：同一对象非抽查检查达到此次数时提示',
    confidence: 'placeholder',
  },
  {
    group: 'inspection',
    path: 'repeatedVisitDays',
    unit: '日',
    min: 30,
    max: 1095,
    precision: 0,
    citation: '系统设置：统计重复检查的时间范围',
    confidence: 'placeholder',
  },
  {
    group: 'status',
    path: 'status.warn_days.dispenser',
    unit: '日',
    min: 1,
    max: 365,
    precision: 0,
    citation: '系统设置：加油机到期前提醒',
    confidence: 'placeholder',
  },
  {
    group: 'status',
    path: 'status.warn_days.meter',
    unit: '日',
    min: 1,
    max: 365,
    precision: 0,
    citation: '系统设置：民用三表到期前提醒',
    confidence: 'placeholder',
  },
];
