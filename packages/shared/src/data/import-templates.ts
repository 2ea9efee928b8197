/**
 * The downloadable import templates (`GET /api/v1/ledger/import-template.xlsx?category=`, docs/LEDGER.md "Import
 * templates"): the Attachment 1 columns a category uses, one sample row (what a filled-in row looks like, and
 * what the importer reads back), and drop-down lists from the import's value aliases. Sample values are made up.
 */
import type { Category } from '../enums.js';

/** Extra columns of the template beyond Attachment 1 (the state column of docs/domain/forms.md §4). */
export const IMPORT_TEMPLATE_EXTRA_COLUMNS: readonly { key: string; header: string; width: number }[] = [
  { key: 'state', header: '使用状态', width: 10 },
];

const COMMON = {
  origin: '国产',
  quantity: 1,
  purpose: '贸易结算',
  conclusion: '合格',
  state: '在用',
};

/** One sample row per category, by column key. */
export const IMPORT_TEMPLATE_SAMPLES: Readonly<Record<Category, Readonly<Record<string, string | number>>>> = {
  fuel_dispenser: {
    ...COMMON,
    instrumentName: '燃油加油机',
    model: 'CS46-2',
    serialNo: 'JYJ-2024-0001',
    manufacturer: '示例加油机有限公司',
    location: '1号加油岛',
    verificationDate: '2024-06-01',
    certificateNo: 'JD2024-0001',
    nozzles: 2,
    fuelGrade: '92#',
    sealNos: 'QF001、QF002',
    institution: '示例计量检定所',
  },
  water_meter: {
    ...COMMON,
    instrumentName: '冷水水表',
    model: 'LXS-20E',
    serialNo: 'SB-2024-000001',
    manufacturer: '示例水表有限公司',
    location: '示例小区1号楼1单元101',
    verificationDate: '2024-03-01',
    caliberDn: 20,
    installDate: '2024-03-10',
  },
  gas_meter: {
    ...COMMON,
    instrumentName: '膜式燃气表',
    model: 'G2.5',
    serialNo: 'RQ-2024-000001',
    manufacturer: '示例燃气表有限公司',
    location: '示例小区2号楼2单元202',
    verificationDate: '2024-03-01',
    gRating: 'G2.5',
    gasMedium: '天然气',
    installDate: '2024-03-10',
  },
  electricity_meter: {
    ...COMMON,
    instrumentName: '单相电能表',
    model: 'DDZY-1',
    serialNo: 'DB-2024-000001',
    manufacturer: '示例电表有限公司',
    location: '示例小区3号楼3单元303',
    accuracyClass: '2级',
    verificationDate: '2024-03-01',
    installDate: '2024-03-10',
  },
  dipstick: {
    ...COMMON,
    instrumentName: '量油尺',
    model: '5m',
    serialNo: 'LYC-2024-0001',
    manufacturer: '示例量具厂',
    location: '油罐区',
    verificationDate: '2024-06-01',
  },
  hydrometer: {
    ...COMMON,
    instrumentName: '石油密度计',
    model: 'SY-I',
    serialNo: 'MDJ-2024-0001',
    manufacturer: '示例仪器厂',
    location: '化验室',
    verificationDate: '2024-06-01',
  },
  thermometer: {
    ...COMMON,
    instrumentName: '玻璃液体温度计',
    model: '0-50℃',
    serialNo: 'WDJ-2024-0001',
    manufacturer: '示例仪器厂',
    location: '化验室',
    verificationDate: '2024-06-01',
  },
  tank_level_gauge: {
    ...COMMON,
    instrumentName: '液位计',
    model: 'YW-1',
    serialNo: 'YWJ-2024-0001',
    manufacturer: '示例仪表厂',
    location: '1号油罐',
    verificationDate: '2024-06-01',
  },
  standard_measure: {
    ...COMMON,
    instrumentName: '标准金属量器',
    model: '20L',
    serialNo: 'BZ-2024-0001',
    manufacturer: '示例量器厂',
    location: '站房',
    verificationDate: '2024-06-01',
  },
} as Record<Category, Record<string, string | number>>;
