import { api } from './api.js';

export interface Health {
  ok: boolean;
  engine: string;
  time: string;
  /** the server runs as a public demonstration with shared demo accounts */
  demoMode: boolean;
}

let cache: Promise<Health> | null = null;

/** GET /health once per page load (public: the login page reads it too). */
export function loadHealth(): Promise<Health> {
  if (!cache) {
    cache = api.get<Health>('/health', undefined, { skipErrorHandler: true });
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}
