import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@qiangjian/shared';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { type BuildOptions, build } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/database.js';
import { type Clock, fixedClock } from '../src/time.js';
import { buildWorld, login, type Session, type TestUser } from './factories.js';
import { multipartFile } from './files.js';
import { withDatabase } from './global-setup.js';

export interface TestContext extends AppContext {
  clock: ReturnType<typeof fixedClock>;
  cleanup(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template: a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL (when QIANGJIAN_TEST_PG_URL is set).
 */
export async function createTestContext(opts: { now?: string; clock?: Clock; config?: Partial<Config> } = {}): Promise<TestContext> {
  const engine = inject('qjEngine');
  const template = inject('qjTemplate');
  const name = `qj_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  let location: string;
  let drop: () => Promise<void>;
  if (engine === 'postgres') {
    const adminUrl = inject('qjPgUrl');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    location = withDatabase(adminUrl, name);
    drop = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    location = path.join(path.dirname(template), `${name}.db`);
    fs.copyFileSync(template, location);
    drop = async () => {
      for (const suffix of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(location + suffix, { force: true });
    };
  }
  const handle = openDatabase(location, { poolSize: 4 });
  const clock = fixedClock(opts.now ?? '2024-10-15T02:00:00.000Z');
  // tests write rows directly (unaudited): the report cache, keyed by the audit chain, is off unless a test turns it on
  const config = loadConfig({ db: location, webDist: '/nonexistent', reportCacheEntries: 0, ...opts.config });
  return {
    db: handle.db,
    engine: handle.engine,
    handle,
    clock,
    config,
    cleanup: async () => {
      await handle.close();
      await drop();
    },
  };
}

export async function createTestApp(ctx: AppContext, opts: { onRoute?: BuildOptions['onRoute'] } = {}): Promise<FastifyInstance> {
  const app = await build({ ctx, serveWeb: false, onRoute: opts.onRoute });
  await app.ready();
  return app;
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
/** A user of the standard world by its key, `enterprise` for enterpriseA, or any built user. */
export type Who = keyof World['users'] | Role | TestUser;

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Requests {
  send(method: Method, url: string, body?: unknown, o?: Omit<InjectOptions, 'method' | 'url' | 'payload'>): Promise<LightMyRequestResponse>;
  get(url: string, o?: Omit<InjectOptions, 'method' | 'url'>): Promise<LightMyRequestResponse>;
  delete(url: string, o?: Omit<InjectOptions, 'method' | 'url'>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, o?: Omit<InjectOptions, 'method' | 'url' | 'payload'>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, o?: Omit<InjectOptions, 'method' | 'url' | 'payload'>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, o?: Omit<InjectOptions, 'method' | 'url' | 'payload'>): Promise<LightMyRequestResponse>;
  /** POSTs one file as multipart/form-data (field `file`) */
  upload(url: string, fileName: string, content: Buffer): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  readonly ctx: TestContext;
  readonly app: FastifyInstance;
  /** the standard world of factories.ts buildWorld */
  readonly world: World;
  /**
   * requests with a logged-in session of that user (cookie and CSRF token; logged in once, then reused;
   * `newSession` logs in again, e.g. after moving the clock past the session's expiry)
   */
  as(who: Who, o?: { newSession?: boolean }): Requests;
  /** requests without credentials */
  readonly anonymous: Requests;
  /** every route the app registered, as `METHOD /url` (HEAD routes left out) */
  readonly routes: readonly string[];
}

/**
 * A database, the app and the standard world for a describe block (outline's getTestServer()): call it
 * at the top of `describe`; it sets up in `beforeAll` and closes in its own `afterAll` (`{ each: true }`:
 * a fresh database for every test, in beforeEach/afterEach). Requests go through `inject()`.
 */
export function useTestApp(opts: { now?: string; each?: boolean; config?: Partial<Config> } = {}): TestApp {
  let state: { ctx: TestContext; app: FastifyInstance; world: World; sessions: Map<number, Session>; routes: string[] } | null = null;
  const current = () => {
    if (!state) throw new Error('useTestApp: used outside a test (set up in beforeAll/beforeEach)');
    return state;
  };
  const setUp = async () => {
    const ctx = await createTestContext({ now: opts.now, config: opts.config });
    const routes: string[] = [];
    const app = await createTestApp(ctx, {
      onRoute: (r) => {
        for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
      },
    });
    state = { ctx, app, world: await buildWorld(ctx), sessions: new Map(), routes };
  };
  const tearDown = async () => {
    const s = state;
    state = null;
    if (!s) return;
    await s.app.close();
    await s.ctx.cleanup();
  };
  if (opts.each) {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }
  const requests = (headers: () => Promise<Record<string, string>>): Requests => {
    const send = async (method: InjectOptions['method'], url: string, payload: unknown, o: Omit<InjectOptions, 'method' | 'url'> = {}) =>
      current().app.inject({
        ...o,
        method,
        url,
        payload: payload as InjectOptions['payload'],
        headers: { ...(await headers()), ...(o.headers as Record<string, string> | undefined) },
      });
    return {
      send: (method, url, body, o) => send(method, url, body, o),
      get: (url, o) => send('GET', url, undefined, o),
      delete: (url, o) => send('DELETE', url, undefined, o),
      post: (url, body, o) => send('POST', url, body, o),
      patch: (url, body, o) => send('PATCH', url, body, o),
      put: (url, body, o) => send('PUT', url, body, o),
      upload: (url, fileName, content) => {
        const mp = multipartFile(fileName, content);
        return send('POST', url, mp.payload, { headers: mp.headers });
      },
    };
  };
  const userOf = (who: Who): TestUser => {
    if (typeof who !== 'string') return who;
    const users = current().world.users;
    return who === 'enterprise' ? users.enterpriseA : users[who];
  };
  return {
    get ctx() {
      return current().ctx;
    },
    get app() {
      return current().app;
    },
    get world() {
      return current().world;
    },
    as: (who, o = {}) => {
      let fresh = o.newSession ?? false;
      return requests(async () => {
        const s = current();
        const u = userOf(who);
        let session = fresh ? undefined : s.sessions.get(u.id);
        fresh = false;
        if (!session) {
          session = await login(s.app, u.username);
          s.sessions.set(u.id, session);
        }
        return session.headers;
      });
    },
    anonymous: requests(async () => ({})),
    get routes() {
      return current().routes;
    },
  };
}
