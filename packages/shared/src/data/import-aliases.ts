/**
 * Ledger import vocabulary (docs/domain/forms.md §4 "Importer aliases", §2, §3): header aliases, value aliases,
 * header-block labels and trailer rows. Chinese domain data — kept here as data, matched by the
 * parser in packages/server/src/modules/ledger/import (header-match.ts, parse-values.ts) after the same normalisation (NFKC, no spaces,
 * `/`、／ alike, lower-case ASCII).
 */
import type { Category } from '../enums.js';

/** Ledger row keys the importer recognises (docs/domain/forms.md §2, §3, §4). */
export type LedgerImportKey =
  | 'seq'
  | 'instrumentName'
  | 'catalogueItem'
  | 'catalogueType'
  | 'model'
  | 'measuringRange'
  | 'accuracyClass'
  | 'serialNo'
  | 'manufacturer'
  | 'origin'
  | 'location'
  | 'quantity'
  | 'purpose'
  | 'submissionMode'
  | 'adminDivisionCode'
  | 'institution'
  | 'verificationDate'
  | 'validUntil'
  | 'certificateNo'
  | 'conclusion'
  | 'remarks'
  | 'installDate'
  | 'firstUseDate'
  | 'caliberDn'
  | 'q3'
  | 'gRating'
  | 'gasMedium'
  | 'nozzles'
  | 'fuelGrade'
  | 'sealNos'
  | 'typeApprovalNo'
  | 'manufactureDate'
  | 'ownership'
  | 'state'
  | 'removalDate'
  | 'removalReason'
  | 'replacesSerial';

/** Accepted headers per key (docs/domain/forms.md §4). Order inside a list does not matter. */
export const LEDGER_HEADER_ALIASES: Readonly<Record<LedgerImportKey, readonly string[]>> = {
  seq: ['序号', '编号', 'No.', 'No', 'NO.'],
  instrumentName: [
    '器具名称',
    '计量器具名称',
    '名称',
    '仪器名称',
    '设备名称',
    '表具名称',
    '表具类型',
    '表类型',
    '表计类型',
    '器具类别',
    '类别',
  ],
  catalogueItem: ['器具项别', '项别', '强检项别', '目录项别'],
  catalogueType: ['器具种别', '种别', '强检种别', '目录种别'],
  model: ['型号规格', '规格型号', '型号', '规格', '型号/规格', '规格/型号'],
  measuringRange: ['测量范围', '量程', '流量范围'],
  accuracyClass: ['准确度等级', '精度等级', '准确度', '等级', '精度'],
  serialNo: ['出厂编号', '表号', '出厂编号(表号)', '出厂号', '器具编号', '表计编号', '机身编号', '条码号'],
  manufacturer: ['生产厂家', '制造单位', '制造厂', '生产企业', '生产单位', '厂家', '制造商'],
  origin: ['器具产地', '产地', '国产/进口'],
  location: ['安装/使用地点', '安装地点', '使用地点', '安装位置', '安装地址', '用户地址', '地址'],
  quantity: ['器具数量', '数量', '台数', '只数', '件数'],
  purpose: ['器具用途', '用途', '使用用途'],
  submissionMode: ['送检方式', '检定方式', '检定地点'],
  adminDivisionCode: [
    '使用地点行政区划',
    '行政区划',
    '行政区划代码',
    '区划代码',
    '所属区域',
    '所在地区',
    '所属乡镇',
    '乡镇(苏木)',
    '所属乡镇(苏木)',
    '乡镇',
  ],
  institution: ['检定机构', '检定单位', '检定部门', '检定机构名称'],
  verificationDate: ['检定日期', '最近检定日期', '上次检定日期', '首检日期', '首次检定日期', '检定时间'],
  validUntil: [
    '有效期至',
    '检定有效期至',
    '证书有效期至',
    '下次检定日期',
    '检定有效期',
    '有效期',
    '有效日期',
    '到期日期',
    '检定到期日',
    '轮换日期',
    '使用期限至',
  ],
  certificateNo: ['检定证书编号', '证书编号', '检定证书号', '证书号'],
  conclusion: ['检定结论', '检定结果', '结论'],
  remarks: ['备注', '说明'],
  installDate: ['安装日期', '装表日期'],
  firstUseDate: ['投用日期', '启用日期', '投入使用日期'],
  caliberDn: ['口径', '公称口径', '通径', 'DN'],
  q3: ['常用流量', '常用流量Q3', 'Q3'],
  gRating: ['燃气表规格', '规格(G)', 'G值'],
  gasMedium: ['介质', '使用介质', '气源'],
  nozzles: ['加油枪数', '枪数', '油枪数', '油枪数量'],
  fuelGrade: ['油品', '油品号', '油品名称'],
  sealNos: ['铅封编号', '铅封号', '封印编号'],
  typeApprovalNo: ['型式批准证书编号', '型式批准号'],
  manufactureDate: ['出厂日期', '生产日期'],
  ownership: ['站点性质', '经营性质', '所属公司'],
  state: ['使用状态', '状态', '表况', '器具状态', '在用状态'],
  removalDate: ['拆除日期', '换表日期', '拆表日期', '停用日期', '报废日期'],
  removalReason: ['拆除原因', '换表原因', '停用原因', '报废原因'],
  replacesSerial: ['原表号', '被换表号', '旧表号'],
};

