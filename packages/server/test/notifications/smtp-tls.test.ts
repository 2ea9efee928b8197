import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpError, sendMail } from '../../src/lib/smtp.js';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.js';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../smtp-sink.tls.js';

/** The SMTP client's STARTTLS and AUTH LOGIN against the local sink on 127.0.0.1 (docs/NOTIFICATIONS.md, "E-mail"). */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ startTls: { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } });
});
afterAll(async () => {
  await sink.close();
});

const options = (startTls: boolean) => ({
  host: '127.0.0.1',
  port: sink.port,
  from: 'qiangjian@test.invalid',
  user: 'qj',
  pass: 'secret',
  tls: false,
  startTls,
  tlsOptions: { ca: TEST_TLS_CERT },
});

describe('smtp over STARTTLS', () => {
  it('upgrades when the server offers STARTTLS, then authenticates and sends', async () => {
    await sendMail(options(true), { to: 'a@example.test', subject: '整改期限将到', text: '还剩 3 天' });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatchObject({ secured: true, user: 'qj', subject: '整改期限将到', text: '还剩 3 天' });
  });

  it('a server that requires TLS refuses a client that does not upgrade: a permanent error', async () => {
    const err = await sendMail(options(false), { to: 'a@example.test', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpError);
    expect((err as SmtpError).permanent).toBe(true);
    expect((err as SmtpError).replyCode).toBe(530);
    expect(sink.messages).toHaveLength(1);
  });

  it('refuses a server certificate it does not trust: a transient error, nothing sent', async () => {
    const err = await sendMail({ ...options(true), tlsOptions: {} }, { to: 'a@example.test', subject: 's', text: 't' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SmtpError);
    expect((err as SmtpError).permanent).toBe(false);
    expect(sink.messages).toHaveLength(1);
  });
});
