import { notificationTitle } from '@qiangjian/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openContext } from '../../src/bootstrap.js';
import type { AppContext } from '../../src/context.js';
import { openDatabase } from '../../src/db/database.js';
import { deliverEmails } from '../../src/modules/notifications/email-queue.service.js';
import type { NotificationCandidate } from '../../src/modules/notifications/notification-source.js';
import * as repo from '../../src/modules/notifications/notifications.repository.js';
import { notify, updatePreferences } from '../../src/modules/notifications/notifications.service.js';
import { createTestContext, type TestContext, useTestApp } from '../db.js';
import { actorFor, buildWorld, type TestUser } from '../factories.js';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.js';

/**
 * The durable e-mail queue (docs/NOTIFICATIONS.md, "E-mail") against a local SMTP sink on 127.0.0.1: one e-mail per
 * notification, delivered once across a restart and across two workers, retried with back-off, failed after the
 * last attempt and visible (and retriable) on the admin page.
 */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => {
  sink.messages.length = 0;
  sink.attempts = 0;
  sink.delayMs = 0;
  sink.failNext(0);
});

const smtpConfig = () => ({
  smtp: { host: '127.0.0.1', port: sink.port, from: 'qiangjian@test.invalid', user: 'qj', pass: 'secret', tls: false, startTls: true },
  emailMaxAttempts: 3,
  emailRetrySeconds: 60,
});

const candidate = (user: TestUser, n: number): NotificationCandidate => ({
  kind: 'order_issued',
  dedupeKey: `test_order:${n}`,
  recipients: [{ userId: user.id }],
  params: { orderNo: `QJ-${n}`, deadline: '2024-10-30', org: 'x' },
  link: `/supervision/orders/${n}`,
});

/** The user wants order notices by e-mail at an address. */
async function wantsEmail(ctx: AppContext, user: TestUser, address = 'station-a@example.test') {
  await updatePreferences(ctx, await actorFor(ctx, user), { email: address, kinds: [{ kind: 'order_issued', inApp: true, email: true }] });
}

async function queue(ctx: AppContext, user: TestUser, numbers: number[]) {
  return ctx.db.transaction().execute((trx) =>
    notify(
      ctx,
      trx,
      numbers.map((n) => candidate(user, n)),
    ),
  );
}

async function outbox(ctx: AppContext) {
  return ctx.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}

