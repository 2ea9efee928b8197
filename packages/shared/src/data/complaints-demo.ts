/**
 * Demo complaints of the 2024 campaign (docs/domain/forms.md §8: the bureau accepted 14 — water 6, electricity 3, gas 3,
 * dispensers 2; the utilities handled 120 themselves and replaced 60 inaccurate meters). Names and phone numbers are
 * fictional (示例). `day` counts days back from the end of the campaign period; `plan` is what happened next.
 */
export interface DemoComplaint {
  type: 'complaint' | 'report';
  subject: 'water_meter' | 'electricity_meter' | 'gas_meter' | 'dispenser' | 'other';
  /** the organization (demo key) and an instrument of this category of it */
  org: string | null;
  category: string | null;
  daysBack: number;
  name: string;
  phone: string;
  description: string;
  amountYuan?: number;
  plan: 'received' | 'refused' | 'accepted' | 'paused' | 'mediating' | 'agreement' | 'no_agreement' | 'replied' | 'no_case';
  reply?: string;
  refusal?: string;
  pause?: string;
}

export const DEMO_COMPLAINTS: DemoComplaint[] = [
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 118,
    name: '示例张一',
    phone: '13900100001',
    description: '示例：本月水费比往月高出一倍多，家中无漏水，怀疑水表计量不准。',
    amountYuan: 86,
    plan: 'agreement',
    reply: '经现场核查及调解，供水企业已为您更换水表并退还多收水费。',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 104,
    name: '示例王二',
    phone: '13900100002',
    description: '示例：水表空转，夜间无人用水时指针仍在走。',
    amountYuan: 42,
    plan: 'agreement',
    reply: '经调解双方达成协议，供水企业退还差额水费。',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 96,
    name: '示例李三',
    phone: '13900100003',
    description: '示例：水表已超过使用年限，要求更换并核算水费。',
    amountYuan: 120,
    plan: 'no_agreement',
    reply: '调解未达成协议，建议您依法向人民法院起诉或申请仲裁。',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 40,
    name: '示例赵四',
    phone: '13900100004',
    description: '示例：新装水表读数异常，与旧表用量相差较大。',
    amountYuan: 60,
    plan: 'mediating',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 12,
    name: '示例钱五',
    phone: '13900100005',
    description: '示例：水表玻璃破损无法读数，物业按估算收费。',
    plan: 'accepted',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 8,
    name: '示例孙六',
    phone: '13900100006',
    description: '示例：水表铅封缺失，怀疑被人动过。',
    plan: 'accepted',
  },
  {
    type: 'complaint',
    subject: 'electricity_meter',
    org: 'power',
    category: 'electricity_meter',
    daysBack: 110,
    name: '示例周七',
    phone: '13900100007',
    description: '示例：电费突然增加，电能表指示灯常亮。',
    amountYuan: 210,
    plan: 'replied',
    reply: '经检定电能表合格，已向您说明用电情况，欢迎继续监督。',
  },
  {
    type: 'complaint',
    subject: 'electricity_meter',
    org: 'power',
    category: 'electricity_meter',
    daysBack: 30,
    name: '示例吴八',
    phone: '13900100008',
    description: '示例：商铺电能表与分表读数差异大。',
    amountYuan: 350,
    plan: 'mediating',
  },
  {
    type: 'complaint',
    subject: 'electricity_meter',
    org: 'power',
    category: 'electricity_meter',
    daysBack: 10,
    name: '示例郑九',
    phone: '13900100009',
    description: '示例：电能表显示屏不亮，无法核对读数。',
    plan: 'paused',
    pause: '请补充近三个月的电费缴费记录',
  },
  {
    type: 'complaint',
    subject: 'gas_meter',
    org: 'gas',
    category: 'gas_meter',
    daysBack: 100,
    name: '示例冯十',
    phone: '13900100010',
    description: '示例：燃气表走字快，用气量明显偏多。',
    amountYuan: 95,
    plan: 'agreement',
    reply: '经调解燃气企业已更换燃气表并退还多收气费。',
  },
  {
    type: 'complaint',
    subject: 'gas_meter',
    org: 'gas',
    category: 'gas_meter',
    daysBack: 20,
    name: '示例陈甲',
    phone: '13900100011',
    description: '示例：燃气表超过使用年限仍未更换。',
    plan: 'accepted',
  },
  {
    type: 'complaint',
    subject: 'gas_meter',
    org: 'gas',
    category: 'gas_meter',
    daysBack: 6,
    name: '示例褚乙',
    phone: '13900100012',
    description: '示例：IC卡燃气表充值后余量显示不对。',
    amountYuan: 30,
    plan: 'accepted',
  },
  {
    type: 'report',
    subject: 'dispenser',
    org: 'station_1',
    category: 'fuel_dispenser',
    daysBack: 90,
    name: '示例卫丙',
    phone: '13900100013',
    description: '示例：加油站加油机疑似被改装，加油量不足。',
    plan: 'no_case',
    reply: '经现场检查，该加油机检定合格，未发现违法行为，不予立案。',
  },
  {
    type: 'report',
    subject: 'dispenser',
    org: 'station_2',
    category: 'fuel_dispenser',
    daysBack: 9,
    name: '示例蒋丁',
    phone: '13900100014',
    description: '示例：加油机铅封破损，怀疑作弊。',
    plan: 'accepted',
  },
  {
    type: 'complaint',
    subject: 'water_meter',
    org: 'water',
    category: 'water_meter',
    daysBack: 2,
    name: '示例沈戊',
    phone: '13900100015',
    description: '示例：水表读数与账单不一致。',
    plan: 'received',
  },
  {
    type: 'complaint',
    subject: 'other',
    org: null,
    category: null,
    daysBack: 50,
    name: '示例韩己',
    phone: '13900100016',
    description: '示例：超市电子秤不准。',
    plan: 'refused',
    refusal: '电子秤不属于本次专项整治范围，已转市场监管所按一般投诉处理。',
  },
];

/** The utilities' self-reports for the campaign period (Attachment 2 #21–22): 120 handled, 60 replaced in all. */
export const DEMO_UTILITY_COMPLAINT_REPORTS = [
  { org: 'water', meterType: 'water_meter', handled: 50, metersReplaced: 25 },
  { org: 'power', meterType: 'electricity_meter', handled: 40, metersReplaced: 20 },
  { org: 'gas', meterType: 'gas_meter', handled: 30, metersReplaced: 15 },
] as const;

/** The mediation record of the demo (parties, summaries). */
export const DEMO_MEDIATION = {
  parties: ['投诉人（示例）', '被投诉企业（示例）'],
  first: '示例：双方陈述事实，企业同意核查计量器具。',
  agreement: '示例：双方达成协议，企业退还多收费用。',
  noAgreement: '示例：双方未能达成一致。',
  noCaseNote: '示例：经核查未发现违法事实。',
} as const;
