import type { Category, TargetKind, ViolationCode } from '../enums.js';

/**
 * On-site inspection checklists (现场检查表), one per kind of target (docs/SUPERVISION.md, Inspections): the record-level
 * questions asked of the party (answered yes / no / not applicable; a "no" proposes `failCode` when it has one), the
 * categories of instruments checked one by one, and which per-instrument checks the form shows. The wording is domain
 * data (docs/domain/regulations.md §4 for the codes); the form renders whatever this file says.
 */
export type ChecklistGroup = 'station' | 'utility' | 'institution';
export type InstrumentCheck = 'certificate' | 'seals' | 'selfLock' | 'onsiteTest';

export interface ChecklistQuestion {
  key: string;
  label: string;
  /** the finding a "no" proposes (source inspection), or null when a "no" is only noted */
  failCode: ViolationCode | null;
}

export interface InspectionChecklist {
  group: ChecklistGroup;
  title: string;
  questions: readonly ChecklistQuestion[];
  /** the instruments the form offers from the ledger */
  categories: readonly Category[];
  /** the checks asked per instrument */
  instrumentChecks: readonly InstrumentCheck[];
}

export const INSPECTION_CHECKLISTS: Readonly<Record<ChecklistGroup, InspectionChecklist>> = {
  station: {
    group: 'station',
    title: '加油站计量监督检查表',
    questions: [
      { key: 'ledger', label: '建立计量器具管理台账（档案）', failCode: 'no_ledger' },
      { key: 'filed', label: '强检计量器具已登记造册并备案', failCode: 'not_filed' },
      { key: 'measure', label: '配备与加油机相适应的标准金属量器', failCode: null },
      { key: 'salesRecords', label: '能提供真实完整的零售账目', failCode: 'false_sales_records' },
      { key: 'repairs', label: '加油机维修由有资质单位进行且修后经检定', failCode: 'improper_repair' },
    ],
    categories: ['fuel_dispenser', 'dipstick', 'hydrometer', 'thermometer', 'tank_level_gauge', 'standard_measure'],
    instrumentChecks: ['certificate', 'seals', 'selfLock', 'onsiteTest'],
  },
  utility: {
    group: 'utility',
    title: '供水供电供气企业计量监督检查表',
    questions: [
      { key: 'ledger', label: '建立贸易结算用表计台账', failCode: 'no_ledger' },
      { key: 'filed', label: '强检计量器具已登记造册并备案', failCode: 'not_filed' },
      { key: 'rotationPlan', label: '制定并执行到期表计轮换计划', failCode: null },
      { key: 'initialVerification', label: '新装表计均经首次检定', failCode: 'installed_before_verification' },
      { key: 'complaints', label: '用户计量投诉有记录、有处理', failCode: null },
    ],
    categories: ['water_meter', 'gas_meter', 'electricity_meter'],
    instrumentChecks: ['certificate', 'seals'],
  },
  institution: {
    group: 'institution',
    title: '计量检定机构监督检查表',
    questions: [
      { key: 'authorization', label: '授权证书在有效期内且检定项目在授权范围内', failCode: 'out_of_authorized_scope' },
      { key: 'standards', label: '计量标准经考核合格并在有效期内', failCode: 'expired_standard' },
      { key: 'verifiers', label: '检定人员持证上岗', failCode: 'unqualified_verifier' },
      { key: 'records', label: '原始记录和证书完整可追溯', failCode: null },
    ],
    categories: [],
    instrumentChecks: ['certificate'],
  },
};

/** Which checklist a target of this kind is inspected with. */
export function checklistGroupOf(kind: TargetKind | 'institution'): ChecklistGroup {
  if (kind === 'gas_station' || kind === 'station_site') return 'station';
  if (kind === 'institution') return 'institution';
  return 'utility';
}
