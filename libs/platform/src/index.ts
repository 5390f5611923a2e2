export * from './config.js';
export * from './clock.js';
export * from './logger.js';
export * from './metrics.js';
export * from './dependency-checks.js';
export * from './first-connection.js';
export * from './redis-topology.js';
export * from './oidc-config.js';
