/**
 * Attachment 1 (在用强检计量器具台账, 乌市监发〔2024〕21号) and the e-CQS-style ledger sheet, kept as DATA
 * (docs/domain/forms.md §2–§3): column order, Chinese header, key, type, unit and width. Official headers can
 * replace these without code changes. Reconstructed defaults (docs/domain/forms.md: status "reconstructed").
 */
export interface LayoutColumn {
  /** Stable key (docs/domain/forms.md §3). */
  key: string;
  /** Chinese header as printed. */
  header: string;
  type: 'int' | 'text' | 'date' | 'number';
  unit?: string;
  /** Column width in characters (XLSX). */
  width: number;
  /** Optional column (template switch); `categories` limits the default-on set. */
  optional?: boolean;
  categories?: readonly string[];
}

export interface HeaderBlockField {
  key: 'orgName' | 'creditCode' | 'orgKind' | 'address' | 'township' | 'contactName' | 'contactPhone' | 'reportDate';
  label: string;
}

export interface SheetLayout {
  id: string;
  version: number;
  title: string;
  headerBlock: readonly HeaderBlockField[];
  columns: readonly LayoutColumn[];
}

export const ATTACHMENT1_LAYOUT: SheetLayout = {
  id: 'attachment1',
  version: 1,
  title: '在用强检计量器具台账',
  headerBlock: [
    { key: 'orgName', label: '填报单位(盖章)' },
    { key: 'creditCode', label: '统一社会信用代码' },
    { key: 'orgKind', label: '单位类型' },
    { key: 'address', label: '地址' },
    { key: 'township', label: '所属乡镇(苏木)' },
    { key: 'contactName', label: '联系人' },
    { key: 'contactPhone', label: '联系电话' },
    { key: 'reportDate', label: '填报日期' },
  ],
  columns: [
    { key: 'seq', header: '序号', type: 'int', width: 6 },
    { key: 'instrumentName', header: '器具名称', type: 'text', width: 14 },
    { key: 'catalogueItem', header: '器具项别', type: 'text', width: 12 },
    { key: 'catalogueType', header: '器具种别', type: 'text', width: 12 },
    { key: 'model', header: '型号规格', type: 'text', width: 14 },
    { key: 'measuringRange', header: '测量范围', type: 'text', width: 14 },
    { key: 'accuracyClass', header: '准确度等级', type: 'text', width: 10 },
    { key: 'serialNo', header: '出厂编号', type: 'text', width: 18 },
    { key: 'manufacturer', header: '生产厂家', type: 'text', width: 20 },
    { key: 'origin', header: '器具产地', type: 'text', width: 8 },
    { key: 'location', header: '安装/使用地点', type: 'text', width: 22 },
    { key: 'quantity', header: '器具数量', type: 'int', width: 8 },
    { key: 'purpose', header: '器具用途', type: 'text', width: 10 },
    { key: 'institution', header: '检定机构', type: 'text', width: 22 },
    { key: 'verificationDate', header: '检定日期', type: 'date', width: 12 },
    { key: 'validUntil', header: '有效期至', type: 'date', width: 12 },
    { key: 'certificateNo', header: '检定证书编号', type: 'text', width: 18 },
    { key: 'conclusion', header: '检定结论', type: 'text', width: 8 },
    { key: 'remarks', header: '备注', type: 'text', width: 20 },
    { key: 'installDate', header: '安装日期', type: 'date', width: 12, optional: true },
    { key: 'firstUseDate', header: '投用日期', type: 'date', width: 12, optional: true, categories: ['fuel_dispenser'] },
    { key: 'adminDivisionCode', header: '使用地点行政区划', type: 'text', width: 12, optional: true },
    { key: 'caliberDn', header: '口径', type: 'number', unit: 'mm', width: 8, optional: true, categories: ['water_meter'] },
    { key: 'q3', header: '常用流量', type: 'number', unit: 'm³/h', width: 10, optional: true, categories: ['water_meter'] },
    { key: 'gRating', header: '燃气表规格', type: 'text', width: 10, optional: true, categories: ['gas_meter'] },
    { key: 'gasMedium', header: '介质', type: 'text', width: 10, optional: true, categories: ['gas_meter'] },
    { key: 'nozzles', header: '加油枪数', type: 'int', width: 8, optional: true, categories: ['fuel_dispenser'] },
    { key: 'fuelGrade', header: '油品', type: 'text', width: 10, optional: true, categories: ['fuel_dispenser'] },
    { key: 'sealNos', header: '铅封编号', type: 'text', width: 16, optional: true, categories: ['fuel_dispenser'] },
    { key: 'typeApprovalNo', header: '型式批准证书编号', type: 'text', width: 16, optional: true },
    { key: 'status', header: '状态', type: 'text', width: 10, optional: true },
  ],
};

