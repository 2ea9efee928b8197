export * from './regions.js';
export * from './jurisdiction.js';
export * from './demo.js';
export * from './calendar.js';
export * from './attachment1.js';
export * from './rules.js';
export * from './import-aliases.js';
