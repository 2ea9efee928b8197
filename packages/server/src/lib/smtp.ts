import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

/**
 * A small SMTP client on node:net / node:tls (docs/NOTIFICATIONS.md, "E-mail"): EHLO (HELO as fallback), STARTTLS when
 * the server offers it, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with a UTF-8 subject (RFC 2047 encoded words)
 * and a base64 text body, QUIT. One message per connection: the queue sends few, and a fresh connection is the
 * simplest way to start every attempt clean.
 */

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
  user: string | null;
  pass: string | null;
  /** implicit TLS from the first byte (port 465) */
  tls: boolean;
  /** STARTTLS when offered (ignored with implicit TLS) */
  startTls: boolean;
  /** per-reply timeout (default 30 s) */
  timeoutMs?: number;
  /** the name this client greets with (default: localhost) */
  clientName?: string;
  /** TLS options of the upgrade (tests: a self-signed certificate) */
  tlsOptions?: tls.ConnectionOptions;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** An SMTP failure: `permanent` for a 5xx reply (retrying will not help), otherwise transient (4xx, network). */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly replyCode: number | null,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** A mailbox with no characters that could end a command or a header. */
function checkAddress(a: string): string {
  if (!/^[^\s<>\r\n]+@[^\s<>\r\n]+$/.test(a)) throw new SmtpError(`invalid address: ${JSON.stringify(a)}`, null, true);
  return a;
}

/** RFC 2047 "B" encoded words for a header value, each at most 75 characters, never splitting a character. */
export function encodeHeaderWords(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  // 75 - "=?UTF-8?B?".length - "?=".length = 63 base64 characters → at most 45 bytes per word
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** The message as sent after DATA: headers, a blank line, the base64 body in 76-character lines (CRLF). */
export function buildMessage(from: string, m: MailMessage, date: Date, messageId: string): string {
  const body = Buffer.from(m.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
  return [
    `From: <${checkAddress(from)}>`,
    `To: <${checkAddress(m.to)}>`,
    `Subject: ${encodeHeaderWords(m.subject.replace(/[\r\n]+/g, ' '))}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Reads SMTP replies from the current socket (which STARTTLS replaces). */
class Connection {
  private buf = '';
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private socket!: net.Socket;
  private readonly onData = (d: Buffer) => {
    this.buf += d.toString('utf8');
    this.wake?.();
  };
  private readonly onEnd = (err?: Error) => {
    this.failure ??= err ?? new SmtpError('connection closed', null, false);
    this.wake?.();
  };
  private readonly onError = (err: Error) => this.onEnd(new SmtpError(err.message, null, false));
  private readonly onClose = () => this.onEnd();

  constructor(
    socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.setTimeout(this.timeoutMs, () => {
      this.onEnd(new SmtpError('timeout', null, false));
      socket.destroy();
    });
  }

  /** Stops reading the socket (before it is wrapped in TLS). */
  detach(): net.Socket {
    const s = this.socket;
    s.off('data', this.onData);
    s.off('error', this.onError);
    s.off('close', this.onClose);
    s.setTimeout(0);
    return s;
  }

  private takeReply(): Reply | null {
    const lines: string[] = [];
    let rest = this.buf;
    for (;;) {
      const i = rest.indexOf('\r\n');
      if (i < 0) return null;
      const line = rest.slice(0, i);
      rest = rest.slice(i + 2);
      lines.push(line.slice(4));
      if (line.length < 4 || line[3] === ' ') {
        this.buf = rest;
        return { code: Number(line.slice(0, 3)), lines };
      }
    }
  }

  async reply(): Promise<Reply> {
    for (;;) {
      const r = this.takeReply();
      if (r) return r;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }

  async command(line: string | null, expect: readonly number[], what: string): Promise<Reply> {
    if (line !== null) this.socket.write(`${line}\r\n`);
    const r = await this.reply();
    if (!expect.includes(r.code)) throw new SmtpError(`${what}: ${r.code} ${r.lines.join(' ')}`, r.code, r.code >= 500);
    return r;
  }

  end(): void {
    this.detach().destroy();
  }
}

function connect(o: SmtpOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = o.tls
      ? tls.connect({ host: o.host, port: o.port, servername: o.host, ...o.tlsOptions }, () => resolve(s))
      : net.connect({ host: o.host, port: o.port }, () => resolve(s));
    s.once('error', (e) => reject(new SmtpError(e.message, null, false)));
  });
}

function upgrade(socket: net.Socket, o: SmtpOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ socket, servername: o.host, ...o.tlsOptions }, () => resolve(s));
    s.once('error', (e) => reject(new SmtpError(e.message, null, false)));
  });
}

/** Sends one message; resolves when the server accepted it (250 after DATA), throws SmtpError otherwise. */
export async function sendMail(o: SmtpOptions, m: MailMessage): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const conn = new Connection(await connect(o), timeoutMs);
  try {
    await conn.command(null, [220], 'greeting');
    const name = o.clientName ?? 'localhost';
    let caps = await ehlo(conn, name);
    if (!o.tls && o.startTls && caps.some((c) => /^STARTTLS\b/i.test(c))) {
      await conn.command('STARTTLS', [220], 'STARTTLS');
      const secured = await upgrade(conn.detach(), o);
      conn.attach(secured);
      caps = await ehlo(conn, name);
    }
    if (o.user !== null) {
      const auth = (caps.find((c) => /^AUTH\b/i.test(c)) ?? '').toUpperCase().split(/[\s=]+/);
      if (auth.includes('PLAIN')) {
        const token = Buffer.from(`\0${o.user}\0${o.pass ?? ''}`, 'utf8').toString('base64');
        await conn.command(`AUTH PLAIN ${token}`, [235], 'AUTH PLAIN');
      } else {
        await conn.command('AUTH LOGIN', [334], 'AUTH LOGIN');
        await conn.command(Buffer.from(o.user, 'utf8').toString('base64'), [334], 'AUTH LOGIN user');
        await conn.command(Buffer.from(o.pass ?? '', 'utf8').toString('base64'), [235], 'AUTH LOGIN password');
      }
    }
    await conn.command(`MAIL FROM:<${checkAddress(o.from)}>`, [250], 'MAIL FROM');
    await conn.command(`RCPT TO:<${checkAddress(m.to)}>`, [250, 251], 'RCPT TO');
    await conn.command('DATA', [354], 'DATA');
    const domain = o.from.split('@')[1] ?? 'localhost';
    const message = buildMessage(o.from, m, new Date(), `${randomBytes(12).toString('hex')}@${domain}`);
    // dot-stuffing: a line that starts with "." gets another one
    const stuffed = message.replace(/(^|\r\n)\./g, '$1..');
    await conn.command(`${stuffed}\r\n.`, [250], 'message');
    await conn.command('QUIT', [221], 'QUIT').catch(() => undefined);
  } finally {
    conn.end();
  }
}

async function ehlo(conn: Connection, name: string): Promise<string[]> {
  try {
    const r = await conn.command(`EHLO ${name}`, [250], 'EHLO');
    return r.lines.slice(1);
  } catch (err) {
    if (err instanceof SmtpError && err.replyCode !== null && err.replyCode >= 500) {
      await conn.command(`HELO ${name}`, [250], 'HELO');
      return [];
    }
    throw err;
  }
}
