export * from './config.js';
export * from './clock.js';
export * from './logger.js';
