export * from './attachment1.js';
export * from './calendar.js';
export * from './demo.js';
export * from './excel-formats.js';
export * from './import-aliases.js';
export * from './jurisdiction.js';
export * from './regions.js';
export * from './rules.js';
