import { REGION_NAME_SUFFIXES } from './data/attachment1.js';

/**
 * A region's name without its level suffix (嘎鲁图镇 → 嘎鲁图, 内蒙古自治区 → 内蒙古), or the name itself when
 * nothing of at least two characters would remain (乌审旗 → 乌审, but 东乡 stays 东乡).
 */
export function regionShortName(name: string): string {
  const suffix = REGION_NAME_SUFFIXES.find((x) => name.endsWith(x));
  return suffix && name.length - suffix.length >= 2 ? name.slice(0, -suffix.length) : name;
}

/** Region code → prefix for scope matching (150626 → 150626, 150600 → 1506, 150000 → 15). */
export function regionPrefix(code: string): string {
  if (code.length === 9) return code;
  let p = code;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

/** An institution's 授权 as plain data: the categories it may verify, in a region, over a period. */
export interface AuthorizationScope {
  categories: readonly string[];
  regionCode: string;
  validFrom: string;
  validTo: string;
}

export type Coverage = 'ok' | 'expired' | 'none';

/**
 * Does one of an institution's authorizations cover a category in a region (an instrument's town or county code) on a
 * date? `expired` when one covers the category and region but not the date. The server's application checks and the
 * web's institution pickers use this one rule.
 */
export function authorizationCoverage(
  auths: readonly AuthorizationScope[],
  category: string,
  region: string | null,
  date: string,
): Coverage {
  let scoped = false;
  for (const a of auths) {
    if (!a.categories.includes(category)) continue;
    if (region === null || !region.startsWith(regionPrefix(a.regionCode))) continue;
    scoped = true;
    if (a.validFrom <= date && date <= a.validTo) return 'ok';
  }
  return scoped ? 'expired' : 'none';
}

export interface RegionRef {
  code: string;
  name: string;
  parentCode: string | null;
}

/**
 * A region as users write it in a 行政区划 / 所属乡镇 cell → its code (null: none). Accepted: a 6-, 9- or 12-digit
 * code (12 cut to 9), a region's name or short name (嘎鲁图镇, 嘎鲁图), and that name written after the names of
 * its ancestors, full or short, in any combination (乌审旗嘎鲁图镇, 鄂尔多斯市乌审旗嘎鲁图, 内蒙古鄂尔多斯乌审旗嘎鲁图镇).
 * Spaces are ignored. Results are cached per text (an import repeats the same few towns).
 */
export function regionResolver(regions: readonly RegionRef[]): (text: string) => string | null {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const namesOf = (r: RegionRef): string[] => {
    const short = regionShortName(r.name);
    return short === r.name ? [r.name] : [r.name, short];
  };
  const exact = new Map<string, string>();
  for (const r of regions) if (!exact.has(r.name)) exact.set(r.name, r.code);
  for (const r of regions) {
    const short = regionShortName(r.name);
    if (!exact.has(short)) exact.set(short, r.code);
  }
  // candidates for "ancestors + name": every (name, region), longest name first
  const tails = regions.flatMap((r) => namesOf(r).map((n) => ({ n, r }))).sort((a, b) => b.n.length - a.n.length);
  const ancestorNames = (r: RegionRef): string[] => {
    const out: string[] = [];
    for (let p = r.parentCode ? byCode.get(r.parentCode) : undefined; p; p = p.parentCode ? byCode.get(p.parentCode) : undefined) {
      out.push(...namesOf(p));
    }
    return out.sort((a, b) => b.length - a.length);
  };
  /** Whether `prefix` is made only of ancestor names (each used at most once). */
  const onlyAncestors = (prefix: string, names: string[]): boolean => {
    let rest = prefix;
    const left = [...names];
    while (rest.length > 0) {
      const i = left.findIndex((n) => rest.startsWith(n));
      if (i < 0) return false;
      rest = rest.slice((left[i] as string).length);
      left.splice(i, 1);
    }
    return true;
  };
  const resolve = (raw: string): string | null => {
    const s = raw.normalize('NFKC').replace(/\s+/g, '');
    if (s.length === 0) return null;
    if (/^\d+$/.test(s)) {
      const code = s.length === 12 ? s.slice(0, 9) : s;
      return byCode.has(code) ? code : null;
    }
    const hit = exact.get(s);
    if (hit !== undefined) return hit;
    for (const { n, r } of tails) {
      if (s.length > n.length && s.endsWith(n) && onlyAncestors(s.slice(0, -n.length), ancestorNames(r))) return r.code;
    }
    return null;
  };
  const cache = new Map<string, string | null>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      v = resolve(text);
      if (cache.size < 10_000) cache.set(text, v);
    }
    return v;
  };
}
