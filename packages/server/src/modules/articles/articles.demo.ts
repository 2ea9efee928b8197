import { addDays } from '@qiangjian/shared';
import { DEMO_ARTICLES } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { createArticle } from './articles.service.js';

/**
 * Demo layer of the portal (docs/PORTAL.md): the bureau's notices and articles of data/portal-articles.ts — a few of
 * each kind published, one notice past its last day (not on the portal) — dated from the day of seeding.
 */
export async function articlesDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const day = today(ctx);
  for (const a of DEMO_ARTICLES) {
    await createArticle(
      ctx,
      actor,
      {
        kind: a.kind,
        title: a.title,
        author: a.author,
        body: a.body,
        publishOn: a.publishDays === null ? null : addDays(day, a.publishDays),
        expireOn: a.expireDays === null ? null : addDays(day, a.expireDays),
      },
      { orgId: world.bureauId },
    );
  }
}
