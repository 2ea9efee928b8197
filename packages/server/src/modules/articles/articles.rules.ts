import type { ArticleState } from '@qiangjian/shared';

/** Pure rules of the portal's articles (docs/PORTAL.md): the state of an article on a day. */

/**
 * draft: no publish date; scheduled: publishes after `today`; published: `publishOn <= today <= expireOn` (no expire
 * date: no end); expired: past its last day. Dates are `YYYY-MM-DD` strings (compared as text).
 */
export function articleState(publishOn: string | null, expireOn: string | null, today: string): ArticleState {
  if (publishOn === null) return 'draft';
  if (publishOn > today) return 'scheduled';
  if (expireOn !== null && expireOn < today) return 'expired';
  return 'published';
}

/** Whether the portal shows the article on `today`. */
export function isVisible(publishOn: string | null, expireOn: string | null, today: string): boolean {
  return articleState(publishOn, expireOn, today) === 'published';
}
