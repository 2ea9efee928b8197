import { authorizationCoverage, type Category, type Coverage } from '@qiangjian/shared';

/** Pure authorization matching: does an institution's 授权 cover a category and region on a date? */
export interface AuthorizationLike {
  categories: string; // JSON array
  region_code: string;
  valid_from: string;
  valid_to: string;
}

export type { Coverage };

/** `authorizationCoverage` (packages/shared) over authorization rows. */
export function coverage(auths: readonly AuthorizationLike[], category: Category | string, region: string | null, date: string): Coverage {
  return authorizationCoverage(
    auths.map((a) => ({
      categories: JSON.parse(a.categories) as string[],
      regionCode: a.region_code,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
    category,
    region,
    date,
  );
}
