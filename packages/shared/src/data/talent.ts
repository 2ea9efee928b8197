/**
 * The metrology talent pool (计量人才, docs/TALENT.md): its rules as data, the sources of people and the demo pool.
 */

/** The rules of the pool: a certificate is flagged as expiring this many days before its last valid day. */
export const TALENT_RULES = {
  expiringWithinDays: 90,
  /** specialties a person may carry (each at most `maxSpecialtyChars` characters) */
  maxSpecialties: 12,
  maxSpecialtyChars: 30,
} as const;

/** Specialties offered as choices (free text is allowed too). */
export const TALENT_SPECIALTIES = [
  '水表检定',
  '电能表检定',
  '燃气表检定',
  '燃油加油机检定',
  '计量标准考核',
  '计量执法',
  '计量纠纷调解',
  '仲裁检定',
  '能源计量',
  '计量器具管理',
] as const;

/** Enterprise metrologists of the demo county (by the demo organization key). */
export const DEMO_METROLOGISTS = [
  { orgKey: 'water', name: '郝建国', title: '计量管理员', specialties: ['水表检定', '计量器具管理'] },
  { orgKey: 'power', name: '任晓燕', title: '计量班班长', specialties: ['电能表检定', '能源计量'] },
  { orgKey: 'gas', name: '白志刚', title: '计量专责', specialties: ['燃气表检定', '计量器具管理'] },
  { orgKey: 'station_1', name: '乔丽娜', title: '站长（兼计量员）', specialties: ['燃油加油机检定'] },
] as const;

/** Extra certificates of the demo pool: `validDays` counts from the day of seeding (negative: expired). */
export const DEMO_TALENT_CERTIFICATES = [
  { name: '一级注册计量师', issuer: '国家市场监督管理总局', validDays: 900 },
  { name: '二级注册计量师', issuer: '省市场监督管理局', validDays: 40 },
  { name: '计量检定员培训合格证', issuer: '市计量测试学会', validDays: -30 },
] as const;

/** Reasons of the demo recommendations to the city bureau. */
export const DEMO_RECOMMENDATION_REASONS = [
  '长期承担辖区民用三表检定任务，检定量大、差错率低，熟悉仲裁检定流程，建议纳入市级计量人才库。',
  '参与专项整治现场检查和案件办理，执法规范，熟悉加油机计量作弊的查处，建议推荐为市级计量执法骨干。',
  '企业计量管理制度健全，主动开展到期表计轮换，建议作为企业计量工作典型推荐。',
] as const;

/** The specialty a verifier's authorized category stands for (demo profiles). */
export const CATEGORY_SPECIALTY: Readonly<Record<string, string>> = {
  water_meter: '水表检定',
  electricity_meter: '电能表检定',
  gas_meter: '燃气表检定',
  fuel_dispenser: '燃油加油机检定',
};
/** Specialties of the demo inspectors. */
export const DEMO_INSPECTOR_SPECIALTIES = ['计量执法', '计量纠纷调解'] as const;
