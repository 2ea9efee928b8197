/**
 * GB/T 2260 region tree (and 9-digit 统计用区划代码 towns) seeded at start-up.
 * Town codes are unconfirmed (docs/domain/forms.md §8) and editable in the database.
 */
export interface RegionSeed {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'province' | 'city' | 'county' | 'town';
}

export const REGION_SEED: readonly RegionSeed[] = [
  { code: '150000', name: '内蒙古自治区', parentCode: null, level: 'province' },
  { code: '150600', name: '鄂尔多斯市', parentCode: '150000', level: 'city' },
  { code: '150626', name: '乌审旗', parentCode: '150600', level: 'county' },
  { code: '150626100', name: '嘎鲁图镇', parentCode: '150626', level: 'town' },
  { code: '150626101', name: '乌审召镇', parentCode: '150626', level: 'town' },
  { code: '150626102', name: '图克镇', parentCode: '150626', level: 'town' },
  { code: '150626103', name: '乌兰陶勒盖镇', parentCode: '150626', level: 'town' },
  { code: '150626104', name: '无定河镇', parentCode: '150626', level: 'town' },
  { code: '150626200', name: '苏力德苏木', parentCode: '150626', level: 'town' },
];