/** `编号` is a `seq` header only while its values are 1…n; otherwise, with no serial column, it is the serial. */
export const IMPORT_SEQ_OR_SERIAL_HEADER = '编号';

/** Serial headers used only when the file has none of the primary `serialNo` headers. */
export const LEDGER_FALLBACK_SERIAL_HEADERS: readonly string[] = ['设备编号', '资产编号'];

/** Words of a group label that qualify a generic child header: 检定信息 over 日期 → 检定日期. */
export const IMPORT_HEADER_CONTEXT_WORDS: readonly string[] = ['检定', '安装', '器具', '生产', '使用', '出厂', '首次检定', '首检'];

/** Headers that make an imported verification an initial one (首次检定). */
export const IMPORT_INITIAL_VERIFICATION_HEADERS: readonly string[] = ['首检日期', '首次检定日期'];

/** Headers whose value may be a date, a range `A至B` or a duration `6个月` (docs/domain/forms.md §4). */
export const IMPORT_VALIDITY_PERIOD_HEADERS: readonly string[] = ['检定有效期', '有效期'];

/** Markers removed from headers before matching (required-field marks). */
export const IMPORT_HEADER_REQUIRED_MARKERS: readonly string[] = ['(必填)', '(必填项)', '(选填)', '(可选)', '*', '※'];

/** Header separators treated as `/`. */
export const IMPORT_HEADER_SEPARATORS: readonly string[] = ['、', '／', '\\'];

/** Category from 器具名称: the longest alias the (normalised) name ENDS with wins (docs/domain/forms.md §4). */
export const IMPORT_CATEGORY_NAME_ALIASES: Readonly<Record<Category, readonly string[]>> = {
  fuel_dispenser: ['燃油加油机', '加油机', '税控加油机'],
  water_meter: ['水表', '冷水水表', '智能水表', 'IC卡水表', '远传水表'],
  gas_meter: ['燃气表', '煤气表', '膜式燃气表', '超声波燃气表', '物联网燃气表'],
  electricity_meter: ['电能表', '电表', '电度表', '智能电能表'],
  dipstick: ['量油尺', '测深钢卷尺'],
  hydrometer: ['密度计', '石油密度计', '玻璃浮计'],
  thermometer: ['温度计'],
  tank_level_gauge: ['液位仪', '液位计'],
  standard_measure: ['标准金属量器', '自校罐'],
};

/** Names that are never a category match even though they end like one (checked first). */
export const IMPORT_CATEGORY_NAME_EXCLUSIONS: readonly string[] = ['热水表', '热量表', '电表箱'];

/** 项别 / 种别 derived from the category (docs/domain/forms.md §2; [U] pick-list strings). */
export const IMPORT_CATALOGUE_BY_CATEGORY: Readonly<Record<Category, { item: string; type: string }>> = {
  fuel_dispenser: { item: '燃油加油机', type: '燃油加油机' },
  water_meter: { item: '水表', type: '冷水水表' },
  gas_meter: { item: '燃气表', type: '膜式燃气表' },
  electricity_meter: { item: '电能表', type: '单相电能表' },
  dipstick: { item: '量油尺', type: '量油尺' },
  hydrometer: { item: '密度计', type: '密度计' },
  thermometer: { item: '温度计', type: '温度计' },
  tank_level_gauge: { item: '液位仪', type: '液位仪' },
  standard_measure: { item: '标准金属量器', type: '标准金属量器' },
};

