import type { ModuleDef } from '../module.js';

/** The status module (see docs/ARCHITECTURE.md). */
export const statusModule: ModuleDef = {
  name: 'status',
};
