import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { produceNotifications } from './notifications.service.js';

/**
 * Demo layer of notifications (docs/NOTIFICATIONS.md): the last layer, so every other module's records exist; runs the
 * producer over the last 120 days so the demo users find due digests, applications, orders, inspections and campaign
 * reminders in their inbox.
 */
export async function notificationsDemo(ctx: AppContext, _actor: Actor, _world: DemoWorld): Promise<void> {
  await produceNotifications(ctx, { lookbackDays: 120 });
}
