import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';

/**
 * Access denials (403 forbidden, CSRF refusals, and the not_found a service answers an authenticated caller — which
 * covers another organization's resource, indistinguishable by design from a missing row) are counted in memory per
 * (user or address, code, method, route pattern) and written as ONE `access_denied` audit entry per key and window
 * with the count and the first and last time, so probing cannot flood the log. At most `maxKeys` keys are held; the
 * rest are counted in one `access_denied_overflow` entry.
 */
export const DENIED_CODES = new Set(['forbidden', 'csrf_invalid', 'not_found']);

interface Tally {
  actor: Actor | null;
  ip: string;
  code: string;
  method: string;
  route: string;
  count: number;
  first: string;
  last: string;
}

export class AccessDenials {
  private tallies = new Map<string, Tally>();
  private overflow: { count: number; first: string; last: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: { windowMs: number; maxKeys: number } = { windowMs: 60_000, maxKeys: 1000 },
  ) {}

  record(req: FastifyRequest, code: string): void {
    const actor = req.actor;
    const route = req.routeOptions.url ?? req.url.split('?')[0] ?? '';
    const who = actor ? `user:${actor.userId ?? actor.username}` : `ip:${req.ip}`;
    const key = `${who}\n${code}\n${req.method}\n${route}`;
    const at = nowIso(this.ctx);
    const t = this.tallies.get(key);
    if (t) {
      t.count++;
      t.last = at;
    } else if (this.tallies.size < this.opts.maxKeys) {
      this.tallies.set(key, { actor, ip: req.ip, code, method: req.method, route, count: 1, first: at, last: at });
    } else if (this.overflow) {
      this.overflow.count++;
      this.overflow.last = at;
    } else {
      this.overflow = { count: 1, first: at, last: at };
    }
  }

  /** Writes the window's tallies (one transaction) and starts a new window. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.write())
      .catch((err: unknown) => {
        process.stderr.write(`access denial audit failed: ${err instanceof Error ? err.message : String(err)}\n`);
      });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const tallies = [...this.tallies.values()];
    const overflow = this.overflow;
    this.tallies = new Map();
    this.overflow = null;
    if (tallies.length === 0 && !overflow) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const t of tallies) {
        await recordAudit(this.ctx, trx, t.actor ?? SYSTEM_ACTOR, {
          action: 'access_denied',
          entityType: null,
          entityId: null,
          data: { code: t.code, method: t.method, route: t.route, ip: t.ip, count: t.count, first: t.first, last: t.last },
        });
      }
      if (overflow) {
        await recordAudit(this.ctx, trx, SYSTEM_ACTOR, {
          action: 'access_denied_overflow',
          entityType: null,
          entityId: null,
          data: { count: overflow.count, first: overflow.first, last: overflow.last, keptKeys: this.opts.maxKeys },
        });
      }
    });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.opts.windowMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

const byApp = new WeakMap<FastifyInstance, AccessDenials>();

/** Counts denials of this app and flushes them every window and when the app closes. */
export function registerAccessDenials(app: FastifyInstance, ctx: AppContext, opts?: { windowMs: number; maxKeys: number }): AccessDenials {
  const denials = new AccessDenials(ctx, opts);
  byApp.set(app, denials);
  denials.start();
  app.addHook('onClose', async () => denials.stop());
  return denials;
}

/** Writes an app's pending denial tallies now (tests; the timer does it every window). */
export async function flushAccessDenials(app: FastifyInstance): Promise<void> {
  await byApp.get(app)?.flush();
}
