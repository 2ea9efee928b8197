import type { Command } from 'commander';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { DbOrTrx } from '../db/database.js';
import type { BackgroundJob } from '../jobs.js';
import type { DemoWorld } from './demo/demo.service.js';

/** What a feature module contributes. Each module exports one ModuleDef from <feature>.module.ts. */
export interface ModuleDef {
  name: string;
  /** HTTP routes under /api/v1. */
  routes?: FastifyPluginAsyncZod<{ ctx: AppContext }>;
  /** Routes outside /api/v1 (public pages such as /p/<code>). */
  rootRoutes?: FastifyPluginAsyncZod<{ ctx: AppContext }>;
  /** CLI commands. */
  cli?: (program: Command) => void;
  /** Idempotent reference data loaded at start-up and into the test template. */
  referenceData?: (db: DbOrTrx, meta: { nowIso: string }) => Promise<void>;
  /** Demo layer run by `demo seed` after the base county (in module order). */
  demo?: (ctx: AppContext, actor: Actor, world: DemoWorld) => Promise<void>;
  /** Jobs `serve` runs daily. */
  jobs?: BackgroundJob[];
}
