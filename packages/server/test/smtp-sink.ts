import net from 'node:net';
import tls from 'node:tls';

/**
 * A local SMTP sink for tests (docs/NOTIFICATIONS.md): listens on 127.0.0.1 on a free port, speaks enough SMTP for
 * lib/smtp.ts (EHLO with AUTH PLAIN LOGIN, AUTH, MAIL, RCPT, DATA, QUIT), keeps every accepted message, and can
 * refuse the next messages (transient 451 or permanent 550 at MAIL FROM) or hold each reply after DATA for a while.
 * Never an outside address.
 */
export interface SunkMessage {
  from: string;
  to: string[];
  /** the raw message after DATA (dot-stuffing removed) */
  raw: string;
  /** the Subject header, RFC 2047 words decoded */
  subject: string;
  /** the body, base64 decoded */
  text: string;
  /** the AUTH PLAIN / LOGIN user of the connection (null: none) */
  user: string | null;
  /** whether the message came over TLS (after STARTTLS) */
  secured: boolean;
}

export interface SmtpSink {
  port: number;
  messages: SunkMessage[];
  /** how many MAIL FROM commands were received (attempts, refused ones included) */
  attempts: number;
  /** refuse the next n messages: 451 (transient) or 550 (permanent) */
  failNext(n: number, code?: 451 | 550): void;
  /** wait this long before accepting a message's DATA (widens races in concurrency tests) */
  delayMs: number;
  close(): Promise<void>;
}

function decodeWords(v: string): string {
  return v
    .replace(/\r\n\s+/g, ' ')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=\s?/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
    .trim();
}

function parse(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const subject = /^Subject: (.*(?:\r\n\s.*)*)/m.exec(head)?.[1] ?? '';
  return { subject: decodeWords(subject), text: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

/** `startTls`: offer STARTTLS with this certificate (and require it before MAIL FROM). */
export async function startSmtpSink(opts: { startTls?: { key: string; cert: string } } = {}): Promise<SmtpSink> {
  let failing = 0;
  let failCode = 451;
  const sockets = new Set<net.Socket>();
  const sink: SmtpSink = {
    port: 0,
    messages: [],
    attempts: 0,
    delayMs: 0,
    failNext(n, code = 451) {
      failing = n;
      failCode = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = '';
    let data: string[] | null = null;
    let from = '';
    let to: string[] = [];
    let user: string | null = null;
    let login: 'user' | 'pass' | null = null;
    let current: net.Socket = socket;
    let secured = false;
    const say = (line: string) => current.write(`${line}\r\n`);
    say('220 sink.test ESMTP');
    const onLine = (line: string) => {
      if (data) {
        if (line === '.') {
          const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          data = null;
          const accept = () => {
            sink.messages.push({ from, to, raw, user, secured, ...parse(raw) });
            say('250 2.0.0 queued');
          };
          if (sink.delayMs > 0) setTimeout(accept, sink.delayMs);
          else accept();
        } else data.push(line);
        return;
      }
      if (login === 'user') {
        user = Buffer.from(line, 'base64').toString('utf8');
        login = 'pass';
        say('334 UGFzc3dvcmQ6');
        return;
      }
      if (login === 'pass') {
        login = null;
        say('235 2.7.0 ok');
        return;
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          say('250-sink.test');
          if (opts.startTls && !secured) say('250-STARTTLS');
          say('250-AUTH PLAIN LOGIN');
          say('250 8BITMIME');
          return;
        case 'HELO':
          say('250 sink.test');
          return;
        case 'AUTH': {
          const [mech, token] = arg.split(' ');
          if (mech?.toUpperCase() === 'PLAIN' && token) {
            user = Buffer.from(token, 'base64').toString('utf8').split('\0')[1] ?? null;
            say('235 2.7.0 ok');
          } else {
            login = 'user';
            say('334 VXNlcm5hbWU6');
          }
          return;
        }
        case 'STARTTLS': {
          const t = opts.startTls;
          if (!t || secured) {
            say('454 TLS not available');
            return;
          }
          say('220 ready to start TLS');
          socket.off('data', onData);
          const upgraded = new tls.TLSSocket(socket, { isServer: true, key: t.key, cert: t.cert });
          upgraded.on('data', onData);
          upgraded.on('error', () => undefined);
          current = upgraded;
          secured = true;
          return;
        }
        case 'MAIL':
          if (opts.startTls && !secured) {
            say('530 must issue STARTTLS first');
            return;
          }
          sink.attempts++;
          if (failing > 0) {
            failing--;
            say(`${failCode} refused for the test`);
            return;
          }
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          say('250 ok');
          return;
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          say('250 ok');
          return;
        case 'DATA':
          data = [];
          say('354 go ahead');
          return;
        case 'QUIT':
          say('221 bye');
          current.end();
          return;
        default:
          say('250 ok');
      }
    };
    function onData(chunk: Buffer) {
      buf += chunk.toString('utf8');
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        onLine(line);
      }
    }
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.address() as net.AddressInfo).port;
  return sink;
}
