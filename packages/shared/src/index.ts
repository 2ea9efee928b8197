export * from './credit-code.js';
export * from './dates.js';
export * from './enums.js';
export * from './errors.js';
export * from './i18n/index.js';
export * from './permissions.js';
export * from './regions.js';
export * from './schemas/index.js';