describe('e-mail queue', () => {
  let ctx: TestContext;
  let user: TestUser;
  beforeEach(async () => {
    ctx = await createTestContext({ config: smtpConfig() });
    user = (await buildWorld(ctx)).users.enterpriseA;
    await wantsEmail(ctx, user);
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it('queues one e-mail per notification and sends it once, with the UTF-8 subject and body', async () => {
    expect(await queue(ctx, user, [1])).toBe(1);
    expect(await queue(ctx, user, [1])).toBe(0);
    expect(await outbox(ctx)).toHaveLength(1);
    expect(await deliverEmails(ctx)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    const m = sink.messages[0];
    expect(m?.to).toEqual(['station-a@example.test']);
    expect(m?.from).toBe('qiangjian@test.invalid');
    expect(m?.user).toBe('qj');
    expect(m?.subject).toBe(notificationTitle('order_issued'));
    expect(m?.text).toContain('QJ-1');
    expect(m?.text).toContain('/supervision/orders/1');
    expect((await outbox(ctx))[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('queues nothing for a user without e-mail for the kind, or without an address', async () => {
    await updatePreferences(ctx, await actorFor(ctx, user), { email: null });
    await queue(ctx, user, [2]);
    await wantsEmail(ctx, user);
    await updatePreferences(ctx, await actorFor(ctx, user), { kinds: [{ kind: 'order_issued', inApp: true, email: false }] });
    await queue(ctx, user, [3]);
    expect(await outbox(ctx)).toEqual([]);
  });

  it('retries with exponential back-off after a refusal, then sends', async () => {
    await queue(ctx, user, [4]);
    sink.failNext(2, 451);
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const first = (await outbox(ctx))[0];
    expect(first).toMatchObject({ state: 'pending', attempts: 1 });
    expect(first?.last_error).toContain('451');
    expect(Date.parse(first?.next_attempt_at ?? '') - ctx.clock.now().getTime()).toBe(60_000);
    // not due yet: nothing is attempted
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sink.attempts).toBe(1);
    ctx.clock.advance(60_000);
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const second = (await outbox(ctx))[0];
    expect(second).toMatchObject({ state: 'pending', attempts: 2 });
    expect(Date.parse(second?.next_attempt_at ?? '') - ctx.clock.now().getTime()).toBe(120_000);
    ctx.clock.advance(119_000);
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    ctx.clock.advance(1_000);
    expect(await deliverEmails(ctx)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    expect(sink.attempts).toBe(3);
  });

  it('marks a permanent refusal (5xx) failed at once', async () => {
    await queue(ctx, user, [5]);
    sink.failNext(1, 550);
    expect(await deliverEmails(ctx)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await outbox(ctx))[0]).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('survives a restart: a process queues and dies while sending, the next one delivers exactly once', async () => {
    // process A: queues two e-mails, claims one (as if it were sending) and dies without finishing
    const a = await openContext(ctx.config, { clock: ctx.clock });
    await queue(a, user, [6, 7]);
    const { claimed } = await repo.claimEmails(a.db, {
      now: ctx.clock.now().toISOString(),
      leaseUntil: new Date(ctx.clock.now().getTime() + 60_000).toISOString(),
      token: 'dead-process',
      limit: 1,
    });
    expect(claimed).toHaveLength(1);
    await a.handle.close();
    expect(sink.messages).toHaveLength(0);
    // process B starts after A's lease ran out: its startup puts the claimed row back, and it sends both
    ctx.clock.advance(5 * 60_000);
    const b = await openContext(ctx.config, { clock: ctx.clock });
    try {
      expect((await outbox(b)).map((r) => r.state)).toEqual(['pending', 'pending']);
      expect(await deliverEmails(b)).toEqual({ sent: 2, retrying: 0, failed: 0 });
      expect(await deliverEmails(b)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    } finally {
      await b.handle.close();
    }
    expect(sink.messages.map((m) => m.text.match(/QJ-\d+/)?.[0]).sort()).toEqual(['QJ-6', 'QJ-7']);
  });

  it('two workers on two connections never send the same row twice', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => 100 + i);
    await queue(ctx, user, numbers);
    const h2 = openDatabase(ctx.config.db, { poolSize: 4 });
    const other: AppContext = { ...ctx, db: h2.db, handle: h2, engine: h2.engine };
    sink.delayMs = 5;
    try {
      const [r1, r2] = await Promise.all([deliverEmails(ctx, { batch: 2 }), deliverEmails(other, { batch: 2 })]);
      expect(r1.sent + r2.sent).toBe(12);
    } finally {
      await h2.close();
    }
    const sent = sink.messages.map((m) => m.text.match(/QJ-\d+/)?.[0]);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
    expect((await outbox(ctx)).every((r) => r.state === 'sent' && Number(r.attempts) === 1)).toBe(true);
  });
});

describe('e-mail queue: failed e-mails on the admin page', () => {
  const t = useTestApp({ config: { emailMaxAttempts: 3, emailRetrySeconds: 60 } });
  it('shows a row failed after the last attempt with its error, and sends it again on retry', async () => {
    // the port is known only now: the context's config takes the sink
    const ctx = { ...t.ctx, config: { ...t.ctx.config, ...smtpConfig() } };
    const user = t.world.users.enterpriseA;
    await wantsEmail(ctx, user);
    await queue(ctx, user, [8]);
    sink.failNext(3, 451);
    for (let i = 0; i < 3; i++) {
      await deliverEmails(ctx);
      ctx.clock.advance(10 * 60_000);
    }
    expect(sink.attempts).toBe(3);
    const page = await t.as('admin').get('/api/v1/admin/email-queue?state=failed');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items).toHaveLength(1);
    const row = page.json().items[0];
    expect(row).toMatchObject({ state: 'failed', attempts: 3, toAddress: 'station-a@example.test' });
    expect(row.lastError).toContain('451');
    const summary = await t.as('admin').get('/api/v1/admin/email-queue/summary');
    expect(summary.json()).toMatchObject({ failed: 1, sent: 0 });
    expect((await t.as('regulator').get('/api/v1/admin/email-queue')).statusCode).toBe(403);
    const retried = await t.as('admin').post(`/api/v1/admin/email-queue/${row.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await t.as('admin').post(`/api/v1/admin/email-queue/${row.id}/retry`)).json().error.code).toBe('email_not_failed');
    expect(await deliverEmails(ctx)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'email_retried').execute();
    expect(audit).toHaveLength(1);
  });
});
