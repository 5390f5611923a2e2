export * from './config.js';
export * from './clock.js';
export * from './logger.js';
export * from './oidc-config.js';
