export * from './common.schema.js';
export * from './core.schema.js';
export * from './draws.schema.js';
export * from './enforcement.schema.js';
export * from './inspections.schema.js';
export * from './ledger.schema.js';
export * from './status.schema.js';
export * from './verification.schema.js';
