import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    mustChangePassword: boolean;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** No login needed (health, login, public lookup). */
    public?: boolean;
    /** Reachable while the initial password is still to be changed. */
    allowDuringPasswordChange?: boolean;
  }
}

export const SESSION_COOKIE = 'qj_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The authenticated actor, or unauthenticated (401). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}

export type Reply = FastifyReply;
