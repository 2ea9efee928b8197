/**
 * Attachment 2 (民用"三表"计量专项监督检查统计表, 乌市监发〔2024〕21号) kept as DATA (docs/domain/forms.md §5): column
 * order, Chinese header, key, group, unit and kind. The printed table pivots the meter type into the super-headers
 * (meter type → group → column). Reconstructed default (docs/domain/forms.md: status "reconstructed"); official
 * headers replace these by a new version without code changes.
 */
export type ReportColumnKind = 'seq' | 'text' | 'enum' | 'count' | 'rate' | 'money' | 'bool' | 'date';

export interface ReportColumn {
  key: string;
  header: string;
  /** group header above the column (merged across its columns) */
  group?: string;
  unit?: string;
  kind: ReportColumnKind;
  /** width in characters (XLSX) */
  width: number;
  /** the enum whose catalog labels render the value (`enum.<name>.<value>`) */
  enumName?: string;
  /** per meter type in the printed pivot (Attachment 2 only) */
  perMeterType?: boolean;
}

export interface ReportBlockField {
  key: string;
  label: string;
  group: string;
}

export interface ReportLayout {
  id: string;
  version: number;
  title: string;
  columns: readonly ReportColumn[];
  /** super-headers of the pivot (Attachment 2): meter type key → header */
  meterTypes?: ReadonlyArray<{ key: string; header: string }>;
  blocks?: readonly ReportBlockField[];
}

export const ATTACHMENT2_LAYOUT: ReportLayout = {
  id: 'attachment2',
  version: 1,
  title: '民用"三表"计量专项监督检查统计表',
  meterTypes: [
    { key: 'water_meter', header: '水表' },
    { key: 'electricity_meter', header: '电能表' },
    { key: 'gas_meter', header: '燃气表' },
  ],
  columns: [
    { key: 'seq', header: '序号', kind: 'seq', width: 6 },
    { key: 'enterpriseName', header: '企业名称', kind: 'text', width: 24 },
    { key: 'enterpriseType', header: '企业类型', kind: 'enum', enumName: 'orgKind', width: 10 },
    { key: 'meterType', header: '表具类型', kind: 'enum', enumName: 'category', width: 10 },
    { key: 'inService', header: '在用数量', group: '在用表具', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'filed', header: '已备案数量', group: '在用表具', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'ledgerEstablished', header: '建立管理档案/台账', group: '在用表具', kind: 'bool', width: 10, perMeterType: true },
    { key: 'installed', header: '新装(含更换)数量', group: '首次强制检定', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'firstVerified', header: '已首检数量', group: '首次强制检定', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'firstVerificationRate', header: '首检率', group: '首次强制检定', unit: '%', kind: 'rate', width: 9, perMeterType: true },
    { key: 'dueForRotation', header: '到期应轮换数量', group: '到期轮换', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'rotated', header: '已轮换数量', group: '到期轮换', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'overdueNotRotated', header: '超期未轮换数量', group: '到期轮换', unit: '只', kind: 'count', width: 10, perMeterType: true },
    { key: 'rotationRate', header: '到期轮换率', group: '到期轮换', unit: '%', kind: 'rate', width: 9, perMeterType: true },
    { key: 'verificationRate', header: '受检率', group: '受检', unit: '%', kind: 'rate', width: 9, perMeterType: true },
    { key: 'sampled', header: '抽查数量', group: '监督抽查', unit: '只', kind: 'count', width: 9, perMeterType: true },
    { key: 'samplePassed', header: '合格数量', group: '监督抽查', unit: '只', kind: 'count', width: 9, perMeterType: true },
    { key: 'sampleFailed', header: '不合格数量', group: '监督抽查', unit: '只', kind: 'count', width: 9, perMeterType: true },
    { key: 'samplePassRate', header: '合格率', group: '监督抽查', unit: '%', kind: 'rate', width: 9, perMeterType: true },
    { key: 'complaintsReceived', header: '受理投诉举报', group: '投诉处理', unit: '件', kind: 'count', width: 9, perMeterType: true },
    { key: 'utilityComplaintsHandled', header: '企业处理投诉', group: '投诉处理', unit: '件', kind: 'count', width: 9, perMeterType: true },
    { key: 'inaccurateMetersReplaced', header: '更换失准表具', group: '投诉处理', unit: '只', kind: 'count', width: 9, perMeterType: true },
    { key: 'rectificationOrders', header: '责令整改', group: '查处情况', unit: '件', kind: 'count', width: 9, perMeterType: true },
    { key: 'casesOpened', header: '立案', group: '查处情况', unit: '件', kind: 'count', width: 9, perMeterType: true },
    { key: 'finesAndConfiscations', header: '罚没款', group: '查处情况', unit: '万元', kind: 'money', width: 10, perMeterType: true },
    { key: 'remarks', header: '备注', kind: 'text', width: 16 },
  ],
  blocks: [
    { key: 'manufacturersInspected', label: '检查家数', group: '生产企业' },
    { key: 'manufacturerViolations', label: '违法行为', group: '生产企业' },
    { key: 'institutionsInspected', label: '检查家数', group: '检定机构' },
    { key: 'institutionViolations', label: '违法行为', group: '检定机构' },
    { key: 'applicationsAcceptedLate', label: '预约受理超时', group: '检定机构' },
    { key: 'estatesSampled', label: '抽查小区数', group: '监督抽查' },
    { key: 'sampledInService', label: '在用表抽检数量', group: '监督抽查' },
    { key: 'sampledInServicePassed', label: '在用表抽检合格数量', group: '监督抽查' },
    { key: 'sampledStock', label: '库存表抽检数量', group: '监督抽查' },
    { key: 'sampledStockPassed', label: '库存表抽检合格数量', group: '监督抽查' },
  ],
};
