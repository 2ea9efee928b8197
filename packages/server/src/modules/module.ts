import type { Command } from 'commander';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.js';
import type { fail, printJson, progressBar } from '../cli/output.js';
import type { AppContext } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import type { BackgroundJob } from '../jobs.js';
import type { DemoWorld } from './demo/demo-world.js';
import type { NotificationSource } from './notifications/notification-source.js';

/** The program's global options (`--db`, `--json`), read in a command with `cmd.optsWithGlobals()`. */
export interface GlobalOpts {
  db?: string;
  json?: boolean;
}

/**
 * What the CLI shell (cli.ts) hands to each module's `cli`: module CLIs import neither `cli/` nor `bootstrap.ts`,
 * so the module registry never imports itself back.
 */
export interface CliKit {
  /** Opens the configured database (migrated), runs fn, closes. */
  withContext<T>(opts: GlobalOpts, fn: (ctx: AppContext) => Promise<T>): Promise<T>;
  printJson: typeof printJson;
  fail: typeof fail;
  progressBar: typeof progressBar;
}

/** What a module contributes. Each module exports one ModuleDef from <module>.module.ts, listed in modules/index.ts. */
export interface ModuleDef {
  name: string;
  /** HTTP routes under /api/v1. */
  routes?: FastifyPluginAsyncZod<{ ctx: AppContext }>;
  /** Routes outside /api/v1 (public pages such as /p/<code>). */
  rootRoutes?: FastifyPluginAsyncZod<{ ctx: AppContext }>;
  /** CLI commands. */
  cli?: (program: Command, kit: CliKit) => void;
  /** Idempotent reference data loaded at start-up and into the test template (in module order). */
  referenceData?: (db: DbOrTrx, meta: { nowIso: string }) => Promise<void>;
  /** Demo layer run by `demo seed` after the base county (in module order). */
  demo?: (ctx: AppContext, actor: Actor, world: DemoWorld) => Promise<void>;
  /** Jobs `serve` runs daily (in module order). */
  jobs?: BackgroundJob[];
  /** Run at every start, after migrations and reference data (openContext: serve and each CLI command): recovery of work a dead process left. */
  startup?: (ctx: AppContext) => Promise<void>;
  /**
   * Where the module's records need telling someone (docs/NOTIFICATIONS.md, "Sources"): read-only functions the
   * notifications producer calls with a time window; it inserts their candidates idempotently.
   */
  notificationSources?: NotificationSource[];
  /** Started by `serve` once it listens (short-interval work, e.g. the notifications producer and e-mail sender); stopped at shutdown. */
  serve?: (ctx: AppContext) => { stop(): Promise<void> };
}
