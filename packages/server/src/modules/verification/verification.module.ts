import type { ModuleDef } from '../module.js';

/** The verification module (see docs/ARCHITECTURE.md). */
export const verificationModule: ModuleDef = {
  name: 'verification',
};