/** e-CQS 强检器具台账 "新增" fields in the published order (docs/domain/forms.md §2): 13 fields + 使用地点行政区划. */
export const ECQS_LAYOUT: SheetLayout = {
  id: 'ecqs',
  version: 1,
  title: '强检器具台账',
  headerBlock: [],
  columns: [
    { key: 'instrumentName', header: '器具名称', type: 'text', width: 14 },
    { key: 'catalogueItem', header: '器具项别', type: 'text', width: 12 },
    { key: 'catalogueType', header: '器具种别', type: 'text', width: 12 },
    { key: 'model', header: '型号规格', type: 'text', width: 14 },
    { key: 'measuringRange', header: '测量范围', type: 'text', width: 14 },
    { key: 'accuracyClass', header: '准确度等级', type: 'text', width: 10 },
    { key: 'serialNo', header: '出厂编号', type: 'text', width: 18 },
    { key: 'manufacturer', header: '生产厂家', type: 'text', width: 20 },
    { key: 'origin', header: '器具产地', type: 'text', width: 8 },
    { key: 'location', header: '安装/使用地点', type: 'text', width: 22 },
    { key: 'quantity', header: '器具数量', type: 'int', width: 8 },
    { key: 'purpose', header: '器具用途', type: 'text', width: 10 },
    { key: 'submissionMode', header: '送检方式', type: 'text', width: 10 },
    { key: 'adminDivisionCode', header: '使用地点行政区划', type: 'text', width: 12 },
  ],
};

/** Roster (billing list) headers for reconciliation: serial and optional address columns. */
export const ROSTER_HEADERS = {
  serialNo: ['表号', '出厂编号', '表计编号', '条码号', '器具编号', '户表编号', '表身号', '资产编号'],
  address: ['地址', '用户地址', '用电地址', '用水地址', '安装地址'],
  name: ['户名', '用户名称', '客户名称'],
} as const;

/**
 * Demo ledger vocabulary for 乌审旗 (docs/domain/forms.md §8); manufacturer names are fictional (示例).
 * Used by the ledger module's demo layer (`qiangjian demo seed`).
 */
export const DEMO_LEDGER = {
  dispenser: {
    names: ['燃油加油机', '税控燃油加油机'],
    manufacturers: ['示例正星科技股份有限公司', '示例托肯恒山科技有限公司', '示例稳牌石油装备有限公司'],
    models: ['CS46', 'THJ-2242', 'WP-4224'],
    measuringRange: '(5~60) L/min',
    accuracyClass: '0.3级',
    fuelGrades: ['92#', '95#', '0#'],
  },
  auxiliaries: [
    { category: 'dipstick', name: '量油尺', model: '5m', manufacturer: '示例哈量测量工具有限公司', accuracyClass: 'Ⅱ级' },
    { category: 'hydrometer', name: '石油密度计', model: 'SY-II', manufacturer: '示例华辰仪器有限公司', accuracyClass: '0.5kg/m³' },
    { category: 'thermometer', name: '温度计', model: '0~50℃', manufacturer: '示例红星温度计厂', accuracyClass: '0.2℃' },
    { category: 'tank_level_gauge', name: '液位仪', model: 'SS-LG100', manufacturer: '示例中油液位仪器有限公司', accuracyClass: '±1mm' },
    { category: 'standard_measure', name: '标准金属量器', model: '20L', manufacturer: '示例衡器量具有限公司', accuracyClass: '二等' },
  ],
  water: {
    names: ['冷水水表', '智能水表', 'IC卡水表', '远传水表'],
    manufacturers: ['示例宁波水表股份有限公司', '示例三川智慧科技股份有限公司', '示例汇中仪表股份有限公司'],
    modelPrefix: 'LXS-',
    accuracyClass: '2级',
  },
  gas: {
    names: ['膜式燃气表', '物联网燃气表', '超声波燃气表'],
    manufacturers: ['示例金卡智能集团股份有限公司', '示例先锋电子股份有限公司', '示例威星智能仪表有限公司'],
    modelPrefix: 'J',
    accuracyClass: '1.5级',
  },
  electricity: {
    singlePhase: '单相智能电能表',
    threePhase: '三相智能电能表',
    manufacturers: ['示例威胜集团有限公司', '示例林洋能源股份有限公司', '示例华立科技股份有限公司'],
    singleModel: 'DDZY1710',
    threeModel: 'DTZY1710',
  },
  estates: ['祥和', '康泰', '金地', '阳光', '和谐', '锦绣', '安居', '幸福', '恒大', '民族'],
  /** {town}{estate}小区{building}号楼{unit}单元{room}室 */
  addressTemplate: '{town}{estate}小区{building}号楼{unit}单元{room}室',
} as const;

/**
 * Suffixes dropped from a region name so that a short name in a file (嘎鲁图, 乌审, 内蒙古) matches 嘎鲁图镇, 乌审旗,
 * 内蒙古自治区. The first suffix a name ends with is dropped: longer ones come first (自治区 before 区).
 */
export const REGION_NAME_SUFFIXES: readonly string[] = [
  '自治区',
  '自治州',
  '自治县',
  '自治旗',
  '特别行政区',
  '街道',
  '苏木',
  '镇',
  '乡',
  '旗',
  '县',
  '区',
  '市',
  '省',
  '盟',
];
