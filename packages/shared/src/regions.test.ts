import { describe, expect, it } from 'vitest';
import { REGION_SEED } from './data/regions.js';
import { regionResolver, regionShortName } from './regions.js';

const regions = [
  ...REGION_SEED.map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode })),
  // a second county with a town of the same short name, to show that the ancestors decide
  { code: '150627', name: '伊金霍洛旗', parentCode: '150600' },
  { code: '150627100', name: '嘎鲁图镇', parentCode: '150627' },
];

describe('regionShortName', () => {
  it.each([
    ['嘎鲁图镇', '嘎鲁图'],
    ['苏力德苏木', '苏力德'],
    ['乌审旗', '乌审'],
    ['内蒙古自治区', '内蒙古'],
    ['鄂尔多斯市', '鄂尔多斯'],
    ['东乡', '东乡'],
  ])('%s → %s', (name, short) => expect(regionShortName(name)).toBe(short));
});

describe('regionResolver', () => {
  const resolve = regionResolver(regions);
  it.each([
    ['图克镇', '150626102'],
    ['图克', '150626102'],
    ['乌审旗图克镇', '150626102'],
    ['乌审图克', '150626102'],
    ['鄂尔多斯市乌审旗无定河镇', '150626104'],
    ['内蒙古自治区鄂尔多斯市乌审旗苏力德苏木', '150626200'],
    ['内蒙古 鄂尔多斯 乌审旗 乌审召镇', '150626101'],
    ['乌审旗嘎鲁图镇', '150626100'],
    ['伊金霍洛旗嘎鲁图镇', '150627100'],
    ['乌审旗', '150626'],
    ['鄂尔多斯市乌审旗', '150626'],
    ['150626102', '150626102'],
    ['150626102000', '150626102'],
    ['１５０６２６１０２', '150626102'],
  ])('%s → %s', (text, code) => expect(resolve(text)).toBe(code));

  it.each([
    ['北京市图克镇'], // a prefix that is not an ancestor
    ['乌审旗图克镇人民政府'],
    ['图克镇乌审旗'],
    ['伊金霍洛旗图克镇'], // 图克镇 is not in that county
    ['150699100'],
    [''],
  ])('%s → null', (text) => expect(resolve(text)).toBeNull());
});
