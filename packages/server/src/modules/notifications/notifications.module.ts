import { NOTIFICATION_RULES } from '@qiangjian/shared/data';
import type { AppContext } from '../../context.js';
import type { ModuleDef } from '../module.js';
import { deliverEmails, recoverEmailQueue } from './email-queue.service.js';
import { registerNotificationsCli } from './notifications.cli.js';
import { notificationsDemo } from './notifications.demo.js';
import { notificationsRoutes } from './notifications.routes.js';
import { produceNotifications } from './notifications.service.js';

/** One producer run, then the due e-mails. */
async function tick(ctx: AppContext): Promise<void> {
  await produceNotifications(ctx);
  await deliverEmails(ctx);
}

/**
 * The notifications module (docs/NOTIFICATIONS.md): every role's inbox with its unread count, per-user preferences,
 * the producer over every module's `notificationSources`, the direct `notify` for events, and the durable e-mail queue.
 */
export const notificationsModule: ModuleDef = {
  name: 'notifications',
  routes: notificationsRoutes,
  cli: registerNotificationsCli,
  demo: notificationsDemo,
  jobs: [{ name: 'notifications.produce', run: tick }],
  // a process restart picks up what a dead one left claimed
  startup: async (ctx) => void (await recoverEmailQueue(ctx)),
  // inside serve: the producer and the e-mail sender every few minutes (the daily job runs them at start too)
  serve: (ctx) => {
    let running: Promise<void> | null = null;
    const run = () => {
      running ??= tick(ctx)
        .catch((err) => {
          process.stderr.write(`notifications failed: ${err instanceof Error ? err.message : String(err)}\n`);
        })
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(run, NOTIFICATION_RULES.producerIntervalMinutes * 60_000);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  },
};