/** 种别 variants chosen by a word in the instrument name (docs/domain/forms.md §2 table). */
export const IMPORT_CATALOGUE_TYPE_VARIANTS: ReadonlyArray<{ category: Category; nameContains: string; type: string }> = [
  { category: 'gas_meter', nameContains: '超声波', type: '超声波燃气表' },
  { category: 'electricity_meter', nameContains: '三相', type: '三相电能表' },
];

export const IMPORT_PURPOSE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  trade_settlement: ['贸易结算', '贸易结算用', '结算', '贸易'],
  safety_protection: ['安全防护', '安全'],
  medical_health: ['医疗卫生', '医疗'],
  environmental_monitoring: ['环境监测', '环保'],
};

export const IMPORT_ORIGIN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  domestic: ['国产', '境内', '中国', '国内'],
  imported: ['进口', '境外', '国外'],
};

export const IMPORT_SUBMISSION_MODE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  bring_in: ['送检', '送检定', '送样'],
  on_site: ['现场', '现场检定', '上门', '上门检定', '现场检'],
};

/** Conclusions: only 不合格 / 不准使用 give `failed` (docs/domain/forms.md §4). */
export const IMPORT_CONCLUSION_ALIASES: Readonly<Record<'passed' | 'failed', readonly string[]>> = {
  passed: ['合格', '准予使用', '通过', '检定合格'],
  failed: ['不合格', '不准使用', '检定不合格'],
};

export const IMPORT_GAS_MEDIUM_ALIASES: Readonly<Record<string, readonly string[]>> = {
  natural_gas: ['天然气', '管道天然气'],
  manufactured_gas: ['人工煤气', '煤气'],
  lpg: ['液化石油气', '液化气', 'LPG'],
};

/** Electricity-meter accuracy classes (docs/domain/forms.md §4); other categories keep the text. */
export const IMPORT_ELECTRICITY_CLASS_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '2': ['2级', '2', '2.0', '2.0级', 'A级', 'A'],
  '1': ['1级', '1', '1.0', '1.0级', 'B级', 'B'],
  '0.5S': ['0.5S级', '0.5S', 'C级', 'C'],
  '0.2S': ['0.2S级', '0.2S', 'D级', 'D'],
};

/**
 * Words that say which of two classes on an electricity meter is which (有功1级/无功2级, 2级（有功）): the status uses
 * the active-energy (有功) class; a class marked reactive (无功) is never taken for it.
 */
export const IMPORT_ELECTRICITY_CLASS_MARKS: Readonly<{ active: readonly string[]; reactive: readonly string[] }> = {
  active: ['有功'],
  reactive: ['无功'],
};

export const IMPORT_OWNERSHIP_ALIASES: Readonly<Record<string, readonly string[]>> = {
  cnpc: ['中国石油', '中石油'],
  sinopec: ['中国石化', '中石化'],
  private: ['民营', '社会', '个体'],
};

/**
 * 使用状态 / 表况 values (docs/domain/forms.md §4): `in_service` (a blank cell too) → the record stays or becomes filed;
 * the others leave service on the removal date. Any other value is an error on the state column.
 */
export const IMPORT_STATE_ALIASES: Readonly<Record<'in_service' | 'suspended' | 'removed' | 'scrapped', readonly string[]>> = {
  in_service: ['在用', '正常', '使用中'],
  suspended: ['停用', '暂停使用'],
  removed: ['拆除', '已拆除', '换表', '已更换', '已轮换'],
  scrapped: ['报废'],
};

/** 拆除原因 values (docs/domain/forms.md §4); anything else is `other`, its text kept in the note. */
export const IMPORT_REMOVAL_REASON_ALIASES: Readonly<Record<'rotation' | 'inaccurate' | 'failed' | 'damaged', readonly string[]>> = {
  rotation: ['到期轮换', '轮换', '周期轮换'],
  inaccurate: ['失准', '计量失准', '走快', '走慢'],
  failed: ['不合格', '检定不合格', '抽检不合格'],
  damaged: ['损坏', '故障', '损毁'],
};

/** The one category an organization kind implies (docs/domain/forms.md §4): a file without a name column takes it. */
export const IMPORT_CATEGORY_BY_ORG_KIND: Readonly<Partial<Record<string, Category>>> = {
  water_supply: 'water_meter',
  gas_supply: 'gas_meter',
  power_supply: 'electricity_meter',
};

