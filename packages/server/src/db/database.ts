import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import type { DB } from './schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or an open transaction: repositories take this as their first parameter. */
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

export interface Database_ {
  db: Db;
  engine: Engine;
  /** Where the data lives: a file path or a URL with the password removed. */
  location: string;
  /** Raw driver for bulk paths (repositories only). */
  sqlite?: Database.Database;
  pool?: pg.Pool;
  /**
   * A connection for short reads that must not queue behind a long write transaction (the health check during
   * a bulk import or status refresh). SQLite file: a second, read-only connection opened on first use (WAL lets
   * it read the last committed state while the writer's transaction is open); otherwise `db` itself (a
   * PostgreSQL pool already has other connections).
   */
  reader(): Db;
  close(): Promise<void>;
}
export type { Database_ as DatabaseHandle };

let pgParsersSet = false;
function setPgParsers(): void {
  if (pgParsersSet) return;
  pgParsersSet = true;
  // bigint/count → number; numeric → number; DATE stays YYYY-MM-DD
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  pg.types.setTypeParser(1082, (v) => v);
}

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

export function redactUrl(s: string): string {
  return isPostgresUrl(s) ? s.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : s;
}

export interface OpenOptions {
  readonly?: boolean;
  poolSize?: number;
}

/**
 * Page size of a new SQLite database. 8 KiB instead of SQLite's 4 KiB default: the wide `instruments` rows
 * and their eight indexes need half the pages, so bulk imports and status refreshes write and checkpoint
 * half as many WAL frames (1M-row import 19.1 s → 15.4 s, docs/benchmarks.md). An existing database keeps
 * the page size it was created with.
 */
export const SQLITE_PAGE_SIZE = 8192;

/**
 * SQLite transactions begin IMMEDIATE: they take the write lock at BEGIN, waiting up to `busy_timeout` for another
 * connection's transaction (a CLI import, a refresh) to end. A deferred transaction that has read before another
 * connection committed cannot wait: its first write fails at once with SQLITE_BUSY ("database is locked") — what web
 * logins answered with 500 while a CLI import ran.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** Milliseconds a SQLite statement waits for another connection's write lock before SQLITE_BUSY (server, CLI, workers). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Opens SQLite (file path) or PostgreSQL (postgres:// URL). */
export function openDatabase(location: string, opts: OpenOptions = {}): Database_ {
  if (isPostgresUrl(location)) {
    setPgParsers();
    const pool = new pg.Pool({ connectionString: location, max: opts.poolSize ?? 10 });
    // An idle pooled client whose connection the server ends (restart, pg_terminate_backend, a dropped database)
    // is emitted here; without a listener it would crash the process. The pool discards that client and opens a
    // new one on the next query, where a real outage surfaces as that query's error.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: redactUrl(location), pool, reader: () => db, close: () => db.destroy() };
  }
  if (location !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
  const sqlite = new Database(location, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (!opts.readonly) {
    // only takes effect before the first table is written (and not at all once in WAL mode)
    sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  const database = withStatementCache(sqlite);
  const dialect = opts.readonly ? new SqliteDialect({ database }) : new ImmediateSqliteDialect({ database });
  const db = new Kysely<DB>({ dialect });
  sqliteDbs.add(db);
  let reader: Db | null = null;
  return {
    db,
    engine: 'sqlite',
    location,
    sqlite,
    reader: () => {
      if (location === ':memory:' || opts.readonly) return db;
      if (!reader) {
        const r = new Database(location, { readonly: true, fileMustExist: true });
        r.pragma('busy_timeout = 5000');
        reader = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(r) }) });
      }
      return reader;
    },
    close: async () => {
      await reader?.destroy();
      await db.destroy();
    },
  };
}

const sqliteDbs = new WeakSet<object>();
/**
 * Whether `db` is the Kysely instance of a SQLite handle's main connection (not a transaction, not PostgreSQL):
 * paging.queries keeps capped counts for it between writes.
 */
export function isSqliteMain(db: object): boolean {
  return sqliteDbs.has(db);
}

/** Prepared statements kept per connection (by SQL text); the least recently used beyond this are dropped. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with its prepared statements cached by SQL text. Kysely prepares every
 * query afresh, and preparing is SQLite's parse and plan: for a list page over `instruments` (a dozen indexes
 * to weigh) it cost more than running the page. A statement still being iterated (a stream) is not reused.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

export async function migrateToLatest(db: Kysely<DB>): Promise<number> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return results?.filter((r) => r.status === 'Success').length ?? 0;
}
