/**
 * Demo county data for 乌审旗 (docs/domain/forms.md §8). All organization names are fictional and marked 示例.
 * Credit codes are generated with valid check characters from the bodies below.
 */
export const DEMO_PASSWORD = 'Demo-2024!qj';

export interface DemoOrg {
  key: string;
  name: string;
  kind: 'bureau' | 'office' | 'water_supply' | 'power_supply' | 'gas_supply' | 'gas_station' | 'institution';
  regionCode: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  ownershipType?: 'cnpc' | 'sinopec' | 'private' | 'other';
  townCodes?: string[];
}

export const DEMO_TOWNS: readonly { code: string; name: string; short: string; stations: number }[] = [
  { code: '150626100', name: '嘎鲁图镇', short: '嘎鲁图', stations: 14 },
  { code: '150626102', name: '图克镇', short: '图克', stations: 7 },
  { code: '150626104', name: '无定河镇', short: '无定河', stations: 7 },
  { code: '150626101', name: '乌审召镇', short: '乌审召', stations: 5 },
  { code: '150626103', name: '乌兰陶勒盖镇', short: '乌兰陶勒盖', stations: 5 },
  { code: '150626200', name: '苏力德苏木', short: '苏力德', stations: 4 },
];

export const DEMO_FIXED_ORGS: readonly DemoOrg[] = [
  {
    key: 'water',
    name: '示例乌审旗供水有限责任公司',
    kind: 'water_supply',
    regionCode: '150626100',
    address: '嘎鲁图镇萨拉乌苏路 18 号',
    contactName: '王建国',
    contactPhone: '0477-7212001',
    ownershipType: 'other',
  },
  {
    key: 'power',
    name: '示例乌审旗供电公司',
    kind: 'power_supply',
    regionCode: '150626100',
    address: '嘎鲁图镇统万路 66 号',
    contactName: '李海峰',
    contactPhone: '0477-7212002',
    ownershipType: 'other',
  },
  {
    key: 'gas',
    name: '示例乌审旗天然气有限公司',
    kind: 'gas_supply',
    regionCode: '150626100',
    address: '嘎鲁图镇乌审东街 9 号',
    contactName: '张丽',
    contactPhone: '0477-7212003',
    ownershipType: 'other',
  },
  {
    key: 'inst_county',
    name: '示例乌审旗计量检定测试所',
    kind: 'institution',
    regionCode: '150626100',
    address: '嘎鲁图镇团结路 3 号',
    contactName: '赵明',
    contactPhone: '0477-7212010',
  },
  {
    key: 'inst_city',
    name: '示例鄂尔多斯市计量测试研究院',
    kind: 'institution',
    regionCode: '150600',
    address: '康巴什区市府路 1 号',
    contactName: '孙强',
    contactPhone: '0477-8588001',
  },
];

export const DEMO_OFFICE_NAME = '示例{town}市场监督管理所';
export const DEMO_STATION_NAME: Record<'cnpc' | 'sinopec' | 'private', string> = {
  cnpc: '示例中国石油{town}第{n}加油站',
  sinopec: '示例中国石化{town}第{n}加油站',
  private: '示例{town}{brand}加油站',
};
export const DEMO_PRIVATE_BRANDS = [
  '顺达',
  '恒通',
  '鑫源',
  '瑞丰',
  '金泰',
  '宏运',
  '永盛',
  '华润',
  '长城',
  '安达',
  '鸿基',
  '富民',
  '兴旺',
  '泰和',
];
export const DEMO_STATION_ADDRESS = '{town}{road}{n}号';
export const DEMO_ROADS = ['国道 338 线', '省道 215 线', '乌审大街', '萨拉乌苏路', '统万路', '团结路'];
export const DEMO_SITE_NAMES = {
  water: '{town}供水片区',
  power: '{town}供电片区',
  gas: '{town}供气片区',
};
export const DEMO_PEOPLE = ['刘洋', '陈静', '杨帆', '黄磊', '周敏', '吴涛', '郑华', '冯霞', '韩冰', '曹阳', '许可', '邓超', '彭丽', '苏航'];