/** Header-block labels above the header row (docs/domain/forms.md §3) → HeaderBlock field. */
export const IMPORT_HEADER_BLOCK_LABELS: ReadonlyArray<{ field: string; labels: readonly string[] }> = [
  { field: 'orgName', labels: ['填报单位(盖章)', '填报单位(公章)', '填报单位', '单位名称', '企业名称', '使用单位'] },
  { field: 'creditCode', labels: ['统一社会信用代码', '社会信用代码', '信用代码'] },
  { field: 'orgKind', labels: ['单位类型', '企业类型'] },
  { field: 'address', labels: ['单位地址', '地址'] },
  { field: 'township', labels: ['所属乡镇(苏木)', '所属乡镇', '乡镇(苏木)'] },
  { field: 'contactName', labels: ['联系人'] },
  { field: 'contactPhone', labels: ['联系电话', '电话', '手机'] },
  { field: 'reportDate', labels: ['填报日期', '填表日期', '报送日期'] },
];

/** 单位类型 texts in a header block → organization kind. */
export const IMPORT_ORG_KIND_ALIASES: Readonly<Record<string, readonly string[]>> = {
  water_supply: ['供水', '供水企业', '供水单位', '自来水公司'],
  power_supply: ['供电', '供电企业', '供电单位', '供电公司'],
  gas_supply: ['供气', '供气企业', '供气单位', '燃气公司', '燃气企业'],
  gas_station: ['加油站', '加油站经营单位', '成品油经营'],
};

/** Whole-row texts after the data that are skipped with a warning (docs/domain/forms.md §4). */
export const IMPORT_TRAILER_EXACT_TEXTS: readonly string[] = ['合计', '小计', '总计', '共计', '以下空白', '以下无数据', '以下无正文'];
/** Row texts that start a trailer (notes, signatures); the rows after one are skipped too. */
export const IMPORT_TRAILER_PREFIXES: readonly string[] = [
  '填表说明',
  '备注:',
  '说明:',
  '注:',
  '填报人',
  '填表人',
  '制表人',
  '审核人',
  '负责人',
  '单位负责人',
  '联系电话',
  '填表日期',
  '填报日期',
  '制表日期',
];

/** Date words: 年 月 日 (YYYY年M月D日) and range separators for 检定有效期 `A至B`. */
export const IMPORT_DATE_WORDS = { year: '年', month: '月', day: '日', rangeSeparators: ['至', '到', '~', '～', '—', '－'] } as const;

/** Duration words in 检定有效期 (`6个月`, `半年`, `1年`, `6年`) → months per unit. */
export const IMPORT_DURATION_WORDS: { halfYear: readonly string[]; monthSuffixes: readonly string[]; yearSuffixes: readonly string[] } = {
  halfYear: ['半年'],
  monthSuffixes: ['个月', '月'],
  yearSuffixes: ['年'],
};

/** Unit suffixes tolerated after numbers (器具数量 `1台`, 枪数 `4把`, 口径 `15mm`, Φ15). */
export const IMPORT_NUMBER_UNIT_SUFFIXES: readonly string[] = ['台', '只', '件', '把', '个', '块', '支', '套', '条'];
export const IMPORT_CALIBER_PREFIXES: readonly string[] = ['dn', 'φ', 'ф', 'ø', 'Φ', '口径'];
export const IMPORT_CALIBER_SUFFIXES: readonly string[] = ['mm', '毫米'];
export const IMPORT_Q3_PREFIXES: readonly string[] = ['q3=', 'q3:', 'q3'];
/** A section heading inside the data (一、居民水表, （二）加油机): Chinese numerals, then one of the marks. */
export const IMPORT_SECTION_NUMERALS = '一二三四五六七八九十';
export const IMPORT_SECTION_MARKS: readonly string[] = ['、', '.', '．', ')', '）'];
/** Units a spec written after an instrument name may end with (膜式燃气表G2.5, 冷水水表DN20mm, 单相电能表2级). */
export const IMPORT_NAME_SPEC_SUFFIXES: readonly string[] = ['mm', '级', '型'];
export const IMPORT_Q3_SUFFIXES: readonly string[] = ['m3/h', 'm^3/h', '立方米/小时', '方/小时'];
