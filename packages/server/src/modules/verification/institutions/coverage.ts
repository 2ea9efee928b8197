import type { Category } from '@qiangjian/shared';
import { regionPrefix } from '../../../auth/actor.js';

/** Pure authorization matching: does an institution's 授权 cover a category and region on a date? */
export interface AuthorizationLike {
  categories: string; // JSON array
  region_code: string;
  valid_from: string;
  valid_to: string;
}

export type Coverage = 'ok' | 'expired' | 'none';

export function coverage(auths: readonly AuthorizationLike[], category: Category | string, region: string | null, date: string): Coverage {
  let scoped = false;
  for (const a of auths) {
    const cats = JSON.parse(a.categories) as string[];
    if (!cats.includes(category)) continue;
    if (region === null || !region.startsWith(regionPrefix(a.region_code))) continue;
    scoped = true;
    if (a.valid_from <= date && date <= a.valid_to) return 'ok';
  }
  return scoped ? 'expired' : 'none';
}
