import { randomUUID } from 'node:crypto';
import type { EmailState, TEmailQueueItem, TEmailQueueQuery, TEmailQueueSummary } from '@qiangjian/shared';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { EmailOutboxRow } from '../../db/schema-notifications.js';
import { AppError, notFound } from '../../errors.js';
import { type MailMessage, SmtpError, type SmtpOptions, sendMail } from '../../lib/smtp.js';
import * as repo from './notifications.repository.js';
import { afterFailure } from './notifications.rules.js';

/**
 * The durable e-mail queue (docs/NOTIFICATIONS.md, "E-mail"): rows in `email_outbox`, claimed atomically with a lease
 * (never sent by two workers), sent over SMTP, retried with exponential back-off, failed after
 * QIANGJIAN_EMAIL_MAX_ATTEMPTS attempts and shown on the admin page, where a failed row can be queued again.
 */

/** How long a worker holds a claimed row before another process may take it over (a dead worker's rows). */
const LEASE_MS = 5 * 60_000;

export type Transport = (smtp: SmtpOptions, m: MailMessage) => Promise<void>;

export interface DeliverResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends every due row (batches of `batch`, until none is due): each claimed row is sent once and then marked sent,
 * or back to pending with its back-off, or failed. Does nothing while SMTP is not configured.
 */
export async function deliverEmails(ctx: AppContext, o: { batch?: number; transport?: Transport } = {}): Promise<DeliverResult> {
  const out: DeliverResult = { sent: 0, retrying: 0, failed: 0 };
  const smtp = ctx.config.smtp;
  if (!smtp) return out;
  const send = o.transport ?? sendMail;
  const token = randomUUID();
  for (;;) {
    const now = ctx.clock.now();
    const { due, claimed } = await repo.claimEmails(ctx.db, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
      token,
      limit: o.batch ?? 10,
    });
    // nothing due: done; due rows all taken by another worker: read again
    if (due === 0) return out;
    for (const row of claimed) {
      try {
        await send(smtp, { to: row.to_address, subject: row.subject, text: row.body });
        if (await repo.markEmailSent(ctx.db, Number(row.id), token, nowIso(ctx))) out.sent++;
      } catch (err) {
        const permanent = err instanceof SmtpError && err.permanent;
        const next = afterFailure(ctx.clock.now(), Number(row.attempts), {
          maxAttempts: ctx.config.emailMaxAttempts,
          baseSeconds: ctx.config.emailRetrySeconds,
          permanent,
        });
        await repo.markEmailAttemptFailed(ctx.db, Number(row.id), token, {
          ...next,
          error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
          at: nowIso(ctx),
        });
        if (next.state === 'failed') out.failed++;
        else out.retrying++;
      }
    }
  }
}

/** At start (ModuleDef.startup): rows a dead process left claimed go back to pending once their lease ran out. */
export async function recoverEmailQueue(ctx: AppContext): Promise<number> {
  return repo.releaseExpiredLeases(ctx.db, nowIso(ctx));
}

function present(r: EmailOutboxRow): TEmailQueueItem {
  return {
    id: Number(r.id),
    toAddress: r.to_address,
    subject: r.subject,
    state: r.state as EmailState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export async function listEmailQueue(ctx: AppContext, actor: Actor, q: TEmailQueueQuery) {
  requirePermission(actor, 'notification.manage');
  const { total, rows } = await repo.emailPage(ctx.db, q.state, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export async function emailQueueSummary(ctx: AppContext, actor: Actor): Promise<TEmailQueueSummary> {
  requirePermission(actor, 'notification.manage');
  const c = await repo.emailCounts(ctx.db);
  return { enabled: ctx.config.smtp !== null, pending: c.pending ?? 0, sending: c.sending ?? 0, sent: c.sent ?? 0, failed: c.failed ?? 0 };
}

/** A failed e-mail back in the queue, due now, attempts counted afresh. */
export async function retryEmail(ctx: AppContext, actor: Actor, id: number): Promise<TEmailQueueItem> {
  requirePermission(actor, 'notification.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.emailById(trx, id);
    if (!row) throw notFound('email', id);
    if (!(await repo.requeueFailed(trx, id, nowIso(ctx)))) throw new AppError('email_not_failed');
    await recordAudit(ctx, trx, actor, {
      action: 'email_retried',
      entityType: 'email',
      entityId: String(id),
      data: { to: row.to_address },
    });
    return present((await repo.emailById(trx, id)) as EmailOutboxRow);
  });
}
