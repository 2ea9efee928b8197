import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root (two levels above packages/server/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const ZEnv = z.object({
  QIANGJIAN_DB: z.string().min(1).optional(),
  QIANGJIAN_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  QIANGJIAN_HOST: z.string().min(1).default('127.0.0.1'),
  QIANGJIAN_ADMIN_PASSWORD: z.string().min(1).optional(),
  QIANGJIAN_TZ: z.string().min(1).default('Asia/Shanghai'),
  QIANGJIAN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  QIANGJIAN_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  QIANGJIAN_SECURE_COOKIE: z.enum(['0', '1', 'true', 'false']).default('0'),
  QIANGJIAN_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  QIANGJIAN_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  QIANGJIAN_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  QIANGJIAN_WEB_DIST: z.string().optional(),
  QIANGJIAN_LOG: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('warn'),
  QIANGJIAN_SMTP_URL: z.string().optional(),
  QIANGJIAN_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  QIANGJIAN_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  QIANGJIAN_DEMO_MODE: z.enum(['0', '1', 'true', 'false']).default('0'),
  QIANGJIAN_REFRESH_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export interface Config {
  /** SQLite file path or postgres:// URL. */
  db: string;
  port: number;
  host: string;
  adminPassword: string | undefined;
  timeZone: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  secureCookie: boolean;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Failed logins from one address in the window before that address is refused (password spraying). */
  loginMaxFailuresPerIp: number;
  webDist: string;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Sessions one account may hold at once; a new login ends the oldest beyond it. */
  maxSessionsPerUser: number;
  /** Days a password stays valid before it must be changed (0: never expires). */
  passwordMaxAgeDays: number;
  /**
   * A public demonstration: the demo accounts are shared (their published password needs no change) and every page
   * says so. Off: an account using the published demo password must change it at login.
   */
  demoMode: boolean;
  /** Worker threads that read and compute a large SQLite status refresh (0 or 1: in the main thread). */
  refreshWorkers: number;
}

export function defaultDbPath(): string {
  return path.join(REPO_ROOT, 'data', 'qiangjian.db');
}

/** Reads process.env once; exits with every violation listed. The only reader of process.env. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    db: e.QIANGJIAN_DB ?? defaultDbPath(),
    port: e.QIANGJIAN_PORT,
    host: e.QIANGJIAN_HOST,
    adminPassword: e.QIANGJIAN_ADMIN_PASSWORD,
    timeZone: e.QIANGJIAN_TZ,
    sessionIdleMinutes: e.QIANGJIAN_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.QIANGJIAN_SESSION_ABSOLUTE_HOURS,
    secureCookie: e.QIANGJIAN_SECURE_COOKIE === '1' || e.QIANGJIAN_SECURE_COOKIE === 'true',
    loginMaxFailures: e.QIANGJIAN_LOGIN_MAX_FAILURES,
    loginWindowMinutes: e.QIANGJIAN_LOGIN_WINDOW_MINUTES,
    loginMaxFailuresPerIp: e.QIANGJIAN_LOGIN_MAX_FAILURES_PER_IP,
    webDist: e.QIANGJIAN_WEB_DIST ?? path.join(REPO_ROOT, 'packages', 'web', 'dist'),
    logLevel: e.QIANGJIAN_LOG,
    maxSessionsPerUser: e.QIANGJIAN_MAX_SESSIONS_PER_USER,
    passwordMaxAgeDays: e.QIANGJIAN_PASSWORD_MAX_AGE_DAYS,
    demoMode: e.QIANGJIAN_DEMO_MODE === '1' || e.QIANGJIAN_DEMO_MODE === 'true',
    refreshWorkers: e.QIANGJIAN_REFRESH_WORKERS ?? Math.min(2, os.availableParallelism()),
    ...overrides,
  });
}

/** Test and bench helpers read the PostgreSQL test URL through here, not process.env directly. */
export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.QIANGJIAN_TEST_PG_URL || undefined;
}
