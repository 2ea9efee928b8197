import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_SHEET_LIMITS, type SheetLimits } from './lib/sheets/limits.js';

/** The repository root (two levels above packages/server/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const MIB = 2 ** 20;

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
  QIANGJIAN_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  QIANGJIAN_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  QIANGJIAN_DEMO_MODE: z.enum(['0', '1', 'true', 'false']).default('0'),
  QIANGJIAN_REFRESH_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  QIANGJIAN_TRUST_PROXY: z.string().min(1).optional(),
  QIANGJIAN_BACKUP_DIR: z.string().min(1).optional(),
  QIANGJIAN_BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(7),
  QIANGJIAN_AUDIT_KEY_FILE: z.string().min(1).optional(),
  QIANGJIAN_AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  QIANGJIAN_AUDIT_CHECKPOINT_KEEP: z.coerce.number().int().min(1).default(30),
  QIANGJIAN_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(DEFAULT_SHEET_LIMITS.maxRows),
  QIANGJIAN_IMPORT_MAX_COLUMNS: z.coerce.number().int().min(1).max(16_384).default(DEFAULT_SHEET_LIMITS.maxColumns),
  QIANGJIAN_IMPORT_MAX_CELLS: z.coerce.number().int().min(1).default(DEFAULT_SHEET_LIMITS.maxCells),
  QIANGJIAN_IMPORT_MAX_PART_MB: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SHEET_LIMITS.maxPartBytes / MIB),
  QIANGJIAN_IMPORT_MAX_FILE_MB: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SHEET_LIMITS.maxFileBytes / MIB),
  QIANGJIAN_IMPORT_MAX_RATIO: z.coerce.number().int().min(2).default(DEFAULT_SHEET_LIMITS.maxRatio),
  QIANGJIAN_UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  QIANGJIAN_UPLOAD_QUOTA_MB: z.coerce.number().int().min(1).default(500),
  QIANGJIAN_LIST_COUNT_CAP: z.coerce.number().int().min(1).default(10_000),
  // e-mail notifications (docs/NOTIFICATIONS.md): off while QIANGJIAN_SMTP_HOST is unset
  QIANGJIAN_SMTP_HOST: z.string().min(1).optional(),
  QIANGJIAN_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  QIANGJIAN_SMTP_FROM: z.string().min(3).optional(),
  QIANGJIAN_SMTP_USER: z.string().min(1).optional(),
  QIANGJIAN_SMTP_PASS: z.string().min(1).optional(),
  QIANGJIAN_SMTP_TLS: z.enum(['0', '1', 'true', 'false']).default('0'),
  QIANGJIAN_SMTP_STARTTLS: z.enum(['0', '1', 'true', 'false']).default('1'),
  QIANGJIAN_EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  QIANGJIAN_EMAIL_RETRY_SECONDS: z.coerce.number().int().min(1).default(60),
  QIANGJIAN_PUBLIC_URL: z.string().url().optional(),
  QIANGJIAN_PII_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  QIANGJIAN_REPORT_CACHE_ENTRIES: z.coerce.number().int().min(0).default(32),
});

/** The SMTP server notifications are e-mailed through (docs/NOTIFICATIONS.md). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** envelope and header sender */
  from: string;
  user: string | null;
  pass: string | null;
  /** implicit TLS from the first byte (port 465) */
  tls: boolean;
  /** upgrade with STARTTLS when the server offers it (plain connection otherwise) */
  startTls: boolean;
}

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
  /**
   * Addresses (IPs or CIDRs, comma-separated) of the reverse proxies whose X-Forwarded-For / -Proto are believed;
   * null: none (the client address is the connection's). Through a trusted proxy an HTTPS request gets a Secure
   * cookie and HSTS even without QIANGJIAN_SECURE_COOKIE.
   */
  trustProxy: string | null;
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
  /**
   * Directory of the nightly SQLite backups written by `serve` (null: none). Default `backups/` beside a
   * SQLite database file; QIANGJIAN_BACKUP_DIR=off turns the job off.
   */
  backupDir: string | null;
  /** Nightly backups kept (the oldest beyond this are deleted). */
  backupKeep: number;
  /**
   * The audit HMAC key file (`<keyId> <hex>` per line, the last line current). Unset: `<db>.audit-key` beside a SQLite
   * file, `data/audit.key` under the repository for PostgreSQL, a per-process key for ':memory:' (docs/ARCHITECTURE.md
   * "Audit trail").
   */
  auditKeyFile: string | undefined;
  /** Where `serve` writes one signed audit checkpoint a day (unset: none). */
  auditCheckpointDir: string | undefined;
  /** How many checkpoints of that directory are kept (newest first). */
  auditCheckpointKeep: number;
  /** Size limits of an imported spreadsheet (rows, columns, cells, inflated bytes per part and per file, ratio). */
  importLimits: SheetLimits;
  /** Days the uploaded file of a previewed-only or failed import job is kept before the daily job deletes it. */
  uploadRetentionDays: number;
  /** Bytes of uploaded import files one user may have stored at once. */
  uploadQuotaBytes: number;
  /**
   * Paged lists count at most this many rows: beyond it a page answers `total = listCountCap, totalCapped: true`
   * (the UI says "more than …") and pages that start past it are refused (`list_too_deep`).
   */
  listCountCap: number;
  /** SMTP for e-mailed notifications; null: e-mail off (QIANGJIAN_SMTP_HOST unset) */
  smtp: SmtpConfig | null;
  /** attempts of one e-mail before it is marked failed */
  emailMaxAttempts: number;
  /** seconds before the first retry of an e-mail; each further retry waits twice as long */
  emailRetrySeconds: number;
  /** the address users open the platform at (links in e-mails; null: the path only) */
  publicUrl: string | null;
  /**
   * The complainants' personal-data key (64 hex digits, AES-256-GCM and the phone hash; docs/COMPLAINTS.md "Privacy").
   * Unset: derived from the first audit key (development and demo only).
   */
  piiKey: string | undefined;
  /**
   * Report results (Attachments 2/3, KPI counters, drill-down pages) kept in memory per data version (the audit
   * chain's latest entry and today's date, docs/REPORTS.md); 0 turns the cache off.
   */
  reportCacheEntries: number;
}

