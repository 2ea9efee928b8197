import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { build } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/database.js';
import { type Clock, fixedClock } from '../src/time.js';
import { withDatabase } from './global-setup.js';

export interface TestContext extends AppContext {
  clock: ReturnType<typeof fixedClock>;
  cleanup(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template: a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL (when QIANGJIAN_TEST_PG_URL is set).
 */
export async function createTestContext(opts: { now?: string; clock?: Clock } = {}): Promise<TestContext> {
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
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(location + suffix, { force: true });
    };
  }
  const handle = openDatabase(location, { poolSize: 4 });
  const clock = fixedClock(opts.now ?? '2024-10-15T02:00:00.000Z');
  const config = loadConfig({ db: location, webDist: '/nonexistent' });
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

export async function createTestApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await build({ ctx, serveWeb: false });
  await app.ready();
  return app;
}
