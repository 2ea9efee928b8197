import type { Migration } from 'kysely';
import * as m20261126T1900 from './20261126T1900_platform.js';

/** Every migration in order. Add new ones at the end; never edit a released one. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261126T1900_platform': m20261126T1900,
};