function backupDirOf(db: string, configured: string | undefined): string | null {
  if (configured === 'off') return null;
  if (configured) return configured;
  if (db === ':memory:' || /^postgres(ql)?:\/\//.test(db)) return null;
  return path.join(path.dirname(path.resolve(db)), 'backups');
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
    trustProxy: e.QIANGJIAN_TRUST_PROXY ?? null,
    loginMaxFailures: e.QIANGJIAN_LOGIN_MAX_FAILURES,
    loginWindowMinutes: e.QIANGJIAN_LOGIN_WINDOW_MINUTES,
    loginMaxFailuresPerIp: e.QIANGJIAN_LOGIN_MAX_FAILURES_PER_IP,
    webDist: e.QIANGJIAN_WEB_DIST ?? path.join(REPO_ROOT, 'packages', 'web', 'dist'),
    logLevel: e.QIANGJIAN_LOG,
    maxSessionsPerUser: e.QIANGJIAN_MAX_SESSIONS_PER_USER,
    passwordMaxAgeDays: e.QIANGJIAN_PASSWORD_MAX_AGE_DAYS,
    demoMode: e.QIANGJIAN_DEMO_MODE === '1' || e.QIANGJIAN_DEMO_MODE === 'true',
    refreshWorkers: e.QIANGJIAN_REFRESH_WORKERS ?? Math.min(2, os.availableParallelism()),
    backupDir: backupDirOf(overrides.db ?? e.QIANGJIAN_DB ?? defaultDbPath(), e.QIANGJIAN_BACKUP_DIR),
    backupKeep: e.QIANGJIAN_BACKUP_KEEP,
    auditKeyFile: e.QIANGJIAN_AUDIT_KEY_FILE,
    auditCheckpointDir: e.QIANGJIAN_AUDIT_CHECKPOINT_DIR,
    auditCheckpointKeep: e.QIANGJIAN_AUDIT_CHECKPOINT_KEEP,
    importLimits: Object.freeze({
      ...DEFAULT_SHEET_LIMITS,
      maxRows: e.QIANGJIAN_IMPORT_MAX_ROWS,
      maxColumns: e.QIANGJIAN_IMPORT_MAX_COLUMNS,
      maxCells: e.QIANGJIAN_IMPORT_MAX_CELLS,
      maxPartBytes: e.QIANGJIAN_IMPORT_MAX_PART_MB * MIB,
      maxTextPartBytes: Math.min(DEFAULT_SHEET_LIMITS.maxTextPartBytes, e.QIANGJIAN_IMPORT_MAX_PART_MB * MIB),
      maxFileBytes: e.QIANGJIAN_IMPORT_MAX_FILE_MB * MIB,
      maxRatio: e.QIANGJIAN_IMPORT_MAX_RATIO,
    }),
    uploadRetentionDays: e.QIANGJIAN_UPLOAD_RETENTION_DAYS,
    uploadQuotaBytes: e.QIANGJIAN_UPLOAD_QUOTA_MB * MIB,
    listCountCap: e.QIANGJIAN_LIST_COUNT_CAP,
    smtp: e.QIANGJIAN_SMTP_HOST
      ? {
          host: e.QIANGJIAN_SMTP_HOST,
          port: e.QIANGJIAN_SMTP_PORT,
          from: e.QIANGJIAN_SMTP_FROM ?? `qiangjian@${e.QIANGJIAN_SMTP_HOST}`,
          user: e.QIANGJIAN_SMTP_USER ?? null,
          pass: e.QIANGJIAN_SMTP_PASS ?? null,
          tls: e.QIANGJIAN_SMTP_TLS === '1' || e.QIANGJIAN_SMTP_TLS === 'true',
          startTls: e.QIANGJIAN_SMTP_STARTTLS === '1' || e.QIANGJIAN_SMTP_STARTTLS === 'true',
        }
      : null,
    emailMaxAttempts: e.QIANGJIAN_EMAIL_MAX_ATTEMPTS,
    emailRetrySeconds: e.QIANGJIAN_EMAIL_RETRY_SECONDS,
    publicUrl: e.QIANGJIAN_PUBLIC_URL ?? null,
    piiKey: e.QIANGJIAN_PII_KEY,
    reportCacheEntries: e.QIANGJIAN_REPORT_CACHE_ENTRIES,
    ...overrides,
  });
}

/** Test and bench helpers read the PostgreSQL test URL through here, not process.env directly. */
export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.QIANGJIAN_TEST_PG_URL || undefined;
}
